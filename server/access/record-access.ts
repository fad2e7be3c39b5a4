import type { Actor } from '../../shared/access/roles.js';
import { canEdit, canSee, type Shareable } from '../../shared/access/tlp.js';
import { AppError } from '../../shared/errors.js';
import type { Tx } from '../db/connection.js';
import type { AuditSource } from '../features/audit/audit-log.js';
import { appendAudit } from '../features/audit/audit-log.js';

/** The shareable columns of a row (any shareable table), as the access rules read them. */
export interface ShareableRow {
  tlp: Shareable['tlp'];
  ownerOrganisationId: string;
  authorUserId: string;
  sharedOrganisationIds: string[];
  sharedCommunityIds: string[];
  sharedUserIds: string[];
}

export const shareableOf = (
  row: ShareableRow,
): Shareable & { sharedWith: { organisations: string[]; communities: string[]; users: string[] } } => ({
  tlp: row.tlp,
  ownerOrganisationId: row.ownerOrganisationId,
  authorUserId: row.authorUserId,
  sharedWith: {
    organisations: row.sharedOrganisationIds,
    communities: row.sharedCommunityIds,
    users: row.sharedUserIds,
  },
});

/**
 * A record the actor may not see is invisible, not forbidden: 404, so that callers cannot
 * probe which ids exist.
 */
export const assertVisible = <T extends Shareable>(
  actor: Actor,
  record: T | undefined,
  what = 'record',
): T => {
  if (!record || !canSee(actor, record)) throw new AppError('not_found', `No such ${what}.`);
  return record;
};

/** Visible but not editable by this role: then, and only then, 403. */
export const assertEditable = <T extends Shareable>(
  actor: Actor,
  record: T | undefined,
  what = 'record',
): T => {
  const visible = assertVisible(actor, record, what);
  if (!canEdit(actor, visible)) throw new AppError('forbidden', 'Your role does not allow changing this.');
  return visible;
};

/** Every read of a red record is audited, in the transaction that read it. */
export const auditRedRead = async (
  tx: Tx,
  source: AuditSource,
  record: Shareable & { id: string },
  targetType: string,
): Promise<void> => {
  if (record.tlp !== 'red') return;
  await appendAudit(tx, source, { action: 'record.read_red', targetType, targetId: record.id });
};
