import { sql } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import type { Db, Tx } from '../../db/connection.js';

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
 * Appends to the incident's event history (append-only: a trigger refuses UPDATE and DELETE, the
 * application role holds neither) and announces it on CHANGES_CHANNEL at commit. Call it in the
 * same transaction as the change to the current row, after the row is written.
 */
export const appendIncidentEvent = async (
  tx: Tx,
  actor: Pick<Actor, 'userId' | 'organisationId'> | null,
  event: IncidentEventInput,
): Promise<number> => {
  await sql`select pg_advisory_xact_lock_shared(${EVENT_ORDER_LOCK})`.execute(tx);
  const { id } = await tx
    .insertInto('incidentEvents')
    .values({
      incidentId: event.incidentId,
      type: event.type,
      actorUserId: actor?.userId ?? null,
      actorOrganisationId: actor?.organisationId ?? null,
      data: event.data,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify({ id, incidentId: event.incidentId, type: event.type })})`.execute(
    tx,
  );
  return id;
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
