import { useState, type ReactNode } from 'react';
import { CheckboxGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Checkbox } from '../../components/checkbox.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { useLocale } from '../../lib/i18n.js';
import { localisedName } from '../../lib/format.js';
import { sortOrganisations, useOrganisations } from '../../lib/organisations.js';
import { AreaPicker } from './area-picker.js';
import type { IncidentListState, ListField } from './incident-filters.js';
import { tlpText, useIncidentLabels, vocabularies } from './incident-labels.js';
import { useElections, type IncidentFacets } from './incidents-api.js';
import { incidentCategories } from '../../../../shared/taxonomy/incident-categories.js';
import { reportedVia } from '../../../../shared/contracts/incidents.js';

interface FacetOption {
  value: string;
  label: string;
}

/** React Aria keys of "no choice": an empty key is easily taken for no selection at all. */
const none = 'none';

type FacetField = Exclude<keyof IncidentFacets, 'total'>;

/** A group of checkboxes in a section that opens and closes; open from the start when something is chosen. */
const FacetGroup = ({
  legend,
  options,
  selected,
  counts,
  onChange,
}: {
  legend: string;
  options: readonly FacetOption[];
  selected: readonly string[];
  counts?: ReadonlyMap<string, number>;
  onChange: (values: string[]) => void;
}) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(selected.length > 0);
  return (
    <details className="facet" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        {legend}
        {selected.length > 0 ? (
          <span className="facet__count"> · {t('incidents.filters.chosen', { count: selected.length })}</span>
        ) : null}
      </summary>
      <CheckboxGroup
        aria-label={legend}
        className="facet__items"
        value={[...selected]}
        onChange={(next) => onChange(options.map((o) => o.value).filter((v) => next.includes(v)))}
      >
        {options.map((option) => (
          <Checkbox key={option.value} value={option.value}>
            {option.label}
            {counts ? (
              <span className="facet__count">
                {' '}
                ({counts.get(option.value) ?? 0}
                <span className="visually-hidden"> {t('incidents.filters.incidentsWord')}</span>)
              </span>
            ) : null}
          </Checkbox>
        ))}
      </CheckboxGroup>
    </details>
  );
};

const Section = ({
  legend,
  children,
  open: initial,
}: {
  legend: string;
  children: ReactNode;
  open: boolean;
}) => {
  const [open, setOpen] = useState(initial);
  return (
    <details className="facet" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{legend}</summary>
      <div className="facet__body">{children}</div>
    </details>
  );
};

export interface IncidentFilterPanelProps {
  state: IncidentListState;
  facets: IncidentFacets | undefined;
  onChange: (next: IncidentListState) => void;
  /** Whether "reported by me" makes sense: only for those who may report. */
  canReport: boolean;
  children?: ReactNode;
}

export const IncidentFilterPanel = ({
  state,
  facets,
  onChange,
  canReport,
  children,
}: IncidentFilterPanelProps) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const labels = useIncidentLabels();
  const organisations = useOrganisations();
  const elections = useElections();
  const orgs = sortOrganisations(organisations.data?.items ?? []);
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.shortName ?? id;

  const countsOf = (field: FacetField): ReadonlyMap<string, number> | undefined =>
    facets ? new Map(facets[field].map((entry) => [entry.value, entry.count])) : undefined;

  const set = <K extends ListField>(field: K, values: string[]) =>
    onChange({
      ...state,
      [field]: field === 'severity' ? values.map(Number) : values,
    });

  const facet = (field: FacetField & ListField, legend: string, options: FacetOption[]) => (
    <FacetGroup
      legend={legend}
      options={options}
      selected={(state[field] as readonly (string | number)[]).map(String)}
      counts={countsOf(field)}
      onChange={(values) => set(field, values)}
    />
  );

  // Lead organisations: those that lead something in the current view, and any already chosen.
  const leadCounts = countsOf('leadOrganisationId');
  const leadIds = [
    ...new Set([
      ...(facets?.leadOrganisationId.map((entry) => entry.value) ?? []),
      ...state.leadOrganisationId,
    ]),
  ];
  const leadOptions = (leadIds.length > 0 ? leadIds : orgs.map((o) => o.id))
    .map((id) => ({ value: id, label: orgName(id) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fi'));

  return (
    <section className="incident-filters" aria-labelledby="incident-filters-title">
      <h2 id="incident-filters-title" className="incident-filters__title">
        {t('incidents.filters.title')}
      </h2>
      {children}
      {facet(
        'domain',
        t('incidents.fields.domains'),
        vocabularies.domains.map((value) => ({ value, label: labels.domain(value) })),
      )}
      {facet(
        'status',
        t('incidents.fields.status'),
        vocabularies.statuses.map((value) => ({ value, label: labels.status(value) })),
      )}
      {facet(
        'severity',
        t('incidents.fields.severity'),
        vocabularies.severities.map((value) => ({ value: String(value), label: labels.severity(value) })),
      )}
      {facet(
        'tlp',
        t('incidents.fields.tlp'),
        vocabularies.tlps.map((value) => ({ value, label: tlpText(value) })),
      )}
      {facet(
        'category',
        t('incidents.fields.category'),
        incidentCategories.map((category) => ({ value: category.key, label: category.label[locale] })),
      )}
      {facet(
        'impactOnConduct',
        t('incidents.fields.impactOnConduct'),
        vocabularies.impacts.map((value) => ({ value, label: labels.impact(value) })),
      )}
      {facet(
        'impactOnConfidence',
        t('incidents.fields.impactOnConfidence'),
        vocabularies.impacts.map((value) => ({ value, label: labels.impact(value) })),
      )}
      <FacetGroup
        legend={t('incidents.fields.leadOrganisation')}
        options={leadOptions}
        selected={state.leadOrganisationId}
        counts={leadCounts}
        onChange={(values) => set('leadOrganisationId', values)}
      />
      <FacetGroup
        legend={t('incidents.fields.ownerOrganisation')}
        options={orgs.map((o) => ({ value: o.id, label: o.shortName }))}
        selected={state.ownerOrganisationId}
        onChange={(values) => set('ownerOrganisationId', values)}
      />
      <FacetGroup
        legend={t('incidents.fields.reportedVia')}
        options={reportedVia.map((value) => ({ value, label: labels.reportedVia(value) }))}
        selected={state.reportedVia}
        onChange={(values) => set('reportedVia', values)}
      />
      <Section
        legend={t('incidents.filters.electionAndAreas')}
        open={state.electionId !== null || state.area.length > 0}
      >
        <SelectField
          label={t('incidents.fields.election')}
          options={[
            { id: none, label: t('incidents.filters.anyElection') },
            ...(elections.data ?? []).map((election) => ({
              id: election.id,
              label: localisedName(election.name, locale),
            })),
          ]}
          value={state.electionId ?? none}
          onChange={(value) => onChange({ ...state, electionId: value === none ? null : value })}
        />
        <AreaPicker
          label={t('incidents.fields.areas')}
          chosenLabel={t('incidents.filters.chosenAreas')}
          description={t('incidents.filters.areasHint')}
          value={state.area}
          onChange={(area) => onChange({ ...state, area })}
          max={50}
        />
      </Section>
      <Section legend={t('incidents.filters.created')} open={Boolean(state.createdFrom || state.createdTo)}>
        <TextField
          label={t('incidents.filters.createdFrom')}
          type="date"
          value={state.createdFrom}
          onChange={(createdFrom) => onChange({ ...state, createdFrom })}
          size="narrow"
        />
        <TextField
          label={t('incidents.filters.createdTo')}
          type="date"
          value={state.createdTo}
          onChange={(createdTo) => onChange({ ...state, createdTo })}
          size="narrow"
        />
      </Section>
      {canReport ? (
        <div className="facet">
          <Checkbox isSelected={state.mine} onChange={(mine) => onChange({ ...state, mine })}>
            {t('incidents.filters.mine')}
          </Checkbox>
        </div>
      ) : null}
    </section>
  );
};
