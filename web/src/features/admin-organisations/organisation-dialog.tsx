import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { organisationKinds } from '../../../../shared/contracts/organisations.js';
import { Button } from '../../components/button.js';
import { Checkbox } from '../../components/checkbox.js';
import { ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { LocalisedNameFields } from '../../components/localised-name-fields.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { isApiError } from '../../lib/api.js';
import { fieldErrors } from '../../lib/error-message.js';
import { organisationsQueryKey, type OrganisationItem } from '../../lib/organisations.js';
import { organisationsApi } from './organisations-api.js';

type Kind = (typeof organisationKinds)[number];

export interface OrganisationDialogProps {
  organisation: OrganisationItem | null;
  isOpen: boolean;
  onClose: () => void;
}

const OrganisationForm = ({
  organisation,
  onClose,
}: {
  organisation: OrganisationItem | null;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [shortName, setShortName] = useState(organisation?.shortName ?? '');
  const [name, setName] = useState({
    fi: organisation?.name.fi ?? '',
    sv: organisation?.name.sv ?? '',
    en: organisation?.name.en ?? '',
  });
  const [kind, setKind] = useState<Kind>(organisation?.kind ?? 'other');
  const [requireTwoFactor, setRequireTwoFactor] = useState(organisation?.requireTwoFactor ?? false);
  const [active, setActive] = useState(organisation?.active ?? true);
  const save = useMutation({
    mutationFn: () => {
      const trimmed = { fi: name.fi.trim(), sv: name.sv.trim(), en: name.en.trim() };
      const body = { shortName: shortName.trim(), name: trimmed, kind, requireTwoFactor };
      return organisation
        ? organisationsApi.update(organisation.id, { ...body, active })
        : organisationsApi.create(body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: organisationsQueryKey });
      onClose();
    },
  });
  const errors = fieldErrors(t, save.error);
  if (isApiError(save.error, 'conflict')) errors.shortName = t('organisations.shortNameTaken');
  const showBanner = save.error && !isApiError(save.error, 'conflict');

  return (
    <Form
      className="stack"
      validationErrors={errors}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      {showBanner ? <ErrorBanner error={save.error} /> : null}
      <TextField
        label={t('organisations.shortName')}
        description={t('organisations.shortNameHint')}
        name="shortName"
        isRequired
        maxLength={40}
        value={shortName}
        onChange={setShortName}
        autoFocus
      />
      <LocalisedNameFields legend={t('organisations.names')} value={name} onChange={setName} />
      <SelectField
        label={t('organisations.kind')}
        name="kind"
        options={organisationKinds.map((id) => ({ id, label: t(`organisationKinds.${id}`) }))}
        value={kind}
        onChange={(value) => setKind(value as Kind)}
      />
      <Checkbox
        isSelected={requireTwoFactor}
        onChange={setRequireTwoFactor}
        description={t('organisations.requireTwoFactorHint')}
      >
        {t('organisations.requireTwoFactor')}
      </Checkbox>
      {organisation ? (
        <Checkbox isSelected={active} onChange={setActive} description={t('organisations.activeHint')}>
          {t('organisations.active')}
        </Checkbox>
      ) : null}
      <div className="actions">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {organisation ? t('common.save') : t('organisations.create')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

export const OrganisationDialog = ({ organisation, isOpen, onClose }: OrganisationDialogProps) => {
  const { t } = useTranslation();
  return (
    <ModalDialog
      title={
        organisation
          ? t('organisations.editTitle', { name: organisation.shortName })
          : t('organisations.createTitle')
      }
      isOpen={isOpen}
      onClose={onClose}
      size="wide"
    >
      <OrganisationForm key={organisation?.id ?? 'new'} organisation={organisation} onClose={onClose} />
    </ModalDialog>
  );
};
