import { sql, type Kysely } from 'kysely';

/**
 * The situation picture: each user's last visits of each election's picture (the default start of
 * "what changed"), and the indexes its aggregates need.
 *
 * The aggregates read the visible incidents of one election. `visibleTo` is exact but no index can
 * answer it (`$org = any(shared_organisation_ids)` is not GIN-indexable), so the queries add a
 * necessary condition that is: author, clear marking, owner, or the actor in a sharing list
 * (@>, &&). Every arm has an index below or in 0003, and PostgreSQL ORs their bitmaps.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table situation_visits (
      user_id uuid not null references users (id) on delete cascade,
      election_id uuid not null references elections (id) on delete cascade,
      visited_at timestamptz not null,
      previous_visited_at timestamptz,
      primary key (user_id, election_id)
    );

    create index incidents_election_clear_idx on incidents (election_id) where tlp = 'clear';
    create index incidents_election_owner_idx on incidents (election_id, owner_organisation_id);
    -- "What changed": the events that change severity or status, by time.
    create index incident_events_changes_idx on incident_events (occurred_at)
      where type in ('updated', 'merged_into');
  `.execute(db);
}
