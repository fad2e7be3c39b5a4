import { sql } from 'kysely';
import { canChangeMarking } from '../../../shared/access/tlp.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import type { Tx } from '../../db/connection.js';
import { appendAudit } from '../audit/audit-log.js';
import { appendIncidentEvent } from '../incidents/incident-events.js';
import {
  incidentStewards,
  loadEditableIncident,
  type IncidentAccessRow,
} from '../incidents/incident-access.js';
import { duplicateCycleThrough, lockDuplicateGraph } from './link-queries.js';

const count = (result: {
  numUpdatedRows?: bigint;
  numInsertedOrUpdatedRows?: bigint;
  numAffectedRows?: bigint;
}) => Number(result.numAffectedRows ?? result.numUpdatedRows ?? result.numInsertedOrUpdatedRows ?? 0n);

const moveObservables = async (tx: Tx, from: string, to: string): Promise<number> => {
  const moved = await sql`
    insert into incident_observables (incident_id, observable_id, added_by_user_id, added_at, note)
    select ${to}::uuid, observable_id, added_by_user_id, added_at, note
      from incident_observables where incident_id = ${from}::uuid
    on conflict do nothing`.execute(tx);
  await sql`delete from incident_observables where incident_id = ${from}::uuid`.execute(tx);
  return count(moved);
};

/** DISARM techniques and narratives of the duplicate now describe the survivor. */
const moveTechniquesAndNarratives = async (tx: Tx, from: string, to: string): Promise<number> => {
  const techniques = await sql`
    insert into incident_techniques (incident_id, technique_id, added_by_user_id, added_at)
    select ${to}::uuid, technique_id, added_by_user_id, added_at
      from incident_techniques where incident_id = ${from}::uuid
    on conflict do nothing`.execute(tx);
  await sql`delete from incident_techniques where incident_id = ${from}::uuid`.execute(tx);
  const narratives = await sql`
    insert into incident_narratives (incident_id, narrative_id, linked_by_user_id, linked_at)
    select ${to}::uuid, narrative_id, linked_by_user_id, linked_at
      from incident_narratives where incident_id = ${from}::uuid
    on conflict do nothing`.execute(tx);
  await sql`delete from incident_narratives where incident_id = ${from}::uuid`.execute(tx);
  return count(techniques) + count(narratives);
};

const moveLinks = async (tx: Tx, from: string, to: string): Promise<number> => {
  // Re-pointed links that would join the survivor to itself, or repeat one it has, are dropped.
  const moved = await sql`
    insert into incident_links (source_incident_id, target_incident_id, kind, created_by_user_id, created_at)
    select s, t, kind, created_by_user_id, created_at from (
      select case when source_incident_id = ${from}::uuid then ${to}::uuid else source_incident_id end as s,
             case when target_incident_id = ${from}::uuid then ${to}::uuid else target_incident_id end as t,
             kind, created_by_user_id, created_at
        from incident_links
       where source_incident_id = ${from}::uuid or target_incident_id = ${from}::uuid
    ) repointed
    where s <> t
    on conflict do nothing`.execute(tx);
  await tx
    .deleteFrom('incidentLinks')
    .where((eb) => eb.or([eb('sourceIncidentId', '=', from), eb('targetIncidentId', '=', from)]))
    .execute();
  return count(moved);
};

/** One corroboration per organisation: of two, the earlier stays. */
const moveCorroborations = async (tx: Tx, from: string, to: IncidentAccessRow): Promise<number> => {
  await sql`
    delete from corroborations c using corroborations o
     where c.incident_id in (${from}::uuid, ${to.id}::uuid) and o.incident_id in (${from}::uuid, ${to.id}::uuid)
       and c.incident_id <> o.incident_id and c.organisation_id = o.organisation_id
       and (c.created_at, c.id) > (o.created_at, o.id)`.execute(tx);
  // An organisation does not corroborate its own incident.
  await tx
    .deleteFrom('corroborations')
    .where('incidentId', '=', from)
    .where('organisationId', '=', to.ownerOrganisationId)
    .execute();
  const moved = await tx
    .updateTable('corroborations')
    .set({ incidentId: to.id })
    .where('incidentId', '=', from)
    .executeTakeFirst();
  await sql`
    update incidents i set corroboration_count = (select count(*) from corroborations c where c.incident_id = i.id)
     where i.id in (${from}::uuid, ${to.id}::uuid)`.execute(tx);
  return Number(moved.numUpdatedRows);
};

/**
 * Merges the duplicate into the survivor in the caller's transaction: observables, comments,
 * attachments, corroborations and links move to the survivor, and the duplicate stays as a
 * closed tombstone (closing reason `duplicate`, duplicate_of_id = survivor). Call it before
 * changing the duplicate's status yourself; it refuses an incident already merged.
 */
export const mergeIncidents = async (
  tx: Tx,
  ctx: ServiceContext,
  duplicateUuid: string,
  survivorUuid: string,
): Promise<void> => {
  if (duplicateUuid === survivorUuid)
    throw new AppError('bad_request', 'An incident cannot be merged into itself.');
  // Row locks in a stable order, so that two merges of the same pair cannot deadlock.
  const locked = new Map<string, IncidentAccessRow>();
  for (const id of [duplicateUuid, survivorUuid].sort()) {
    locked.set(id, await loadEditableIncident(tx, ctx.actor, id, { forUpdate: true }));
  }
  const duplicate = locked.get(duplicateUuid)!;
  const survivor = locked.get(survivorUuid)!;
  if (duplicate.duplicateOfId)
    throw new AppError('bad_request', 'This incident has already been merged into another one.');
  if (survivor.duplicateOfId)
    throw new AppError(
      'bad_request',
      'The chosen incident has itself been merged into another one; merge into that one instead.',
    );
  // The duplicate's comments, attachments and observables become readable to everyone who sees the
  // survivor: that is a change of their marking, which only the duplicate's owner may widen.
  if (
    !canChangeMarking(
      ctx.actor,
      duplicate,
      { tlp: survivor.tlp, sharedWith: survivor.sharedWith },
      { stewardOrganisationIds: incidentStewards(duplicate) },
    )
  )
    throw new AppError(
      'forbidden',
      'The chosen incident is shared more widely than this one; only the owning organisation of this incident may merge it there.',
    );
  await lockDuplicateGraph(tx);

  const now = ctx.now();
  const moved = {
    observables: await moveObservables(tx, duplicate.id, survivor.id),
    comments: Number(
      (
        await tx
          .updateTable('comments')
          .set({ incidentId: survivor.id })
          .where('incidentId', '=', duplicate.id)
          .executeTakeFirst()
      ).numUpdatedRows,
    ),
    attachments: Number(
      (
        await tx
          .updateTable('attachments')
          .set({ incidentId: survivor.id })
          .where('incidentId', '=', duplicate.id)
          .executeTakeFirst()
      ).numUpdatedRows,
    ),
    corroborations: await moveCorroborations(tx, duplicate.id, survivor),
    links: await moveLinks(tx, duplicate.id, survivor.id),
    techniquesAndNarratives: await moveTechniquesAndNarratives(tx, duplicate.id, survivor.id),
  };
  await tx
    .updateTable('incidents')
    .set((eb) => ({
      status: 'closed',
      closingReason: 'duplicate',
      duplicateOfId: survivor.id,
      version: eb('version', '+', 1),
      updatedAt: now,
    }))
    .where('id', '=', duplicate.id)
    .execute();
  await tx.updateTable('incidents').set({ updatedAt: now }).where('id', '=', survivor.id).execute();
  if (await duplicateCycleThrough(tx, survivor.id))
    throw new AppError('bad_request', 'This merge would make the incidents duplicates of each other.');

  await appendIncidentEvent(tx, ctx.actor, {
    incidentId: duplicate.id,
    type: 'merged_into',
    data: { survivorId: toIncidentId(survivor.id), status: 'closed', closingReason: 'duplicate' },
  });
  await appendIncidentEvent(tx, ctx.actor, {
    incidentId: survivor.id,
    type: 'merged_from',
    data: { duplicateId: toIncidentId(duplicate.id), moved },
  });
  await appendAudit(tx, ctx.audit, {
    action: 'incident.merge',
    targetType: 'incident',
    targetId: toIncidentId(duplicate.id),
    details: { survivorId: toIncidentId(survivor.id), moved },
  });
};
