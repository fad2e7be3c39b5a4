import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../components/banner.js';
import { PageHeader } from '../../components/page-header.js';
import { meQueryKey } from '../../lib/session.js';
import { PasswordForm } from './password-form.js';

export const ForcedPasswordChangePage = () => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <div className="auth-card auth-card--wide">
      <PageHeader title={t('forcedPassword.title')} />
      <Banner tone="info" live={false}>
        {t('forcedPassword.body')}
      </Banner>
      <PasswordForm
        currentLabel={t('forcedPassword.current')}
        showSignOutOthers={false}
        onChanged={() => void queryClient.invalidateQueries({ queryKey: meQueryKey })}
      />
    </div>
  );
};
