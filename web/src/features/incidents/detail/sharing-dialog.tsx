import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { compareTlp, tlpLevels, type Tlp } from '../../../../../shared/access/tlp.js';
import type { Incident } from '../../../../../shared/contracts/incidents.js';
import { Banner } from '../../../components/banner.js';
import { Button } from '../../../components/button.js';
import { Checkbox, CheckboxGroup } from '../../../components/checkbox.js';
import { ComboBoxField } from '../../../components/combo-box-field.js';
import { ModalDialog } from '../../../components/dialog.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { localisedName } from '../../../lib/format.js';
import { useLocale } from '../../../lib/i18n.js';
import { sortOrganisations } from '../../../lib/organisations.js';
import { useSignedInUser } from '../../../lib/session.js';
import { usePeople, useUpdateIncident } from './detail-api.js';
import { tlpText } from '../incident-labels.js';
import { SharingSummary } from './sharing-summary-view.js';
import type { Names } from './use-names.js';

interface SharingFormProps {
  incident: Incident;
  names: Names;
  onClose: () => void;
}

const SharingForm = ({ incident, names, onClose }: SharingFormProps) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const update = useUpdateIncident(incident.id);
  const [baseVersion] = useState(incident.version);
  const [tlp, setTlp] = useState<Tlp>(incident.tlp);
  const [organisations, setOrganisations] = useState(incident.sharedWith.organisations);
  const [communities, setCommunities] = useState(incident.sharedWith.communities);
  const [users, setUsers] = useState(incident.sharedWith.users);
  const [personQuery, setPersonQuery] = useState('');
  const people = usePeople(personQuery);
  const mayWiden = incident.permissions.changeMarking;
  // Without the owner's (or the lead's) right, what was already shared may be kept or removed but nothing added.
  const canAdd = (list: readonly string[], id: string) => mayWiden || list.includes(id);
  const save = useMutation({
    mutationFn: () =>
      update.mutateAsync({ tlp, sharedWith: { organisations, communities, users }, version: baseVersion }),
    onSuccess: onClose,
  });

  const orgChoices = sortOrganisations(names.organisations).filter(
    (org) => org.id !== incident.ownerOrganisationId && canAdd(incident.sharedWith.organisations, org.id),
  );
  const communityChoices = names.communities.filter((c) => canAdd(incident.sharedWith.communities, c.id));
  const personOptions = (people.data?.items ?? [])
    .filter((person) => !users.includes(person.id) && canAdd(incident.sharedWith.users, person.id))
    .map((person) => ({
      id: person.id,
      label: `${person.name} (${names.organisation(person.organisationId)})`,
    }));
  const preview = { ...incident, tlp, sharedWith: { organisations, communities, users } };

  return (
    <Form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      {!mayWiden ? (
        <Banner tone="info" live={false}>
          <p>
            {incident.leadOrganisationId
              ? t('incident-detail.sharing.ownerOrLeadOnly', {
                  owner: names.organisationFull(incident.ownerOrganisationId),
                  lead: names.organisationFull(incident.leadOrganisationId),
                })
              : t('incident-detail.sharing.ownerOnly', {
                  owner: names.organisationFull(incident.ownerOrganisationId),
                })}
          </p>
        </Banner>
      ) : null}
      <ErrorBanner error={save.error} />
      <RadioGroup
        className="field field--wide radio-group"
        value={tlp}
        onChange={(value) => setTlp(value as Tlp)}
      >
        <Label className="field__label">{t('incident-detail.sharing.marking')}</Label>
        <div className="radio-group__items">
          {tlpLevels.map((level) => (
            <Radio
              key={level}
              value={level}
              className="radio"
              isDisabled={!mayWiden && compareTlp(level, incident.tlp) < 0}
            >
              <span className="radio__circle" aria-hidden="true" />
              <span className="radio__text">
                <span className={`tlp-badge tlp-badge--${level.replace('+', '-')}`}>{tlpText(level)}</span>
                <span className="radio__description">{t(`incident-detail.sharing.tlpHelp.${level}`)}</span>
              </span>
            </Radio>
          ))}
        </div>
      </RadioGroup>
      {tlp === 'red' ? (
        <div className="stack">
          <ComboBoxField
            label={t('incident-detail.sharing.addPerson')}
            description={t('incident-detail.sharing.addPersonHelp')}
            options={personOptions}
            value={null}
            onChange={(id) => {
              if (id && !users.includes(id)) setUsers([...users, id]);
              setPersonQuery('');
            }}
            inputValue={personQuery}
            onInputChange={setPersonQuery}
            emptyLabel={t('incident-detail.sharing.noPeople')}
          />
          {users.length > 0 ? (
            <ul className="chips" aria-label={t('incident-detail.sharing.namedPeople')}>
              {users.map((id) => (
                <li key={id} className="chip">
                  {id === me.id ? t('incident-detail.sharing.you') : names.person(id)}
                  <Button
                    size="small"
                    variant="quiet"
                    onPress={() => setUsers(users.filter((user) => user !== id))}
                    aria-label={t('incident-detail.sharing.removePerson', { name: names.person(id) })}
                  >
                    <span aria-hidden="true">✕</span>
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {tlp !== 'clear' && tlp !== 'red' && orgChoices.length > 0 ? (
        <CheckboxGroup
          label={t('incident-detail.sharing.organisations')}
          description={t('incident-detail.sharing.organisationsHelp')}
          value={organisations}
          onChange={setOrganisations}
          scrollable
        >
          {orgChoices.map((org) => (
            <Checkbox key={org.id} value={org.id} description={localisedName(org.name, locale)}>
              {org.shortName}
            </Checkbox>
          ))}
        </CheckboxGroup>
      ) : null}
      {tlp === 'green' && communityChoices.length > 0 ? (
        <CheckboxGroup
          label={t('incident-detail.sharing.communities')}
          description={t('incident-detail.sharing.communitiesHelp')}
          value={communities}
          onChange={setCommunities}
          scrollable
        >
          {communityChoices.map((community) => (
            <Checkbox key={community.id} value={community.id}>
              {localisedName(community.name, locale)}
            </Checkbox>
          ))}
        </CheckboxGroup>
      ) : null}
      <section className="sharing-preview" aria-labelledby="sharing-preview-title">
        <h3 id="sharing-preview-title" className="subsection-title">
          {t('incident-detail.sharing.whoWillSee')}
        </h3>
        <SharingSummary incident={preview} names={names} />
      </section>
      <div className="actions">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {t('common.save')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

export interface SharingDialogProps {
  incident: Incident;
  names: Names;
  isOpen: boolean;
  onClose: () => void;
}

export const SharingDialog = ({ incident, names, isOpen, onClose }: SharingDialogProps) => {
  const { t } = useTranslation();
  return (
    <ModalDialog title={t('incident-detail.sharing.title')} isOpen={isOpen} onClose={onClose} size="wide">
      <SharingForm
        key={`${incident.id}:${String(isOpen)}`}
        incident={incident}
        names={names}
        onClose={onClose}
      />
    </ModalDialog>
  );
};
