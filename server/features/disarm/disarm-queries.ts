import { sql } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import { visibleTo } from '../../access/visibility-scope.js';
import type { Db, Tx } from '../../db/connection.js';

export const listPhases = (db: Db) =>
  db
    .selectFrom('disarmPhases')
    .select(['id', 'name', 'description', 'sortOrder'])
    .orderBy('sortOrder')
    .execute();

export const listTactics = (db: Db) =>
  db
    .selectFrom('disarmTactics')
    .select(['id', 'name', 'description', 'phaseId', 'sortOrder', 'stixId', 'url'])
    .orderBy('sortOrder')
    .execute();

const likePattern = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export const searchTechniques = (db: Db, options: { q?: string; tacticId?: string; limit: number }) => {
  let query = db
    .selectFrom('disarmTechniques')
    .select(['id', 'name', 'description', 'tacticId', 'parentId', 'stixId', 'url']);
  if (options.q) {
    const q = likePattern(options.q);
    query = query.where((eb) => eb.or([eb('id', 'ilike', `${q}%`), eb('name', 'ilike', `%${q}%`)]));
  }
  if (options.tacticId) query = query.where('tacticId', '=', options.tacticId);
  return query.orderBy('id').limit(options.limit).execute();
};

/** For each technique, the incidents using it that the actor may see; and the same per tactic. */
export const matrixCounts = async (db: Db, actor: Actor, electionId: string | undefined) => {
  const election = electionId ? sql`and i.election_id = ${electionId}::uuid` : sql``;
  const result = await sql<{ techniqueId: string | null; tacticId: string; n: number }>`
    select it.technique_id, t.tactic_id, count(distinct it.incident_id)::int as n
    from incident_techniques it
    join disarm_techniques t on t.id = it.technique_id
    join incidents i on i.id = it.incident_id
    where ${visibleTo(actor, 'i')} ${election}
    group by grouping sets ((t.tactic_id, it.technique_id), (t.tactic_id))
  `.execute(db);
  return result.rows;
};

export const listTechniqueNames = (db: Db) =>
  db.selectFrom('disarmTechniques').select(['id', 'name', 'tacticId', 'parentId']).orderBy('id').execute();

export const listIncidentTechniques = (db: Db | Tx, incidentId: string) =>
  db
    .selectFrom('incidentTechniques as it')
    .innerJoin('disarmTechniques as t', 't.id', 'it.techniqueId')
    .select(['t.id', 't.name', 't.tacticId', 't.parentId', 't.stixId', 'it.addedByUserId', 'it.addedAt'])
    .where('it.incidentId', '=', incidentId)
    .orderBy('t.id')
    .execute();

export const existingTechniqueIds = async (tx: Tx, ids: readonly string[]): Promise<Set<string>> => {
  if (ids.length === 0) return new Set();
  const rows = await tx.selectFrom('disarmTechniques').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
};

export const electionExists = async (db: Db, id: string) =>
  (await db.selectFrom('elections').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

export const addIncidentTechniques = async (
  tx: Tx,
  incidentId: string,
  ids: readonly string[],
  userId: string,
) => {
  if (ids.length === 0) return;
  await tx
    .insertInto('incidentTechniques')
    .values(ids.map((techniqueId) => ({ incidentId, techniqueId, addedByUserId: userId })))
    .execute();
};

export const removeIncidentTechniques = async (tx: Tx, incidentId: string, ids: readonly string[]) => {
  if (ids.length === 0) return;
  await tx
    .deleteFrom('incidentTechniques')
    .where('incidentId', '=', incidentId)
    .where('techniqueId', 'in', ids)
    .execute();
};
