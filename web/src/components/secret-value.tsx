import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from './banner.js';
import { CopyButton } from './copy-button.js';
import './feedback.css';

export interface SecretValueProps {
  label: ReactNode;
  value: string;
  children?: ReactNode;
  testId?: string;
}

/** A value the server shows only once: a one-time password, an API token. */
export const SecretValue = ({ label, value, children, testId }: SecretValueProps) => {
  const { t } = useTranslation();
  return (
    <Banner tone="warning" title={label}>
      <div className="secret">
        <code className="secret__value" data-testid={testId}>
          {value}
        </code>
        <CopyButton value={value} />
      </div>
      <p>{t('common.shownOnce')}</p>
      {children}
    </Banner>
  );
};
