import type { Db } from '../../db/connection.js';
import { GENESIS_HASH, hashAuditEvent } from './audit-log.js';

export interface AuditProblem {
  seq: number;
  kind: 'changed' | 'removed' | 'inserted' | 'reordered';
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  problems: AuditProblem[];
  /** The last entry's hash: recorded outside the database, it also reveals a rewritten or truncated tail. */
  head: { seq: number; hash: string } | null;
}

/**
 * Walks the whole chain in order. A changed entry no longer matches its own hash; a removed one
 * leaves a gap in the sequence and a broken link; an inserted one breaks the link of its successor.
 */
export const verifyAuditChain = async (db: Db, batchSize = 5000): Promise<AuditVerification> => {
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('auditEvents')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      checked += 1;
      const seq = Number(row.seq);
      if (seq > expectedSeq) {
        problems.push({
          seq: expectedSeq,
          kind: 'removed',
          message:
            seq - expectedSeq === 1
              ? `entry ${expectedSeq} is missing`
              : `entries ${expectedSeq}–${seq - 1} are missing`,
        });
      }
      const recomputed = hashAuditEvent({ ...row, seq, details: row.details });
      if (recomputed !== row.hash) {
        problems.push({ seq, kind: 'changed', message: `entry ${seq} was changed after it was written` });
      } else if (row.prevHash !== prevHash && seq === expectedSeq) {
        // A broken link right after a gap is the gap itself, already reported above.
        problems.push({
          seq,
          kind: 'inserted',
          message: `entry ${seq} does not link to the entry before it: an entry was inserted or replaced`,
        });
      }
      prevHash = row.hash;
      expectedSeq = seq + 1;
      after = seq;
    }
  }
  return {
    ok: problems.length === 0,
    checked,
    problems,
    head: after > 0 ? { seq: after, hash: prevHash } : null,
  };
};
