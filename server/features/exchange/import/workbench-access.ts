import type { Actor } from '../../../../shared/access/roles.js';
import { canSee, type Shareable } from '../../../../shared/access/tlp.js';
import type { WorkbenchItemSummary } from '../../../../shared/contracts/exchange-imports.js';
import { toIncidentId } from '../../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../../shared/errors.js';
import { shareableOf } from '../../../access/record-access.js';
import type { Db, Tx } from '../../../db/connection.js';
import { presentProvenance } from './import-log.js';
import { techniqueOf } from './attack-patterns.js';
import { disarmTechniquesMatching } from './stix-import-queries.js';
import { resolveSubRecords } from './workbench-attach.js';
import { draftIncident, resolveDraft } from './workbench-proposal.js';
import { findObjectVersion, findWorkbenchItem, type WorkbenchRow } from './workbench-queries.js';
import {
  attackPatternRefs,
  classifyRelated,
  disarmIdsNamed,
  neighbourhood,
  visibleRelated,
} from './workbench-related.js';
import { sortedUnapplied, subRecordsOf } from './workbench-subrecords.js';

export const shareableOfItem = (row: WorkbenchRow): Shareable =>
  // A partner feed's item has no author: nobody reads it by authorship.
  shareableOf({ ...row, authorUserId: row.authorUserId ?? '' });

export const presentWorkbenchItem = (row: WorkbenchRow): WorkbenchItemSummary => ({
  id: row.id,
  stixId: row.stixId,
  stixType: row.stixType,
  version: row.modified,
  kind: row.kind,
  status: row.status,
  title: row.title,
  tlp: row.tlp,
  ownerOrganisationId: row.ownerOrganisationId,
  provenance: presentProvenance(row),
  targetIncidentId: row.targetIncidentId ? toIncidentId(row.targetIncidentId) : null,
  decidedBy: row.decidedByUserId ? { userId: row.decidedByUserId, name: row.decidedByName ?? '' } : null,
  decidedAt: row.decidedAt?.toISOString() ?? null,
  reason: row.reason,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** An item the actor may not see does not exist for them. */
export const loadVisibleItem = async (db: Db | Tx, actor: Actor, id: string, forUpdate = false) => {
  const row = await findWorkbenchItem(db, id, { forUpdate });
  if (!row || !canSee(actor, shareableOfItem(row)))
    throw new AppError('not_found', 'No such workbench item.');
  return row;
};

/**
 * Deciding is the queue's owner's: the importing organisation and those it shared the item with.
 * A CLEAR item of another organisation is readable by anyone, but not theirs to decide.
 */
export const loadDecidableItem = async (tx: Tx, actor: Actor, id: string) => {
  const row = await loadVisibleItem(tx, actor, id, true);
  if (
    row.ownerOrganisationId !== actor.organisationId &&
    !row.sharedOrganisationIds.includes(actor.organisationId)
  )
    throw new AppError('forbidden', 'Only the organisation that imported it decides on this item.');
  if (row.status !== 'pending')
    throw new AppError('conflict', `The item is already ${row.status}; only pending items are decided.`);
  return row;
};

/** Everything a decision needs: the object, what is around it that the actor may see, the DISARM techniques. */
export const gather = async (db: Db | Tx, actor: Actor, row: WorkbenchRow) => {
  const object = await findObjectVersion(db, row.ownerOrganisationId, row.stixId, row.versionKey);
  if (!object) throw new Error(`workbench item ${row.id} without its stored object`);
  const related = visibleRelated(actor, row, await neighbourhood(db, row.ownerOrganisationId, object));
  const classified = classifyRelated(related);
  const apIds = attackPatternRefs(object, related);
  const named = disarmIdsNamed(related);
  const techniques = await disarmTechniquesMatching(db, [...apIds], named);
  const techniqueIds = [
    ...new Set([
      ...[...apIds].flatMap((id) => techniques.filter((t) => t.stixId === id).map((t) => t.id)),
      ...classified.attackPatterns.flatMap((o) => techniqueOf(o.object, techniques) ?? []),
      ...techniques.filter((t) => named.includes(t.id)).map((t) => t.id),
    ]),
  ].sort();
  const draft = draftIncident(object, row.tlp);
  const { proposed, given, unapplied } = await resolveDraft(db, object, draft);
  const techniqueStixIds = new Set(techniques.map((t) => t.stixId));
  const disarmPatterns = new Set(
    classified.attackPatterns.filter((o) => techniqueOf(o.object, techniques) !== null).map((o) => o.stixId),
  );
  const sub = subRecordsOf(object, related, (id) => techniqueStixIds.has(id) || disarmPatterns.has(id));
  const resolved = await resolveSubRecords(db, actor, row.ownerOrganisationId, sub);
  return {
    object,
    related,
    classified,
    apIds,
    techniques,
    techniqueIds,
    draft,
    proposed,
    given,
    observables: sub.observables,
    subRecords: resolved,
    unapplied: sortedUnapplied([...unapplied, ...sub.unapplied, ...resolved.unapplied]),
  };
};
