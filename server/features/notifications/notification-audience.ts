import { sql } from 'kysely';
import type { Actor, Role } from '../../../shared/access/roles.js';
import { INCIDENT_PREFIX } from '../../../shared/contracts/incident-enums.js';
import type { Db, Tx } from '../../db/connection.js';
import { visibleTo } from '../../access/visibility-scope.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Accepts `incident--<uuid>` or a bare uuid; anything else is no incident. */
export const incidentUuidOf = (id: string): string | undefined => {
  const uuid = id.startsWith(INCIDENT_PREFIX) ? id.slice(INCIDENT_PREFIX.length) : id;
  return uuidPattern.test(uuid) ? uuid : undefined;
};

/**
 * The actors of active users, as the request pipeline would build them (server/http/actor.ts): the
 * user's roles, home organisation and that organisation's communities. Deactivated users are absent.
 */
export const loadActors = async (db: Db | Tx, userIds: readonly string[]): Promise<Actor[]> => {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('users as u')
    .select([
      'u.id as userId',
      'u.organisationId',
      'u.roles',
      sql<
        string[]
      >`array(select cm.community_id from community_members cm where cm.organisation_id = u.organisation_id)`.as(
        'communityIds',
      ),
    ])
    .where('u.id', 'in', [...userIds])
    .where('u.active', '=', true)
    .execute();
  return rows.map((row) => ({
    userId: row.userId,
    organisationId: row.organisationId,
    roles: row.roles as Role[],
    communityIds: row.communityIds,
  }));
};

const CHUNK = 100;

/**
 * Of the given actors, those who may see the incident now: the SQL scope `visibleTo` of each actor,
 * evaluated against the incident's row in the database, so the answer cannot drift from what the
 * API would show them.
 */
export const actorsWhoCanSee = async (
  db: Db | Tx,
  incidentUuid: string,
  actors: readonly Actor[],
): Promise<Set<string>> => {
  const seeing = new Set<string>();
  for (let start = 0; start < actors.length; start += CHUNK) {
    const chunk = actors.slice(start, start + CHUNK);
    const checks = chunk.map(
      (actor) => sql`case when ${visibleTo(actor, 'i')} then ${actor.userId}::text end`,
    );
    const result = await sql<{ ids: string[] }>`
      select array_remove(array[${sql.join(checks)}]::text[], null) as ids
      from incidents i where i.id = ${incidentUuid}::uuid`.execute(db);
    for (const id of result.rows[0]?.ids ?? []) seeing.add(id);
  }
  return seeing;
};
