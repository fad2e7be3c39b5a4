import { sql } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import type { Tx } from '../../db/connection.js';

/** The channel on which committed incident events are announced to every server process. */
export const CHANGES_CHANNEL = 'vaalivahti_changes';

/**
 * Held from a transaction's first event to its commit: event ids then become visible in id order,
 * so a stream client resuming after id N can never miss a smaller id committed later.
 */
const EVENT_ORDER_LOCK = 7351011;

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
  await sql`select pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`.execute(tx);
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
