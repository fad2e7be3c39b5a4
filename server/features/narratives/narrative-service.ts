import type { z } from 'zod';
import { canChangeMarking, canEdit, type Shareable } from '../../../shared/access/tlp.js';
import { toIncidentId, type IncidentStatus } from '../../../shared/contracts/incident-enums.js';
import type {
  CreateNarrative,
  linkedIncidentPageSchema,
  Narrative,
  narrativeIncidentsQuerySchema,
  narrativeListQuerySchema,
  narrativeListSchema,
  NarrativeTimeline,
  timelineQuerySchema,
  UpdateNarrative,
} from '../../../shared/contracts/narratives.js';
import { createNarrativeSchema, incidentNarrativeSchema } from '../../../shared/contracts/narratives.js';
import { AppError } from '../../../shared/errors.js';
import { assertVisible, auditRedRead, shareableOf } from '../../access/record-access.js';
import type { ServiceContext } from '../../context.js';
import type { Tx } from '../../db/connection.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { appendAudit } from '../audit/audit-log.js';
import { appendIncidentEvent } from '../incidents/incident-events.js';
import { loadEditableIncident, loadVisibleIncident } from '../incidents/incident-access.js';
import {
  countSharingTargets,
  findNarrative,
  insertNarrative,
  linkNarrative,
  listIncidentNarratives,
  listLinkedIncidents,
  listNarratives,
  timelineCounts,
  unlinkNarrative,
  updateNarrativeRow,
  type NarrativeRow,
} from './narrative-queries.js';

type Ctx = Pick<ServiceContext, 'db' | 'actor'>;

const asShareable = (row: NarrativeRow): Shareable & { id: string } => ({ id: row.id, ...shareableOf(row) });

const present = (ctx: Ctx, row: NarrativeRow): Narrative => {
  const record = asShareable(row);
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    ...shareableOf(row),
    incidentCount: row.incidentCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    permissions: {
      edit: canEdit(ctx.actor, record),
      changeMarking: canChangeMarking(ctx.actor, record, {
        tlp: 'clear',
        sharedWith: { organisations: ['*'], communities: [], users: [] },
      }),
    },
  };
};

/** 404 unless the actor may see it. */
const loadVisibleNarrative = async (tx: Tx | Ctx['db'], ctx: Ctx, id: string, forUpdate = false) => {
  const row = await findNarrative(tx, ctx.actor, id, { forUpdate });
  assertVisible(ctx.actor, row ? asShareable(row) : undefined, 'narrative');
  return row!;
};

const checkSharing = async (
  tx: Tx,
  sharedWith: { organisations: string[]; communities: string[]; users: string[] },
) => {
  const unique = {
    organisations: [...new Set(sharedWith.organisations)],
    communities: [...new Set(sharedWith.communities)],
    users: [...new Set(sharedWith.users)],
  };
  const found = await countSharingTargets(tx, unique);
  const issues = (['organisations', 'communities', 'users'] as const)
    .filter((kind) => found[kind] !== unique[kind].length)
    .map((kind) => ({ path: `body.sharedWith.${kind}`, message: `Unknown ${kind.slice(0, -1)}.` }));
  if (issues.length > 0)
    throw new AppError(
      'validation_failed',
      'The narrative is shared with someone who does not exist.',
      issues,
    );
  return unique;
};

export const getNarratives = async (
  ctx: Ctx,
  query: z.infer<typeof narrativeListQuerySchema>,
): Promise<z.infer<typeof narrativeListSchema>> => {
  const rows = await listNarratives(ctx.db, ctx.actor, {
    q: query.q || undefined,
    status: query.status,
    after: decodeCursor<[string, string]>(query.cursor, ['string', 'string']),
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => present(ctx, row)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
  };
};

export const getNarrative = async (ctx: ServiceContext, id: string): Promise<Narrative> =>
  ctx.db.transaction().execute(async (tx) => {
    const row = await loadVisibleNarrative(tx, ctx, id);
    await auditRedRead(tx, ctx.audit, asShareable(row), 'narrative');
    return present(ctx, row);
  });

export const createNarrative = async (ctx: ServiceContext, input: CreateNarrative): Promise<Narrative> => {
  const data = createNarrativeSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const sharedWith = await checkSharing(tx, data.sharedWith);
    const { id } = await insertNarrative(tx, {
      title: data.title,
      description: data.description,
      status: data.status,
      tlp: data.tlp,
      ownerOrganisationId: ctx.actor.organisationId,
      authorUserId: ctx.actor.userId,
      sharedOrganisationIds: sharedWith.organisations,
      sharedCommunityIds: sharedWith.communities,
      sharedUserIds: sharedWith.users,
    });
    await appendAudit(tx, ctx.audit, {
      action: 'narrative.create',
      targetType: 'narrative',
      targetId: id,
      details: { title: data.title, status: data.status, tlp: data.tlp, sharedWith },
    });
    return present(ctx, (await findNarrative(tx, ctx.actor, id))!);
  });
};

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/**
 * Title, description and status need the right to edit. The marking and sharing follow TLP 2.0:
 * anyone who sees the narrative may raise or narrow them, only its owning organisation may lower
 * or widen them (canChangeMarking). Every change of marking is audited with before and after.
 */
export const updateNarrative = async (
  ctx: ServiceContext,
  id: string,
  input: UpdateNarrative,
): Promise<Narrative> =>
  ctx.db.transaction().execute(async (tx) => {
    const row = await loadVisibleNarrative(tx, ctx, id, true);
    const record = asShareable(row);
    const content = {
      ...(input.title !== undefined && input.title !== row.title ? { title: input.title } : {}),
      ...(input.description !== undefined && input.description !== row.description
        ? { description: input.description }
        : {}),
      ...(input.status !== undefined && input.status !== row.status ? { status: input.status } : {}),
    };
    if (Object.keys(content).length > 0 && !canEdit(ctx.actor, record))
      throw new AppError('forbidden', 'Your role does not allow changing this narrative.');

    const nextSharing = input.sharedWith
      ? await checkSharing(tx, {
          organisations: input.sharedWith.organisations ?? [],
          communities: input.sharedWith.communities ?? [],
          users: input.sharedWith.users ?? [],
        })
      : shareableOf(row).sharedWith;
    const next = { tlp: input.tlp ?? row.tlp, sharedWith: nextSharing };
    const markingChanged =
      next.tlp !== row.tlp ||
      !sameList(nextSharing.organisations, row.sharedOrganisationIds) ||
      !sameList(nextSharing.communities, row.sharedCommunityIds) ||
      !sameList(nextSharing.users, row.sharedUserIds);
    if (markingChanged && !canChangeMarking(ctx.actor, record, next))
      throw new AppError(
        'forbidden',
        'Only the owning organisation may lower the marking or share the narrative more widely.',
      );

    if (Object.keys(content).length === 0 && !markingChanged) return present(ctx, row);
    await updateNarrativeRow(tx, row.id, {
      ...content,
      ...(markingChanged
        ? {
            tlp: next.tlp,
            sharedOrganisationIds: nextSharing.organisations,
            sharedCommunityIds: nextSharing.communities,
            sharedUserIds: nextSharing.users,
          }
        : {}),
    });
    if (Object.keys(content).length > 0)
      await appendAudit(tx, ctx.audit, {
        action: 'narrative.update',
        targetType: 'narrative',
        targetId: row.id,
        details: { changes: content },
      });
    if (markingChanged)
      await appendAudit(tx, ctx.audit, {
        action: 'narrative.marking_change',
        targetType: 'narrative',
        targetId: row.id,
        details: { from: { tlp: record.tlp, sharedWith: record.sharedWith }, to: next },
      });
    // Raising the marking may take the narrative out of the caller's sight; they still get the
    // answer to their own change (permissions then say what they may no longer do).
    return present(ctx, (await findNarrative(tx, ctx.actor, row.id))!);
  });

export const getNarrativeIncidents = async (
  ctx: Ctx,
  id: string,
  query: z.infer<typeof narrativeIncidentsQuerySchema>,
): Promise<z.infer<typeof linkedIncidentPageSchema>> => {
  const narrative = await loadVisibleNarrative(ctx.db, ctx, id);
  const rows = await listLinkedIncidents(ctx.db, ctx.actor, narrative.id, {
    after: decodeCursor<[string, string]>(query.cursor, ['string', 'string']),
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: toIncidentId(row.id),
      title: row.title,
      status: row.status as IncidentStatus,
      severity: row.severity,
      tlp: row.tlp,
      firstSeen: row.firstSeen?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      linkedAt: row.linkedAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
  };
};

const DAY_MS = 86_400_000;

export const getNarrativeTimeline = async (
  ctx: Ctx,
  id: string,
  query: z.infer<typeof timelineQuerySchema>,
): Promise<NarrativeTimeline> => {
  const narrative = await loadVisibleNarrative(ctx.db, ctx, id);
  const rows = await timelineCounts(ctx.db, ctx.actor, narrative.id, query.bucket, query.by);
  const points: NarrativeTimeline['points'] = [];
  if (rows.length > 0) {
    const counts = new Map(rows.map((r) => [r.start, r.n]));
    const step = (query.bucket === 'week' ? 7 : 1) * DAY_MS;
    const end = Date.parse(`${rows[rows.length - 1]!.start}T00:00:00Z`);
    for (let t = Date.parse(`${rows[0]!.start}T00:00:00Z`); t <= end; t += step) {
      const start = new Date(t).toISOString().slice(0, 10);
      points.push({ start, count: counts.get(start) ?? 0 });
    }
  }
  return { bucket: query.bucket, by: query.by, points };
};

const presentLink = (row: Awaited<ReturnType<typeof listIncidentNarratives>>[number]) =>
  incidentNarrativeSchema.parse({ ...row, linkedAt: row.linkedAt.toISOString() });

export const getIncidentNarratives = async (ctx: Ctx, incidentId: string) => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, incidentId);
  return { items: (await listIncidentNarratives(ctx.db, ctx.actor, incident.id)).map(presentLink) };
};

/**
 * Links need the right to edit the incident and sight of the narrative. The event names the
 * narrative by id only: its title may be more restricted than the incident.
 */
export const linkIncidentNarrative = async (ctx: Ctx, incidentId: string, narrativeId: string) =>
  ctx.db.transaction().execute(async (tx) => {
    const incident = await loadEditableIncident(tx, ctx.actor, incidentId, { forUpdate: true });
    await loadVisibleNarrative(tx, ctx, narrativeId);
    const created = await linkNarrative(tx, {
      incidentId: incident.id,
      narrativeId,
      linkedByUserId: ctx.actor.userId,
    });
    if (created) {
      await appendIncidentEvent(tx, ctx.actor, {
        incidentId: incident.id,
        type: 'narrative_linked',
        data: { narrativeId },
      });
      await tx
        .updateTable('incidents')
        .set({ updatedAt: new Date() })
        .where('id', '=', incident.id)
        .execute();
    }
    const [row] = await listIncidentNarratives(tx, ctx.actor, incident.id, narrativeId);
    return { created, item: presentLink(row!) };
  });

export const unlinkIncidentNarrative = async (ctx: Ctx, incidentId: string, narrativeId: string) =>
  ctx.db.transaction().execute(async (tx) => {
    const incident = await loadEditableIncident(tx, ctx.actor, incidentId, { forUpdate: true });
    await loadVisibleNarrative(tx, ctx, narrativeId);
    if (!(await unlinkNarrative(tx, incident.id, narrativeId)))
      throw new AppError('not_found', 'The incident is not linked to this narrative.');
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId: incident.id,
      type: 'narrative_unlinked',
      data: { narrativeId },
    });
    await tx.updateTable('incidents').set({ updatedAt: new Date() }).where('id', '=', incident.id).execute();
  });
