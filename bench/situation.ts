import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import type { Actor, Role } from '../shared/access/roles.js';
import { SITUATION_CHANGES_LIMIT } from '../shared/contracts/situation.js';
import {
  mapLevelPrefixes,
  situationScope,
  situationSql,
  type SituationSqlInput,
} from '../server/features/situation/situation-queries.js';
import { defaultBucket, timelineWindow } from '../server/features/situation/situation-service.js';
import { runLoad, type LoadResult } from './load.js';
import { dataDirPool } from './database.js';

/**
 * The situation picture at scale. Assumes the incidents benchIncidents seeded in the same run
 * (BENCH_INCIDENTS, default 1,000,000; none has an election): puts every one of them in the
 * parliamentary election of 2027, nine in ten in one of the municipalities (all 308, so a few
 * hundred per district), 2 % escalated and 1 % closed with their events, and a few threat-level
 * changes. Then, through HTTP, GET /api/v1/elections/parliamentary-2027/situation as the user who
 * sees about 2 % of them, against the same aggregate SQL without access filtering on the bare
 * server (bench/bare-server.ts, /raw-situation) — which aggregates all of them.
 */
export interface SituationBenchOptions {
  dataDir: string;
  port: number;
  barePort: number;
  /** Cookie of the bench user (set up by benchIncidents: analyst in the first bench organisation). */
  cookie: string;
  email: string;
  seconds: number;
  concurrency: number;
  log: (line: string) => void;
}

const SLUG = 'parliamentary-2027';

const fmt = (r: LoadResult) =>
  `${r.rps.toFixed(0)}/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}${r.errors ? ` ${JSON.stringify(r.failures)}` : ''}`;

const executionMs = (plan: string): number => Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);

export const benchSituation = async (options: SituationBenchOptions): Promise<void> => {
  const { log } = options;
  const pool = dataDirPool(options.dataDir, 4);
  const db = new Kysely<never>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });

  const election = (
    await pool.query<{ id: string; election_day: string }>(
      `select id, election_day::text from elections where slug = $1`,
      [SLUG],
    )
  ).rows[0];
  if (!election) throw new Error(`no election ${SLUG}`);
  const user = (
    await pool.query<{ id: string; organisation_id: string; roles: Role[] }>(
      `select id, organisation_id, roles from users where email = $1`,
      [options.email],
    )
  ).rows[0]!;

  // 1. Every incident into the election, with areas, in batches of creation time.
  const t0 = performance.now();
  const { lo, hi, total } = (
    await pool.query<{ lo: Date; hi: Date; total: number }>(
      `select min(created_at) as lo, max(created_at) as hi, count(*)::int as total from incidents`,
    )
  ).rows[0]!;
  const batches = Math.max(1, Math.ceil(total / 50_000));
  const step = (hi.getTime() - lo.getTime() + 1) / batches;
  for (let b = 0; b < batches; b += 1) {
    const from = new Date(lo.getTime() + b * step);
    const to = b === batches - 1 ? new Date(hi.getTime() + 1) : new Date(lo.getTime() + (b + 1) * step);
    await pool.query(
      `with m as (
         select (row_number() over (order by code))::int - 1 as n, code,
                array(select c from unnest(array[code, electoral_district_code, wellbeing_county_code, region_code]) c
                       where c is not null order by c) as scope
           from areas where type = 'municipality'
       ), t as (
         select x.id, abs(hashtext(x.id::text)) as v from incidents x where x.created_at >= $2 and x.created_at < $3
       )
       update incidents i
          set election_id = $1,
              area_codes = case when t.v % 10 = 0 then '{}' else array[m.code] end,
              area_scope = case when t.v % 10 = 0 then '{}' else m.scope end
         from t join m on m.n = (t.v / 10) % (select count(*)::int from m)
        where i.id = t.id`,
      [election.id, from, to],
    );
    // 2 % escalated by one, 1 % closed, 30 minutes after creation, each with its event.
    await pool.query(
      `with changed as (
         update incidents i
            set severity = case when abs(hashtext(i.id::text)) % 100 < 2 then i.severity + 1 else i.severity end,
                status = case when abs(hashtext(i.id::text)) % 100 = 2 then 'closed' else i.status end,
                closing_reason = case when abs(hashtext(i.id::text)) % 100 = 2 then 'resolved' else i.closing_reason end,
                version = i.version + 1
          where i.created_at >= $1 and i.created_at < $2
            and ((abs(hashtext(i.id::text)) % 100 < 2 and i.severity < 5) or abs(hashtext(i.id::text)) % 100 = 2)
         returning i.id, i.created_at, i.severity, i.status, i.owner_organisation_id, i.author_user_id
       )
       insert into incident_events (incident_id, type, actor_user_id, actor_organisation_id, occurred_at, data)
       select c.id, 'updated', c.author_user_id, c.owner_organisation_id,
              least(now(), c.created_at + interval '30 minutes'),
              case when c.status = 'closed'
                   then jsonb_build_object('changes', jsonb_build_object(
                          'status', jsonb_build_object('from', 'new', 'to', 'closed'),
                          'closingReason', jsonb_build_object('from', null, 'to', 'resolved')))
                   else jsonb_build_object('changes', jsonb_build_object(
                          'severity', jsonb_build_object('from', c.severity - 1, 'to', c.severity)))
              end
         from changed c`,
      [from, to],
    );
  }
  await pool.query(
    `insert into threat_levels (election_id, domain, level, rationale, set_by_user_id, set_by_organisation_id, set_at)
     select $1, d, 1 + (n + g) % 5, 'Vertailuaineiston perustelu ' || g, $2, $3, now() - make_interval(days => 10 - g)
       from unnest(array['information_influence', 'cyber', 'physical', 'process']) with ordinality as x(d, n),
            generate_series(0, 2) g`,
    [election.id, user.id, user.organisation_id],
  );
  await pool.query('vacuum analyze incidents');
  await pool.query('vacuum analyze incident_events');
  const actor: Actor = {
    userId: user.id,
    organisationId: user.organisation_id,
    roles: user.roles,
    communityIds: (
      await pool.query<{ community_id: string }>(
        `select community_id from community_members where organisation_id = $1`,
        [user.organisation_id],
      )
    ).rows.map((r) => r.community_id),
  };
  log(
    `situation picture: ${total.toLocaleString('en')} incidents put in ${SLUG} with areas (308 municipalities), 2 % escalated and 1 % closed with events, in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );

  // 2. EXPLAIN ANALYZE of the aggregate statement, with and without the access scope.
  const now = new Date();
  const bucket = defaultBucket(election.election_day, now);
  const phases = (
    await pool.query<{ startsOn: string; endsOn: string }>(
      `select starts_on::text as "startsOn", ends_on::text as "endsOn" from election_phases where election_id = $1`,
      [election.id],
    )
  ).rows;
  const window = timelineWindow({ electionDay: election.election_day, phases }, bucket, now);
  const input = (scope: SituationSqlInput['scope']): SituationSqlInput => ({
    electionId: election.id,
    scope,
    area: null,
    domain: null,
    mapPrefix: mapLevelPrefixes.electoral_district,
    buckets: window.buckets,
    to: window.to,
    since: new Date(now.getTime() - 24 * 3_600_000),
    limit: SITUATION_CHANGES_LIMIT,
  });
  const explain = async (scope: SituationSqlInput['scope']) => {
    const compiled = situationSql(input(scope)).compile(db);
    const result = await pool.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers) ${compiled.sql}`,
      compiled.parameters as unknown[],
    );
    return result.rows.map((r) => r['QUERY PLAN']).join('\n');
  };
  await explain(situationScope(actor, 'i')); // warm the cache once
  const scoped = await explain(situationScope(actor, 'i'));
  const bare = await explain(sql`true`);
  if (process.env.BENCH_EXPLAIN) log(`EXPLAIN ANALYZE (2 % user):\n${scoped}`);
  log(
    `  aggregate SQL, EXPLAIN ANALYZE: as the 2 % user ${executionMs(scoped).toFixed(1)} ms; without access filtering (all ${total.toLocaleString('en')}) ${executionMs(bare).toFixed(1)} ms`,
  );

  // 3. Through HTTP: under the run's concurrency, then one client at a time against the same
  // aggregate SQL without access filtering on the bare server. The unfiltered statement reads every
  // incident of the election (seconds at 1,000,000), so it is compared one request at a time: under
  // the run's concurrency it would only measure the queue.
  const base = `http://127.0.0.1:${options.port}`;
  const bareBase = `http://127.0.0.1:${options.barePort}`;
  const headers = { cookie: options.cookie, origin: base };
  const warm = { seconds: 2, concurrency: options.concurrency, headers };
  const run = { seconds: options.seconds, concurrency: options.concurrency, headers };
  const single = { seconds: options.seconds, concurrency: 1, headers };
  for (const [label, query] of [
    ['whole election (districts, day buckets, last 24 h)', ''],
    ['one electoral district (VP07), municipalities', '?area=VP07&mapLevel=municipality'],
  ] as const) {
    const ours = `${base}/api/v1/elections/${SLUG}/situation${query}`;
    const reference = `${bareBase}/raw-situation${query}${query ? '&' : '?'}slug=${SLUG}`;
    const probe = await fetch(ours, { headers });
    if (!probe.ok) throw new Error(`situation answered ${probe.status}: ${await probe.text()}`);
    const body = (await probe.json()) as { counts: { total: number } };
    await runLoad(ours, warm);
    const loaded = await runLoad(ours, run);
    const alone = await runLoad(ours, single);
    const unfiltered = await runLoad(reference, single);
    log(
      `GET /api/v1/elections/${SLUG}/situation, ${label}, the user sees ${body.counts.total.toLocaleString('en')} (${((100 * body.counts.total) / total).toFixed(1)} %):`,
    );
    log(`  ${options.concurrency} clients: ${fmt(loaded)} (target p95 < 100 ms)`);
    log(`  1 client: ${fmt(alone)}`);
    log(`  same aggregate SQL without access filtering, bare route, 1 client: ${fmt(unfiltered)}`);
    log(
      `  ratio ours ÷ unfiltered (1 client): throughput ${(alone.rps / unfiltered.rps).toFixed(2)}, p95 ×${(alone.p95 / unfiltered.p95).toFixed(3)}`,
    );
  }
  await db.destroy();
};
