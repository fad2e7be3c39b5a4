import { sql, type RawBuilder } from 'kysely';

/**
 * Subscription `s` matches incident `i` (any relation with the incident's columns) at `severity`:
 * the same election (or any), a shared domain (or any), at least the minimum severity, an area
 * overlapping the incident's areas and their parents (or anywhere).
 */
export const subscriptionMatches = (severity: RawBuilder<unknown>) => sql<boolean>`(
  (s.election_id is null or s.election_id = i.election_id)
  and (cardinality(s.domains) = 0 or s.domains && i.domains)
  and s.min_severity <= ${severity}
  and (cardinality(s.area_codes) = 0 or s.area_codes && i.area_scope))`;
