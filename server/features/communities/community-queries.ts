import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection.js';

const baseQuery = (db: Db | Tx) =>
  db
    .selectFrom('communities as c')
    .select([
      'c.id',
      'c.nameFi',
      'c.nameSv',
      'c.nameEn',
      'c.description',
      'c.createdAt',
      'c.updatedAt',
      sql<
        string[]
      >`array(select m.organisation_id from community_members m where m.community_id = c.id order by m.organisation_id)`.as(
        'organisationIds',
      ),
    ]);

export type CommunityRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export const listCommunities = (db: Db) => baseQuery(db).orderBy('c.nameEn').execute();
export const findCommunity = (db: Db | Tx, id: string) =>
  baseQuery(db).where('c.id', '=', id).executeTakeFirst();

export const countExistingOrganisations = async (tx: Tx, ids: readonly string[]): Promise<number> => {
  if (ids.length === 0) return 0;
  const row = await tx
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'in', ids)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

export const insertCommunity = (
  tx: Tx,
  values: { nameFi: string; nameSv: string; nameEn: string; description: string },
) => tx.insertInto('communities').values(values).returning('id').executeTakeFirstOrThrow();

export const updateCommunityRow = (
  tx: Tx,
  id: string,
  values: Partial<{ nameFi: string; nameSv: string; nameEn: string; description: string }>,
) =>
  tx
    .updateTable('communities')
    .set({ ...values, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();

export const replaceMembers = async (tx: Tx, communityId: string, organisationIds: readonly string[]) => {
  await tx.deleteFrom('communityMembers').where('communityId', '=', communityId).execute();
  if (organisationIds.length > 0) {
    await tx
      .insertInto('communityMembers')
      .values(organisationIds.map((organisationId) => ({ communityId, organisationId })))
      .execute();
  }
};
