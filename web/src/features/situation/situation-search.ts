import type { IncidentDomain } from '../../../../shared/contracts/incident-enums.js';
import {
  situationBuckets,
  situationMapLevels,
  type SituationBucket,
  type SituationMapLevel,
} from '../../../../shared/contracts/situation.js';

/**
 * What the situation page shows, as its URL carries it: a link to a filtered picture means the same
 * to whoever opens it. `since` is absent unless the user picked a time ("since my last visit").
 */
export interface SituationView {
  area: string | null;
  mapLevel: SituationMapLevel;
  bucket: SituationBucket | null;
}

export interface SituationSearch extends SituationView {
  since: string | null;
}

export const defaultMapLevel: SituationMapLevel = 'electoral_district';

const areaPattern = /^(KU\d{3}|VP\d{2}|HV\d{2}|MK\d{2})$/;

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string | null): value is T =>
    value !== null && (values as readonly string[]).includes(value);

const isInstant = (value: string | null): value is string =>
  value !== null && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));

/** Values a hand-edited or old link carries that the page does not know are dropped, not sent. */
export const parseSituationSearch = (params: URLSearchParams): SituationSearch => {
  const area = params.get('area');
  const level = params.get('level');
  const bucket = params.get('bucket');
  const since = params.get('since');
  return {
    area: area && areaPattern.test(area) ? area : null,
    mapLevel: oneOf(situationMapLevels)(level) ? level : defaultMapLevel,
    bucket: oneOf(situationBuckets)(bucket) ? bucket : null,
    since: isInstant(since) ? new Date(since).toISOString() : null,
  };
};

export const situationSearchToParams = (search: SituationSearch): URLSearchParams => {
  const params = new URLSearchParams();
  if (search.area) params.set('area', search.area);
  if (search.mapLevel !== defaultMapLevel) params.set('level', search.mapLevel);
  if (search.bucket) params.set('bucket', search.bucket);
  if (search.since) params.set('since', search.since);
  return params;
};

/** The counts' field names are the incident list's filter names (web/src/features/incidents). */
export type CountField = 'domain' | 'status' | 'severity' | 'impactOnConduct' | 'impactOnConfidence';

/**
 * The incident list filtered to what a count counts: the election, the area chosen on the map and
 * the value itself, in the list's own URL format (`/incidents?electionId=…&area=VP07&domain=cyber`).
 */
export const incidentListHref = (
  electionId: string,
  filters: { area: string | null; domain?: IncidentDomain | null },
  field?: CountField,
  value?: string,
): string => {
  const params = new URLSearchParams();
  if (field && value !== undefined) params.set(field, value);
  if (filters.domain && field !== 'domain') params.set('domain', filters.domain);
  if (filters.area) params.set('area', filters.area);
  params.set('electionId', electionId);
  return `/incidents?${params.toString()}`;
};

/** The time the "what changed" list starts from when the user has not picked one. */
export const defaultSince = (previousVisit: string | null, now: Date): string =>
  previousVisit ?? new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString();
