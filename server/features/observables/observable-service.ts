import { domainToASCII } from 'node:url';
import type { z } from 'zod';
import type {
  AddObservable,
  IncidentObservable,
  Observable,
  observableIncidentPageSchema,
  observableIncidentsQuerySchema,
} from '../../../shared/contracts/observables.js';
import { addObservableSchema } from '../../../shared/contracts/observables.js';
import {
  fromIncidentId,
  toIncidentId,
  type IncidentStatus,
} from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import { normaliseObservable, splitSocialAccount } from '../../../shared/observables/normalise.js';
import type { ServiceContext } from '../../context.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { appendIncidentEvent } from '../incidents/incident-events.js';
import { loadEditableIncident, loadVisibleIncident } from '../incidents/incident-access.js';
import {
  ensureObservable,
  findObservable,
  isObservableVisible,
  linkObservable,
  listIncidentObservables,
  listObservableIncidents,
  touchIncident,
  unlinkObservable,
  type IncidentObservableRow,
  type ObservableRow,
} from './observable-queries.js';
import { observableStixId } from './observable-stix-id.js';

type Ctx = Pick<ServiceContext, 'db' | 'actor'>;

const presentObservable = (row: ObservableRow): Observable => {
  const account = row.type === 'social_account' ? splitSocialAccount(row.value) : null;
  return {
    id: row.id,
    type: row.type,
    value: row.value,
    platform: account?.platform ?? null,
    handle: account?.handle ?? null,
    stixId: row.stixId,
    createdAt: row.createdAt.toISOString(),
  };
};

const presentIncidentObservable = (row: IncidentObservableRow): IncidentObservable => ({
  ...presentObservable(row),
  note: row.note,
  addedByUserId: row.addedByUserId,
  addedAt: row.addedAt.toISOString(),
  otherIncidentCount: row.otherIncidentCount,
});

export const getIncidentObservables = async (ctx: Ctx, incidentId: string) => {
  const incident = await loadVisibleIncident(ctx.db, ctx.actor, incidentId);
  return {
    items: (await listIncidentObservables(ctx.db, ctx.actor, incident.id)).map(presentIncidentObservable),
  };
};

/**
 * Adds an observable, made the same as every other incident's by its normalised value. Adding one
 * the incident already has changes nothing and answers the existing entry (`created: false`).
 */
export const addIncidentObservable = async (
  ctx: Ctx,
  incidentId: string,
  input: AddObservable,
): Promise<{ created: boolean; item: IncidentObservable }> => {
  const data = addObservableSchema.parse(input);
  const normalised = normaliseObservable(data, { domainToAscii: domainToASCII });
  if (!normalised.ok) {
    throw new AppError('validation_failed', normalised.message, [
      { path: `body.${normalised.field}`, message: normalised.message },
    ]);
  }
  return ctx.db.transaction().execute(async (tx) => {
    const incident = await loadEditableIncident(tx, ctx.actor, incidentId, { forUpdate: true });
    const observable = await ensureObservable(tx, {
      type: normalised.type,
      value: normalised.value,
      stixId: observableStixId(normalised.type, normalised.value),
    });
    const created = await linkObservable(tx, {
      incidentId: incident.id,
      observableId: observable.id,
      addedByUserId: ctx.actor.userId,
      note: data.note,
    });
    if (created) {
      await appendIncidentEvent(tx, ctx.actor, {
        incidentId: incident.id,
        type: 'observable_added',
        data: {
          observableId: observable.id,
          type: observable.type,
          value: observable.value,
          stixId: observable.stixId,
          note: data.note,
        },
      });
      await touchIncident(tx, incident.id);
    }
    const [row] = await listIncidentObservables(tx, ctx.actor, incident.id, observable.id);
    return { created, item: presentIncidentObservable(row!) };
  });
};

export const removeIncidentObservable = async (ctx: Ctx, incidentId: string, observableId: string) =>
  ctx.db.transaction().execute(async (tx) => {
    const incident = await loadEditableIncident(tx, ctx.actor, incidentId, { forUpdate: true });
    const observable = await findObservable(tx, observableId);
    if (!observable || !(await unlinkObservable(tx, incident.id, observableId)))
      throw new AppError('not_found', 'The incident has no such observable.');
    await appendIncidentEvent(tx, ctx.actor, {
      incidentId: incident.id,
      type: 'observable_removed',
      data: { observableId, type: observable.type, value: observable.value, stixId: observable.stixId },
    });
    await touchIncident(tx, incident.id);
  });

export const getObservableIncidents = async (
  ctx: Ctx,
  observableId: string,
  query: z.infer<typeof observableIncidentsQuerySchema>,
): Promise<z.infer<typeof observableIncidentPageSchema>> => {
  const observable = await findObservable(ctx.db, observableId);
  // Reachable only through incidents the caller cannot see: it does not exist for them.
  if (!observable || !(await isObservableVisible(ctx.db, ctx.actor, observableId)))
    throw new AppError('not_found', 'No such observable.');
  const after = decodeCursor<[string, string]>(query.cursor, ['string', 'string']);
  const rows = await listObservableIncidents(ctx.db, ctx.actor, observableId, {
    excludeIncidentId: query.excludeIncidentId ? fromIncidentId(query.excludeIncidentId) : undefined,
    after,
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    observable: presentObservable(observable),
    items: page.map((row) => ({
      id: toIncidentId(row.id),
      title: row.title,
      status: row.status as IncidentStatus,
      severity: row.severity,
      tlp: row.tlp,
      createdAt: row.createdAt.toISOString(),
      addedAt: row.addedAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
  };
};
