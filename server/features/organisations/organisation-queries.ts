import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection.js';

const columns = [
  'o.id',
  'o.shortName',
  'o.nameFi',
  'o.nameSv',
  'o.nameEn',
  'o.kind',
  'o.requireTwoFactor',
  'o.active',
  'o.createdAt',
  'o.updatedAt',
] as const;

const baseQuery = (db: Db | Tx) =>
  db
    .selectFrom('organisations as o')
    .select([
      ...columns,
      sql<number>`(select count(*)::int from users u where u.organisation_id = o.id and u.active)`.as(
        'memberCount',
      ),
    ]);

export type OrganisationRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export const listOrganisations = (db: Db) => baseQuery(db).orderBy('o.shortName').execute();

export const findOrganisation = (db: Db | Tx, id: string) =>
  baseQuery(db).where('o.id', '=', id).executeTakeFirst();

export const shortNameTaken = async (db: Db | Tx, shortName: string, exceptId?: string): Promise<boolean> => {
  let query = db
    .selectFrom('organisations')
    .select('id')
    .where(sql<boolean>`lower(short_name) = lower(${shortName})`);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
};

export const insertOrganisation = (
  tx: Tx,
  values: {
    shortName: string;
    nameFi: string;
    nameSv: string;
    nameEn: string;
    kind: string;
    requireTwoFactor: boolean;
  },
) => tx.insertInto('organisations').values(values).returning('id').executeTakeFirstOrThrow();

export const updateOrganisationRow = (
  tx: Tx,
  id: string,
  values: Partial<{
    shortName: string;
    nameFi: string;
    nameSv: string;
    nameEn: string;
    kind: string;
    requireTwoFactor: boolean;
    active: boolean;
  }>,
) =>
  tx
    .updateTable('organisations')
    .set({ ...values, updatedAt: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
