import { FieldError as AriaFieldError, type ValidationResult } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import './fields.css';

/** React Aria passes the browser's own messages, which follow the browser's language; ours follow the app's. */
export const FieldError = ({ minLength }: { minLength?: number }) => {
  const { t } = useTranslation();
  const message = ({ validationDetails, validationErrors }: ValidationResult) => {
    if (validationDetails.valueMissing) return t('validation.required');
    if (validationDetails.typeMismatch) return t('validation.format');
    if (validationDetails.tooShort) return t('validation.tooShort', { count: minLength ?? 1 });
    if (validationDetails.patternMismatch) return t('validation.format');
    if (validationDetails.customError && validationErrors.length > 0) return validationErrors.join(' ');
    return t('validation.checkField');
  };
  return <AriaFieldError className="field__error">{message}</AriaFieldError>;
};
