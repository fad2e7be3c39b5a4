import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { auditApi } from './audit-api.js';

export const AuditVerify = () => {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: auditApi.verify });
  const result = verify.data;
  return (
    <section className="section section--compact" aria-labelledby="verify-heading">
      <h2 id="verify-heading" className="section__title">
        {t('audit.verifyTitle')}
      </h2>
      <p className="section__lead">{t('audit.verifyLead')}</p>
      <div className="actions">
        <Button onPress={() => verify.mutate()} isPending={verify.isPending}>
          {t('audit.verify')}
        </Button>
      </div>
      <ErrorBanner error={verify.error} />
      {result?.ok ? <Banner tone="success">{t('audit.verifyOk', { count: result.checked })}</Banner> : null}
      {result && !result.ok ? (
        <Banner
          tone="error"
          title={t('audit.verifyFailed', { count: result.problems.length, checked: result.checked })}
        >
          <ul className="bullet-list">
            {result.problems.map((problem) => (
              <li key={`${problem.seq}-${problem.kind}`}>
                {t('audit.problem', { seq: problem.seq, kind: t(`audit.problemKinds.${problem.kind}`) })}
              </li>
            ))}
          </ul>
        </Banner>
      ) : null}
    </section>
  );
};
