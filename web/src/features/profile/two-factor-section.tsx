import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { ModalDialog } from '../../components/dialog.js';
import { StatusBadge } from '../../components/status-badge.js';
import { meQueryKey, useSignedInUser } from '../../lib/session.js';
import { profileApi } from './profile-api.js';
import { PasswordConfirmForm } from './password-confirm-form.js';
import { LazyTwoFactorEnrolment } from './two-factor-enrolment-lazy.js';

const DisableDialog = ({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const disable = useMutation({
    mutationFn: profileApi.disableTwoFactor,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      onClose();
    },
  });
  return (
    <ModalDialog title={t('twoFactor.disableTitle')} isOpen={isOpen} onClose={onClose}>
      <PasswordConfirmForm
        intro={t('twoFactor.disableBody')}
        submitLabel={t('twoFactor.disable')}
        variant="danger"
        error={disable.error}
        isPending={disable.isPending}
        onSubmit={(password) => disable.mutate(password)}
        onCancel={onClose}
      />
    </ModalDialog>
  );
};

export const TwoFactorSection = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const [justEnabled, setJustEnabled] = useState(false);

  return (
    <section className="section" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading" className="section__title">
        {t('twoFactor.title')}{' '}
        {me.twoFactorEnabled ? (
          <StatusBadge tone="positive">{t('twoFactor.on')}</StatusBadge>
        ) : (
          <StatusBadge tone="warning">{t('twoFactor.off')}</StatusBadge>
        )}
      </h2>
      <p className="section__lead">{t('twoFactor.lead')}</p>
      {justEnabled && me.twoFactorEnabled ? <Banner tone="success">{t('twoFactor.enabled')}</Banner> : null}
      {me.twoFactorEnabled ? (
        me.twoFactorRequired ? (
          <p>{t('twoFactor.requiredByOrganisation')}</p>
        ) : (
          <div className="actions">
            <Button variant="danger" onPress={() => setDisabling(true)}>
              {t('twoFactor.disable')}
            </Button>
          </div>
        )
      ) : enrolling ? (
        <LazyTwoFactorEnrolment
          onCancel={() => setEnrolling(false)}
          onEnrolled={() => {
            setEnrolling(false);
            setJustEnabled(true);
            void queryClient.invalidateQueries({ queryKey: meQueryKey });
          }}
        />
      ) : (
        <div className="actions">
          <Button variant="primary" onPress={() => setEnrolling(true)}>
            {t('twoFactor.enable')}
          </Button>
        </div>
      )}
      <DisableDialog isOpen={disabling} onClose={() => setDisabling(false)} />
    </section>
  );
};
