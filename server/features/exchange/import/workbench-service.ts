import type { z } from 'zod';
import { canSee } from '../../../../shared/access/tlp.js';
import type {
  WorkbenchItem,
  workbenchListQuerySchema,
  workbenchPageSchema,
} from '../../../../shared/contracts/exchange-imports.js';
import { auditRedRead, shareableOf } from '../../../access/record-access.js';
import type { ServiceContext } from '../../../context.js';
import { decodeCursor, encodeCursor } from '../../../lib/cursor.js';
import { findIncident } from '../../incidents/incident-queries.js';
import { disarmExternalIdsOf, techniqueOf } from './attack-patterns.js';
import { changesOf, updateValues } from './workbench-apply.js';
import { gather, loadVisibleItem, presentWorkbenchItem, shareableOfItem } from './workbench-access.js';
import {
  findIncidentLink,
  listWorkbenchItems,
  survivingIncident,
  type StoredObject,
} from './workbench-queries.js';

export const listWorkbench = async (
  ctx: Pick<ServiceContext, 'db' | 'actor'>,
  query: z.infer<typeof workbenchListQuerySchema>,
): Promise<z.infer<typeof workbenchPageSchema>> => {
  const after = decodeCursor<[string, string]>(query.cursor, ['string', 'string']);
  const rows = await listWorkbenchItems(ctx.db, ctx.actor, { ...query, after });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentWorkbenchItem),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
  };
};

const stixObjects = (objects: readonly StoredObject[]) =>
  objects.map((o) => o.object as Record<string, unknown>);

export const getWorkbenchItem = async (
  ctx: Pick<ServiceContext, 'db' | 'actor' | 'audit'>,
  id: string,
): Promise<WorkbenchItem> =>
  ctx.db.transaction().execute(async (tx) => {
    const row = await loadVisibleItem(tx, ctx.actor, id);
    await auditRedRead(tx, ctx.audit, { ...shareableOfItem(row), id: row.id }, 'workbench_item');
    const g = await gather(tx, ctx.actor, row);
    const values = g.classified.observables.flatMap((o) => o.becomes);
    const existing =
      values.length === 0
        ? []
        : await tx
            .selectFrom('observables')
            .select(['id', 'type', 'value'])
            .where((eb) =>
              eb.or(values.map((v) => eb.and([eb('type', '=', v.type), eb('value', '=', v.value)]))),
            )
            .execute();
    const existingId = (type: string, value: string) =>
      existing.find((e) => e.type === type && e.value === value)?.id ?? null;

    const presentAttackPatterns = new Map(g.classified.attackPatterns.map((o) => [o.stixId, o.object]));
    const attackPatterns = [...g.apIds].flatMap((stixId) => {
      const object = presentAttackPatterns.get(stixId);
      const techniqueId = object
        ? techniqueOf(object, g.techniques)
        : (g.techniques.find((t) => t.stixId === stixId)?.id ?? null);
      if (!object && !techniqueId) return [];
      const technique = g.techniques.find((t) => t.id === techniqueId);
      return [
        {
          stixId,
          name: typeof object?.name === 'string' ? object.name : (technique?.name ?? stixId),
          externalId: object ? (disarmExternalIdsOf(object)[0] ?? null) : techniqueId,
          techniqueId,
        },
      ];
    });

    const link = await findIncidentLink(tx, row.ownerOrganisationId, row.stixId);
    let changes: WorkbenchItem['changes'] = [];
    if (link) {
      const incident = await findIncident(tx, await survivingIncident(tx, link.incidentId));
      // What would change is shown only to those who may see the incident.
      if (incident && canSee(ctx.actor, shareableOf(incident)))
        changes = Object.entries(changesOf(incident, updateValues(incident, g.proposed, g.given))).map(
          ([field, change]) => ({ field, from: change.from, to: change.to }),
        );
    }
    return {
      ...presentWorkbenchItem(row),
      object: g.object as Record<string, unknown>,
      related: {
        observables: g.classified.observables.map((o) => ({
          stixId: o.object.stixId,
          stixType: o.object.type,
          becomes: o.becomes.map((b) => ({ ...b, existingObservableId: existingId(b.type, b.value) })),
        })),
        attackPatterns,
        relationships: stixObjects(g.classified.relationships),
        sightings: stixObjects(g.classified.sightings),
        markings: stixObjects(g.classified.markings),
        other: stixObjects(g.classified.other),
      },
      proposed: g.proposed,
      changes,
      unapplied: g.unapplied,
    };
  });

export { acceptWorkbenchItem, mergeWorkbenchItem, rejectWorkbenchItem } from './workbench-decisions.js';
