import { useTranslation } from 'react-i18next';
import './feedback.css';

export const Loading = ({ label }: { label?: string }) => {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      <span className="loading__spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
};
