import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { TextField } from '../../components/text-field.js';
import { verifyBackupCode, verifyTotp } from './auth-api.js';

export const TotpForm = ({ onDone, onRestart }: { onDone: () => void; onRestart: () => void }) => {
  const { t } = useTranslation();
  const [useBackup, setUseBackup] = useState(false);
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: (value: string) => (useBackup ? verifyBackupCode(value) : verifyTotp(value)),
    onSuccess: onDone,
  });
  return (
    <Form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        verify.mutate(code.replace(/\s/g, ''));
      }}
    >
      <p>{useBackup ? t('signIn.backupIntro') : t('signIn.totpIntro')}</p>
      <ErrorBanner error={verify.error} />
      {useBackup ? (
        <TextField
          key="backup"
          label={t('signIn.backupCode')}
          name="code"
          autoComplete="off"
          isRequired
          value={code}
          onChange={setCode}
          autoFocus
          size="narrow"
        />
      ) : (
        <TextField
          key="totp"
          label={t('signIn.totpCode')}
          description={t('signIn.totpHint')}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          isRequired
          value={code}
          onChange={setCode}
          autoFocus
          size="narrow"
        />
      )}
      <div className="actions">
        <Button type="submit" variant="primary" isPending={verify.isPending}>
          {t('signIn.verify')}
        </Button>
        <Button
          variant="quiet"
          onPress={() => {
            setUseBackup(!useBackup);
            setCode('');
            verify.reset();
          }}
        >
          {useBackup ? t('signIn.useAuthenticator') : t('signIn.useBackupCode')}
        </Button>
        <Button variant="quiet" onPress={onRestart}>
          {t('signIn.startOver')}
        </Button>
      </div>
    </Form>
  );
};
