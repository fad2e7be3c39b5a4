import { useState } from 'react';
import {
  Button,
  ComboBox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
  type Key,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type { SharedWith } from '../../../../shared/contracts/incidents.js';
import { Checkbox, CheckboxGroup } from '../../components/checkbox.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { organisationLabel, sortOrganisations, useOrganisations } from '../../lib/organisations.js';
import { useSignedInUser } from '../../lib/session.js';
import { ChipList } from './chip-list.js';
import { tlpText, useIncidentLabels, vocabularies } from './incident-labels.js';
import { useCommunities, usePeople } from './incidents-api.js';
import { RadioChoices } from '../../components/radio-choices.js';
import { useDebouncedValue } from '../../lib/use-debounced-value.js';

export interface SharingValue {
  tlp: Tlp;
  sharedWith: SharedWith;
  /** Names of the people chosen, to show them without another look-up. */
  peopleNames: Record<string, string>;
}

const PeoplePicker = ({
  value,
  names,
  onChange,
}: {
  value: readonly string[];
  names: Record<string, string>;
  onChange: (ids: string[], names: Record<string, string>) => void;
}) => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const organisations = useOrganisations();
  const [input, setInput] = useState('');
  const q = useDebouncedValue(input.trim(), 250);
  const people = usePeople(q);
  const orgShort = (id: string) => organisations.data?.items.find((o) => o.id === id)?.shortName ?? '';
  const options = (people.data?.items ?? [])
    .filter((person) => person.id !== me.id && !value.includes(person.id))
    .map((person) => ({ id: person.id, label: `${person.name} (${orgShort(person.organisationId)})` }));
  return (
    <div className="stack" style={{ gap: 'var(--space-2)' }}>
      <ComboBox
        className="field field--wide"
        items={options}
        inputValue={input}
        onInputChange={setInput}
        selectedKey={null}
        onSelectionChange={(key: Key | null) => {
          if (key === null) return;
          const option = options.find((o) => o.id === key);
          onChange([...value, String(key)], { ...names, [String(key)]: option?.label ?? String(key) });
          setInput('');
        }}
        menuTrigger="input"
        allowsEmptyCollection
      >
        <Label className="field__label">{t('incidents.sharing.people')}</Label>
        <div className="combo-box__row">
          <Input className="field__input combo-box__input" />
          <Button className="combo-box__button">
            <span aria-hidden="true">▾</span>
          </Button>
        </div>
        <Text slot="description" className="field__description">
          {t('incidents.sharing.peopleHint')}
        </Text>
        <Popover className="popover">
          <ListBox
            className="listbox"
            renderEmptyState={() => <p className="listbox__empty">{t('incidents.sharing.noPeople')}</p>}
          >
            {(option: { id: string; label: string }) => (
              <ListBoxItem id={option.id} className="listbox__item" textValue={option.label}>
                {option.label}
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
      <ChipList
        label={t('incidents.sharing.chosenPeople')}
        chips={value.map((id) => ({ id, label: names[id] ?? id }))}
        onRemove={(id) =>
          onChange(
            value.filter((v) => v !== id),
            names,
          )
        }
      />
    </div>
  );
};

/** The marking and who it is shared with, explained in plain words with who will be able to read it. */
export const SharingFields = ({
  value,
  onChange,
}: {
  value: SharingValue;
  onChange: (v: SharingValue) => void;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const labels = useIncidentLabels();
  const organisations = useOrganisations();
  const communities = useCommunities();
  const orgs = sortOrganisations(
    (organisations.data?.items ?? []).filter((o) => o.id !== me.organisation.id),
  );
  const { tlp, sharedWith } = value;
  const setShared = (patch: Partial<SharedWith>) =>
    onChange({ ...value, sharedWith: { ...sharedWith, ...patch } });

  const orgNames = sharedWith.organisations
    .map((id) => organisations.data?.items.find((o) => o.id === id)?.shortName)
    .filter(Boolean)
    .join(', ');
  const communityNames = sharedWith.communities
    .map((id) => communities.data?.items.find((c) => c.id === id))
    .filter((c) => c !== undefined)
    .map((c) => localisedName(c.name, locale))
    .join(', ');
  const peopleNames = sharedWith.users.map((id) => value.peopleNames[id] ?? id).join(', ');
  const own = me.organisation.shortName;

  const audience = (() => {
    switch (tlp) {
      case 'clear':
        return t('incidents.sharing.audience.clear');
      case 'green':
        return communityNames || orgNames
          ? t('incidents.sharing.audience.green', {
              own,
              list: [communityNames, orgNames].filter(Boolean).join(', '),
            })
          : t('incidents.sharing.audience.ownOnly', { own });
      case 'amber':
      case 'amber+strict':
        return orgNames
          ? t('incidents.sharing.audience.amber', { own, list: orgNames })
          : t('incidents.sharing.audience.ownOnly', { own });
      case 'red':
        return peopleNames
          ? t('incidents.sharing.audience.red', { list: peopleNames })
          : t('incidents.sharing.audience.redAlone');
    }
  })();

  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">{t('incidents.sharing.legend')}</legend>
      <RadioChoices
        label={t('incidents.fields.tlp')}
        description={t('incidents.sharing.tlpHint')}
        name="tlp"
        isRequired
        value={tlp}
        onChange={(next) => onChange({ ...value, tlp: next as Tlp })}
        choices={vocabularies.tlps.map((level) => ({
          value: level,
          label: tlpText(level),
          description: labels.tlpExplanation(level),
        }))}
      />
      {tlp === 'green' ? (
        <CheckboxGroup
          label={t('incidents.sharing.communities')}
          description={t('incidents.sharing.communitiesHint')}
          value={sharedWith.communities}
          onChange={(communities) => setShared({ communities })}
        >
          {(communities.data?.items ?? []).map((community) => (
            <Checkbox key={community.id} value={community.id}>
              {localisedName(community.name, locale)}
            </Checkbox>
          ))}
        </CheckboxGroup>
      ) : null}
      {tlp === 'green' || tlp === 'amber' || tlp === 'amber+strict' ? (
        <CheckboxGroup
          label={t('incidents.sharing.organisations')}
          description={t('incidents.sharing.organisationsHint', { own })}
          value={sharedWith.organisations}
          onChange={(organisations) => setShared({ organisations })}
          scrollable
        >
          {orgs.map((organisation) => (
            <Checkbox key={organisation.id} value={organisation.id}>
              {organisationLabel(organisation, locale)}
            </Checkbox>
          ))}
        </CheckboxGroup>
      ) : null}
      {tlp === 'red' ? (
        <PeoplePicker
          value={sharedWith.users}
          names={value.peopleNames}
          onChange={(users, peopleNames) =>
            onChange({ ...value, peopleNames, sharedWith: { ...sharedWith, users } })
          }
        />
      ) : null}
      <p className="audience" aria-live="polite">
        <strong>{t('incidents.sharing.whoSees')}</strong> {audience}
      </p>
    </fieldset>
  );
};

/**
 * What is sent: only the lists the marking uses, so that a list filled in for another marking
 * does not quietly widen the audience.
 */
export const sharingForSubmit = ({
  tlp,
  sharedWith,
}: SharingValue): { tlp: Tlp; sharedWith: SharedWith } => ({
  tlp,
  sharedWith: {
    organisations:
      tlp === 'green' || tlp === 'amber' || tlp === 'amber+strict' ? sharedWith.organisations : [],
    communities: tlp === 'green' ? sharedWith.communities : [],
    users: tlp === 'red' ? sharedWith.users : [],
  },
});
