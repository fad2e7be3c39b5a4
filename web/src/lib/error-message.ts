import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api.js';

export const errorMessage = (t: TFunction, error: unknown): string => {
  if (!isApiError(error)) return t('errors.unknown');
  if (error.code === 'rate_limited' && error.retryAfterSeconds !== null) {
    return t('errors.rateLimitedFor', { count: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
  }
  const key = `errors.${error.code}`;
  return t(key, { defaultValue: t('errors.unknown') });
};

export const useErrorMessage = () => {
  const { t } = useTranslation();
  return (error: unknown) => errorMessage(t, error);
};

const normalisePath = (path: string): string =>
  path
    .replace(/^\//, '')
    .replaceAll('/', '.')
    .replace(/\[(\d+)\]/g, '.$1');

/**
 * Field problems from a 400 answer, keyed by field name for React Aria's Form. The server's own
 * words are English only, so each field gets a translated "check this" instead.
 */
export const fieldErrors = (t: TFunction, error: unknown): Record<string, string> => {
  if (!isApiError(error, 'validation_failed')) return {};
  const result: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = normalisePath(issue.path);
    result[path] = t('validation.checkField');
    const top = path.split('.')[0];
    if (top && !(top in result)) result[top] = t('validation.checkField');
  }
  return result;
};
