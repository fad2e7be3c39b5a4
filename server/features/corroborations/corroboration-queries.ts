import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection.js';

const baseQuery = (db: Db | Tx) =>
  db
    .selectFrom('corroborations as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisationId')
    .leftJoin('users as u', 'u.id', 'c.userId')
    .select([
      'c.id',
      'c.incidentId',
      'c.organisationId',
      'o.shortName',
      'o.nameFi',
      'o.nameSv',
      'o.nameEn',
      'c.userId',
      'u.name as userName',
      'c.note',
      'c.observedAt',
      'c.areaCode',
      'c.createdAt',
      'c.updatedAt',
    ]);

export type CorroborationRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export const listCorroborations = (db: Db | Tx, incidentUuid: string) =>
  baseQuery(db).where('c.incidentId', '=', incidentUuid).orderBy('c.createdAt').orderBy('c.id').execute();

export const findCorroboration = (db: Db | Tx, incidentUuid: string, id: string) =>
  baseQuery(db).where('c.incidentId', '=', incidentUuid).where('c.id', '=', id).executeTakeFirst();

export const areaExists = async (db: Db | Tx, code: string): Promise<boolean> =>
  (
    await sql<{ found: boolean }>`select exists (select 1 from areas where code = ${code}) as found`.execute(
      db,
    )
  ).rows[0]!.found;

export const insertCorroboration = (
  tx: Tx,
  values: {
    incidentId: string;
    organisationId: string;
    userId: string;
    note: string;
    observedAt: string | null;
    areaCode: string | null;
  },
) =>
  tx
    .insertInto('corroborations')
    .values(values)
    .onConflict((oc) => oc.columns(['incidentId', 'organisationId']).doNothing())
    .returning('id')
    .executeTakeFirst();

export const updateCorroborationRow = (
  tx: Tx,
  id: string,
  values: Partial<{ note: string; observedAt: string | null; areaCode: string | null }>,
  now: Date,
) =>
  tx
    .updateTable('corroborations')
    .set({ ...values, updatedAt: now })
    .where('id', '=', id)
    .execute();

export const deleteCorroboration = (tx: Tx, id: string) =>
  tx.deleteFrom('corroborations').where('id', '=', id).execute();

/** The count is derived, and kept in the same transaction as the change that moves it. */
export const syncCorroborationCount = (tx: Tx, incidentUuid: string, now: Date) =>
  tx
    .updateTable('incidents')
    .set((eb) => ({
      corroborationCount: eb
        .selectFrom('corroborations')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('corroborations.incidentId', '=', incidentUuid),
      updatedAt: now,
    }))
    .where('id', '=', incidentUuid)
    .execute();
