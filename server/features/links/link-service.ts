import { canSee } from '../../../shared/access/tlp.js';
import type { CreateLink, IncidentLink } from '../../../shared/contracts/collaboration.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import { appendAudit } from '../audit/audit-log.js';
import { appendIncidentEvent } from '../incidents/incident-events.js';
import {
  findIncidentAccess,
  loadEditableIncident,
  loadVisibleIncident,
} from '../incidents/incident-access.js';
import {
  deleteLink,
  duplicatePathExists,
  findLink,
  insertLink,
  listLinks,
  lockDuplicateGraph,
  touchIncident,
  type LinkRow,
} from './link-queries.js';

const present = (incidentUuid: string, row: LinkRow): IncidentLink => ({
  id: row.id,
  kind: row.kind,
  direction: row.sourceIncidentId === incidentUuid ? 'outgoing' : 'incoming',
  other: {
    id: toIncidentId(row.otherId),
    title: row.otherTitle,
    status: row.otherStatus,
    tlp: row.otherTlp,
  },
  createdByUserId: row.createdByUserId,
  createdAt: row.createdAt.toISOString(),
});

export const getLinks = async (ctx: ServiceContext, incidentId: string): Promise<IncidentLink[]> => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, incidentId);
  return (await listLinks(ctx.db, ctx.actor, incident.id)).map((row) => present(incident.id, row));
};

export const createLink = async (
  ctx: ServiceContext,
  incidentId: string,
  input: CreateLink,
): Promise<IncidentLink> =>
  ctx.db.transaction().execute(async (tx) => {
    const source = await loadEditableIncident(tx, ctx.actor, incidentId);
    const target = await loadVisibleIncident(tx, ctx.actor, input.targetId);
    if (source.id === target.id) throw new AppError('bad_request', 'An incident cannot be linked to itself.');
    if (source.duplicateOfId)
      throw new AppError('conflict', 'This incident was merged into another one; link that one instead.');
    const inserted = await insertLink(tx, {
      sourceIncidentId: source.id,
      targetIncidentId: target.id,
      kind: input.kind,
      createdByUserId: ctx.actor.userId,
    });
    if (!inserted) throw new AppError('conflict', 'These incidents are already linked this way.');
    // The graph lock is taken after the insert has its key locks on both incidents: a merge takes
    // its row locks first and the graph lock second, so the two can never wait on each other.
    if (input.kind === 'duplicate_of') {
      await lockDuplicateGraph(tx);
      if (await duplicatePathExists(tx, target.id, source.id)) {
        throw new AppError(
          'bad_request',
          'The other incident is already (through other links) a duplicate of this one; duplicates cannot form a cycle.',
        );
      }
    }
    const now = ctx.now();
    for (const [self, other, direction] of [
      [source.id, target.id, 'outgoing'],
      [target.id, source.id, 'incoming'],
    ] as const) {
      await touchIncident(tx, self, now);
      await appendIncidentEvent(tx, ctx.actor, {
        incidentId: self,
        type: 'link_added',
        data: { linkId: inserted.id, kind: input.kind, direction, otherId: toIncidentId(other) },
      });
    }
    await appendAudit(tx, ctx.audit, {
      action: 'incident.link_add',
      targetType: 'incident',
      targetId: toIncidentId(source.id),
      details: { linkId: inserted.id, kind: input.kind, targetId: toIncidentId(target.id) },
    });
    const row = (await listLinks(tx, ctx.actor, source.id)).find((l) => l.id === inserted.id)!;
    return present(source.id, row);
  });

/**
 * Anyone who may edit either end may remove a link, as long as they can see the other end: a link
 * whose other end is invisible to them does not exist for them.
 */
export const removeLink = async (ctx: ServiceContext, incidentId: string, linkId: string): Promise<void> =>
  ctx.db.transaction().execute(async (tx) => {
    const incident = await loadVisibleIncident(tx, ctx.actor, incidentId);
    const link = await findLink(tx, linkId);
    if (!link || (link.sourceIncidentId !== incident.id && link.targetIncidentId !== incident.id))
      throw new AppError('not_found', 'No such link.');
    const otherId = link.sourceIncidentId === incident.id ? link.targetIncidentId : link.sourceIncidentId;
    const other = await findIncidentAccess(tx, otherId);
    if (!other || !canSee(ctx.actor, other)) throw new AppError('not_found', 'No such link.');
    await loadEditableIncident(tx, ctx.actor, incidentId);
    await deleteLink(tx, link.id);
    const now = ctx.now();
    for (const [self, peer] of [
      [incident.id, otherId],
      [otherId, incident.id],
    ] as const) {
      await touchIncident(tx, self, now);
      await appendIncidentEvent(tx, ctx.actor, {
        incidentId: self,
        type: 'link_removed',
        data: { linkId: link.id, kind: link.kind, otherId: toIncidentId(peer) },
      });
    }
    await appendAudit(tx, ctx.audit, {
      action: 'incident.link_remove',
      targetType: 'incident',
      targetId: toIncidentId(incident.id),
      details: { linkId: link.id, kind: link.kind, otherId: toIncidentId(otherId) },
    });
  });
