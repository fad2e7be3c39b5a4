import pdfmake from 'pdfmake';
import pg from 'pg';
import { renderSitrepPdf } from '../server/features/sitreps/export/sitrep-pdf.js';
import { sampleInput } from '../server/features/sitreps/export/sitrep-sample.js';
import {
  pick,
  fallbackOrder,
  type SitrepRenderInput,
} from '../server/features/sitreps/export/sitrep-labels.js';
import { dataDirPool } from './database.js';
import { stats, time, type Stats } from './timing.js';

/**
 * Situation reports at scale.
 *
 * (a) Rendering a long report as PDF (target < 2 s for 30 pages): our renderer (Markdown, tables,
 *     TLP header and footer on every page) against pdfmake laying out the same text as plain
 *     paragraphs, in the same process, one after the other.
 * (b) Drafting a report over a period with 10,000 incidents (target < 1 s): POST /api/v1/sitreps
 *     through HTTP as a coordinator who sees about 60 % of them, against one raw SQL statement that
 *     counts the period's incidents per domain (new, escalated, closed) without access filtering.
 *
 * BENCH_SITREP_RUNS (default 10) runs of each after one warm-up; BENCH_SITREP_INCIDENTS (default
 * 10,000).
 */
export interface SitrepBenchOptions {
  dataDir: string;
  port: number;
  /** Cookie of the bench user (made a coordinator of a bench organisation for the run). */
  cookie: string;
  email: string;
  log: (line: string) => void;
}

const ELECTION_SLUG = 'sitrep-bench';

const fmt = (s: Stats) =>
  `median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;

/** Pages of a PDF written by pdfkit (each page object says /Type /Page). */
export const pdfPageCount = (pdf: Buffer): number =>
  pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0;

/** The same words as plain paragraphs: sections as raw text, incidents as lines. */
const plainDefinition = (input: SitrepRenderInput) => {
  const order = fallbackOrder(input.language);
  const paragraphs: string[] = [pick(input.content.title, order).text];
  for (const section of input.content.sections) {
    paragraphs.push(pick(section.title, order).text);
    paragraphs.push(...pick(section.body, order).text.split(/\n\s*\n/));
  }
  for (const i of input.content.incidents)
    paragraphs.push(`${i.title} ${i.status} ${i.severity} ${i.summary}`);
  return {
    pageSize: 'A4' as const,
    content: paragraphs.map((text) => ({ text, margin: [0, 0, 0, 6] as [number, number, number, number] })),
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
  };
};

export const benchSitrepPdf = async (log: (line: string) => void, runs: number): Promise<void> => {
  const input = sampleInput({ language: 'fi', paragraphs: 30, incidents: 60 });
  const ours = await renderSitrepPdf(input);
  const pages = pdfPageCount(ours);
  const definition = plainDefinition(input);
  const reference = await pdfmake.createPdf(definition).getBuffer();
  const oursMs = stats(await time(runs, () => renderSitrepPdf(input)));
  const refMs = stats(await time(runs, () => pdfmake.createPdf(plainDefinition(input)).getBuffer()));
  log(
    `sitrep PDF, ${pages} pages (${(ours.length / 1024).toFixed(0)} KiB; 9 sections, 60 incidents, Markdown, TLP header and footer on every page), ${runs} runs: ${fmt(oursMs)} (target < 2000 ms for 30 pages)`,
  );
  log(
    `  pdfmake, the same text as plain paragraphs (${pdfPageCount(reference)} pages): ${fmt(refMs)}; ratio ours ÷ plain: median ×${(oursMs.median / refMs.median).toFixed(2)}, p95 ×${(oursMs.p95 / refMs.p95).toFixed(2)}`,
  );
};

/** (b), on the database behind the server at `port` (the caller ends the pool). */
export const benchSitrepDraft = async (
  pool: pg.Pool,
  options: Omit<SitrepBenchOptions, 'dataDir'> & { origin?: string },
  runs: number,
): Promise<void> => {
  const { log } = options;
  const total = Number(process.env.BENCH_SITREP_INCIDENTS ?? 10_000);

  // The bench user drafts as a coordinator of its own organisation; put back as it was afterwards.
  const before = (
    await pool.query<{ id: string; organisation_id: string; roles: string[] }>(
      `select id, organisation_id, roles from users where email = $1`,
      [options.email],
    )
  ).rows[0]!;
  const [mine, other] = (
    await pool.query<{ id: string }>(
      `insert into organisations (short_name, name_fi, name_sv, name_en)
       select 'SR' || g || '-' || floor(random() * 1e6)::int, 'Tilannekuva ' || g, 'Lägesbild ' || g, 'Situation ' || g
         from generate_series(1, 2) g returning id`,
    )
  ).rows.map((r) => r.id);
  await pool.query(`update users set roles = '{coordinator}', organisation_id = $1 where id = $2`, [
    mine,
    before.id,
  ]);
  try {
    const author = (
      await pool.query<{ id: string }>(
        `insert into users (name, email, organisation_id, roles, active)
         values ('Sitrep seed', 'sitrep-seed-' || floor(random() * 1e9)::bigint || '@bench.test', $1, '{reporter}', false)
         returning id`,
        [other],
      )
    ).rows[0]!.id;
    const election = (
      await pool.query<{ id: string }>(
        `insert into elections (slug, type, name_fi, name_sv, name_en, election_day)
         values ($1 || '-' || floor(random() * 1e9)::bigint, 'municipal', 'Vertailuvaalit', 'Jämförelseval', 'Benchmark election', current_date + 30)
         returning id`,
        [ELECTION_SLUG],
      )
    ).rows[0]!.id;

    // 10,000 incidents of the election in the last 20 hours: 70 % owned by the drafting
    // organisation (every marking but red), the rest by another one not shared with it; 2 %
    // escalated and 1 % closed in the period, each with its event.
    const t0 = performance.now();
    const periodEnd = new Date();
    const periodStart = new Date(periodEnd.getTime() - 24 * 3_600_000);
    await pool.query(
      `insert into incidents (tlp, owner_organisation_id, author_user_id, title, description, domains, category,
         severity, status, election_id, created_at, updated_at)
       select (array['clear', 'green', 'amber', 'amber+strict', 'red'])[1 + g % 5],
              case when g % 10 < 7 then $1::uuid else $2::uuid end, $3::uuid,
              'Tapaus ' || g || ': äänestyspaikan häiriö, Vörå', 'Kuvaus ' || g,
              array[(array['information_influence', 'cyber', 'physical', 'process'])[1 + g % 4]], 'other',
              1 + g % 5, (array['new', 'triage', 'investigating', 'monitoring'])[1 + g % 4], $4::uuid,
              $5::timestamptz - make_interval(secs => (g * 7) % 72000 + 60),
              $5::timestamptz - make_interval(secs => (g * 7) % 72000 + 60)
         from generate_series(1, $6::int) g`,
      [mine, other, author, election, periodEnd, total],
    );
    await pool.query(
      `with changed as (
         update incidents i
            set severity = case when abs(hashtext(i.id::text)) % 100 < 2 then i.severity + 1 else i.severity end,
                status = case when abs(hashtext(i.id::text)) % 100 = 2 then 'closed' else i.status end,
                closing_reason = case when abs(hashtext(i.id::text)) % 100 = 2 then 'resolved' else i.closing_reason end,
                version = i.version + 1
          where i.election_id = $1
            and ((abs(hashtext(i.id::text)) % 100 < 2 and i.severity < 5) or abs(hashtext(i.id::text)) % 100 = 2)
         returning i.id, i.created_at, i.severity, i.status, i.owner_organisation_id
       )
       insert into incident_events (incident_id, type, actor_user_id, actor_organisation_id, occurred_at, data)
       select c.id, 'updated', $2::uuid, c.owner_organisation_id, least($3::timestamptz, c.created_at + interval '30 minutes'),
              case when c.status = 'closed'
                   then jsonb_build_object('changes', jsonb_build_object('status', jsonb_build_object('from', 'new', 'to', 'closed')))
                   else jsonb_build_object('changes', jsonb_build_object('severity', jsonb_build_object('from', c.severity - 1, 'to', c.severity)))
              end
         from changed c`,
      [election, author, new Date(periodEnd.getTime() - 1000)],
    );
    await pool.query('analyze incidents');
    await pool.query('analyze incident_events');
    const visible = (
      await pool.query<{ n: number }>(
        `select count(*)::int as n from incidents where election_id = $1 and tlp <> 'red'
            and (tlp = 'clear' or owner_organisation_id = $2)`,
        [election, mine],
      )
    ).rows[0]!.n;
    log(
      `sitrep drafting: seeded ${total.toLocaleString('en')} incidents in one election and period (2 % escalated, 1 % closed) in ${((performance.now() - t0) / 1000).toFixed(1)} s; the coordinator sees ${visible.toLocaleString('en')} of them outside red`,
    );

    const base = `http://127.0.0.1:${options.port}`;
    const templateId = (
      await pool.query<{ id: string }>(`select id from sitrep_templates where key = 'daily'`)
    ).rows[0]!.id;
    const body = JSON.stringify({
      electionId: election,
      templateId,
      periodStart: periodStart.toISOString(),
      periodEnd: periodEnd.toISOString(),
      tlp: 'amber',
    });
    let drafts = 0;
    const draft = async () => {
      const response = await fetch(`${base}/api/v1/sitreps`, {
        method: 'POST',
        headers: {
          cookie: options.cookie,
          origin: options.origin ?? base,
          'content-type': 'application/json',
        },
        body,
      });
      const text = await response.text();
      if (response.status !== 201)
        throw new Error(`POST /api/v1/sitreps answered ${response.status}: ${text.slice(0, 500)}`);
      if (drafts === 0) {
        const created = JSON.parse(text) as { draft?: { incidents?: unknown[]; sections?: unknown[] } };
        log(
          `  the draft: ${created.draft?.sections?.length ?? '?'} sections, ${created.draft?.incidents?.length ?? '?'} notable incidents`,
        );
      }
      drafts += 1;
    };
    const ours = stats(await time(runs, draft));

    const reference = stats(
      await time(runs, () =>
        pool.query(
          `with ch as (
             select e.incident_id,
                    bool_or((e.data #>> '{changes,severity,to}')::int > (e.data #>> '{changes,severity,from}')::int
                            or e.data #>> '{changes,status,to}' = 'responding') as escalated,
                    bool_or(e.data #>> '{changes,status,to}' = 'closed') as closed
               from incident_events e
              where e.type = 'updated' and e.occurred_at >= $2 and e.occurred_at < $3
              group by e.incident_id
           )
           select d.domain,
                  count(*) filter (where i.created_at >= $2 and i.created_at < $3)::int as created,
                  count(*) filter (where ch.escalated)::int as escalated,
                  count(*) filter (where ch.closed)::int as closed
             from incidents i
             left join ch on ch.incident_id = i.id
             cross join lateral unnest(i.domains) as d(domain)
            where i.election_id = $1 and (i.created_at >= $2 and i.created_at < $3 or ch.incident_id is not null)
            group by d.domain`,
          [election, periodStart, periodEnd],
        ),
      ),
    );
    log(
      `POST /api/v1/sitreps (daily template, prefilled from ${total.toLocaleString('en')} incidents), ${runs} runs, 1 client: ${fmt(ours)} (target < 1000 ms)`,
    );
    log(
      `  raw SQL counting the period's incidents per domain (new, escalated, closed), no access filtering: ${fmt(reference)}`,
    );
    log(
      `  ratio ours ÷ raw count: median ×${(ours.median / reference.median).toFixed(1)}, p95 ×${(ours.p95 / reference.p95).toFixed(1)}`,
    );
  } finally {
    await pool.query(`update users set roles = $1, organisation_id = $2 where id = $3`, [
      before.roles,
      before.organisation_id,
      before.id,
    ]);
  }
};

export const benchSitreps = async (options: SitrepBenchOptions): Promise<void> => {
  const runs = Number(process.env.BENCH_SITREP_RUNS ?? 10);
  await benchSitrepPdf(options.log, runs);
  const pool = dataDirPool(options.dataDir, 2);
  try {
    await benchSitrepDraft(pool, options, runs);
  } finally {
    await pool.end();
  }
};
