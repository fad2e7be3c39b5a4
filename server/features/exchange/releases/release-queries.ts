import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Tx } from '../../../db/connection.js';
import { microsecondText } from '../taxii/taxii-queries.js';
import type { ReleasesTable, ReleaseStatus, StoredStixObject } from '../../../db/schema-exchange-partners.js';

/** A release with the names of the people and the partner; `objects` only where asked for. */
export type ReleaseRow = Omit<Selectable<ReleasesTable>, 'objects'> & {
  /** proposed_at with microseconds, the key of the queue's cursor. */
  proposedAtKey: string;
  partnerName: string;
  proposedByName: string | null;
  decidedByName: string | null;
  objectCount: number;
};

const releaseColumns = [
  'r.id',
  'r.partnerId',
  'r.recordType',
  'r.recordId',
  'r.recordVersion',
  'r.recordTitle',
  'r.recordTlp',
  'r.status',
  'r.availableObjects',
  'r.redactedFields',
  'r.omittedObjectIds',
  'r.proposedByUserId',
  'r.proposedAt',
  'r.decidedByUserId',
  'r.decidedAt',
  'r.reason',
  'p.name as partnerName',
  'pu.name as proposedByName',
  'du.name as decidedByName',
] as const;

const releases = (db: Db | Tx) =>
  db
    .selectFrom('releases as r')
    .innerJoin('partners as p', 'p.id', 'r.partnerId')
    .leftJoin('users as pu', 'pu.id', 'r.proposedByUserId')
    .leftJoin('users as du', 'du.id', 'r.decidedByUserId')
    .select(releaseColumns)
    .select(sql<number>`jsonb_array_length(r.objects)`.as('objectCount'))
    .select(microsecondText(sql`r.proposed_at`).as('proposedAtKey'));

export const findRelease = (db: Db | Tx, id: string): Promise<ReleaseRow | undefined> =>
  releases(db).where('r.id', '=', id).executeTakeFirst();

export const lockRelease = (tx: Tx, id: string) =>
  tx
    .selectFrom('releases')
    .select(['id', 'partnerId', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

/**
 * The objects of a release exactly as stored: read as JSON text, because the database layer
 * would camel-case the keys of a jsonb value (spec_version would become specVersion).
 */
export const releaseObjects = async (db: Db | Tx, id: string): Promise<StoredStixObject[]> => {
  const row = await db
    .selectFrom('releases')
    .select(sql<string>`objects::text`.as('objects'))
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.objects) as StoredStixObject[];
};

export const listReleases = (
  db: Db | Tx,
  filter: {
    organisationId: string;
    partnerId?: string | undefined;
    status?: ReleaseStatus | undefined;
    before?: { proposedAt: string; id: string } | undefined;
    limit: number;
  },
): Promise<ReleaseRow[]> =>
  releases(db)
    .where('p.ownerOrganisationId', '=', filter.organisationId)
    .$if(filter.partnerId !== undefined, (q) => q.where('r.partnerId', '=', filter.partnerId!))
    .$if(filter.status !== undefined, (q) => q.where('r.status', '=', filter.status!))
    .$if(filter.before !== undefined, (q) =>
      q.where(
        sql<boolean>`(r.proposed_at, r.id) < (${filter.before!.proposedAt}::timestamptz, ${filter.before!.id}::uuid)`,
      ),
    )
    .orderBy('r.proposedAt', 'desc')
    .orderBy('r.id', 'desc')
    .limit(filter.limit)
    .execute();

/** Released versions to a partner, newest first. */
export const listReleased = (db: Db | Tx, partnerId: string): Promise<ReleaseRow[]> =>
  releases(db)
    .where('r.partnerId', '=', partnerId)
    .where('r.status', '=', 'released')
    .orderBy('r.decidedAt', 'desc')
    .orderBy('r.id', 'desc')
    .execute();

/** The open (pending or held) release of a record to a partner, locked. */
export const findOpenRelease = (tx: Tx, partnerId: string, recordType: string, recordId: string) =>
  tx
    .selectFrom('releases')
    .select(['id', 'status', 'recordVersion'])
    .where('partnerId', '=', partnerId)
    .where('recordType', '=', recordType as 'incident')
    .where('recordId', '=', recordId)
    .where('status', 'in', ['pending', 'held'])
    .forUpdate()
    .executeTakeFirst();

export const isVersionReleased = async (
  db: Db | Tx,
  partnerId: string,
  recordType: string,
  recordId: string,
  version: string,
): Promise<boolean> =>
  (await db
    .selectFrom('releases')
    .select('id')
    .where('partnerId', '=', partnerId)
    .where('recordType', '=', recordType as 'incident')
    .where('recordId', '=', recordId)
    .where('recordVersion', '=', version)
    .where('status', '=', 'released')
    .executeTakeFirst()) !== undefined;

export const insertRelease = (tx: Tx, values: Insertable<ReleasesTable>) =>
  tx.insertInto('releases').values(values).returning('id').executeTakeFirstOrThrow();

export const updateRelease = (tx: Tx, id: string, values: Updateable<ReleasesTable>) =>
  tx.updateTable('releases').set(values).where('id', '=', id).execute();
