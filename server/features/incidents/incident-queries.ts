import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import type { IncidentFilters, IncidentListQuery } from '../../../shared/contracts/incidents.js';
import { AppError } from '../../../shared/errors.js';
import { visibleTo } from '../../access/visibility-scope.js';
import { PREPARE, type Db, type Tx } from '../../db/connection.js';
import type { IncidentsTable } from '../../db/schema-incidents.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import type { Selectable, Updateable, ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { subscriptionMatches } from '../notifications/subscription-match.js';
import { appendingEvents } from './incident-events.js';

export type IncidentRow = Omit<Selectable<IncidentsTable>, 'search'>;

const baseColumns = [
  'id',
  'tlp',
  'ownerOrganisationId',
  'authorUserId',
  'sharedOrganisationIds',
  'sharedCommunityIds',
  'sharedUserIds',
  'title',
  'description',
  'domains',
  'category',
  'severity',
  'impactConduct',
  'impactConfidence',
  'sourceReliability',
  'informationCredibility',
  'status',
  'closingReason',
  'duplicateOfId',
  'leadOrganisationId',
  'supportingOrganisationIds',
  'electionId',
  'phaseKey',
  'areaCodes',
  'areaScope',
  'firstSeen',
  'lastSeen',
  'reportedVia',
  'intake',
  'corroborationCount',
  'version',
  'createdAt',
  'updatedAt',
] as const;
const columns = baseColumns.map((c) => `i.${c}` as const) as `i.${(typeof baseColumns)[number]}`[];

export const findIncident = async (
  db: Db | Tx,
  uuid: string,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentRow | undefined> => {
  let query = db.selectFrom('incidents as i').select(columns).where('i.id', '=', uuid);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
};

/** The columns a new incident is written with: every one the row holds but its counters and times. */
const notWritten = ['corroborationCount', 'version', 'createdAt', 'updatedAt'] as const;
type WrittenColumn = Exclude<(typeof baseColumns)[number], (typeof notWritten)[number]>;
const writtenColumns = baseColumns.filter(
  (name): name is WrittenColumn => !(notWritten as readonly string[]).includes(name),
);
export type NewIncidentRow = Pick<IncidentRow, WrittenColumn>;

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const written = writtenColumns.map((name) => [name, snakeCase(name)] as const);
const returnedColumns = sql.join(baseColumns.map((name) => sql.ref(snakeCase(name))));

export interface NewIncidentWrite {
  row: NewIncidentRow;
  event: { type: string; actor: Pick<Actor, 'userId' | 'organisationId'>; data: Record<string, unknown> };
  /** Write nothing (undefined) if a subscription of anyone but these users matches: notifying them needs a transaction. */
  unlessSubscribedExcept?: readonly string[];
}

/**
 * Inserts incidents and their first events in one statement: outside a transaction, one round trip
 * and one commit for all of them. Answers each write's row, in order, or undefined for one held back
 * by `unlessSubscribedExcept`.
 */
export const insertIncidentsWithEvents = async (
  db: Db | Tx,
  writes: readonly NewIncidentWrite[],
): Promise<(IncidentRow | undefined)[]> => {
  const input = writes.map(({ row, event, unlessSubscribedExcept }, ord) => ({
    ord,
    incident: Object.fromEntries(written.map(([name, column]) => [column, row[name] ?? null])),
    event_type: event.type,
    actor_user_id: event.actor.userId,
    actor_organisation_id: event.actor.organisationId,
    event_data: event.data,
    quiet_except: unlessSubscribedExcept ?? null,
  }));
  const { rows } = await sql<IncidentRow>`${sql.raw(PREPARE)}
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as n(ord int, incident jsonb,
        event_type text, actor_user_id uuid, actor_organisation_id uuid, event_data jsonb, quiet_except uuid[])
    ),
    created as (
      insert into incidents (${sql.join(written.map(([, column]) => sql.ref(column)))})
      select ${sql.join(written.map(([, column]) => sql.ref(`i.${column}`)))}
        from input n cross join lateral jsonb_populate_record(null::incidents, n.incident) i
       where n.quiet_except is null
          or not exists (select from subscriptions s
                          where ${subscriptionMatches(sql`i.severity`)} and s.user_id <> all(n.quiet_except))
      returning ${returnedColumns}
    ),
    ${appendingEvents(sql`select c.id as incident_id, n.event_type as type, n.actor_user_id,
        n.actor_organisation_id, n.event_data as data
        from created c join input n on (n.incident->>'id')::uuid = c.id order by n.ord`)}
    select * from created where (select count(*) from announced) > 0`.execute(db);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return writes.map(({ row }) => byId.get(row.id));
};

export const updateIncidentRow = async (
  tx: Tx,
  uuid: string,
  values: Updateable<IncidentsTable>,
): Promise<IncidentRow> =>
  tx
    .updateTable('incidents')
    .set(values)
    .where('id', '=', uuid)
    .returning(baseColumns)
    .executeTakeFirstOrThrow();

/** The given area codes with every area that contains them (municipality → district, county, region). */
export const areaScopeOf = async (db: Db | Tx, codes: readonly string[]): Promise<string[]> => {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'electoralDistrictCode', 'wellbeingCountyCode', 'regionCode'])
    .where('code', 'in', [...codes])
    .execute();
  if (rows.length !== new Set(codes).size) {
    const known = new Set(rows.map((r) => r.code));
    throw new AppError('validation_failed', 'An area code does not exist.', [
      { path: 'body.areaCodes', message: `Unknown area: ${codes.find((c) => !known.has(c))}` },
    ]);
  }
  const scope = new Set<string>();
  for (const row of rows) {
    for (const code of [row.code, row.electoralDistrictCode, row.wellbeingCountyCode, row.regionCode]) {
      if (code) scope.add(code);
    }
  }
  return [...scope].sort();
};

type Eb = ExpressionBuilder<Database & { i: IncidentsTable }, 'i'>;

/** Words of a search, for prefix matching: letters and digits only, at most eight. */
const prefixQuery = (q: string): string | null => {
  const words =
    q
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 8) ?? [];
  return words.length > 0 ? words.map((w) => `${w}:*`).join(' & ') : null;
};

/**
 * The search: Finnish, Swedish and English stemming, the words as written, and every word as a
 * prefix, so that a search typed half-way ("vaalimain") already finds "vaalimainoksia".
 */
const matches = (q: string) => {
  const prefix = prefixQuery(q);
  return sql<SqlBool>`i.search @@ (websearch_to_tsquery('finnish', ${q}) || websearch_to_tsquery('swedish', ${q})
    || websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('simple', ${q})
    ${prefix ? sql`|| to_tsquery('simple', ${prefix})` : sql``})`;
};

type FilterKey = keyof IncidentFilters;

/** Every filter as a condition; `except` leaves one out (a facet counts over the other filters). */
const filterConditions = (
  eb: Eb,
  actor: Actor,
  filters: IncidentFilters,
  except?: FilterKey,
): Expression<SqlBool>[] => {
  const use = <K extends FilterKey>(key: K): IncidentFilters[K] | undefined =>
    key === except ? undefined : filters[key];
  const conditions: Expression<SqlBool>[] = [visibleTo(actor, 'i')];
  const q = use('q');
  if (q) conditions.push(matches(q));
  const domain = use('domain');
  if (domain?.length) conditions.push(sql<SqlBool>`i.domains && ${sql.val(domain)}::text[]`);
  const status = use('status');
  if (status?.length) conditions.push(eb('i.status', 'in', status));
  const severity = use('severity');
  if (severity?.length) conditions.push(eb('i.severity', 'in', severity));
  const tlp = use('tlp');
  if (tlp?.length) conditions.push(eb('i.tlp', 'in', tlp));
  const category = use('category');
  if (category?.length) conditions.push(eb('i.category', 'in', category));
  const conduct = use('impactOnConduct');
  if (conduct?.length) conditions.push(eb('i.impactConduct', 'in', conduct));
  const confidence = use('impactOnConfidence');
  if (confidence?.length) conditions.push(eb('i.impactConfidence', 'in', confidence));
  const election = use('electionId');
  if (election) conditions.push(eb('i.electionId', '=', election));
  const area = use('area');
  if (area?.length) conditions.push(sql<SqlBool>`i.area_scope && ${sql.val(area)}::text[]`);
  const lead = use('leadOrganisationId');
  if (lead?.length) conditions.push(eb('i.leadOrganisationId', 'in', lead));
  const owner = use('ownerOrganisationId');
  if (owner?.length) conditions.push(eb('i.ownerOrganisationId', 'in', owner));
  const via = use('reportedVia');
  if (via?.length) conditions.push(eb('i.reportedVia', 'in', via));
  if (use('mine') === 'true') conditions.push(eb('i.authorUserId', '=', actor.userId));
  const from = use('createdFrom');
  if (from) conditions.push(eb('i.createdAt', '>=', new Date(from)));
  const to = use('createdTo');
  if (to) conditions.push(eb('i.createdAt', '<', new Date(to)));
  return conditions;
};

/** Timestamps travel in cursors as integer microseconds, so that no precision is lost. */
const micros = (column: string) => sql<number>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint`;
const fromMicros = (value: number) => sql`(timestamptz 'epoch' + ${value} * interval '1 microsecond')`;

const sortKeys = {
  created: { column: 'i.createdAt', key: micros('i.created_at'), value: (v: number) => fromMicros(v) },
  updated: { column: 'i.updatedAt', key: micros('i.updated_at'), value: (v: number) => fromMicros(v) },
  severity: { column: 'i.severity', key: sql<number>`i.severity`, value: (v: number) => sql`${v}::smallint` },
  first_seen: {
    column: sql`coalesce(i.first_seen, i.created_at)`,
    key: sql<number>`(extract(epoch from coalesce(i.first_seen, i.created_at)) * 1000000)::bigint`,
    value: (v: number) => fromMicros(v),
  },
} as const;

/**
 * One page of the incidents the actor may see, newest first by default. Keyset paging on
 * (sort key, id): the hundredth page costs what the first does. A cursor names its sort, so
 * a cursor from another list or sort is refused.
 */
export const listIncidents = async (
  db: Db,
  actor: Actor,
  query: IncidentListQuery,
): Promise<{ rows: IncidentRow[]; nextCursor: string | null }> => {
  const sort = sortKeys[query.sort];
  const after = decodeCursor<[string, number, string]>(query.cursor, ['string', 'number', 'string']);
  if (after && after[0] !== `incidents:${query.sort}:${query.order}`) {
    throw new AppError('bad_request', 'The cursor belongs to another list or order.');
  }
  const direction = query.order;
  const sortColumn = typeof sort.column === 'string' ? sql.ref(sort.column) : sort.column;
  const rows = await db
    .selectFrom('incidents as i')
    .select([...columns, sort.key.as('sortKey')])
    .where((eb) => {
      const conditions = filterConditions(eb as unknown as Eb, actor, query);
      if (after) {
        const [, value, id] = after;
        const op = sql.raw(direction === 'desc' ? '<' : '>');
        conditions.push(sql<SqlBool>`(${sortColumn}, i.id) ${op} (${sort.value(value)}, ${id}::uuid)`);
      }
      return eb.and(conditions);
    })
    .orderBy(sortColumn, direction)
    .orderBy('i.id', direction)
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor([`incidents:${query.sort}:${query.order}`, Number(last.sortKey), last.id])
      : null;
  return { rows: page.map(({ sortKey: _sortKey, ...row }) => row), nextCursor };
};

const facetColumns = {
  status: sql<string>`i.status`,
  severity: sql<string>`i.severity::text`,
  tlp: sql<string>`i.tlp`,
  category: sql<string>`i.category`,
  impactOnConduct: sql<string>`i.impact_conduct`,
  impactOnConfidence: sql<string>`i.impact_confidence`,
  leadOrganisationId: sql<string>`coalesce(i.lead_organisation_id::text, '')`,
} as const;

export type FacetName = keyof typeof facetColumns | 'domain';

/**
 * Counts per value of each filter over what the actor may see; each facet applies every filter
 * but its own, so that choosing one value still shows the counts of the others.
 */
export const incidentFacets = async (db: Db, actor: Actor, filters: IncidentFilters) => {
  const total = await db
    .selectFrom('incidents as i')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.and(filterConditions(eb as unknown as Eb, actor, filters)))
    .executeTakeFirstOrThrow();

  const count = async (_name: FacetName, value: RawBuilder<string>, filterKey: FilterKey) =>
    (
      await db
        .selectFrom('incidents as i')
        .select([value.as('value'), sql<number>`count(*)::int`.as('count')])
        .where((eb) => eb.and(filterConditions(eb as unknown as Eb, actor, filters, filterKey)))
        .groupBy(sql`1`)
        .orderBy(sql`2`, 'desc')
        .execute()
    ).map((r) => ({ value: String(r.value), count: r.count }));

  const [domain, status, severity, tlp, category, impactOnConduct, impactOnConfidence, lead] =
    await Promise.all([
      count('domain', sql<string>`unnest(i.domains)`, 'domain'),
      count('status', facetColumns.status, 'status'),
      count('severity', facetColumns.severity, 'severity'),
      count('tlp', facetColumns.tlp, 'tlp'),
      count('category', facetColumns.category, 'category'),
      count('impactOnConduct', facetColumns.impactOnConduct, 'impactOnConduct'),
      count('impactOnConfidence', facetColumns.impactOnConfidence, 'impactOnConfidence'),
      count('leadOrganisationId', facetColumns.leadOrganisationId, 'leadOrganisationId'),
    ]);
  return {
    total: Number(total.n),
    domain,
    status,
    severity,
    tlp,
    category,
    impactOnConduct,
    impactOnConfidence,
    leadOrganisationId: lead.filter((f) => f.value !== ''),
  };
};

export const listIncidentEvents = async (db: Db | Tx, uuid: string) =>
  db
    .selectFrom('incidentEvents')
    .select(['id', 'type', 'actorUserId', 'actorOrganisationId', 'occurredAt', 'data'])
    .where('incidentId', '=', uuid)
    .orderBy('id')
    .execute();

/** Ids that exist, to refuse references to organisations, communities, users or elections that do not. */
export const missingIds = async (
  db: Db | Tx,
  table: 'organisations' | 'communities' | 'users' | 'elections',
  ids: readonly string[],
): Promise<string[]> => {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = new Set(
    (await db.selectFrom(table).select('id').where('id', 'in', unique).execute()).map((r) => r.id),
  );
  return unique.filter((id) => !found.has(id));
};

/** The organisations of the active coordinators: where a reporter's report goes. */
export const coordinatorOrganisations = async (db: Db | Tx): Promise<string[]> =>
  (
    await db
      .selectFrom('users')
      .select('organisationId')
      .distinct()
      .where('active', '=', true)
      .where(sql<SqlBool>`'coordinator' = any(roles)`)
      .execute()
  ).map((r) => r.organisationId);
