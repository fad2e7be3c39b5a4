/** The closed vocabularies of the incident record (PRODUCT.md, "Core records: Incident"). */
export const incidentDomains = ['information_influence', 'cyber', 'physical', 'process'] as const;
export type IncidentDomain = (typeof incidentDomains)[number];

export const incidentStatuses = [
  'new',
  'triage',
  'investigating',
  'responding',
  'monitoring',
  'closed',
] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export const closingReasons = ['resolved', 'false_alarm', 'duplicate', 'out_of_scope'] as const;
export type ClosingReason = (typeof closingReasons)[number];

export const impactLevels = ['none', 'minor', 'moderate', 'major', 'critical'] as const;
export type ImpactLevel = (typeof impactLevels)[number];

/** Admiralty code: source reliability A (completely reliable) – F (cannot be judged). */
export const sourceReliabilities = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
/** Admiralty code: information credibility 1 (confirmed) – 6 (cannot be judged). */
export const informationCredibilities = [1, 2, 3, 4, 5, 6] as const;

export const reportedVia = ['intake', 'analyst', 'import'] as const;

/**
 * Which status may follow which. Closing always needs a reason; a closed incident may be reopened
 * into triage or investigation.
 */
export const statusTransitions: Record<IncidentStatus, readonly IncidentStatus[]> = {
  new: ['triage', 'investigating', 'responding', 'monitoring', 'closed'],
  triage: ['investigating', 'responding', 'monitoring', 'closed'],
  investigating: ['responding', 'monitoring', 'closed'],
  responding: ['investigating', 'monitoring', 'closed'],
  monitoring: ['investigating', 'responding', 'closed'],
  closed: ['triage', 'investigating'],
};

export const canMoveTo = (from: IncidentStatus, to: IncidentStatus): boolean =>
  from === to || statusTransitions[from].includes(to);

/** Incident ids in the API are STIX-shaped: incident--<uuid>. */
export const INCIDENT_PREFIX = 'incident--';
export const toIncidentId = (uuid: string): string => `${INCIDENT_PREFIX}${uuid}`;
export const fromIncidentId = (id: string): string => id.slice(INCIDENT_PREFIX.length);
