import { useState, type ReactNode } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button, type ButtonVariant } from '../../components/button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { TextField } from '../../components/text-field.js';

interface PasswordConfirmFormProps {
  intro: ReactNode;
  submitLabel: ReactNode;
  variant: ButtonVariant;
  error: unknown;
  isPending: boolean;
  onSubmit: (password: string) => void;
  onCancel?: (() => void) | undefined;
  className?: string;
}

/** Two-factor changes are confirmed with the current password: turning it on and turning it off. */
export const PasswordConfirmForm = ({
  intro,
  submitLabel,
  variant,
  error,
  isPending,
  onSubmit,
  onCancel,
  className = 'stack',
}: PasswordConfirmFormProps) => {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  return (
    <Form
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(password);
      }}
    >
      <p>{intro}</p>
      <ErrorBanner error={error} />
      <TextField
        label={t('twoFactor.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        isRequired
        value={password}
        onChange={setPassword}
        autoFocus
      />
      <div className="actions">
        <Button type="submit" variant={variant} isPending={isPending}>
          {submitLabel}
        </Button>
        {onCancel ? <Button onPress={onCancel}>{t('common.cancel')}</Button> : null}
      </div>
    </Form>
  );
};
