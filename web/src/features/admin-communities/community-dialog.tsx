import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { Checkbox, CheckboxGroup } from '../../components/checkbox.js';
import { ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { LocalisedNameFields } from '../../components/localised-name-fields.js';
import { TextField } from '../../components/text-field.js';
import { fieldErrors } from '../../lib/error-message.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import type { OrganisationItem } from '../../lib/organisations.js';
import { communitiesApi, communitiesQueryKey, type Community } from './communities-api.js';

interface CommunityFormProps {
  community: Community | null;
  organisations: OrganisationItem[];
  onClose: () => void;
}

const CommunityForm = ({ community, organisations, onClose }: CommunityFormProps) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [name, setName] = useState({
    fi: community?.name.fi ?? '',
    sv: community?.name.sv ?? '',
    en: community?.name.en ?? '',
  });
  const [description, setDescription] = useState(community?.description ?? '');
  const [organisationIds, setOrganisationIds] = useState<string[]>(community?.organisationIds ?? []);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: { fi: name.fi.trim(), sv: name.sv.trim(), en: name.en.trim() },
        description: description.trim(),
        organisationIds,
      };
      return community ? communitiesApi.update(community.id, body) : communitiesApi.create(body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: communitiesQueryKey });
      onClose();
    },
  });
  const choosable = organisations.filter((org) => org.active || organisationIds.includes(org.id));

  return (
    <Form
      className="stack"
      validationErrors={fieldErrors(t, save.error)}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <ErrorBanner error={save.error} />
      <LocalisedNameFields legend={t('communities.names')} value={name} onChange={setName} autoFocus />
      <TextField
        label={t('communities.description')}
        description={t('communities.descriptionHint')}
        name="description"
        multiline
        rows={3}
        maxLength={2000}
        value={description}
        onChange={setDescription}
      />
      <CheckboxGroup
        label={t('communities.members')}
        description={t('communities.membersHint', { count: organisationIds.length })}
        name="organisationIds"
        value={organisationIds}
        onChange={setOrganisationIds}
        scrollable
      >
        {choosable.map((org) => (
          <Checkbox key={org.id} value={org.id} description={localisedName(org.name, locale)}>
            {org.shortName}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <div className="actions">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {community ? t('common.save') : t('communities.create')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

export interface CommunityDialogProps {
  community: Community | null;
  isOpen: boolean;
  organisations: OrganisationItem[];
  onClose: () => void;
}

export const CommunityDialog = ({ community, isOpen, organisations, onClose }: CommunityDialogProps) => {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <ModalDialog
      title={
        community
          ? t('communities.editTitle', { name: localisedName(community.name, locale) })
          : t('communities.createTitle')
      }
      isOpen={isOpen}
      onClose={onClose}
      size="wide"
    >
      <CommunityForm
        key={community?.id ?? 'new'}
        community={community}
        organisations={organisations}
        onClose={onClose}
      />
    </ModalDialog>
  );
};
