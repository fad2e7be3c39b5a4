import { runLoad, type LoadResult } from './load.js';
import { dataDirPool } from './database.js';

/**
 * Incidents at scale: N incidents (default 1,000,000) over 100 organisations and every marking,
 * seeded in SQL; then, through HTTP, creation, the list and full-text search as a user who sees
 * about 2 % of them — each against its reference in the same run (bench/bare-server.ts).
 */
export interface IncidentBenchOptions {
  dataDir: string;
  port: number;
  barePort: number;
  /** Cookie of the bench admin, who is given the analyst role in the first organisation. */
  cookie: string;
  email: string;
  seconds: number;
  concurrency: number;
  log: (line: string) => void;
}

const words = [
  'vaalimainos',
  'palvelunesto',
  'kalastelu',
  'deepfake',
  'äänestyspaikka',
  'ennakkoäänestys',
  'tulospalvelu',
  'valsedel',
  'röstning',
  'disinformation',
  'harassment',
  'botnet',
  'uhkaus',
  'väärennös',
  'vaalikone',
  'postiäänestys',
  'ehdokas',
  'some-tili',
  'tietovuoto',
  'häirintä',
];

const fmt = (r: LoadResult) =>
  `${r.rps.toFixed(0)}/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}${r.errors ? ` ${JSON.stringify(r.failures)}` : ''}`;

export const benchIncidents = async (options: IncidentBenchOptions): Promise<void> => {
  const { log } = options;
  const total = Number(process.env.BENCH_INCIDENTS ?? 1_000_000);
  const pool = dataDirPool(options.dataDir, 4);

  // 100 organisations; the bench user reads as an analyst of the first; an inactive author.
  const organisations = (
    await pool.query<{ id: string }>(
      `insert into organisations (short_name, name_fi, name_sv, name_en)
       select 'B' || g, 'Org ' || g, 'Org ' || g, 'Org ' || g from generate_series(1, 100) g returning id`,
    )
  ).rows.map((r) => r.id);
  const mine = organisations[0]!;
  await pool.query(`update users set roles = '{admin,analyst}', organisation_id = $1 where email = $2`, [
    mine,
    options.email,
  ]);
  const author = (
    await pool.query<{ id: string }>(
      `insert into users (name, email, organisation_id, roles, active)
       values ('Seed', 'seed@bench.test', $1, '{reporter}', false) returning id`,
      [organisations[1]],
    )
  ).rows[0]!.id;

  const t0 = performance.now();
  const batch = 50_000;
  for (let start = 1; start <= total; start += batch) {
    await pool.query(
      `insert into incidents (tlp, owner_organisation_id, author_user_id, shared_organisation_ids, title,
         description, domains, category, severity, status, created_at, updated_at)
       select case when g % 1000 < 2 then 'clear' when g % 1000 < 200 then 'green'
                   when g % 1000 < 800 then 'amber' when g % 1000 < 900 then 'amber+strict' else 'red' end,
              ($1::uuid[])[1 + g % 100], $2::uuid, array[($1::uuid[])[1 + (g * 37 + 11) % 100]],
              'Havainto ' || g || ': ' || ($3::text[])[1 + g % 20] || ' ' || ($3::text[])[1 + (g / 20) % 20],
              ($3::text[])[1 + (g / 7) % 20] || ' havaittiin ' || ($3::text[])[1 + (g / 3) % 20],
              array[(array['information_influence', 'cyber', 'physical', 'process'])[1 + g % 4]], 'other',
              1 + g % 5, (array['new', 'triage', 'investigating', 'responding', 'monitoring'])[1 + g % 5],
              now() - make_interval(secs => g), now() - make_interval(secs => g)
         from generate_series($4::int, $5::int) g`,
      [organisations, author, words, start, Math.min(total, start + batch - 1)],
    );
  }
  // As a table that has settled: without this, autovacuum's first pass over the million new rows
  // (and their GIN indexes) runs during the measurements below.
  await pool.query('vacuum analyze incidents');
  const visible = (
    await pool.query<{ n: number }>(
      `select count(*)::int as n from incidents
        where tlp = 'clear' or (tlp <> 'red' and (owner_organisation_id = $1 or $1 = any(shared_organisation_ids)))`,
      [mine],
    )
  ).rows[0]!.n;
  log(
    `seeded ${total.toLocaleString('en')} incidents over 100 organisations and every marking in ${((performance.now() - t0) / 1000).toFixed(0)} s; the bench user sees ${visible.toLocaleString('en')} (${((100 * visible) / total).toFixed(1)} %)`,
  );

  const base = `http://127.0.0.1:${options.port}`;
  const bare = `http://127.0.0.1:${options.barePort}`;
  const headers = { cookie: options.cookie, origin: base };
  const warm = { seconds: 2, concurrency: options.concurrency, headers };
  const run = { seconds: options.seconds, concurrency: options.concurrency, headers };
  const rates = (process.env.BENCH_RATES ?? '50,100').split(',').map(Number);

  // List and search, as the 2 % user, against the same SQL without the access scope.
  for (const [label, query] of [
    ['list (newest first, 50)', ''],
    ['full-text search "vaalimainos" (50)', '?q=vaalimainos'],
  ] as const) {
    const ours = `${base}/api/v1/incidents${query}${query ? '&' : '?'}limit=50`;
    const reference = `${bare}/raw-incidents${query}`;
    await runLoad(ours, warm);
    await runLoad(reference, warm);
    const a = await runLoad(ours, run);
    const b = await runLoad(reference, run);
    log(`GET /api/v1/incidents ${label}: ${fmt(a)} (target p95 < 100 ms)`);
    log(`  same query without access filtering, bare route: ${fmt(b)}`);
    log(
      `  ratio ours ÷ unfiltered: throughput ${(a.rps / b.rps).toFixed(2)}, p95 ×${(a.p95 / b.p95).toFixed(2)}`,
    );
    // Latency as users see it: requests arriving at a fixed rate, as from many people each
    // refreshing on their own (open loop), rather than 16 clients firing back to back.
    for (const rate of rates) {
      const open = { seconds: options.seconds, concurrency: 64, headers, rate };
      const oa = await runLoad(ours, open);
      const ob = await runLoad(reference, open);
      log(
        `  at ${rate} requests/s arriving (open loop): ours p50 ${oa.p50.toFixed(1)} ms, p95 ${oa.p95.toFixed(1)} ms, p99 ${oa.p99.toFixed(1)} ms (target p95 < 100 ms); unfiltered p95 ${ob.p95.toFixed(1)} ms; p95 ×${(oa.p95 / ob.p95).toFixed(2)}; errors ${oa.errors + ob.errors}`,
      );
    }
  }

  // Creation through HTTP against a single-row INSERT through pg.
  let n = 0;
  const body = () =>
    JSON.stringify({
      title: `Bench ${(n += 1)} palvelunestohyökkäys`,
      description: 'Sivusto ei vastannut.',
      domains: ['cyber'],
      category: 'denial_of_service',
      severity: 3,
    });
  const rawBody = () => JSON.stringify({ title: `Raw ${(n += 1)}`, owner: mine, author });
  const createdFrom = (await pool.query<{ now: Date }>('select now()')).rows[0]!.now;
  await runLoad(`${base}/api/v1/incidents`, { ...warm, body });
  await runLoad(`${bare}/raw-insert`, { ...warm, body: rawBody });
  const created = await runLoad(`${base}/api/v1/incidents`, { ...run, body });
  const inserted = await runLoad(`${bare}/raw-insert`, { ...run, body: rawBody });
  log(`POST /api/v1/incidents: ${fmt(created)} (target ≥ 1000/s)`);
  log(`  single-row INSERT through pg, bare route: ${fmt(inserted)}`);
  log(`  ratio ours ÷ INSERT: throughput ${(created.rps / inserted.rps).toFixed(2)} (target ≥ 0.5)`);

  // Every incident created here is the bench user's own, tens of thousands of them: removed, so that
  // the situation picture measured next reads the seeded set, of which the user sees about 2 %.
  // Without triggers (replica mode, as the owner): the append-only trigger would refuse, and checking
  // the self-reference duplicate_of_id (not indexed) reads the table once per deleted row.
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    await client.query(
      'delete from incident_events where incident_id in (select id from incidents where created_at >= $1)',
      [createdFrom],
    );
    await client.query('delete from incidents where created_at >= $1', [createdFrom]);
    await client.query('commit');
  } finally {
    client.release();
  }
  await pool.end();
};
