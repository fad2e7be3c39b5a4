import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/access/roles.js';
import { locales, type Locale } from '../../../../shared/contracts/locales.js';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { SelectField, type SelectOption } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { isApiError } from '../../lib/api.js';
import { fieldErrors } from '../../lib/error-message.js';
import { isLocale, languageNames } from '../../lib/i18n.js';
import { organisationsQueryKey } from '../../lib/organisations.js';
import { OneTimePasswordNotice } from './one-time-password-notice.js';
import { RolesField } from './roles-field.js';
import { usersApi, usersQueryKey } from './users-api.js';

export interface UserCreateDialogProps {
  isOpen: boolean;
  onClose: () => void;
  organisationOptions: SelectOption[];
}

const CreateForm = ({ onClose, organisationOptions }: Omit<UserCreateDialogProps, 'isOpen'>) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const [locale, setLocale] = useState<Locale>('fi');
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: () =>
      usersApi.create({
        name: name.trim(),
        email: email.trim(),
        organisationId: organisationId ?? '',
        roles,
        locale,
        ...(password ? { password } : {}),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: usersQueryKey });
      void queryClient.invalidateQueries({ queryKey: organisationsQueryKey });
    },
  });

  if (create.data) {
    return (
      <div className="stack">
        <Banner tone="success">{t('users.created', { name: create.data.user.name })}</Banner>
        {create.data.oneTimePassword ? (
          <OneTimePasswordNotice email={create.data.user.email} password={create.data.oneTimePassword} />
        ) : (
          <p>{t('users.createdWithPassword')}</p>
        )}
        <div className="actions">
          <Button variant="primary" onPress={onClose}>
            {t('common.done')}
          </Button>
        </div>
      </div>
    );
  }

  const errors = fieldErrors(t, create.error);
  if (isApiError(create.error, 'conflict')) errors.email = t('users.emailTaken');

  return (
    <Form
      className="stack"
      validationErrors={errors}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      {create.error && !isApiError(create.error, 'conflict') ? <ErrorBanner error={create.error} /> : null}
      <TextField
        label={t('users.name')}
        name="name"
        isRequired
        maxLength={200}
        value={name}
        onChange={setName}
        autoFocus
      />
      <TextField
        label={t('users.email')}
        description={t('users.emailHint')}
        name="email"
        type="email"
        isRequired
        maxLength={254}
        value={email}
        onChange={setEmail}
      />
      <SelectField
        label={t('users.organisation')}
        name="organisationId"
        isRequired
        options={organisationOptions}
        value={organisationId}
        onChange={setOrganisationId}
        placeholder={t('common.choose')}
      />
      <RolesField value={roles} onChange={setRoles} />
      <SelectField
        label={t('users.language')}
        name="locale"
        options={locales.map((code) => ({ id: code, label: languageNames[code] }))}
        value={locale}
        onChange={(value) => {
          if (isLocale(value)) setLocale(value);
        }}
      />
      <TextField
        label={t('users.initialPassword')}
        description={t('users.initialPasswordHint')}
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={12}
        value={password}
        onChange={setPassword}
      />
      <div className="actions">
        <Button type="submit" variant="primary" isPending={create.isPending}>
          {t('users.create')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

export const UserCreateDialog = ({ isOpen, onClose, organisationOptions }: UserCreateDialogProps) => {
  const { t } = useTranslation();
  return (
    <ModalDialog
      title={t('users.createTitle')}
      isOpen={isOpen}
      onClose={onClose}
      size="wide"
      isDismissable={false}
    >
      <CreateForm onClose={onClose} organisationOptions={organisationOptions} />
    </ModalDialog>
  );
};
