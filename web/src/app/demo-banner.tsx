import { useTranslation } from 'react-i18next';
import { useConfig } from '../lib/session.js';

export const DemoBanner = () => {
  const { t } = useTranslation();
  const { data } = useConfig();
  if (!data?.demo) return null;
  return (
    <div className="demo-banner" data-testid="demo-banner">
      <strong className="demo-banner__tag">DEMO</strong> <span>{t('layout.demoNotice')}</span>
    </div>
  );
};
