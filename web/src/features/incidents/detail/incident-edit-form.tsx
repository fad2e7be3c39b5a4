import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { phaseKeys } from '../../../../../shared/elections/phase-labels.js';
import type { Incident, IncidentDomain } from '../../../../../shared/contracts/incidents.js';
import { Banner } from '../../../components/banner.js';
import { Button } from '../../../components/button.js';
import { Checkbox, CheckboxGroup } from '../../../components/checkbox.js';
import { ComboBoxField } from '../../../components/combo-box-field.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { SelectField } from '../../../components/select-field.js';
import { TextField } from '../../../components/text-field.js';
import { fieldErrors } from '../../../lib/error-message.js';
import { localisedName } from '../../../lib/format.js';
import { useLocale } from '../../../lib/i18n.js';
import { organisationLabel, sortOrganisations } from '../../../lib/organisations.js';
import { useSignedInUser } from '../../../lib/session.js';
import { categoriesFor, useIncidentLabels, vocabularies } from '../incident-labels.js';
import { hasErrorCode, useElections, useIncident, useUpdateIncident } from './detail-api.js';
import { draftUpdate, rebaseValues, toEditValues, type EditValues, type UpdateDraft } from './edit-values.js';
import type { Names } from './use-names.js';

export interface IncidentEditFormProps {
  incident: Incident;
  names: Names;
  /** False while someone else holds the edit lock. */
  canSave: boolean;
  onDone: () => void;
}

export const IncidentEditForm = ({ incident, names, canSave, onDone }: IncidentEditFormProps) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const labels = useIncidentLabels();
  const elections = useElections();
  const latest = useIncident(incident.id);
  const update = useUpdateIncident(incident.id);
  // The version being edited: a save names it, and the server refuses it if someone saved since.
  const [base, setBase] = useState(incident);
  const [values, setValues] = useState<EditValues>(() => toEditValues(incident, me.timeZone));
  const [invalid, setInvalid] = useState<UpdateDraft['invalid']>([]);
  const set =
    <K extends keyof EditValues>(key: K) =>
    (value: EditValues[K]) =>
      setValues((previous) => ({ ...previous, [key]: value }));

  const conflict = hasErrorCode(update.error, 'version_conflict');
  const newerVersion = incident.version > base.version;
  const takeLatest = async () => {
    const result = await latest.refetch();
    if (result.data) {
      const fresh = result.data;
      setValues((current) => rebaseValues(base, fresh, current, me.timeZone));
      setBase(fresh);
    }
    update.reset();
  };

  const choose = (ids: readonly string[]) =>
    sortOrganisations(names.organisations.filter((org) => ids.includes(org.id) || org.active !== false));
  const orgOptions = choose(values.leadOrganisationId ? [values.leadOrganisationId] : []).map((org) => ({
    id: org.id,
    label: organisationLabel(org, locale),
  }));
  // Assigning the lead or supporting organisations shares the incident with them (the server does
  // it): only those who may route see the fields enabled, and the form says who will newly see it.
  const mayRoute = incident.permissions.route;
  const newlySharedWith = [
    ...(values.leadOrganisationId && values.leadOrganisationId !== base.leadOrganisationId
      ? [values.leadOrganisationId]
      : []),
    ...values.supportingOrganisationIds.filter((id) => !base.supportingOrganisationIds.includes(id)),
  ].filter(
    (id, index, all) =>
      all.indexOf(id) === index &&
      id !== base.ownerOrganisationId &&
      !base.sharedWith.organisations.includes(id),
  );
  const categories = categoriesFor(values.domains).map((category) => ({
    id: category.key,
    label: category.label[locale],
  }));
  const validation = {
    ...fieldErrors(t, update.error),
    ...Object.fromEntries(invalid.map((field) => [field, t(`incident-detail.edit.invalid.${field}`)])),
  };

  return (
    <Form
      className="stack incident-edit"
      validationErrors={validation}
      aria-labelledby="incident-edit-title"
      onSubmit={(event) => {
        event.preventDefault();
        const draft = draftUpdate(base, values, me.timeZone);
        setInvalid(draft.invalid);
        if (draft.invalid.length > 0) return;
        if (Object.keys(draft.changes).length === 0) {
          onDone();
          return;
        }
        update.mutate({ ...draft.changes, version: base.version }, { onSuccess: onDone });
      }}
    >
      <h2 id="incident-edit-title" className="section__title">
        {t('incident-detail.edit.title')}
      </h2>
      {conflict || newerVersion ? (
        <Banner tone="warning" title={t('incident-detail.edit.conflictTitle')}>
          <p>{t('incident-detail.edit.conflictBody')}</p>
          <div className="actions">
            <Button size="small" onPress={() => void takeLatest()} isPending={latest.isFetching}>
              {t('incident-detail.edit.reload')}
            </Button>
            <Button size="small" variant="quiet" onPress={onDone}>
              {t('incident-detail.edit.discard')}
            </Button>
          </div>
        </Banner>
      ) : (
        <ErrorBanner error={update.error} />
      )}
      <TextField
        label={t('incident-detail.fieldNames.title')}
        name="title"
        value={values.title}
        onChange={set('title')}
        isRequired
        maxLength={300}
        size="wide"
        autoFocus
      />
      <TextField
        label={t('incident-detail.fieldNames.description')}
        description={t('incident-detail.edit.markdownHint')}
        name="description"
        value={values.description}
        onChange={set('description')}
        multiline
        rows={10}
        maxLength={50_000}
        size="wide"
      />
      <CheckboxGroup
        label={t('incident-detail.fieldNames.domains')}
        name="domains"
        value={values.domains}
        onChange={(domains) => {
          const next = domains as IncidentDomain[];
          setValues((previous) => ({
            ...previous,
            domains: next,
            category: categoriesFor(next).some((c) => c.key === previous.category)
              ? previous.category
              : 'other',
          }));
        }}
        isRequired
      >
        {vocabularies.domains.map((domain) => (
          <Checkbox key={domain} value={domain}>
            {labels.domain(domain)}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <div className="form-columns">
        <SelectField
          label={t('incident-detail.fieldNames.category')}
          name="category"
          options={categories}
          value={values.category}
          onChange={set('category')}
          isRequired
        />
        <SelectField
          label={t('incident-detail.fieldNames.severity')}
          name="severity"
          options={vocabularies.severities.map((n) => ({ id: String(n), label: labels.severity(n) }))}
          value={String(values.severity)}
          onChange={(value) => set('severity')(Number(value))}
          isRequired
        />
        <SelectField
          label={t('incident-detail.fieldNames.impactOnConduct')}
          name="impactOnConduct"
          options={vocabularies.impacts.map((id) => ({ id, label: labels.impact(id) }))}
          value={values.impactOnConduct}
          onChange={(value) => set('impactOnConduct')(value as EditValues['impactOnConduct'])}
        />
        <SelectField
          label={t('incident-detail.fieldNames.impactOnConfidence')}
          name="impactOnConfidence"
          options={vocabularies.impacts.map((id) => ({ id, label: labels.impact(id) }))}
          value={values.impactOnConfidence}
          onChange={(value) => set('impactOnConfidence')(value as EditValues['impactOnConfidence'])}
        />
        <SelectField
          label={t('incident-detail.fieldNames.sourceReliability')}
          name="sourceReliability"
          options={vocabularies.reliabilities.map((id) => ({ id, label: labels.reliability(id) }))}
          value={values.sourceReliability}
          onChange={(value) => set('sourceReliability')(value as EditValues['sourceReliability'])}
        />
        <SelectField
          label={t('incident-detail.fieldNames.informationCredibility')}
          name="informationCredibility"
          options={vocabularies.credibilities.map((n) => ({ id: String(n), label: labels.credibility(n) }))}
          value={String(values.informationCredibility)}
          onChange={(value) => set('informationCredibility')(Number(value))}
        />
      </div>
      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('incident-detail.edit.routing.title')}</legend>
        <p className="field__description">
          {mayRoute
            ? t('incident-detail.edit.routing.help')
            : t('incident-detail.edit.routing.notAllowed', {
                owner: names.organisationFull(incident.ownerOrganisationId),
              })}
        </p>
        <ComboBoxField
          label={t('incident-detail.fieldNames.leadOrganisationId')}
          name="leadOrganisationId"
          options={orgOptions}
          value={values.leadOrganisationId}
          onChange={set('leadOrganisationId')}
          isDisabled={!mayRoute}
          size="wide"
        />
        <CheckboxGroup
          label={t('incident-detail.fieldNames.supportingOrganisationIds')}
          name="supportingOrganisationIds"
          value={values.supportingOrganisationIds}
          onChange={set('supportingOrganisationIds')}
          isDisabled={!mayRoute}
          scrollable
        >
          {choose(values.supportingOrganisationIds).map((org) => (
            <Checkbox key={org.id} value={org.id} description={localisedName(org.name, locale)}>
              {org.shortName}
            </Checkbox>
          ))}
        </CheckboxGroup>
        {newlySharedWith.length > 0 ? (
          <Banner tone="info">
            <p>
              {t('incident-detail.edit.routing.willSee', {
                count: newlySharedWith.length,
                names: newlySharedWith.map(names.organisation).join(', '),
              })}
            </p>
          </Banner>
        ) : null}
      </fieldset>
      <div className="form-columns">
        <SelectField
          label={t('incident-detail.fieldNames.electionId')}
          name="electionId"
          options={[
            { id: '', label: t('incident-detail.fields.none') },
            ...(elections.data ?? []).map((election) => ({
              id: election.id,
              label: localisedName(election.name, locale),
            })),
          ]}
          value={values.electionId ?? ''}
          onChange={(value) => set('electionId')(value || null)}
        />
        <SelectField
          label={t('incident-detail.fieldNames.phaseKey')}
          name="phaseKey"
          options={[
            { id: '', label: t('incident-detail.fields.none') },
            ...phaseKeys.map((key) => ({ id: key, label: labels.phase(key) })),
          ]}
          value={values.phaseKey ?? ''}
          onChange={(value) => set('phaseKey')(value || null)}
          size="wide"
        />
      </div>
      <TextField
        label={t('incident-detail.fieldNames.areaCodes')}
        description={t('incident-detail.edit.areaCodesHint')}
        name="areaCodes"
        value={values.areaCodes}
        onChange={set('areaCodes')}
        size="wide"
      />
      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('incident-detail.fieldNames.firstSeen')}</legend>
        <div className="form-columns">
          <TextField
            label={t('incident-detail.edit.day')}
            name="firstSeen"
            type="date"
            value={values.firstSeenDay}
            onChange={set('firstSeenDay')}
          />
          <TextField
            label={t('incident-detail.edit.time')}
            type="time"
            value={values.firstSeenTime}
            onChange={set('firstSeenTime')}
          />
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('incident-detail.fieldNames.lastSeen')}</legend>
        <div className="form-columns">
          <TextField
            label={t('incident-detail.edit.day')}
            name="lastSeen"
            type="date"
            value={values.lastSeenDay}
            onChange={set('lastSeenDay')}
          />
          <TextField
            label={t('incident-detail.edit.time')}
            type="time"
            value={values.lastSeenTime}
            onChange={set('lastSeenTime')}
          />
        </div>
      </fieldset>
      <p className="muted small">{t('incident-detail.edit.timeZone', { zone: me.timeZone })}</p>
      <div className="actions">
        <Button
          type="submit"
          variant="primary"
          isPending={update.isPending}
          isDisabled={!canSave || conflict}
        >
          {t('common.save')}
        </Button>
        <Button onPress={onDone}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};
