import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { CopyButton } from '../../components/copy-button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { TextField } from '../../components/text-field.js';
import { groupSecret, profileApi, totpSecret, type TwoFactorSetup } from './profile-api.js';
import { PasswordConfirmForm } from './password-confirm-form.js';
import { QrCodeImage } from './qr-code-image.js';
import './two-factor.css';

const PasswordStep = ({
  onSetup,
  onCancel,
}: {
  onSetup: (setup: TwoFactorSetup) => void;
  onCancel?: () => void;
}) => {
  const { t } = useTranslation();
  const enable = useMutation({ mutationFn: profileApi.enableTwoFactor, onSuccess: onSetup });
  return (
    <PasswordConfirmForm
      className="stack form-narrow"
      intro={t('twoFactor.passwordIntro')}
      submitLabel={t('twoFactor.continue')}
      variant="primary"
      error={enable.error}
      isPending={enable.isPending}
      onSubmit={(password) => enable.mutate(password)}
      onCancel={onCancel}
    />
  );
};

const VerifyStep = ({ setup, onVerified }: { setup: TwoFactorSetup; onVerified: () => void }) => {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const verify = useMutation({ mutationFn: profileApi.verifyTotp, onSuccess: onVerified });
  const secret = totpSecret(setup.totpURI);
  return (
    <div className="stack">
      <ol className="steps">
        <li className="steps__item">
          <h3 className="steps__title">{t('twoFactor.scanTitle')}</h3>
          <div className="enrol-qr">
            <QrCodeImage value={setup.totpURI} alt={t('twoFactor.qrAlt')} />
            <div className="stack">
              <p>{t('twoFactor.scanBody')}</p>
              <p className="field__label">{t('twoFactor.manualEntry')}</p>
              <div className="secret">
                <code className="secret__value" data-testid="totp-secret">
                  {groupSecret(secret)}
                </code>
                <CopyButton value={secret} />
              </div>
            </div>
          </div>
        </li>
        <li className="steps__item">
          <h3 className="steps__title">{t('twoFactor.backupTitle')}</h3>
          <Banner tone="warning" live={false}>
            <p>{t('twoFactor.backupBody')}</p>
            <ul className="backup-codes" aria-label={t('twoFactor.backupTitle')}>
              {setup.backupCodes.map((backupCode) => (
                <li key={backupCode}>
                  <code>{backupCode}</code>
                </li>
              ))}
            </ul>
            <CopyButton value={setup.backupCodes.join('\n')} label={t('twoFactor.copyBackupCodes')} />
          </Banner>
        </li>
        <li className="steps__item">
          <h3 className="steps__title">{t('twoFactor.confirmTitle')}</h3>
          <Form
            className="stack form-narrow"
            onSubmit={(event) => {
              event.preventDefault();
              verify.mutate(code.replace(/\s/g, ''));
            }}
          >
            <ErrorBanner error={verify.error} />
            <TextField
              label={t('twoFactor.code')}
              description={t('twoFactor.codeHint')}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              isRequired
              value={code}
              onChange={setCode}
              size="narrow"
            />
            <div className="actions">
              <Button type="submit" variant="primary" isPending={verify.isPending}>
                {t('twoFactor.confirm')}
              </Button>
            </div>
          </Form>
        </li>
      </ol>
    </div>
  );
};

export interface TwoFactorEnrolmentProps {
  onEnrolled: () => void;
  onCancel?: () => void;
}

export const TwoFactorEnrolment = ({ onEnrolled, onCancel }: TwoFactorEnrolmentProps) => {
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  return setup ? (
    <VerifyStep setup={setup} onVerified={onEnrolled} />
  ) : (
    <PasswordStep onSetup={setSetup} onCancel={onCancel} />
  );
};
