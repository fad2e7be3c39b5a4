import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { Checkbox } from '../../components/checkbox.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { TextField } from '../../components/text-field.js';
import { isApiError } from '../../lib/api.js';
import { fieldErrors } from '../../lib/error-message.js';
import { profileApi } from './profile-api.js';

const minLength = 12;

export interface PasswordFormProps {
  onChanged?: () => void;
  currentLabel?: string;
  showSignOutOthers?: boolean;
}

export const PasswordForm = ({ onChanged, currentLabel, showSignOutOthers = true }: PasswordFormProps) => {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [signOutOtherSessions, setSignOutOtherSessions] = useState(true);
  const change = useMutation({
    mutationFn: profileApi.changePassword,
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
      onChanged?.();
    },
  });
  const serverErrors = fieldErrors(t, change.error);
  if (isApiError(change.error, 'invalid_credentials'))
    serverErrors.currentPassword = t('password.currentWrong');

  return (
    <Form
      className="stack form-narrow"
      validationErrors={serverErrors}
      onSubmit={(event) => {
        event.preventDefault();
        change.mutate({ currentPassword, newPassword, signOutOtherSessions });
      }}
    >
      {change.isSuccess ? <Banner tone="success">{t('password.changed')}</Banner> : null}
      {change.error && !isApiError(change.error, 'invalid_credentials') ? (
        <ErrorBanner error={change.error} />
      ) : null}
      <TextField
        label={currentLabel ?? t('password.current')}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        isRequired
        value={currentPassword}
        onChange={setCurrentPassword}
      />
      <TextField
        label={t('password.new')}
        description={t('password.rules')}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        isRequired
        minLength={minLength}
        value={newPassword}
        onChange={setNewPassword}
        validate={(value) => (value && value === currentPassword ? t('password.sameAsCurrent') : null)}
      />
      <TextField
        label={t('password.confirm')}
        name="confirmation"
        type="password"
        autoComplete="new-password"
        isRequired
        value={confirmation}
        onChange={setConfirmation}
        validate={(value) => (value && value !== newPassword ? t('password.mismatch') : null)}
      />
      {showSignOutOthers ? (
        <Checkbox isSelected={signOutOtherSessions} onChange={setSignOutOtherSessions}>
          {t('password.signOutOthers')}
        </Checkbox>
      ) : null}
      <div className="actions">
        <Button type="submit" variant="primary" isPending={change.isPending}>
          {t('password.submit')}
        </Button>
      </div>
    </Form>
  );
};
