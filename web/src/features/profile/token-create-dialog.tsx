import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { SecretValue } from '../../components/secret-value.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { fieldErrors } from '../../lib/error-message.js';
import { profileApi, tokensQueryKey } from './profile-api.js';

const expiryChoices = ['7', '30', '90', '180', '366', 'never'] as const;

export const TokenCreateDialog = ({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<string>('90');
  const create = useMutation({
    mutationFn: profileApi.createToken,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokensQueryKey }),
  });
  const close = () => {
    create.reset();
    setName('');
    setExpiry('90');
    onClose();
  };

  return (
    <ModalDialog title={t('tokens.createTitle')} isOpen={isOpen} onClose={close} isDismissable={!create.data}>
      {create.data ? (
        <div className="stack">
          <SecretValue
            label={t('tokens.secretLabel', { name: create.data.token.name })}
            value={create.data.secret}
            testId="token-secret"
          >
            <p>{t('tokens.secretUsage')}</p>
          </SecretValue>
          <div className="actions">
            <Button variant="primary" onPress={close}>
              {t('common.savedItDone')}
            </Button>
          </div>
        </div>
      ) : (
        <Form
          className="stack"
          validationErrors={fieldErrors(t, create.error)}
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ name: name.trim(), expiresInDays: expiry === 'never' ? null : Number(expiry) });
          }}
        >
          <ErrorBanner error={create.error} />
          <TextField
            label={t('tokens.name')}
            description={t('tokens.nameHint')}
            name="name"
            isRequired
            maxLength={100}
            value={name}
            onChange={setName}
            autoFocus
          />
          <SelectField
            label={t('tokens.expiry')}
            name="expiresInDays"
            options={expiryChoices.map((choice) => ({
              id: choice,
              label:
                choice === 'never' ? t('tokens.neverExpires') : t('tokens.days', { count: Number(choice) }),
            }))}
            value={expiry}
            onChange={setExpiry}
          />
          <div className="actions">
            <Button type="submit" variant="primary" isPending={create.isPending}>
              {t('tokens.create')}
            </Button>
            <Button onPress={close}>{t('common.cancel')}</Button>
          </div>
        </Form>
      )}
    </ModalDialog>
  );
};
