import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { DetailsForm } from './details-form.js';
import { PasswordForm } from './password-form.js';
import { ReportLanguagesSection } from './report-languages-section.js';
import { SessionsSection } from './sessions-section.js';
import { TokensSection } from './tokens-section.js';
import { TwoFactorSection } from './two-factor-section.js';

export const ProfilePage = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const locale = useLocale();
  const roles = me.roles.map((role) => t(`roles.${role}.name`)).join(', ');
  return (
    <>
      <PageHeader
        title={t('profile.title')}
        description={t('profile.lead', { organisation: localisedName(me.organisation.name, locale), roles })}
      />
      <div className="sections">
        <section className="section" aria-labelledby="details-heading">
          <h2 id="details-heading" className="section__title">
            {t('profile.detailsTitle')}
          </h2>
          <DetailsForm />
        </section>
        <ReportLanguagesSection />
        <section className="section" aria-labelledby="password-heading">
          <h2 id="password-heading" className="section__title">
            {t('password.title')}
          </h2>
          <PasswordForm />
        </section>
        <TwoFactorSection />
        <SessionsSection />
        <TokensSection />
      </div>
    </>
  );
};
