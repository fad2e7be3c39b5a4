import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { can } from '../../../../shared/access/roles.js';
import type { ImpactLevel, IncidentDomain } from '../../../../shared/contracts/incidents.js';
import { phaseKeys } from '../../../../shared/elections/phase-labels.js';
import { categoryFits } from '../../../../shared/taxonomy/incident-categories.js';
import { Button, ButtonLink } from '../../components/button.js';
import { Checkbox, CheckboxGroup } from '../../components/checkbox.js';
import { ComboBoxField } from '../../components/combo-box-field.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { PageHeader } from '../../components/page-header.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { fieldErrors } from '../../lib/error-message.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { organisationLabel, sortOrganisations, useOrganisations } from '../../lib/organisations.js';
import { useSignedInUser } from '../../lib/session.js';
import { AreaPicker } from './area-picker.js';
import { categoriesFor, useIncidentLabels, vocabularies } from './incident-labels.js';
import { useCreateIncident, useElections } from './incidents-api.js';
import { SharingFields, sharingForSubmit, type SharingValue } from './sharing-fields.js';
import { wallClockToIso } from './wall-clock.js';
import './incidents.css';

interface Moment {
  day: string;
  time: string;
}

/** The key of "no election" or "no phase": an empty key is easily taken for no selection at all. */
const none = 'none';

const noMoment: Moment = { day: '', time: '' };

/** A day and a time of day, typed in the user's own time zone. */
const MomentFields = ({
  legend,
  value,
  onChange,
  name,
}: {
  legend: string;
  value: Moment;
  onChange: (value: Moment) => void;
  name: string;
}) => {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">{legend}</legend>
      <div className="form-columns">
        <TextField
          label={t('incidents.form.day')}
          name={name}
          type="date"
          value={value.day}
          onChange={(day) => onChange({ ...value, day })}
          size="narrow"
        />
        <TextField
          label={t('incidents.form.time')}
          type="time"
          value={value.time}
          onChange={(time) => onChange({ ...value, time })}
          isRequired={value.day !== ''}
          size="narrow"
        />
      </div>
    </fieldset>
  );
};

const NoAccess = () => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('incidents.form.title')} />
      <p>{t('incidents.form.noAccess')}</p>
    </>
  );
};

export const IncidentCreatePage = () => {
  const me = useSignedInUser();
  return can(me, 'content.edit') ? <CreateForm /> : <NoAccess />;
};

const CreateForm = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const navigate = useNavigate();
  const labels = useIncidentLabels();
  const organisations = useOrganisations();
  const elections = useElections();
  const create = useCreateIncident();

  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [domains, setDomains] = useState<IncidentDomain[]>([]);
  const [category, setCategory] = useState<string | null>(null);
  const [severity, setSeverity] = useState('3');
  const [impactOnConduct, setImpactOnConduct] = useState<ImpactLevel>('none');
  const [impactOnConfidence, setImpactOnConfidence] = useState<ImpactLevel>('none');
  const [reliability, setReliability] = useState('F');
  const [credibility, setCredibility] = useState('6');
  const [leadOrganisationId, setLeadOrganisationId] = useState<string | null>(null);
  const [supporting, setSupporting] = useState<string[]>([]);
  const [electionId, setElectionId] = useState(none);
  const [phaseKey, setPhaseKey] = useState(none);
  const [areaCodes, setAreaCodes] = useState<string[]>([]);
  const [firstSeen, setFirstSeen] = useState<Moment>(noMoment);
  const [lastSeen, setLastSeen] = useState<Moment>(noMoment);
  const [sharing, setSharing] = useState<SharingValue>({
    tlp: 'amber',
    sharedWith: { organisations: [], communities: me.communities.map((c) => c.id), users: [] },
    peopleNames: {},
  });

  const orgs = sortOrganisations(organisations.data?.items ?? []);
  const orgOptions = orgs.map((o) => ({ id: o.id, label: organisationLabel(o, locale) }));
  const categoryOptions = categoriesFor(domains).map((c) => ({ id: c.key, label: c.label[locale] }));
  const moment = (m: Moment) =>
    m.day && m.time ? (wallClockToIso(m.day, m.time, me.timeZone) ?? null) : null;

  const errors = fieldErrors(t, create.error);

  return (
    <div className="form-page">
      <PageHeader title={t('incidents.form.title')} description={t('incidents.form.lead')} />
      <Form
        className="stack"
        validationErrors={errors}
        onSubmit={(event) => {
          event.preventDefault();
          if (!category) return;
          create.mutate(
            {
              title: title.trim(),
              description,
              domains,
              category,
              severity: Number(severity),
              impactOnConduct,
              impactOnConfidence,
              sourceReliability: reliability as 'A',
              informationCredibility: Number(credibility) as 1,
              leadOrganisationId,
              supportingOrganisationIds: supporting,
              electionId: electionId === none ? null : electionId,
              phaseKey: phaseKey === none ? null : phaseKey,
              areaCodes,
              firstSeen: moment(firstSeen),
              lastSeen: moment(lastSeen),
              ...sharingForSubmit(sharing),
            },
            { onSuccess: (incident) => void navigate(`/incidents/${incident.id}`) },
          );
        }}
      >
        {create.error ? <ErrorBanner error={create.error} /> : null}
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('incidents.form.what')}</legend>
          <TextField
            label={t('incidents.fields.title')}
            name="title"
            isRequired
            maxLength={300}
            value={title}
            onChange={setTitle}
            size="wide"
            autoFocus
          />
          <TextField
            label={t('incidents.fields.description')}
            description={t('incidents.form.descriptionHint')}
            name="description"
            multiline
            rows={8}
            maxLength={50_000}
            value={description}
            onChange={setDescription}
            size="wide"
          />
          <CheckboxGroup
            label={t('incidents.fields.domains')}
            description={t('incidents.form.domainsHint')}
            name="domains"
            isRequired
            value={domains}
            onChange={(next) => {
              const chosen = vocabularies.domains.filter((d) => next.includes(d));
              setDomains(chosen);
              if (category && !categoryFits(category, chosen)) setCategory(null);
            }}
            validate={(chosen) => (chosen.length === 0 ? t('incidents.form.domainsRequired') : null)}
          >
            {vocabularies.domains.map((domain) => (
              <Checkbox key={domain} value={domain}>
                {labels.domain(domain)}
              </Checkbox>
            ))}
          </CheckboxGroup>
          <SelectField
            label={t('incidents.fields.category')}
            description={domains.length === 0 ? t('incidents.form.categoryHint') : undefined}
            name="category"
            isRequired
            options={categoryOptions}
            value={category}
            onChange={setCategory}
            placeholder={t('common.choose')}
            size="wide"
          />
        </fieldset>

        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('incidents.form.assessment')}</legend>
          <div className="form-columns">
            <SelectField
              label={t('incidents.fields.severity')}
              name="severity"
              isRequired
              options={vocabularies.severities.map((s) => ({ id: String(s), label: labels.severity(s) }))}
              value={severity}
              onChange={setSeverity}
            />
            <SelectField
              label={t('incidents.fields.impactOnConduct')}
              description={t('incidents.form.impactOnConductHint')}
              name="impactOnConduct"
              options={vocabularies.impacts.map((i) => ({ id: i, label: labels.impact(i) }))}
              value={impactOnConduct}
              onChange={(v) => setImpactOnConduct(v as ImpactLevel)}
            />
            <SelectField
              label={t('incidents.fields.impactOnConfidence')}
              description={t('incidents.form.impactOnConfidenceHint')}
              name="impactOnConfidence"
              options={vocabularies.impacts.map((i) => ({ id: i, label: labels.impact(i) }))}
              value={impactOnConfidence}
              onChange={(v) => setImpactOnConfidence(v as ImpactLevel)}
            />
          </div>
          <div className="form-columns">
            <SelectField
              label={t('incidents.fields.sourceReliability')}
              description={labels.reliabilityExplanation(reliability)}
              name="sourceReliability"
              options={vocabularies.reliabilities.map((r) => ({ id: r, label: labels.reliability(r) }))}
              value={reliability}
              onChange={setReliability}
            />
            <SelectField
              label={t('incidents.fields.informationCredibility')}
              description={labels.credibilityExplanation(Number(credibility))}
              name="informationCredibility"
              options={vocabularies.credibilities.map((c) => ({
                id: String(c),
                label: labels.credibility(c),
              }))}
              value={credibility}
              onChange={setCredibility}
            />
          </div>
        </fieldset>

        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('incidents.form.responsibility')}</legend>
          <ComboBoxField
            label={t('incidents.fields.leadOrganisation')}
            description={t('incidents.form.leadHint')}
            name="leadOrganisationId"
            options={orgOptions}
            value={leadOrganisationId}
            onChange={setLeadOrganisationId}
            size="wide"
          />
          <CheckboxGroup
            label={t('incidents.fields.supportingOrganisations')}
            name="supportingOrganisationIds"
            value={supporting}
            onChange={setSupporting}
            scrollable
          >
            {orgOptions
              .filter((o) => o.id !== leadOrganisationId)
              .map((o) => (
                <Checkbox key={o.id} value={o.id}>
                  {o.label}
                </Checkbox>
              ))}
          </CheckboxGroup>
        </fieldset>

        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('incidents.form.electionAndPlace')}</legend>
          <div className="form-columns">
            <SelectField
              label={t('incidents.fields.election')}
              name="electionId"
              options={[
                { id: none, label: t('incidents.form.noElection') },
                ...(elections.data ?? []).map((e) => ({ id: e.id, label: localisedName(e.name, locale) })),
              ]}
              value={electionId}
              onChange={setElectionId}
            />
            <SelectField
              label={t('incidents.fields.phase')}
              name="phaseKey"
              options={[
                { id: none, label: t('incidents.form.noPhase') },
                ...phaseKeys.map((key) => ({ id: key, label: labels.phase(key) })),
              ]}
              value={phaseKey}
              onChange={setPhaseKey}
            />
          </div>
          <AreaPicker
            label={t('incidents.fields.areas')}
            chosenLabel={t('incidents.form.chosenAreas')}
            description={t('incidents.form.areasHint')}
            value={areaCodes}
            onChange={setAreaCodes}
          />
        </fieldset>

        <MomentFields
          legend={t('incidents.fields.firstSeen')}
          name="firstSeen"
          value={firstSeen}
          onChange={setFirstSeen}
        />
        <MomentFields
          legend={t('incidents.fields.lastSeen')}
          name="lastSeen"
          value={lastSeen}
          onChange={setLastSeen}
        />
        <p className="muted small">{t('incidents.form.timeZoneNote', { timeZone: me.timeZone })}</p>

        <SharingFields value={sharing} onChange={setSharing} />

        <div className="actions">
          <Button type="submit" variant="primary" isPending={create.isPending}>
            {t('incidents.form.submit')}
          </Button>
          <ButtonLink href="/incidents">{t('common.cancel')}</ButtonLink>
        </div>
      </Form>
    </div>
  );
};
