import { sql } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import type { LinkKind } from '../../../shared/contracts/collaboration.js';
import { visibleTo } from '../../access/visibility-scope.js';
import type { Db, Tx } from '../../db/connection.js';

/**
 * Serialises every change to the graph of duplicates (duplicate_of links and merges), so that two
 * concurrent changes cannot each pass the cycle check and together close a cycle.
 */
const DUPLICATE_GRAPH_LOCK = 7351021;
export const lockDuplicateGraph = async (tx: Tx): Promise<void> => {
  await sql`select pg_advisory_xact_lock(${DUPLICATE_GRAPH_LOCK})`.execute(tx);
};

/** Links of an incident in both directions whose other end the actor may see. */
export const listLinks = (db: Db | Tx, actor: Actor, incidentUuid: string) =>
  db
    .selectFrom('incidentLinks as l')
    .innerJoin('incidents as o', (join) =>
      join.on(
        sql<boolean>`o.id = case when l.source_incident_id = ${incidentUuid}::uuid then l.target_incident_id else l.source_incident_id end`,
      ),
    )
    .select([
      'l.id',
      'l.kind',
      'l.sourceIncidentId',
      'l.createdByUserId',
      'l.createdAt',
      'o.id as otherId',
      'o.title as otherTitle',
      'o.status as otherStatus',
      'o.tlp as otherTlp',
    ])
    .where((eb) =>
      eb.or([eb('l.sourceIncidentId', '=', incidentUuid), eb('l.targetIncidentId', '=', incidentUuid)]),
    )
    .where(visibleTo(actor, 'o'))
    .orderBy('l.createdAt')
    .orderBy('l.id')
    .execute();

export type LinkRow = Awaited<ReturnType<typeof listLinks>>[number];

export const findLink = (db: Db | Tx, linkId: string) =>
  db.selectFrom('incidentLinks').selectAll().where('id', '=', linkId).executeTakeFirst();

export const insertLink = (
  tx: Tx,
  values: { sourceIncidentId: string; targetIncidentId: string; kind: LinkKind; createdByUserId: string },
) =>
  tx
    .insertInto('incidentLinks')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();

export const deleteLink = (tx: Tx, linkId: string) =>
  tx.deleteFrom('incidentLinks').where('id', '=', linkId).execute();

/**
 * Whether `to` can be reached from `from` by following "is a duplicate of" edges: duplicate_of
 * links and the duplicate_of_id of merged incidents.
 */
export const duplicatePathExists = async (db: Db | Tx, from: string, to: string): Promise<boolean> => {
  const result = await sql<{ found: boolean }>`
    with recursive reach(id) as (
      select ${from}::uuid
      union
      select e.target from reach r join (
        select source_incident_id as source, target_incident_id as target
          from incident_links where kind = 'duplicate_of'
        union all
        select id, duplicate_of_id from incidents where duplicate_of_id is not null
      ) e on e.source = r.id
    )
    select exists (select 1 from reach where id = ${to}::uuid) as found`.execute(db);
  return result.rows[0]?.found ?? false;
};

/** Whether any cycle of duplicates passes through the incident. */
export const duplicateCycleThrough = async (db: Db | Tx, incidentUuid: string): Promise<boolean> => {
  const result = await sql<{ found: boolean }>`
    with recursive reach(id) as (
      select e.target from (
        select source_incident_id as source, target_incident_id as target
          from incident_links where kind = 'duplicate_of'
        union all
        select id, duplicate_of_id from incidents where duplicate_of_id is not null
      ) e where e.source = ${incidentUuid}::uuid
      union
      select e.target from reach r join (
        select source_incident_id as source, target_incident_id as target
          from incident_links where kind = 'duplicate_of'
        union all
        select id, duplicate_of_id from incidents where duplicate_of_id is not null
      ) e on e.source = r.id
    )
    select exists (select 1 from reach where id = ${incidentUuid}::uuid) as found`.execute(db);
  return result.rows[0]?.found ?? false;
};

/** Sub-records changed: the incident's updated_at moves, its version (guarding the main fields) does not. */
export const touchIncident = (tx: Tx, incidentUuid: string, now: Date) =>
  tx.updateTable('incidents').set({ updatedAt: now }).where('id', '=', incidentUuid).execute();
