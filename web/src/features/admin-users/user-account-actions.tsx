import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { organisationsQueryKey } from '../../lib/organisations.js';
import { OneTimePasswordNotice } from './one-time-password-notice.js';
import { usersApi, usersQueryKey, type User } from './users-api.js';

export const UserAccountActions = ({ user }: { user: User }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<'active' | 'reset' | null>(null);
  const [current, setCurrent] = useState(user);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: usersQueryKey });
    void queryClient.invalidateQueries({ queryKey: organisationsQueryKey });
  };
  const toggleActive = useMutation({
    mutationFn: () => usersApi.update(current.id, { active: !current.active }),
    onSuccess: (updated) => {
      setCurrent(updated);
      setConfirm(null);
      refresh();
    },
  });
  const reset = useMutation({
    mutationFn: () => usersApi.resetPassword(current.id),
    onSuccess: (result) => {
      setCurrent(result.user);
      setConfirm(null);
      refresh();
    },
  });

  return (
    <section className="stack" aria-labelledby="account-actions-heading">
      <h3 id="account-actions-heading" className="subsection-title">
        {t('users.accountTitle')}
      </h3>
      {reset.data?.oneTimePassword ? (
        <OneTimePasswordNotice email={current.email} password={reset.data.oneTimePassword} />
      ) : null}
      <p>{current.active ? t('users.activeExplained') : t('users.inactiveExplained')}</p>
      <div className="actions">
        <Button variant={current.active ? 'danger' : 'secondary'} onPress={() => setConfirm('active')}>
          {current.active ? t('users.deactivate') : t('users.reactivate')}
        </Button>
        <Button onPress={() => setConfirm('reset')}>{t('users.resetPassword')}</Button>
      </div>
      <ConfirmDialog
        title={
          current.active
            ? t('users.deactivateTitle', { name: current.name })
            : t('users.reactivateTitle', { name: current.name })
        }
        isOpen={confirm === 'active'}
        onCancel={() => setConfirm(null)}
        onConfirm={() => toggleActive.mutate()}
        confirmLabel={current.active ? t('users.deactivate') : t('users.reactivate')}
        tone={current.active ? 'danger' : 'primary'}
        isPending={toggleActive.isPending}
        error={<ErrorBanner error={toggleActive.error} />}
      >
        <p>{current.active ? t('users.deactivateBody') : t('users.reactivateBody')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        title={t('users.resetTitle', { name: current.name })}
        isOpen={confirm === 'reset'}
        onCancel={() => setConfirm(null)}
        onConfirm={() => reset.mutate()}
        confirmLabel={t('users.resetPassword')}
        isPending={reset.isPending}
        error={<ErrorBanner error={reset.error} />}
      >
        <p>{t('users.resetBody')}</p>
      </ConfirmDialog>
    </section>
  );
};
