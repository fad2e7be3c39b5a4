import { sql, type Kysely } from 'kysely';

/**
 * Who could possibly see an incident, as one indexed array (`audience`), so that lists, searches
 * and the situation picture find an actor's incidents through one GIN index instead of testing
 * every row: the author; for clear, everyone (the nil UUID); for green, the owner organisation,
 * the shared organisations and communities; for amber and amber+strict, the owner and the shared
 * organisations; for red, the named users. An actor's keys are the nil UUID, their user id, their
 * organisation and their communities (server/access/visibility-scope.ts, `audienceKeys`).
 *
 * It is a necessary condition of `canSee`, never a sufficient one: queries still apply the exact
 * rule (`visibleTo`), and for a reporter it admits more than they may see. UUIDs of users,
 * organisations and communities are random, so keys of different kinds do not collide.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table incidents add column audience uuid[] generated always as (
      array_append(
        case tlp
          when 'clear' then '{00000000-0000-0000-0000-000000000000}'::uuid[]
          when 'green' then array_prepend(owner_organisation_id, shared_organisation_ids || shared_community_ids)
          when 'red' then shared_user_ids
          else array_prepend(owner_organisation_id, shared_organisation_ids)
        end,
        author_user_id)
    ) stored;
    create index incidents_audience_idx on incidents using gin (audience);
    -- the situation picture's prefilter (0003, 0009) gives way to the audience index: fewer
    -- indexes for every write to maintain
    drop index incidents_election_clear_idx;
    drop index incidents_election_owner_idx;
    drop index incidents_shared_orgs_idx;
    drop index incidents_shared_communities_idx;
    drop index incidents_shared_users_idx;
  `.execute(db);
}
