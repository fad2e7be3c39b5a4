import { sql } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import type { ObservableType } from '../../../shared/observables/types.js';
import { visibleTo } from '../../access/visibility-scope.js';
import type { Db, Tx } from '../../db/connection.js';

const observableColumns = ['o.id', 'o.type', 'o.value', 'o.stixId', 'o.createdAt'] as const;

export const findObservable = (db: Db | Tx, id: string) =>
  db.selectFrom('observables as o').select(observableColumns).where('o.id', '=', id).executeTakeFirst();

export type ObservableRow = NonNullable<Awaited<ReturnType<typeof findObservable>>>;

/** The one row of a normalised value, made on first use; safe against a concurrent first use. */
export const ensureObservable = async (
  tx: Tx,
  values: { type: ObservableType; value: string; stixId: string },
): Promise<ObservableRow> => {
  await tx
    .insertInto('observables')
    .values(values)
    .onConflict((oc) => oc.columns(['type', 'value']).doNothing())
    .execute();
  return tx
    .selectFrom('observables as o')
    .select(observableColumns)
    .where('o.type', '=', values.type)
    .where('o.value', '=', values.value)
    .executeTakeFirstOrThrow();
};

/** True when the link is new, false when the incident already had the observable. */
export const linkObservable = async (
  tx: Tx,
  values: { incidentId: string; observableId: string; addedByUserId: string; note: string },
): Promise<boolean> => {
  const inserted = await tx
    .insertInto('incidentObservables')
    .values(values)
    .onConflict((oc) => oc.columns(['incidentId', 'observableId']).doNothing())
    .returning('observableId')
    .executeTakeFirst();
  return inserted !== undefined;
};

export const unlinkObservable = async (tx: Tx, incidentId: string, observableId: string) =>
  (await tx
    .deleteFrom('incidentObservables')
    .where('incidentId', '=', incidentId)
    .where('observableId', '=', observableId)
    .returning('observableId')
    .executeTakeFirst()) !== undefined;

/** The incident's observables, each with how many OTHER incidents the actor may see that have it. */
export const listIncidentObservables = (db: Db | Tx, actor: Actor, incidentId: string, only?: string) => {
  let query = db
    .selectFrom('incidentObservables as io')
    .innerJoin('observables as o', 'o.id', 'io.observableId')
    .select([
      ...observableColumns,
      'io.note',
      'io.addedByUserId',
      'io.addedAt',
      sql<number>`(
        select count(*)::int from incident_observables io2
        join incidents i2 on i2.id = io2.incident_id
        where io2.observable_id = o.id and io2.incident_id <> io.incident_id and ${visibleTo(actor, 'i2')}
      )`.as('otherIncidentCount'),
    ])
    .where('io.incidentId', '=', incidentId);
  if (only) query = query.where('o.id', '=', only);
  return query.orderBy('io.addedAt').orderBy('o.id').execute();
};

export type IncidentObservableRow = Awaited<ReturnType<typeof listIncidentObservables>>[number];

/** Incidents with the observable that the actor may see, newest link first. */
export const listObservableIncidents = (
  db: Db,
  actor: Actor,
  observableId: string,
  options: { excludeIncidentId?: string; after?: [string, string]; limit: number },
) => {
  let query = db
    .selectFrom('incidentObservables as io')
    .innerJoin('incidents as i', 'i.id', 'io.incidentId')
    .select([
      'i.id',
      'i.title',
      'i.status',
      'i.severity',
      'i.tlp',
      'i.createdAt',
      'io.addedAt',
      // Microseconds survive in the cursor; a JavaScript Date would round them away.
      sql<string>`to_json(io.added_at) #>> '{}'`.as('cursorAt'),
    ])
    .where('io.observableId', '=', observableId)
    .where(visibleTo(actor, 'i'));
  if (options.excludeIncidentId) query = query.where('io.incidentId', '<>', options.excludeIncidentId);
  if (options.after) {
    const [addedAt, incidentId] = options.after;
    query = query.where(
      sql<boolean>`(io.added_at, io.incident_id) < (${addedAt}::timestamptz, ${incidentId}::uuid)`,
    );
  }
  return query
    .orderBy('io.addedAt', 'desc')
    .orderBy('io.incidentId', 'desc')
    .limit(options.limit + 1)
    .execute();
};

/** Whether any incident the actor may see has the observable: otherwise it does not exist for them. */
export const isObservableVisible = async (db: Db, actor: Actor, observableId: string): Promise<boolean> =>
  (await db
    .selectFrom('incidentObservables as io')
    .innerJoin('incidents as i', 'i.id', 'io.incidentId')
    .select('io.incidentId')
    .where('io.observableId', '=', observableId)
    .where(visibleTo(actor, 'i'))
    .limit(1)
    .executeTakeFirst()) !== undefined;

export const touchIncident = (tx: Tx, incidentId: string) =>
  tx
    .updateTable('incidents')
    .set({ updatedAt: sql`now()` })
    .where('id', '=', incidentId)
    .execute();
