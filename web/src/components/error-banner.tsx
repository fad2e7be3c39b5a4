import { useTranslation } from 'react-i18next';
import { isApiError } from '../lib/api.js';
import { errorMessage } from '../lib/error-message.js';
import { Banner } from './banner.js';

export const RequestId = ({ error }: { error: unknown }) => {
  const { t } = useTranslation();
  if (!isApiError(error) || !error.requestId) return null;
  return (
    <small className="request-id">
      {t('errors.requestId')} <code>{error.requestId}</code>
    </small>
  );
};

export const ErrorBanner = ({ error, title }: { error: unknown; title?: string }) => {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Banner tone="error" title={title}>
      <p>{errorMessage(t, error)}</p>
      <RequestId error={error} />
    </Banner>
  );
};
