import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Tx } from '../../../db/connection.js';
import type {
  PartnersTable,
  PartnerTokensTable,
  TaxiiCollectionsTable,
} from '../../../db/schema-exchange-partners.js';

export type PartnerRow = Selectable<PartnersTable>;
export type CollectionRow = Selectable<TaxiiCollectionsTable>;
export type TokenRow = Selectable<PartnerTokensTable> & { createdByName: string };

export const findPartner = (db: Db | Tx, id: string, options: { forUpdate?: boolean } = {}) => {
  let query = db.selectFrom('partners').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
};

export const listPartnersOf = (db: Db | Tx, organisationId: string) =>
  db
    .selectFrom('partners')
    .selectAll()
    .where('ownerOrganisationId', '=', organisationId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();

export const insertPartner = (tx: Tx, values: Insertable<PartnersTable>) =>
  tx.insertInto('partners').values(values).returningAll().executeTakeFirstOrThrow();

export const updatePartnerRow = (tx: Tx, id: string, values: Updateable<PartnersTable>) =>
  tx.updateTable('partners').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const deletePartnerRow = (tx: Tx, id: string) =>
  tx.deleteFrom('partners').where('id', '=', id).execute();

export const insertCollection = (tx: Tx, values: Insertable<TaxiiCollectionsTable>) =>
  tx.insertInto('taxiiCollections').values(values).returningAll().executeTakeFirstOrThrow();

export const collectionsOf = (db: Db | Tx, partnerIds: readonly string[]) =>
  partnerIds.length === 0
    ? Promise.resolve([] as CollectionRow[])
    : db
        .selectFrom('taxiiCollections')
        .selectAll()
        .where('partnerId', 'in', partnerIds)
        .orderBy('canWrite')
        .orderBy('createdAt')
        .orderBy('id')
        .execute();

/** Per partner: tokens not revoked and releases waiting for a decision. */
export const partnerCounts = async (db: Db | Tx, partnerIds: readonly string[]) => {
  if (partnerIds.length === 0) return new Map<string, { tokens: number; pending: number }>();
  const rows = await db
    .selectFrom('partners as p')
    .select((eb) => [
      'p.id',
      eb
        .selectFrom('partnerTokens as t')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('t.partnerId', '=', 'p.id')
        .where('t.revokedAt', 'is', null)
        .as('tokens'),
      eb
        .selectFrom('releases as r')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('r.partnerId', '=', 'p.id')
        .where('r.status', '=', 'pending')
        .as('pending'),
    ])
    .where('p.id', 'in', partnerIds)
    .execute();
  return new Map(rows.map((r) => [r.id, { tokens: Number(r.tokens ?? 0), pending: Number(r.pending ?? 0) }]));
};

export const countReleased = async (db: Db | Tx, partnerId: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('releases')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('partnerId', '=', partnerId)
        .where('status', '=', 'released')
        .executeTakeFirstOrThrow()
    ).n,
  );

const tokenColumns = [
  't.id',
  't.partnerId',
  't.name',
  't.tokenHash',
  't.start',
  't.createdByUserId',
  't.createdAt',
  't.lastUsedAt',
  't.revokedAt',
  't.revokedByUserId',
  'u.name as createdByName',
] as const;

export const listTokens = (db: Db | Tx, partnerId: string): Promise<TokenRow[]> =>
  db
    .selectFrom('partnerTokens as t')
    .innerJoin('users as u', 'u.id', 't.createdByUserId')
    .select(tokenColumns)
    .where('t.partnerId', '=', partnerId)
    .orderBy('t.createdAt', 'desc')
    .orderBy('t.id', 'desc')
    .execute();

export const findToken = (db: Db | Tx, partnerId: string, tokenId: string): Promise<TokenRow | undefined> =>
  db
    .selectFrom('partnerTokens as t')
    .innerJoin('users as u', 'u.id', 't.createdByUserId')
    .select(tokenColumns)
    .where('t.partnerId', '=', partnerId)
    .where('t.id', '=', tokenId)
    .executeTakeFirst();

export const insertToken = (tx: Tx, values: Insertable<PartnerTokensTable>) =>
  tx.insertInto('partnerTokens').values(values).returning('id').executeTakeFirstOrThrow();

export const revokeTokenRow = (tx: Tx, tokenId: string, userId: string, now: Date) =>
  tx
    .updateTable('partnerTokens')
    .set({ revokedAt: now, revokedByUserId: userId })
    .where('id', '=', tokenId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
