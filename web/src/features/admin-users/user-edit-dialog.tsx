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
import { fieldErrors } from '../../lib/error-message.js';
import { isLocale, languageNames } from '../../lib/i18n.js';
import { organisationsQueryKey } from '../../lib/organisations.js';
import { RolesField } from './roles-field.js';
import { UserAccountActions } from './user-account-actions.js';
import { usersApi, usersQueryKey, type User } from './users-api.js';

interface EditFormProps {
  user: User;
  onClose: () => void;
  organisationOptions: SelectOption[];
}

const EditForm = ({ user, onClose, organisationOptions }: EditFormProps) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.name);
  const [organisationId, setOrganisationId] = useState(user.organisationId);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [locale, setLocale] = useState<Locale>(user.locale);
  const save = useMutation({
    mutationFn: () => usersApi.update(user.id, { name: name.trim(), organisationId, roles, locale }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: usersQueryKey });
      void queryClient.invalidateQueries({ queryKey: organisationsQueryKey });
    },
  });
  return (
    <div className="stack">
      <Form
        className="stack"
        validationErrors={fieldErrors(t, save.error)}
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        {save.isSuccess ? <Banner tone="success">{t('common.changesSaved')}</Banner> : null}
        <ErrorBanner error={save.error} />
        <TextField label={t('users.email')} value={user.email} isReadOnly />
        <TextField
          label={t('users.name')}
          name="name"
          isRequired
          maxLength={200}
          value={name}
          onChange={setName}
        />
        <SelectField
          label={t('users.organisation')}
          name="organisationId"
          isRequired
          options={organisationOptions}
          value={organisationId}
          onChange={setOrganisationId}
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
        <div className="actions">
          <Button type="submit" variant="primary" isPending={save.isPending}>
            {t('common.save')}
          </Button>
          <Button onPress={onClose}>{t('common.close')}</Button>
        </div>
      </Form>
      <hr className="divider" />
      <UserAccountActions user={user} />
    </div>
  );
};

export interface UserEditDialogProps {
  user: User | null;
  onClose: () => void;
  organisationOptions: SelectOption[];
}

export const UserEditDialog = ({ user, onClose, organisationOptions }: UserEditDialogProps) => {
  const { t } = useTranslation();
  return (
    <ModalDialog
      title={t('users.editTitle', { name: user?.name ?? '' })}
      isOpen={user !== null}
      onClose={onClose}
      size="wide"
    >
      {user ? (
        <EditForm key={user.id} user={user} onClose={onClose} organisationOptions={organisationOptions} />
      ) : null}
    </ModalDialog>
  );
};
