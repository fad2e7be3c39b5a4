import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../../../shared/access/roles.js';
import type { WorkbenchKind, WorkbenchStatus } from '../../../../shared/contracts/exchange-imports.js';
import { visibleTo } from '../../../access/visibility-scope.js';
import type { Db, Tx } from '../../../db/connection.js';
import type { WorkbenchDecisionRecord } from '../../../db/schema-exchange-imports.js';
import type { StixObject } from '../stix/stix-types.js';
import { objectText } from './stix-import-queries.js';

const itemColumns = [
  'w.id',
  'w.tlp',
  'w.ownerOrganisationId',
  'w.authorUserId',
  'w.sharedOrganisationIds',
  'w.sharedCommunityIds',
  'w.sharedUserIds',
  'w.stixId',
  'w.stixType',
  'w.versionKey',
  'w.modified',
  'w.title',
  'w.kind',
  'w.status',
  'w.importId',
  'w.partnerId',
  'w.targetIncidentId',
  'w.decidedByUserId',
  'w.decidedAt',
  'w.reason',
  'w.createdAt',
  'w.updatedAt',
  'si.source',
  'si.bundleId',
  'si.receivedByUserId',
  'si.receivedAt',
  'ru.name as receivedByName',
  'du.name as decidedByName',
] as const;

const itemsQuery = (db: Db | Tx) =>
  db
    .selectFrom('workbenchItems as w')
    .innerJoin('stixImports as si', 'si.id', 'w.importId')
    .leftJoin('users as ru', 'ru.id', 'si.receivedByUserId')
    .leftJoin('users as du', 'du.id', 'w.decidedByUserId')
    .leftJoin('partners as p', 'p.id', 'w.partnerId')
    .select(itemColumns)
    .select('p.name as partnerName');

export type WorkbenchRow = Awaited<ReturnType<ReturnType<typeof itemsQuery>['executeTakeFirstOrThrow']>>;

export const findWorkbenchItem = async (
  db: Db | Tx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<WorkbenchRow | undefined> => {
  let query = itemsQuery(db).where('w.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('w');
  return query.executeTakeFirst();
};

/** The actor's organisation's queue: what it owns or was shared, of what the actor may see. */
export const listWorkbenchItems = (
  db: Db,
  actor: Actor,
  filters: {
    status?: WorkbenchStatus | undefined;
    kind?: WorkbenchKind | undefined;
    partnerId?: string | undefined;
    after?: [string, string] | undefined;
    limit: number;
  },
) => {
  let query = itemsQuery(db)
    .select(sql<string>`to_json(w.created_at) #>> '{}'`.as('cursorAt'))
    .where(visibleTo(actor, 'w'))
    .where(
      sql<SqlBool>`(w.owner_organisation_id = ${actor.organisationId}::uuid or ${actor.organisationId}::uuid = any(w.shared_organisation_ids))`,
    );
  if (filters.status) query = query.where('w.status', '=', filters.status);
  if (filters.kind) query = query.where('w.kind', '=', filters.kind);
  if (filters.partnerId) query = query.where('w.partnerId', '=', filters.partnerId);
  if (filters.after) {
    const [createdAt, id] = filters.after;
    query = query.where(sql<SqlBool>`(w.created_at, w.id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  return query
    .orderBy('w.createdAt', 'desc')
    .orderBy('w.id', 'desc')
    .limit(filters.limit + 1)
    .execute();
};

/** One version of a stored object. */
export const findObjectVersion = async (
  db: Db | Tx,
  ownerOrganisationId: string,
  stixId: string,
  versionKey: string,
): Promise<StixObject | undefined> => {
  const row = await db
    .selectFrom('stixObjectVersions')
    .select(objectText('object'))
    .where('ownerOrganisationId', '=', ownerOrganisationId)
    .where('stixId', '=', stixId)
    .where('versionKey', '=', versionKey)
    .executeTakeFirst();
  return row ? (JSON.parse(row.object) as StixObject) : undefined;
};

export interface StoredObject {
  stixId: string;
  type: string;
  tlp: WorkbenchRow['tlp'];
  object: StixObject;
}

const currentQuery = (db: Db | Tx, ownerOrganisationId: string) =>
  db
    .selectFrom('stixCurrentObjects as c')
    .innerJoin('stixObjectVersions as v', (join) =>
      join
        .onRef('v.ownerOrganisationId', '=', 'c.ownerOrganisationId')
        .onRef('v.stixId', '=', 'c.stixId')
        .onRef('v.versionKey', '=', 'c.versionKey'),
    )
    .select(['c.stixId', 'c.type', 'c.tlp', objectText('v.object')])
    .where('c.ownerOrganisationId', '=', ownerOrganisationId);

const parsed = (
  rows: { stixId: string; type: string; tlp: StoredObject['tlp']; object: string }[],
): StoredObject[] => rows.map((row) => ({ ...row, object: JSON.parse(row.object) as StixObject }));

/** The current versions of the given ids. */
export const currentObjects = async (
  db: Db | Tx,
  ownerOrganisationId: string,
  stixIds: readonly string[],
): Promise<StoredObject[]> =>
  stixIds.length === 0
    ? []
    : parsed(
        await currentQuery(db, ownerOrganisationId)
          .where('c.stixId', '=', sql<string>`any(${[...stixIds]}::text[])`)
          .execute(),
      );

/** Relationships and sightings that point at any of the given ids. */
export const objectsPointingAt = async (
  db: Db | Tx,
  ownerOrganisationId: string,
  stixIds: readonly string[],
  limit: number,
): Promise<StoredObject[]> =>
  stixIds.length === 0
    ? []
    : parsed(
        await currentQuery(db, ownerOrganisationId)
          .where((eb) =>
            eb.or([
              eb('c.sourceRef', '=', sql<string>`any(${[...stixIds]}::text[])`),
              eb('c.targetRef', '=', sql<string>`any(${[...stixIds]}::text[])`),
            ]),
          )
          .limit(limit)
          .execute(),
      );

export const findIncidentLink = (db: Db | Tx, ownerOrganisationId: string, stixId: string) =>
  db
    .selectFrom('importedIncidentLinks')
    .select(['incidentId', 'versionKey', 'workbenchItemId'])
    .where('ownerOrganisationId', '=', ownerOrganisationId)
    .where('stixId', '=', stixId)
    .executeTakeFirst();

export const saveIncidentLink = (
  tx: Tx,
  link: {
    ownerOrganisationId: string;
    stixId: string;
    incidentId: string;
    partnerId: string | null;
    versionKey: string;
    workbenchItemId: string;
  },
) =>
  tx
    .insertInto('importedIncidentLinks')
    .values(link)
    .onConflict((oc) =>
      oc.columns(['ownerOrganisationId', 'stixId']).doUpdateSet({
        incidentId: link.incidentId,
        partnerId: link.partnerId,
        versionKey: link.versionKey,
        workbenchItemId: link.workbenchItemId,
        linkedAt: sql`now()`,
      }),
    )
    .execute();

export const recordDecision = (
  tx: Tx,
  id: string,
  decision: {
    status: Exclude<WorkbenchStatus, 'pending' | 'superseded'>;
    decidedByUserId: string;
    decidedAt: Date;
    targetIncidentId: string | null;
    reason: string | null;
    decision: WorkbenchDecisionRecord | null;
  },
) =>
  tx
    .updateTable('workbenchItems')
    .set({ ...decision, updatedAt: decision.decidedAt })
    .where('id', '=', id)
    .execute();

/** The incident a merged-away incident survives in (closing as a duplicate moves everything there). */
export const survivingIncident = async (db: Db | Tx, incidentId: string): Promise<string> => {
  let id = incidentId;
  for (let hops = 0; hops < 20; hops += 1) {
    const row = await db
      .selectFrom('incidents')
      .select('duplicateOfId')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.duplicateOfId) return id;
    id = row.duplicateOfId;
  }
  return id;
};
