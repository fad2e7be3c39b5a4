import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../components/button.js';
import { PageHeader } from '../components/page-header.js';

export const NotFoundPage = () => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <p>{t('notFound.body')}</p>
      <ButtonLink href="/" variant="primary">
        {t('notFound.home')}
      </ButtonLink>
    </>
  );
};
