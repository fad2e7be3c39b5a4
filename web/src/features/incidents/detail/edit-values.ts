import type { Incident, IncidentDomain, UpdateIncident } from '../../../../../shared/contracts/incidents.js';
import { isoToWallClock, wallClockToIso } from '../wall-clock.js';

/** The edit form's state: what a person types, before it becomes the API's shapes. */
export interface EditValues {
  title: string;
  description: string;
  domains: IncidentDomain[];
  category: string;
  severity: number;
  impactOnConduct: Incident['impactOnConduct'];
  impactOnConfidence: Incident['impactOnConfidence'];
  sourceReliability: Incident['sourceReliability'];
  informationCredibility: number;
  leadOrganisationId: string | null;
  supportingOrganisationIds: string[];
  electionId: string | null;
  phaseKey: string | null;
  areaCodes: string;
  firstSeenDay: string;
  firstSeenTime: string;
  lastSeenDay: string;
  lastSeenTime: string;
}

export type EditableField = Exclude<
  keyof UpdateIncident,
  'version' | 'status' | 'closingReason' | 'duplicateOfId'
>;

const wallClock = (iso: string | null, timeZone: string) =>
  iso ? isoToWallClock(iso, timeZone) : { day: '', time: '' };

export const toEditValues = (incident: Incident, timeZone: string): EditValues => {
  const first = wallClock(incident.firstSeen, timeZone);
  const last = wallClock(incident.lastSeen, timeZone);
  return {
    title: incident.title,
    description: incident.description,
    domains: [...incident.domains],
    category: incident.category,
    severity: incident.severity,
    impactOnConduct: incident.impactOnConduct,
    impactOnConfidence: incident.impactOnConfidence,
    sourceReliability: incident.sourceReliability,
    informationCredibility: incident.informationCredibility,
    leadOrganisationId: incident.leadOrganisationId,
    supportingOrganisationIds: [...incident.supportingOrganisationIds],
    electionId: incident.electionId,
    phaseKey: incident.phaseKey,
    areaCodes: incident.areaCodes.join(', '),
    firstSeenDay: first.day,
    firstSeenTime: first.time,
    lastSeenDay: last.day,
    lastSeenTime: last.time,
  };
};

const areaCodePattern = /^(KU\d{3}|VP\d{2}|HV\d{2}|MK\d{2})$/;

/** Area codes typed as a list ("KU091, vp06"): the valid ones, and what could not be read. */
export const parseAreaCodes = (text: string): { codes: string[]; invalid: string[] } => {
  const tokens = text
    .split(/[\s,;]+/)
    .map((token) => token.trim().toUpperCase())
    .filter(Boolean);
  const codes = [...new Set(tokens.filter((token) => areaCodePattern.test(token)))];
  return { codes, invalid: tokens.filter((token) => !areaCodePattern.test(token)) };
};

/** An empty day and time mean "not known"; a half-filled or impossible one is a mistake. */
const instant = (day: string, time: string, timeZone: string): string | null | undefined => {
  if (!day && !time) return null;
  const iso = wallClockToIso(day, time || '00:00', timeZone);
  // Date.UTC rolls 2027-13-40 over into another day: only a day that reads back the same is real.
  return iso && isoToWallClock(iso, timeZone).day === day ? iso : undefined;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sameSet = (a: readonly string[], b: readonly string[]) => same([...a].sort(), [...b].sort());

export interface UpdateDraft {
  changes: Partial<Pick<UpdateIncident, EditableField>>;
  /** Fields whose typed value cannot be sent. */
  invalid: ('areaCodes' | 'firstSeen' | 'lastSeen')[];
}

/** Only the fields that differ from the version being edited, so a save touches nothing else. */
export const draftUpdate = (base: Incident, values: EditValues, timeZone: string): UpdateDraft => {
  const changes: UpdateDraft['changes'] = {};
  const invalid: UpdateDraft['invalid'] = [];
  const title = values.title.trim();
  if (title !== base.title) changes.title = title;
  if (values.description !== base.description) changes.description = values.description;
  if (!sameSet(values.domains, base.domains)) changes.domains = values.domains;
  if (values.category !== base.category) changes.category = values.category;
  if (values.severity !== base.severity) changes.severity = values.severity;
  if (values.impactOnConduct !== base.impactOnConduct) changes.impactOnConduct = values.impactOnConduct;
  if (values.impactOnConfidence !== base.impactOnConfidence)
    changes.impactOnConfidence = values.impactOnConfidence;
  if (values.sourceReliability !== base.sourceReliability)
    changes.sourceReliability = values.sourceReliability;
  if (values.informationCredibility !== base.informationCredibility) {
    changes.informationCredibility = values.informationCredibility as 1 | 2 | 3 | 4 | 5 | 6;
  }
  if (values.leadOrganisationId !== base.leadOrganisationId)
    changes.leadOrganisationId = values.leadOrganisationId;
  if (!sameSet(values.supportingOrganisationIds, base.supportingOrganisationIds)) {
    changes.supportingOrganisationIds = values.supportingOrganisationIds;
  }
  if (values.electionId !== base.electionId) changes.electionId = values.electionId;
  if (values.phaseKey !== base.phaseKey) changes.phaseKey = values.phaseKey;
  const areas = parseAreaCodes(values.areaCodes);
  if (areas.invalid.length > 0) invalid.push('areaCodes');
  else if (!sameSet(areas.codes, base.areaCodes)) changes.areaCodes = areas.codes;
  for (const field of ['firstSeen', 'lastSeen'] as const) {
    const value = instant(values[`${field}Day`], values[`${field}Time`], timeZone);
    if (value === undefined) invalid.push(field);
    else if (
      value === null
        ? base[field] !== null
        : base[field] === null || Date.parse(value) !== Date.parse(base[field])
    ) {
      changes[field] = value;
    }
  }
  return { changes, invalid };
};

/**
 * After someone else saved: start from the latest version and keep only what this person changed
 * in the form, so that loading the latest version never quietly undoes the other person's changes.
 */
export const rebaseValues = (
  previousBase: Incident,
  latest: Incident,
  values: EditValues,
  timeZone: string,
): EditValues => {
  const before = toEditValues(previousBase, timeZone);
  const next = toEditValues(latest, timeZone);
  const merged: Record<string, unknown> = { ...next };
  for (const key of Object.keys(values) as (keyof EditValues)[]) {
    if (!same(values[key], before[key])) merged[key] = values[key];
  }
  return merged as unknown as EditValues;
};
