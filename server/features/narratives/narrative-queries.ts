import { sql } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import type { Tlp } from '../../../shared/access/tlp.js';
import { visibleTo } from '../../access/visibility-scope.js';
import type { Db, Tx } from '../../db/connection.js';

const narrativeQuery = (db: Db | Tx, actor: Actor) =>
  db.selectFrom('narratives as n').select([
    'n.id',
    'n.title',
    'n.description',
    'n.status',
    'n.tlp',
    'n.ownerOrganisationId',
    'n.authorUserId',
    'n.sharedOrganisationIds',
    'n.sharedCommunityIds',
    'n.sharedUserIds',
    'n.createdAt',
    'n.updatedAt',
    sql<string>`to_json(n.updated_at) #>> '{}'`.as('cursorAt'),
    sql<number>`(
        select count(*)::int from incident_narratives l join incidents i on i.id = l.incident_id
        where l.narrative_id = n.id and ${visibleTo(actor, 'i')}
      )`.as('incidentCount'),
  ]);

export type NarrativeRow = Awaited<ReturnType<ReturnType<typeof narrativeQuery>['executeTakeFirstOrThrow']>>;

/** One narrative, whether or not the actor may see it: the caller decides (404 when invisible). */
export const findNarrative = (
  db: Db | Tx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
) => {
  let query = narrativeQuery(db, actor).where('n.id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
};

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const listNarratives = (
  db: Db,
  actor: Actor,
  options: { q?: string; status?: string; after?: [string, string]; limit: number },
) => {
  let query = narrativeQuery(db, actor).where(visibleTo(actor, 'n'));
  if (options.q) {
    const pattern = likePattern(options.q);
    query = query.where((eb) =>
      eb.or([eb('n.title', 'ilike', pattern), eb('n.description', 'ilike', pattern)]),
    );
  }
  if (options.status) query = query.where('n.status', '=', options.status as 'active');
  if (options.after) {
    const [updatedAt, id] = options.after;
    query = query.where(sql<boolean>`(n.updated_at, n.id) < (${updatedAt}::timestamptz, ${id}::uuid)`);
  }
  return query
    .orderBy('n.updatedAt', 'desc')
    .orderBy('n.id', 'desc')
    .limit(options.limit + 1)
    .execute();
};

export interface NarrativeValues {
  title: string;
  description: string;
  status: 'active' | 'dormant' | 'closed';
  tlp: Tlp;
  sharedOrganisationIds: string[];
  sharedCommunityIds: string[];
  sharedUserIds: string[];
}

export const insertNarrative = (
  tx: Tx,
  values: NarrativeValues & { ownerOrganisationId: string; authorUserId: string },
) => tx.insertInto('narratives').values(values).returning('id').executeTakeFirstOrThrow();

export const updateNarrativeRow = (tx: Tx, id: string, values: Partial<NarrativeValues>) =>
  tx
    .updateTable('narratives')
    .set({ ...values, updatedAt: sql`now()` })
    .where('id', '=', id)
    .execute();

/** How many of the ids exist, per kind: sharing with someone who does not exist is refused. */
export const countSharingTargets = async (
  tx: Tx,
  lists: { organisations: string[]; communities: string[]; users: string[] },
) => {
  const count = async (table: 'organisations' | 'communities' | 'users', ids: string[]) => {
    if (ids.length === 0) return 0;
    const row = await tx
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', ids)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    organisations: await count('organisations', lists.organisations),
    communities: await count('communities', lists.communities),
    users: await count('users', lists.users),
  };
};

export const listLinkedIncidents = (
  db: Db,
  actor: Actor,
  narrativeId: string,
  options: { after?: [string, string]; limit: number },
) => {
  let query = db
    .selectFrom('incidentNarratives as l')
    .innerJoin('incidents as i', 'i.id', 'l.incidentId')
    .select([
      'i.id',
      'i.title',
      'i.status',
      'i.severity',
      'i.tlp',
      'i.firstSeen',
      'i.createdAt',
      'l.linkedAt',
      sql<string>`to_json(l.linked_at) #>> '{}'`.as('cursorAt'),
    ])
    .where('l.narrativeId', '=', narrativeId)
    .where(visibleTo(actor, 'i'));
  if (options.after) {
    const [linkedAt, id] = options.after;
    query = query.where(sql<boolean>`(l.linked_at, l.incident_id) < (${linkedAt}::timestamptz, ${id}::uuid)`);
  }
  return query
    .orderBy('l.linkedAt', 'desc')
    .orderBy('l.incidentId', 'desc')
    .limit(options.limit + 1)
    .execute();
};

/** Visible linked incidents per UTC day or ISO week (from Monday), non-empty buckets only. */
export const timelineCounts = async (
  db: Db,
  actor: Actor,
  narrativeId: string,
  bucket: 'day' | 'week',
  by: 'created_at' | 'first_seen',
) => {
  const at = by === 'first_seen' ? sql`coalesce(i.first_seen, i.created_at)` : sql`i.created_at`;
  const result = await sql<{ start: string; n: number }>`
    select to_char(date_trunc(${bucket}, ${at} at time zone 'UTC'), 'YYYY-MM-DD') as start, count(*)::int as n
    from incident_narratives l
    join incidents i on i.id = l.incident_id
    where l.narrative_id = ${narrativeId}::uuid and ${visibleTo(actor, 'i')}
    group by 1
    order by 1
  `.execute(db);
  return result.rows;
};

export const linkNarrative = async (
  tx: Tx,
  values: { incidentId: string; narrativeId: string; linkedByUserId: string },
) =>
  (await tx
    .insertInto('incidentNarratives')
    .values(values)
    .onConflict((oc) => oc.columns(['incidentId', 'narrativeId']).doNothing())
    .returning('narrativeId')
    .executeTakeFirst()) !== undefined;

export const unlinkNarrative = async (tx: Tx, incidentId: string, narrativeId: string) =>
  (await tx
    .deleteFrom('incidentNarratives')
    .where('incidentId', '=', incidentId)
    .where('narrativeId', '=', narrativeId)
    .returning('narrativeId')
    .executeTakeFirst()) !== undefined;

/** The incident's narratives that the actor may see. */
export const listIncidentNarratives = (db: Db | Tx, actor: Actor, incidentId: string, only?: string) => {
  let query = db
    .selectFrom('incidentNarratives as l')
    .innerJoin('narratives as n', 'n.id', 'l.narrativeId')
    .select(['n.id', 'n.title', 'n.status', 'n.tlp', 'l.linkedByUserId', 'l.linkedAt'])
    .where('l.incidentId', '=', incidentId)
    .where(visibleTo(actor, 'n'));
  if (only) query = query.where('n.id', '=', only);
  return query.orderBy('l.linkedAt').orderBy('n.id').execute();
};
