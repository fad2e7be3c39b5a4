import { sql } from 'kysely';
import type { Actor, Role } from '../../../shared/access/roles.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import type { IncidentStreamEvent } from '../../../shared/contracts/stream.js';
import type { Db } from '../../db/connection.js';
import { committedEventHorizon } from '../incidents/incident-events.js';
import { actorsRelation, visibleTo, visibleToActors } from '../../access/visibility-scope.js';

interface EventRow {
  id: number;
  incidentId: string;
  type: string;
  occurredAt: Date;
}

const present = (row: EventRow): IncidentStreamEvent => ({
  id: row.id,
  incidentId: toIncidentId(row.incidentId),
  type: row.type,
  occurredAt: row.occurredAt.toISOString(),
});

/** The newest event id below which everything has committed (see incident-events.ts). */
export const latestEventId = (db: Db): Promise<number> => committedEventHorizon(db);

export interface DispatchBatch {
  events: { event: IncidentStreamEvent; recipients: number[] }[];
  lastId: number;
}

/**
 * The events after `afterId`, in id order, each with the actors (indexes into `actors`) who may
 * see its incident now: one query however many actors are connected.
 */
export const eventsWithRecipients = async (
  db: Db,
  afterId: number,
  actors: readonly Actor[],
  limit: number,
): Promise<DispatchBatch> => {
  const horizon = await committedEventHorizon(db);
  const result = await sql<EventRow & { recipients: number[] }>`
    with a as materialized (select * from ${actorsRelation(actors, 'a')}),
      e as (select id, incident_id, type, occurred_at from incident_events
            where id > ${afterId} and id <= ${horizon} order by id limit ${limit})
    select e.id, e.incident_id, e.type, e.occurred_at,
      array(select a.key from a where ${visibleToActors('a', 'i')} order by a.key) as recipients
    from e left join incidents i on i.id = e.incident_id
    order by e.id`.execute(db);
  return {
    events: result.rows.map((row) => ({ event: present(row), recipients: row.recipients })),
    lastId: result.rows.length > 0 ? Number(result.rows.at(-1)!.id) : afterId,
  };
};

/** The events after `afterId` that the actor may see, in id order: a reconnecting client's catch-up. */
export const visibleEventsAfter = async (
  db: Db,
  actor: Actor,
  afterId: number,
  limit: number,
): Promise<IncidentStreamEvent[]> => {
  const horizon = await committedEventHorizon(db);
  const result = await sql<EventRow>`
    select e.id, e.incident_id, e.type, e.occurred_at
    from incident_events e join incidents i on i.id = e.incident_id
    where e.id > ${afterId} and e.id <= ${horizon} and ${visibleTo(actor, 'i')}
    order by e.id limit ${limit}`.execute(db);
  return result.rows.map(present);
};

export interface CurrentActor {
  actor: Actor;
  /** Signed in but held back (a password to change, two-factor to enrol): no content until then. */
  restricted: boolean;
}

interface ActorRow {
  key: string;
  userId: string;
  organisationId: string;
  roles: Role[];
  mustChangePassword: boolean;
  twoFactorEnabled: boolean;
  requireTwoFactor: boolean;
  communityIds: string[];
}

const toCurrent = (row: ActorRow): CurrentActor => ({
  actor: {
    userId: row.userId,
    organisationId: row.organisationId,
    roles: row.roles,
    communityIds: row.communityIds,
  },
  restricted: row.mustChangePassword || (row.requireTwoFactor && !row.twoFactorEnabled),
});

const actorSelect = sql`u.id as user_id, u.organisation_id, u.roles, u.must_change_password,
  u.two_factor_enabled, o.require_two_factor,
  array(select cm.community_id from community_members cm where cm.organisation_id = u.organisation_id) as community_ids`;

/**
 * The actors behind still-valid sessions, by session id, as the request hook would resolve them
 * now: a session that has ended or expired, or whose user was deactivated, is absent.
 */
export const actorsOfSessions = async (
  db: Db,
  sessionIds: readonly string[],
): Promise<Map<string, CurrentActor>> => {
  if (sessionIds.length === 0) return new Map();
  const result = await sql<ActorRow>`
    select s.id::text as key, ${actorSelect}
    from sessions s join users u on u.id = s.user_id join organisations o on o.id = u.organisation_id
    where s.id = any(${[...sessionIds]}::uuid[]) and s.expires_at > now() and u.active`.execute(db);
  return new Map(result.rows.map((row) => [row.key, toCurrent(row)]));
};

/** The same for users (API token clients, whose token is checked separately); inactive users are absent. */
export const actorsOfUsers = async (
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, CurrentActor>> => {
  if (userIds.length === 0) return new Map();
  const result = await sql<ActorRow>`
    select u.id::text as key, ${actorSelect}
    from users u join organisations o on o.id = u.organisation_id
    where u.id = any(${[...userIds]}::uuid[]) and u.active`.execute(db);
  return new Map(result.rows.map((row) => [row.key, toCurrent(row)]));
};
