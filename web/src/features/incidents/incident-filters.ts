import { tlpLevels, type Tlp } from '../../../../shared/access/tlp.js';
import {
  impactLevels,
  incidentDomains,
  incidentSorts,
  incidentStatuses,
  reportedVia,
  type ImpactLevel,
  type IncidentDomain,
  type IncidentStatus,
} from '../../../../shared/contracts/incidents.js';
import { categoryByKey } from '../../../../shared/taxonomy/incident-categories.js';

export type IncidentSort = (typeof incidentSorts)[number];
export type SortOrder = 'asc' | 'desc';
export type ReportedVia = (typeof reportedVia)[number];

/**
 * What the incident list shows, as the page holds it and the URL carries it. Days are calendar days
 * (YYYY-MM-DD) in the user's time zone, so a shared link means the same days to its reader.
 */
export interface IncidentListState {
  q: string;
  domain: IncidentDomain[];
  status: IncidentStatus[];
  severity: number[];
  tlp: Tlp[];
  category: string[];
  impactOnConduct: ImpactLevel[];
  impactOnConfidence: ImpactLevel[];
  electionId: string | null;
  area: string[];
  leadOrganisationId: string[];
  ownerOrganisationId: string[];
  reportedVia: ReportedVia[];
  mine: boolean;
  createdFrom: string;
  createdTo: string;
  sort: IncidentSort;
  order: SortOrder;
}

export type ListField = {
  [K in keyof IncidentListState]: IncidentListState[K] extends unknown[] ? K : never;
}[keyof IncidentListState];

export const emptyListState: IncidentListState = {
  q: '',
  domain: [],
  status: [],
  severity: [],
  tlp: [],
  category: [],
  impactOnConduct: [],
  impactOnConfidence: [],
  electionId: null,
  area: [],
  leadOrganisationId: [],
  ownerOrganisationId: [],
  reportedVia: [],
  mine: false,
  createdFrom: '',
  createdTo: '',
  sort: 'created',
  order: 'desc',
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const areaPattern = /^(KU\d{3}|VP\d{2}|HV\d{2}|MK\d{2})$/;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string): value is T =>
    (values as readonly string[]).includes(value);

const isUuid = (value: string): boolean => uuidPattern.test(value);
const isDay = (value: string): boolean => dayPattern.test(value) && !Number.isNaN(Date.parse(value));

/** The list fields in the order they appear in a URL, each with the test its values must pass. */
const listFields: { [K in ListField]: (value: string) => boolean } = {
  domain: oneOf(incidentDomains),
  status: oneOf(incidentStatuses),
  severity: (value) => /^[1-5]$/.test(value),
  tlp: oneOf(tlpLevels),
  category: (value) => categoryByKey.has(value),
  impactOnConduct: oneOf(impactLevels),
  impactOnConfidence: oneOf(impactLevels),
  area: (value) => areaPattern.test(value),
  leadOrganisationId: isUuid,
  ownerOrganisationId: isUuid,
  reportedVia: oneOf(reportedVia),
};

const listFieldNames = Object.keys(listFields) as ListField[];

const values = (params: URLSearchParams, name: string): string[] => [
  ...new Set(
    params
      .getAll(name)
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter(Boolean),
  ),
];

/**
 * Reads the list state from a URL's query. A link may be old or edited by hand: values the list does
 * not know are dropped rather than sent to the server to be refused.
 */
export const parseListSearch = (params: URLSearchParams): IncidentListState => {
  const state: IncidentListState = { ...emptyListState };
  const mutable = state as unknown as Record<ListField, unknown[]>;
  for (const name of listFieldNames) {
    const valid = values(params, name).filter(listFields[name]).slice(0, 50);
    mutable[name] = name === 'severity' ? valid.map(Number) : valid;
  }
  state.q = (params.get('q') ?? '').trim().slice(0, 300);
  const electionId = params.get('electionId') ?? '';
  state.electionId = isUuid(electionId) ? electionId : null;
  state.mine = params.get('mine') === 'true';
  const from = params.get('createdFrom') ?? '';
  const to = params.get('createdTo') ?? '';
  state.createdFrom = isDay(from) ? from : '';
  state.createdTo = isDay(to) ? to : '';
  const sort = params.get('sort') ?? '';
  state.sort = oneOf(incidentSorts)(sort) ? sort : emptyListState.sort;
  const order = params.get('order');
  state.order = order === 'asc' || order === 'desc' ? order : emptyListState.order;
  return state;
};

/** The URL query of a list state: only what differs from the defaults, lists comma-separated. */
export const listStateToSearch = (state: IncidentListState): URLSearchParams => {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const name of listFieldNames) {
    const list = state[name] as readonly (string | number)[];
    if (list.length > 0) params.set(name, list.join(','));
  }
  if (state.electionId) params.set('electionId', state.electionId);
  if (state.mine) params.set('mine', 'true');
  if (state.createdFrom) params.set('createdFrom', state.createdFrom);
  if (state.createdTo) params.set('createdTo', state.createdTo);
  if (state.sort !== emptyListState.sort) params.set('sort', state.sort);
  if (state.order !== emptyListState.order) params.set('order', state.order);
  return params;
};

/** Does the state narrow the list at all (sorting aside)? */
export const hasFilters = (state: IncidentListState): boolean => {
  const params = listStateToSearch({ ...state, sort: emptyListState.sort, order: emptyListState.order });
  return [...params.keys()].length > 0;
};

/** Adds the value to a list field, or takes it away if it is there. */
export const toggleValue = <K extends ListField>(
  state: IncidentListState,
  field: K,
  value: IncidentListState[K][number],
): IncidentListState => {
  const list = state[field] as unknown[];
  const next = list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
  return { ...state, [field]: next };
};

/** A saved filter keeps the URL form, so that "the last 7 days" stays the days it was saved with. */
export const listStateToSaved = (state: IncidentListState): Record<string, string> =>
  Object.fromEntries(listStateToSearch(state));

export const savedToListState = (query: Record<string, unknown>): IncidentListState => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string') params.set(key, value);
    else if (Array.isArray(value))
      for (const item of value) if (typeof item === 'string') params.append(key, item);
  }
  return parseListSearch(params);
};

export type ApiListFilters = Record<string, string>;

/**
 * The query parameters the API takes for the list and the facets (paging aside). The day range
 * becomes instants: from the start of the first day to the start of the day after the last one,
 * in the user's time zone.
 */
export const toApiFilters = (
  state: IncidentListState,
  startOfDay: (day: string, addDays?: number) => string | undefined,
): ApiListFilters => {
  const filters: ApiListFilters = {};
  for (const [key, value] of listStateToSearch(state)) {
    if (key === 'createdFrom' || key === 'createdTo') continue;
    filters[key] = value;
  }
  const from = state.createdFrom ? startOfDay(state.createdFrom) : undefined;
  const to = state.createdTo ? startOfDay(state.createdTo, 1) : undefined;
  if (from) filters.createdFrom = from;
  if (to) filters.createdTo = to;
  return filters;
};

/** The facets count over the same filters, without sorting. */
export const facetFilters = (filters: ApiListFilters): ApiListFilters => {
  const { sort: _sort, order: _order, ...rest } = filters;
  return rest;
};
