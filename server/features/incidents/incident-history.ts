/**
 * The incident's main fields as the event history says they are. The current row is written from
 * the same changes in the same transaction; a test replays the history and compares.
 *
 * Events that change main fields: `created` and `reported` (intake) ({ state }), `updated` ({ changes: { field: { from, to } } })
 * and `merged_into` ({ survivorId }: closed as a duplicate).
 * Other events (observables, comments, links, corroborations …) record sub-records and leave these alone.
 */
export type IncidentState = Record<string, unknown>;

export interface HistoryEvent {
  type: string;
  data: Record<string, unknown>;
}

export const projectIncident = (events: readonly HistoryEvent[]): IncidentState => {
  let state: IncidentState = {};
  for (const event of events) {
    if (event.type === 'created' || event.type === 'reported')
      state = { ...(event.data.state as IncidentState) };
    else if (event.type === 'updated') {
      const changes = event.data.changes as Record<string, { from: unknown; to: unknown }>;
      for (const [field, change] of Object.entries(changes)) state[field] = change.to;
    } else if (event.type === 'merged_into') {
      // A merge closes the duplicate (server/features/links/merge.ts).
      state.status = 'closed';
      state.closingReason = 'duplicate';
      state.duplicateOfId = String(event.data.survivorId).replace(/^incident--/, '');
    }
  }
  return state;
};

/** The fields the history carries, in their stored (JSON) form. */
export const historyFields = [
  'title',
  'description',
  'domains',
  'category',
  'severity',
  'impactConduct',
  'impactConfidence',
  'sourceReliability',
  'informationCredibility',
  'status',
  'closingReason',
  'duplicateOfId',
  'leadOrganisationId',
  'supportingOrganisationIds',
  'electionId',
  'phaseKey',
  'areaCodes',
  'firstSeen',
  'lastSeen',
  'tlp',
  'sharedOrganisationIds',
  'sharedCommunityIds',
  'sharedUserIds',
] as const;
export type HistoryField = (typeof historyFields)[number];

const comparable = (value: unknown): string =>
  JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null));

/** The JSON form of a row's history fields. */
export const stateOf = (row: Record<string, unknown>): IncidentState =>
  Object.fromEntries(historyFields.map((f) => [f, JSON.parse(comparable(row[f]))]));

/** What differs between two states, as { field: { from, to } }. */
export const diffStates = (before: IncidentState, after: IncidentState) => {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of historyFields) {
    if (comparable(before[field]) !== comparable(after[field])) {
      changes[field] = { from: before[field] ?? null, to: after[field] ?? null };
    }
  }
  return changes;
};
