import type { z } from 'zod';
import type {
  disarmMatrixSchema,
  disarmTacticListSchema,
  disarmTechniqueListSchema,
  incidentTechniqueListSchema,
  ReplaceTechniques,
  techniqueSearchQuerySchema,
} from '../../../shared/contracts/disarm.js';
import { replaceTechniquesSchema } from '../../../shared/contracts/disarm.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import type { Db, Tx } from '../../db/connection.js';
import { appendIncidentEvent } from '../incidents/incident-events.js';
import { loadEditableIncident, loadVisibleIncident } from '../incidents/incident-access.js';
import { disarmAttribution } from './disarm-attribution.js';
import {
  addIncidentTechniques,
  electionExists,
  existingTechniqueIds,
  listIncidentTechniques,
  listPhases,
  listTactics,
  listTechniqueNames,
  matrixCounts,
  removeIncidentTechniques,
  searchTechniques,
} from './disarm-queries.js';

type Ctx = Pick<ServiceContext, 'db' | 'actor'>;

const presentPhases = async (db: Db) =>
  (await listPhases(db)).map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    order: p.sortOrder,
  }));

export const getTactics = async (db: Db): Promise<z.infer<typeof disarmTacticListSchema>> => ({
  phases: await presentPhases(db),
  items: (await listTactics(db)).map(({ sortOrder, ...t }) => ({ ...t, order: sortOrder })),
  attribution: disarmAttribution,
});

export const getTechniques = async (
  db: Db,
  query: z.infer<typeof techniqueSearchQuerySchema>,
): Promise<z.infer<typeof disarmTechniqueListSchema>> => ({
  items: await searchTechniques(db, {
    q: query.q || undefined,
    tacticId: query.tacticId,
    limit: query.limit,
  }),
  attribution: disarmAttribution,
});

/** Tactics as columns in phase order, each with its techniques and the visible incidents using them. */
export const getMatrix = async (
  ctx: Ctx,
  electionId: string | undefined,
): Promise<z.infer<typeof disarmMatrixSchema>> => {
  if (electionId && !(await electionExists(ctx.db, electionId)))
    throw new AppError('not_found', 'No such election.');
  const [tactics, techniques, counts] = await Promise.all([
    listTactics(ctx.db),
    listTechniqueNames(ctx.db),
    matrixCounts(ctx.db, ctx.actor, electionId),
  ]);
  const byTechnique = new Map<string, number>();
  const byTactic = new Map<string, number>();
  for (const row of counts) {
    if (row.techniqueId === null) byTactic.set(row.tacticId, row.n);
    else byTechnique.set(row.techniqueId, row.n);
  }
  return {
    phases: await presentPhases(ctx.db),
    tactics: tactics.map((tactic) => ({
      id: tactic.id,
      name: tactic.name,
      phaseId: tactic.phaseId,
      order: tactic.sortOrder,
      incidentCount: byTactic.get(tactic.id) ?? 0,
      techniques: techniques
        .filter((t) => t.tacticId === tactic.id)
        .map((t) => ({
          id: t.id,
          name: t.name,
          parentId: t.parentId,
          incidentCount: byTechnique.get(t.id) ?? 0,
        })),
    })),
    electionId: electionId ?? null,
    attribution: disarmAttribution,
  };
};

const presentIncidentTechniques = async (
  db: Db | Tx,
  incidentId: string,
): Promise<z.infer<typeof incidentTechniqueListSchema>> => ({
  incidentId: toIncidentId(incidentId),
  items: (await listIncidentTechniques(db, incidentId)).map((row) => ({
    ...row,
    addedAt: row.addedAt.toISOString(),
  })),
});

export const getIncidentTechniques = async (ctx: Ctx, incidentId: string) => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, incidentId);
  return presentIncidentTechniques(ctx.db, incident.id);
};

/** Replaces the incident's set of techniques; one event records what was added and removed. */
export const replaceIncidentTechniques = async (ctx: Ctx, incidentId: string, input: ReplaceTechniques) => {
  const wanted = [...new Set(replaceTechniquesSchema.parse(input).techniqueIds)].sort();
  return ctx.db.transaction().execute(async (tx) => {
    const incident = await loadEditableIncident(tx, ctx.actor, incidentId, { forUpdate: true });
    const known = await existingTechniqueIds(tx, wanted);
    const unknown = wanted.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new AppError(
        'validation_failed',
        `Unknown DISARM technique${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
        unknown.map((id) => ({ path: 'body.techniqueIds', message: `Unknown technique ${id}.` })),
      );
    }
    const current = new Set((await listIncidentTechniques(tx, incident.id)).map((t) => t.id));
    const added = wanted.filter((id) => !current.has(id));
    const removed = [...current].filter((id) => !wanted.includes(id)).sort();
    if (added.length > 0 || removed.length > 0) {
      await removeIncidentTechniques(tx, incident.id, removed);
      await addIncidentTechniques(tx, incident.id, added, ctx.actor.userId);
      await appendIncidentEvent(tx, ctx.actor, {
        incidentId: incident.id,
        type: 'techniques_changed',
        data: { added, removed },
      });
      await tx
        .updateTable('incidents')
        .set({ updatedAt: new Date() })
        .where('id', '=', incident.id)
        .execute();
    }
    return presentIncidentTechniques(tx, incident.id);
  });
};
