import type {
  Corroboration,
  CreateCorroboration,
  UpdateCorroboration,
} from '../../../shared/contracts/collaboration.js';
import { createCorroborationSchema } from '../../../shared/contracts/collaboration.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import type { Tx } from '../../db/connection.js';
import { appendAudit } from '../audit/audit-log.js';
import { appendIncidentEvent } from '../incidents/incident-events.js';
import { loadVisibleIncident } from '../incidents/incident-access.js';
import {
  areaExists,
  deleteCorroboration,
  findCorroboration,
  insertCorroboration,
  listCorroborations,
  syncCorroborationCount,
  updateCorroborationRow,
  type CorroborationRow,
} from './corroboration-queries.js';

const present = (row: CorroborationRow): Corroboration => ({
  id: row.id,
  organisation: {
    id: row.organisationId,
    shortName: row.shortName,
    name: { fi: row.nameFi, sv: row.nameSv, en: row.nameEn },
  },
  user: row.userId && row.userName ? { id: row.userId, name: row.userName } : null,
  note: row.note,
  observedAt: row.observedAt?.toISOString() ?? null,
  areaCode: row.areaCode,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const checkArea = async (tx: Tx, code: string | null | undefined) => {
  if (code && !(await areaExists(tx, code)))
    throw new AppError('validation_failed', 'No such area.', [
      { path: 'body.areaCode', message: 'Unknown area code.' },
    ]);
};

export const getCorroborations = async (
  ctx: ServiceContext,
  incidentId: string,
): Promise<Corroboration[]> => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, incidentId);
  return (await listCorroborations(ctx.db, incident.id)).map(present);
};

/** Any content-creating role of an organisation that can see the incident, except the owner's. */
export const corroborate = async (
  ctx: ServiceContext,
  incidentId: string,
  input: CreateCorroboration,
): Promise<Corroboration> => {
  const data = createCorroborationSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const incident = await loadVisibleIncident(tx, ctx.actor, incidentId, { forUpdate: true });
    if (incident.ownerOrganisationId === ctx.actor.organisationId)
      throw new AppError(
        'bad_request',
        "This is your own organisation's incident; only others can corroborate it.",
      );
    if (incident.duplicateOfId)
      throw new AppError(
        'conflict',
        'This incident was merged into another one; corroborate that one instead.',
      );
    await checkArea(tx, data.areaCode);
    const inserted = await insertCorroboration(tx, {
      incidentId: incident.id,
      organisationId: ctx.actor.organisationId,
      userId: ctx.actor.userId,
      note: data.note,
      observedAt: data.observedAt,
      areaCode: data.areaCode,
    });
    if (!inserted)
      throw new AppError(
        'conflict',
        'Your organisation has already corroborated this incident; change that instead.',
      );
    await syncCorroborationCount(tx, incident.id, ctx.now());
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId: incident.id,
      type: 'corroboration_added',
      data: { corroborationId: inserted.id, organisationId: ctx.actor.organisationId },
    });
    await appendAudit(tx, ctx.audit, {
      action: 'incident.corroborate',
      targetType: 'incident',
      targetId: toIncidentId(incident.id),
      details: { corroborationId: inserted.id },
    });
    return present((await findCorroboration(tx, incident.id, inserted.id))!);
  });
};

/** Only the corroborating organisation changes or withdraws its corroboration. */
const loadOwnCorroboration = async (tx: Tx, ctx: ServiceContext, incidentId: string, id: string) => {
  const incident = await loadVisibleIncident(tx, ctx.actor, incidentId, { forUpdate: true });
  const row = await findCorroboration(tx, incident.id, id);
  if (!row) throw new AppError('not_found', 'No such corroboration.');
  if (row.organisationId !== ctx.actor.organisationId)
    throw new AppError('forbidden', 'Only the corroborating organisation can change its corroboration.');
  return { incident, row };
};

export const updateCorroboration = async (
  ctx: ServiceContext,
  incidentId: string,
  id: string,
  input: UpdateCorroboration,
): Promise<Corroboration> =>
  ctx.db.transaction().execute(async (tx) => {
    const { incident } = await loadOwnCorroboration(tx, ctx, incidentId, id);
    await checkArea(tx, input.areaCode);
    const now = ctx.now();
    await updateCorroborationRow(tx, id, input, now);
    await tx.updateTable('incidents').set({ updatedAt: now }).where('id', '=', incident.id).execute();
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId: incident.id,
      type: 'corroboration_updated',
      data: { corroborationId: id, organisationId: ctx.actor.organisationId },
    });
    return present((await findCorroboration(tx, incident.id, id))!);
  });

export const withdrawCorroboration = async (
  ctx: ServiceContext,
  incidentId: string,
  id: string,
): Promise<void> =>
  ctx.db.transaction().execute(async (tx) => {
    const { incident } = await loadOwnCorroboration(tx, ctx, incidentId, id);
    await deleteCorroboration(tx, id);
    await syncCorroborationCount(tx, incident.id, ctx.now());
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId: incident.id,
      type: 'corroboration_removed',
      data: { corroborationId: id, organisationId: ctx.actor.organisationId },
    });
    await appendAudit(tx, ctx.audit, {
      action: 'incident.corroboration_withdraw',
      targetType: 'incident',
      targetId: toIncidentId(incident.id),
      details: { corroborationId: id },
    });
  });
