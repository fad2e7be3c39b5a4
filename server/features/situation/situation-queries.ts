import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import { shareableColumns, visibleTo } from '../../access/visibility-scope.js';
import type { Db, Tx } from '../../db/connection.js';
import { incidentDomains } from '../../../shared/contracts/incident-enums.js';

/**
 * A necessary condition of `visibleTo` that indexes can answer (migration 0009): whoever may see
 * an incident is its author, or it is clear, or the actor's organisation owns it or is on its
 * sharing list, or the actor's community or the actor is. It selects a superset of the visible
 * incidents; `visibleTo` then decides exactly. PostgreSQL cannot use an index for
 * `$org = any(shared_organisation_ids)` in `visibleTo`, but it can for `@>`, so this lets it OR
 * the bitmaps of a few index scans instead of reading every incident of the election.
 */
export const visibilityPrefilter = (actor: Actor, alias: string): RawBuilder<SqlBool> => {
  const c = shareableColumns(alias);
  const user = sql`${actor.userId}::uuid`;
  const organisation = sql`${actor.organisationId}::uuid`;
  const communities =
    actor.communityIds.length > 0
      ? sql` or ${c.communities} && ${sql.val([...actor.communityIds])}::uuid[]`
      : sql``;
  return sql<SqlBool>`(${c.author} = ${user} or ${c.tlp} = 'clear' or ${c.owner} = ${organisation}
    or ${c.organisations} @> array[${organisation}] or ${c.users} @> array[${user}]${communities})`;
};

/** The incidents of the situation picture: what the actor may see, exactly. */
export const situationScope = (actor: Actor, alias: string): Expression<SqlBool> =>
  sql<SqlBool>`(${visibilityPrefilter(actor, alias)} and ${visibleTo(actor, alias)})`;

export const mapLevelPrefixes = {
  municipality: 'KU',
  electoral_district: 'VP',
  wellbeing_county: 'HV',
} as const;

export interface SituationSqlInput {
  electionId: string;
  /** Which incidents count: `situationScope(actor, 'i')`, or `sql\`true\`` for the bench reference. */
  scope: Expression<SqlBool>;
  area: string | null;
  domain: string | null;
  mapPrefix: (typeof mapLevelPrefixes)[keyof typeof mapLevelPrefixes];
  /** The timeline: the start of each bucket; incidents created from the first to `to` count. */
  buckets: readonly Date[];
  to: Date;
  /** "What changed" starts here (exclusive). */
  since: Date;
  limit: number;
}

export interface ChangedItemJson {
  id: string;
  title: string;
  s: number;
  st: string;
  at: string;
  f: number | null;
  to: number | null;
}

/** The one row the aggregate statement returns (keys as the CamelCasePlugin gives them). */
export interface SituationSqlRow {
  /** [total, incidents per domain in the order of incidentDomains, incidents with no area of the map level]. */
  totals: number[];
  counts: { f: string; v: string; n: number }[];
  /** Per area of the map level. */
  map: { c: string; n: number }[];
  /** [bucket number (1 = the first), then incidents per domain in the order of incidentDomains]. */
  timeline: number[][];
  createdTotal: number;
  createdItems: ChangedItemJson[];
  escalatedTotal: number;
  escalatedItems: ChangedItemJson[];
  deescalatedTotal: number;
  deescalatedItems: ChangedItemJson[];
  closedTotal: number;
  closedItems: ChangedItemJson[];
}

/** A capped list of changed incidents, latest first, and how many there are in all. */
const changedList = (source: string, limit: number) => sql`(select coalesce(json_agg(json_build_object(
      'id', x.id, 'title', x.title, 's', x.severity, 'st', x.status, 'at', x.at, 'f', x.sev_from, 'to', x.sev_to)
      order by x.at desc, x.id desc), '[]'::json)
    from (select * from ${sql.table(source)} order by at desc, id desc limit ${limit}) x)`;

/**
 * Every aggregate of the situation picture in one statement and one pass over the incidents: the
 * visible incidents of the election are read once (CTE `v`, the election filter first), then
 * counted by status, severity and both impacts in one grouping-sets pass, by domain, by area of
 * the map level and by timeline bucket; "what changed" joins the severity and status events
 * after `since` (partial index on incident_events.occurred_at) to the same incidents.
 */
export const situationSql = (input: SituationSqlInput): RawBuilder<SituationSqlRow> => {
  const area = input.area ? sql`and i.area_scope @> array[${input.area}::text]` : sql``;
  const domain = input.domain ? sql`and i.domains @> array[${input.domain}::text]` : sql``;
  // An incident of several domains counts in each: one filtered count per domain, in one pass.
  const domainFlags = sql.join(
    incidentDomains.map((d, n) => sql`${d} = any(i.domains) as ${sql.raw(`d${n}`)}`),
  );
  const perDomain = sql.join(
    incidentDomains.map((_, n) => sql`count(*) filter (where ${sql.raw(`v.d${n}`)})::int`),
  );
  const domainColumns = (prefix: string) =>
    sql.raw(incidentDomains.map((_, n) => `${prefix}n${n}`).join(', '));
  const first = input.buckets[0];
  const bounds = sql`${sql.val(input.buckets.map((b) => b.toISOString()))}::timestamptz[]`;
  return sql<SituationSqlRow>`
    with v as materialized (
      select i.id, i.title, i.status, i.severity, i.impact_conduct, i.impact_confidence, i.area_scope,
             i.created_at, ${domainFlags},
             -- Area codes begin with their type (KU, VP, HV, MK) and have digits after it, so the
             -- prefix occurs in the joined scope exactly when the incident has an area of the level.
             strpos(array_to_string(i.area_scope, ' '), ${input.mapPrefix}) = 0 as no_area
        from incidents i
       where i.election_id = ${input.electionId}::uuid and ${input.scope} ${area} ${domain}
    ),
    ch as materialized (
      select e.id as event_id, e.incident_id, e.occurred_at,
             (e.data #>> '{changes,severity,from}')::int as sev_from,
             (e.data #>> '{changes,severity,to}')::int as sev_to,
             (e.type = 'merged_into' or e.data #>> '{changes,status,to}' = 'closed') as closes
        from incident_events e
       where e.type in ('updated', 'merged_into') and e.occurred_at > ${input.since}
         and e.incident_id in (select v.id from v)
    ),
    latest_up as (
      select distinct on (ch.incident_id) ch.incident_id, ch.occurred_at, ch.sev_from, ch.sev_to
        from ch where ch.sev_to > ch.sev_from order by ch.incident_id, ch.occurred_at desc, ch.event_id desc
    ),
    latest_down as (
      select distinct on (ch.incident_id) ch.incident_id, ch.occurred_at, ch.sev_from, ch.sev_to
        from ch where ch.sev_to < ch.sev_from order by ch.incident_id, ch.occurred_at desc, ch.event_id desc
    ),
    latest_closed as (
      select distinct on (ch.incident_id) ch.incident_id, ch.occurred_at
        from ch where ch.closes order by ch.incident_id, ch.occurred_at desc, ch.event_id desc
    ),
    created as (
      select v.id, v.title, v.severity, v.status, v.created_at as at, null::int as sev_from, null::int as sev_to
        from v where v.created_at > ${input.since}
    ),
    escalated as (
      select v.id, v.title, v.severity, v.status, l.occurred_at as at, l.sev_from, l.sev_to
        from latest_up l join v on v.id = l.incident_id
    ),
    deescalated as (
      select v.id, v.title, v.severity, v.status, l.occurred_at as at, l.sev_from, l.sev_to
        from latest_down l join v on v.id = l.incident_id
    ),
    closed as (
      select v.id, v.title, v.severity, v.status, l.occurred_at as at, null::int as sev_from, null::int as sev_to
        from latest_closed l join v on v.id = l.incident_id
    )
    select
      (select json_build_array(count(*)::int, ${perDomain}, count(*) filter (where v.no_area)::int) from v)
        as totals,
      (select coalesce(json_agg(json_build_object('f', c.f, 'v', c.val, 'n', c.n)), '[]'::json) from (
         select case when grouping(v.status) = 0 then 'status'
                     when grouping(v.severity) = 0 then 'severity'
                     when grouping(v.impact_conduct) = 0 then 'conduct'
                     else 'confidence' end as f,
                coalesce(v.status, v.severity::text, v.impact_conduct, v.impact_confidence) as val,
                count(*)::int as n
           from v group by grouping sets ((v.status), (v.severity), (v.impact_conduct), (v.impact_confidence))
       ) c) as counts,
      (select coalesce(json_agg(json_build_object('c', m.code, 'n', m.n)), '[]'::json) from (
         select a.code, count(*)::int as n
           from (select unnest(v.area_scope) as code from v) a
          where left(a.code, 2) = ${input.mapPrefix}
          group by a.code
       ) m) as map,
      (select coalesce(json_agg(json_build_array(t.b, ${domainColumns('t.')})), '[]'::json) from (
         select width_bucket(v.created_at, ${bounds}) as b, ${perDomain}
           from v
          where ${first ? sql`v.created_at >= ${first} and v.created_at < ${input.to}` : sql`false`}
          group by 1
       ) t(b, ${domainColumns('')})) as timeline,
      (select count(*)::int from created) as created_total,
      ${changedList('created', input.limit)} as created_items,
      (select count(*)::int from escalated) as escalated_total,
      ${changedList('escalated', input.limit)} as escalated_items,
      (select count(*)::int from deescalated) as deescalated_total,
      ${changedList('deescalated', input.limit)} as deescalated_items,
      (select count(*)::int from closed) as closed_total,
      ${changedList('closed', input.limit)} as closed_items
  `;
};

export const runSituationSql = async (db: Kysely<unknown> | Db, input: SituationSqlInput) =>
  (await situationSql(input).execute(db as Db)).rows[0]!;

export interface ThreatLevelChangeRow {
  id: number;
  domain: string;
  fromLevel: number | null;
  toLevel: number;
  rationale: string;
  at: Date;
}

/**
 * The threat-level changes of an election after `since` (all when null), oldest first, each with
 * the level before it in its domain (null for the first). Threat levels are the cooperation
 * group's assessment of the election, not shareable records: everyone who reads content sees them.
 */
export const threatLevelChanges = async (
  db: Db | Tx,
  electionId: string,
  since: Date | null,
  options: { domain?: string | null; until?: Date } = {},
): Promise<ThreatLevelChangeRow[]> => {
  const result = await sql<ThreatLevelChangeRow>`
    select h.id, h.domain, h.from_level, h.to_level, h.rationale, h.at from (
      select t.id, t.domain, lag(t.level) over (partition by t.domain order by t.id)::int as from_level,
             t.level::int as to_level, t.rationale, t.set_at as at
        from threat_levels t where t.election_id = ${electionId}::uuid
    ) h
    where true
      ${since ? sql`and h.at > ${since}` : sql``}
      ${options.until ? sql`and h.at <= ${options.until}` : sql``}
      ${options.domain ? sql`and h.domain = ${options.domain}` : sql``}
    order by h.at, h.id`.execute(db);
  return result.rows;
};

export const areaExists = async (db: Db, code: string): Promise<boolean> =>
  (await db.selectFrom('areas').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;

export interface VisitRow {
  visitedAt: Date;
  previousVisitedAt: Date | null;
}

export const findVisit = async (db: Db, userId: string, electionId: string): Promise<VisitRow | undefined> =>
  (
    await sql<VisitRow>`select visited_at, previous_visited_at from situation_visits
      where user_id = ${userId}::uuid and election_id = ${electionId}::uuid`.execute(db)
  ).rows[0];

/**
 * Records a visit. A visit within `continueMs` of the last one continues it (a reload, a second
 * tab): the previous visit stays, so "what changed since your last visit" does not collapse to
 * the last few minutes.
 */
export const upsertVisit = async (
  db: Db,
  userId: string,
  electionId: string,
  now: Date,
  continueMs: number,
): Promise<VisitRow> =>
  (
    await sql<VisitRow>`
      insert into situation_visits as s (user_id, election_id, visited_at, previous_visited_at)
      values (${userId}::uuid, ${electionId}::uuid, ${now}, null)
      on conflict (user_id, election_id) do update set
        previous_visited_at = case
          when s.visited_at > ${now}::timestamptz - ${continueMs} * interval '1 millisecond'
          then s.previous_visited_at else s.visited_at end,
        visited_at = ${now}
      returning visited_at, previous_visited_at`.execute(db)
  ).rows[0]!;
