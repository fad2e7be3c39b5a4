import {
  acceptWorkbenchSchema,
  mergeWorkbenchSchema,
  rejectWorkbenchSchema,
  type AcceptWorkbench,
  type MergeWorkbench,
  type RejectWorkbench,
  type Unapplied,
  type WorkbenchDecision,
} from '../../../../shared/contracts/exchange-imports.js';
import { fromIncidentId, toIncidentId } from '../../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../../shared/errors.js';
import type { ServiceContext } from '../../../context.js';
import type { Tx } from '../../../db/connection.js';
import { appendAudit } from '../../audit/audit-log.js';
import { insertComment } from '../../comments/comment-queries.js';
import { loadEditableIncident } from '../../incidents/incident-access.js';
import { appendIncidentEvent } from '../../incidents/incident-events.js';
import { findIncident } from '../../incidents/incident-queries.js';
import {
  applyIncidentUpdate,
  assertMarkingFits,
  attachToIncident,
  createIncidentFromItem,
  updateValues,
} from './workbench-apply.js';
import {
  findIncidentLink,
  findWorkbenchItem,
  recordDecision,
  saveIncidentLink,
  survivingIncident,
  type WorkbenchRow,
} from './workbench-queries.js';
import { gather, loadDecidableItem, presentWorkbenchItem } from './workbench-access.js';
import { attachSubRecords } from './workbench-attach.js';
import { sortedUnapplied } from './workbench-subrecords.js';

type DecisionCtx = Pick<ServiceContext, 'db' | 'actor' | 'audit' | 'now'>;

/** The provenance note every accepted or merged item leaves in the incident's history. */
const noteProvenance = async (
  tx: Tx,
  ctx: DecisionCtx,
  incidentId: string,
  row: WorkbenchRow,
  mode: 'accepted' | 'updated' | 'merged',
  note: string | undefined,
) => {
  await appendIncidentEvent(tx, ctx.actor, {
    incidentId,
    type: 'imported',
    data: {
      mode,
      workbenchItemId: row.id,
      stixId: row.stixId,
      stixType: row.stixType,
      version: row.modified,
      importId: row.importId,
      source: row.source,
      partnerId: row.partnerId,
      partnerName: row.partnerName,
      bundleId: row.bundleId,
      receivedAt: row.receivedAt.toISOString(),
    },
  });
  if (note) {
    const { id } = await insertComment(tx, { incidentId, authorUserId: ctx.actor.userId, body: note });
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId,
      type: 'comment_added',
      data: { commentId: id, mentionedUserIds: [] },
    });
  }
};

interface Applied {
  observableIds: string[];
  techniqueIds: string[];
  narrativeIds: string[];
  linkIds: string[];
  unapplied: Unapplied[];
}

const nothingApplied: Applied = {
  observableIds: [],
  techniqueIds: [],
  narrativeIds: [],
  linkIds: [],
  unapplied: [],
};

const decisionResult = async (
  tx: Tx,
  id: string,
  incidentId: string | null,
  applied: Applied,
): Promise<WorkbenchDecision> => ({
  item: presentWorkbenchItem((await findWorkbenchItem(tx, id))!),
  incidentId: incidentId ? toIncidentId(incidentId) : null,
  observablesAdded: applied.observableIds.length,
  techniquesAdded: applied.techniqueIds.length,
  narrativesLinked: applied.narrativeIds.length,
  linksAdded: applied.linkIds.length,
  unapplied: applied.unapplied,
});

/**
 * Everything of the item that a record here can hold goes into the incident: observables with
 * their notes, techniques, narratives, links. What cannot is left in the imported-object store
 * (verbatim, with its provenance) and reported.
 */
const applyAround = async (
  tx: Tx,
  ctx: DecisionCtx,
  incidentId: string,
  g: Awaited<ReturnType<typeof gather>>,
): Promise<Applied> => {
  const added = await attachToIncident(tx, ctx, incidentId, {
    observables: g.observables,
    techniqueIds: g.techniqueIds,
  });
  const around = await attachSubRecords(
    tx,
    ctx,
    incidentId,
    g.subRecords,
    toIncidentId(incidentId) === g.object.id,
  );
  return {
    ...added,
    narrativeIds: around.narrativeIds,
    linkIds: around.linkIds,
    unapplied: sortedUnapplied([...g.unapplied, ...around.unapplied]),
  };
};

/**
 * Accepts an item into the picture: a new incident of the analyst's organisation at the item's
 * marking, or — for a newer version of an object already accepted or merged — the update applied
 * to that incident (a new version in its history). Either way its observables and techniques are
 * attached, the provenance noted, and the object linked to the incident for later versions.
 */
export const acceptWorkbenchItem = async (
  ctx: DecisionCtx,
  id: string,
  input: AcceptWorkbench,
): Promise<WorkbenchDecision> => {
  const { note } = acceptWorkbenchSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadDecidableItem(tx, ctx.actor, id);
    const g = await gather(tx, ctx.actor, row);
    const link = await findIncidentLink(tx, row.ownerOrganisationId, row.stixId);
    if (link && row.versionKey <= link.versionKey)
      throw new AppError('conflict', 'A version as new as this one has already been applied.');
    let incidentId: string;
    let changedFields: string[] = [];
    let mode: 'accepted' | 'updated';
    if (link) {
      const target = await survivingIncident(tx, link.incidentId);
      const access = await loadEditableIncident(tx, ctx.actor, target, { forUpdate: true });
      assertMarkingFits(row.tlp, access.tlp);
      const current = (await findIncident(tx, target))!;
      changedFields = await applyIncidentUpdate(tx, ctx, current, updateValues(current, g.proposed, g.given));
      incidentId = target;
      mode = 'updated';
    } else {
      incidentId = (await createIncidentFromItem(tx, ctx, row, g.proposed)).id;
      mode = 'accepted';
    }
    const applied = await applyAround(tx, ctx, incidentId, g);
    await noteProvenance(tx, ctx, incidentId, row, mode, note);
    await saveIncidentLink(tx, {
      ownerOrganisationId: row.ownerOrganisationId,
      stixId: row.stixId,
      incidentId,
      partnerId: row.partnerId,
      versionKey: row.versionKey,
      workbenchItemId: row.id,
    });
    const now = ctx.now();
    await recordDecision(tx, row.id, {
      status: 'accepted',
      decidedByUserId: ctx.actor.userId,
      decidedAt: now,
      targetIncidentId: incidentId,
      reason: null,
      decision: {
        incidentId,
        ...applied,
        changedFields,
        relatedStixIds: g.related.map((o) => o.stixId),
        note: note ?? null,
      },
    });
    await appendAudit(tx, ctx.audit, {
      action: mode === 'updated' ? 'exchange.workbench_update_applied' : 'exchange.workbench_accepted',
      targetType: 'workbench_item',
      targetId: row.id,
      details: {
        stixId: row.stixId,
        version: row.modified,
        incidentId: toIncidentId(incidentId),
        changedFields,
        narrativeIds: applied.narrativeIds,
        linkIds: applied.linkIds,
        unapplied: applied.unapplied.length,
      },
    });
    return decisionResult(tx, row.id, incidentId, applied);
  });
};

/** Attaches an item to an existing incident: its observables, techniques and a provenance note; later versions update it. */
export const mergeWorkbenchItem = async (
  ctx: DecisionCtx,
  id: string,
  input: MergeWorkbench,
): Promise<WorkbenchDecision> => {
  const data = mergeWorkbenchSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadDecidableItem(tx, ctx.actor, id);
    const incident = await loadEditableIncident(tx, ctx.actor, fromIncidentId(data.incidentId), {
      forUpdate: true,
    });
    assertMarkingFits(row.tlp, incident.tlp);
    const g = await gather(tx, ctx.actor, row);
    const applied = await applyAround(tx, ctx, incident.id, g);
    await noteProvenance(tx, ctx, incident.id, row, 'merged', data.note);
    await saveIncidentLink(tx, {
      ownerOrganisationId: row.ownerOrganisationId,
      stixId: row.stixId,
      incidentId: incident.id,
      partnerId: row.partnerId,
      versionKey: row.versionKey,
      workbenchItemId: row.id,
    });
    const now = ctx.now();
    await recordDecision(tx, row.id, {
      status: 'merged',
      decidedByUserId: ctx.actor.userId,
      decidedAt: now,
      targetIncidentId: incident.id,
      reason: null,
      decision: {
        incidentId: incident.id,
        ...applied,
        changedFields: [],
        relatedStixIds: g.related.map((o) => o.stixId),
        note: data.note ?? null,
      },
    });
    await appendAudit(tx, ctx.audit, {
      action: 'exchange.workbench_merged',
      targetType: 'workbench_item',
      targetId: row.id,
      details: {
        stixId: row.stixId,
        version: row.modified,
        incidentId: data.incidentId,
        narrativeIds: applied.narrativeIds,
        linkIds: applied.linkIds,
        unapplied: applied.unapplied.length,
      },
    });
    return decisionResult(tx, row.id, incident.id, applied);
  });
};

export const rejectWorkbenchItem = async (
  ctx: DecisionCtx,
  id: string,
  input: RejectWorkbench,
): Promise<WorkbenchDecision> => {
  const { reason } = rejectWorkbenchSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadDecidableItem(tx, ctx.actor, id);
    await recordDecision(tx, row.id, {
      status: 'rejected',
      decidedByUserId: ctx.actor.userId,
      decidedAt: ctx.now(),
      targetIncidentId: null,
      reason,
      decision: null,
    });
    await appendAudit(tx, ctx.audit, {
      action: 'exchange.workbench_rejected',
      targetType: 'workbench_item',
      targetId: row.id,
      details: { stixId: row.stixId, version: row.modified, reason },
    });
    return decisionResult(tx, row.id, null, nothingApplied);
  });
};
