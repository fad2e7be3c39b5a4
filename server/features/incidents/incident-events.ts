import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import { PREPARE, type Db, type Tx } from '../../db/connection.js';

/** The channel on which committed incident events are announced to every server process. */
export const CHANGES_CHANNEL = 'vaalivahti_changes';

/**
 * Writers hold this lock SHARED from their first event to commit, so they never wait for each other
 * (commits are grouped). A reader takes it EXCLUSIVELY for an instant (`committedEventHorizon`):
 * once it has it, every event id assigned so far has committed or rolled back, so reading up to
 * that horizon can never miss a smaller id that commits later.
 */
export const EVENT_ORDER_LOCK = 7351011;

export interface IncidentEventInput {
  incidentId: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * The tail of a statement that appends an event for every row of `source` (columns incident_id, type,
 * actor_user_id, actor_organisation_id, data; it may read CTEs named before it). It takes the ordering
 * lock before any event id is drawn and announces each event on CHANGES_CHANNEL at commit; the
 * statement must read `announced` to the end (`select … from announced`), or nothing is announced.
 */
export const appendingEvents = (source: RawBuilder<unknown>) => sql`
  event_order as (select pg_advisory_xact_lock_shared(${EVENT_ORDER_LOCK}) as held),
  appended as (
    insert into incident_events (incident_id, type, actor_user_id, actor_organisation_id, data)
    select e.incident_id, e.type, e.actor_user_id, e.actor_organisation_id, e.data
      from (${source}) e cross join event_order
    returning id, incident_id, type
  ),
  announced as (
    select a.id, pg_notify(${CHANGES_CHANNEL}, json_build_object('id', a.id, 'incidentId', a.incident_id, 'type', a.type)::text)
      from appended a
  )`;

/**
 * Appends to the incident's event history (append-only: a trigger refuses UPDATE and DELETE, the
 * application role holds neither) and announces it on CHANGES_CHANNEL at commit, in one statement.
 * Call it in the same transaction as the change to the current row, after the row is written.
 */
export const appendIncidentEvent = async (
  tx: Tx,
  actor: Pick<Actor, 'userId' | 'organisationId'> | null,
  event: IncidentEventInput,
): Promise<number> => {
  const { rows } = await sql<{ id: number }>`${sql.raw(PREPARE)} with ${appendingEvents(
    sql`select ${event.incidentId}::uuid as incident_id, ${event.type}::text as type,
      ${actor?.userId ?? null}::uuid as actor_user_id, ${actor?.organisationId ?? null}::uuid as actor_organisation_id,
      ${JSON.stringify(event.data)}::jsonb as data`,
  )} select id from announced`.execute(tx);
  return Number(rows[0]!.id);
};

/**
 * The highest event id below which nothing can still appear: waits for the writers in flight (they
 * hold EVENT_ORDER_LOCK shared) to commit, then reads the newest id. Readers of the history in id
 * order (the live stream) read up to it and never past it.
 */
export const committedEventHorizon = async (db: Db): Promise<number> =>
  db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`.execute(tx);
    const { rows } = await sql<{
      id: number;
    }>`select coalesce(max(id), 0)::int8 as id from incident_events`.execute(tx);
    return Number(rows[0]!.id);
  });
