import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection.js';
import { canonicalJson } from '../../lib/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditSource {
  requestId: string | null;
  sourceIp: string | null;
  actorUserId: string | null;
  actorOrganisationId: string | null;
}

export interface AuditEntry {
  action: string;
  targetType?: string | undefined;
  targetId?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

export interface StoredAuditEvent {
  seq: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  sourceIp: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** The hash commits to every field of the entry and to the previous entry's hash. */
export const hashAuditEvent = (event: StoredAuditEvent): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        seq: event.seq,
        occurredAt: event.occurredAt.toISOString(),
        actorUserId: event.actorUserId,
        actorOrganisationId: event.actorOrganisationId,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
        requestId: event.requestId,
        sourceIp: event.sourceIp,
        details: event.details,
        prevHash: event.prevHash,
      }),
    )
    .digest('hex');

/**
 * Appends to the hash chain inside the caller's transaction, so the entry exists exactly when
 * the change it records does. The advisory lock serialises appends across every node.
 */
export const appendAudit = async (tx: Tx, source: AuditSource, entry: AuditEntry, now = new Date()) => {
  await sql`select pg_advisory_xact_lock(7351001)`.execute(tx);
  const last = await tx
    .selectFrom('auditEvents')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const event: StoredAuditEvent = {
    seq: (last?.seq ?? 0) + 1,
    occurredAt: new Date(Math.floor(now.getTime())),
    actorUserId: source.actorUserId,
    actorOrganisationId: source.actorOrganisationId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: source.requestId,
    sourceIp: source.sourceIp,
    details: entry.details ?? {},
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx
    .insertInto('auditEvents')
    .values({ ...event, details: JSON.stringify(event.details), hash: hashAuditEvent(event) })
    .execute();
};

/** For entries that stand alone (a failed sign-in, a read): their own short transaction. */
export const recordAudit = (db: Db, source: AuditSource, entry: AuditEntry): Promise<void> =>
  db.transaction().execute((tx) => appendAudit(tx, source, entry));
