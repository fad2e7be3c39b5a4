import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../components/banner.js';
import { PageHeader } from '../../components/page-header.js';
import { meQueryKey } from '../../lib/session.js';
import { LazyTwoFactorEnrolment } from './two-factor-enrolment-lazy.js';

export const TwoFactorSetupPage = () => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <div className="auth-card auth-card--wide">
      <PageHeader title={t('twoFactorSetup.title')} />
      <Banner tone="info" live={false}>
        {t('twoFactorSetup.body')}
      </Banner>
      <LazyTwoFactorEnrolment
        onEnrolled={() => void queryClient.invalidateQueries({ queryKey: meQueryKey })}
      />
    </div>
  );
};
