import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/connection.js';
import type { ElectionPhasesTable } from '../../db/schema-elections.js';

const electionColumns = [
  'id',
  'slug',
  'type',
  'round',
  'nameFi',
  'nameSv',
  'nameEn',
  'electionDay',
  'createdAt',
  'updatedAt',
] as const;

const phaseColumns = [
  'electionId',
  'key',
  'labelFi',
  'labelSv',
  'labelEn',
  'startsOn',
  'endsOn',
  'timeOfDay',
  'status',
  'source',
  'sortOrder',
] as const;

export const listElectionRows = (db: Db | Tx) =>
  db.selectFrom('elections').select(electionColumns).orderBy('electionDay').orderBy('slug').execute();

export type ElectionRow = Awaited<ReturnType<typeof listElectionRows>>[number];
export type PhaseRow = Selectable<ElectionPhasesTable>;
/** A phase as the service shapes it, before it is numbered and stored under its election. */
export type NewPhase = Omit<PhaseRow, 'electionId' | 'sortOrder'>;

export const findElectionRow = (db: Db | Tx, by: { id: string } | { slug: string }) => {
  const query = db.selectFrom('elections').select(electionColumns);
  return ('id' in by ? query.where('id', '=', by.id) : query.where('slug', '=', by.slug)).executeTakeFirst();
};

export const listPhaseRows = async (db: Db | Tx, electionIds: readonly string[]): Promise<PhaseRow[]> => {
  if (electionIds.length === 0) return [];
  return db
    .selectFrom('electionPhases')
    .select(phaseColumns)
    .where('electionId', 'in', electionIds)
    .orderBy('electionId')
    .orderBy('sortOrder')
    .execute();
};

/** Row-locks the election so that two changes of its phases do not interleave. */
export const lockElection = (tx: Tx, id: string) =>
  tx.selectFrom('elections').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const slugExists = async (tx: Tx, slug: string): Promise<boolean> =>
  (await tx.selectFrom('elections').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;

export const insertElection = (
  tx: Tx,
  values: {
    slug: string;
    type: string;
    round: number | null;
    nameFi: string;
    nameSv: string;
    nameEn: string;
    electionDay: string;
  },
) => tx.insertInto('elections').values(values).returning('id').executeTakeFirstOrThrow();

export const updateElectionRow = (
  tx: Tx,
  id: string,
  values: Partial<{ nameFi: string; nameSv: string; nameEn: string; electionDay: string }>,
) =>
  tx
    .updateTable('elections')
    .set({ ...values, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();

/** Replaces every phase of the election, in the given order. */
export const replacePhases = async (tx: Tx, electionId: string, phases: readonly NewPhase[]) => {
  await tx.deleteFrom('electionPhases').where('electionId', '=', electionId).execute();
  if (phases.length === 0) return;
  await tx
    .insertInto('electionPhases')
    .values(phases.map((phase, sortOrder) => ({ ...phase, electionId, sortOrder })))
    .execute();
};
