import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { dataDirPool } from './database.js';
import { stats, time, type Stats } from './timing.js';

/**
 * Exchange at scale (issue 6).
 *
 * (a) TAXII paging: 1,000,000 objects (BENCH_TAXII_OBJECTS) in one partner's collection, seeded in
 *     SQL; GET …/objects/?limit=1000 through HTTP with the partner's token, the first page and the
 *     500th (its `next` cursor found by walking), each BENCH_TAXII_RUNS times (default 30), against
 *     the same keyset query run by hand over the same index (the reference) in the same run.
 *     Target: p95 under 200 ms for both pages, and flat.
 * (b) STIX import: a 100,000-object bundle (BENCH_IMPORT_OBJECTS) POSTed to /api/v1/stix/bundles,
 *     against a PostgreSQL COPY of the same rows (id, version, type, object) into a table of the same
 *     shape, in the same run. Target: at least 10,000 objects/s.
 */
export interface ExchangeBenchOptions {
  dataDir: string;
  port: number;
  cookie: string;
  email: string;
  log: (line: string) => void;
}

const fmt = (s: Stats) =>
  `p50 ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;

const TAXII = 'application/taxii+json;version=2.1';

/** An organisation and a coordinator role for the bench user, put back afterwards. */
const asCoordinator = async <T>(
  pool: pg.Pool,
  email: string,
  run: (organisationId: string, userId: string) => Promise<T>,
) => {
  const before = (
    await pool.query<{ id: string; organisation_id: string; roles: string[] }>(
      `select id, organisation_id, roles from users where email = $1`,
      [email],
    )
  ).rows[0]!;
  const organisation = (
    await pool.query<{ id: string }>(
      `insert into organisations (short_name, name_fi, name_sv, name_en)
       values ('EX-' || floor(random() * 1e9)::bigint, 'Vaihto', 'Utbyte', 'Exchange') returning id`,
    )
  ).rows[0]!.id;
  await pool.query(`update users set roles = '{coordinator}', organisation_id = $1 where id = $2`, [
    organisation,
    before.id,
  ]);
  try {
    return await run(organisation, before.id);
  } finally {
    await pool.query(`update users set roles = $1, organisation_id = $2 where id = $3`, [
      before.roles,
      before.organisation_id,
      before.id,
    ]);
  }
};

const incidentObject = (i: number, at: string) => ({
  type: 'incident',
  spec_version: '2.1',
  id: `incident--${randomUUID()}`,
  created: at,
  modified: at,
  name: `Palvelunestohyökkäys vaalisivustolle ${i}`,
  description: `Vaalien tulospalveluun kohdistui hajautettu palvelunestohyökkäys (${i}); palvelu oli tavoittamattomissa noin 40 minuuttia.`,
  object_marking_refs: ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'],
});

export const benchTaxiiPaging = async (options: ExchangeBenchOptions): Promise<void> => {
  const { log } = options;
  const total = Number(process.env.BENCH_TAXII_OBJECTS ?? 1_000_000);
  const runs = Number(process.env.BENCH_TAXII_RUNS ?? 30);
  const pool = dataDirPool(options.dataDir, 2);
  try {
    await asCoordinator(pool, options.email, async (organisation, userId) => {
      const partner = (
        await pool.query<{ id: string }>(
          `insert into partners (name, owner_organisation_id, tlp_ceiling, record_types, created_by_user_id)
           values ('Bench partner ' || floor(random() * 1e9)::bigint, $1, 'amber', '{incident}', $2) returning id`,
          [organisation, userId],
        )
      ).rows[0]!.id;
      const collection = (
        await pool.query<{ id: string }>(
          `insert into taxii_collections (partner_id, title, can_read, can_write) values ($1, 'Bench', true, false) returning id`,
          [partner],
        )
      ).rows[0]!.id;
      const token = `vvp_${randomBytes(32).toString('base64url')}`;
      await pool.query(
        `insert into partner_tokens (partner_id, name, token_hash, start, created_by_user_id) values ($1, 'bench', $2, $3, $4)`,
        [partner, createHash('sha256').update(token).digest('hex'), token.slice(0, 8), userId],
      );
      const t0 = performance.now();
      const sample = JSON.stringify(incidentObject(0, '2027-04-01T09:00:00.000Z'));
      for (let from = 1; from <= total; from += 100_000) {
        await pool.query(
          `insert into taxii_objects (collection_id, stix_id, type, version, version_at, tlp, date_added, object)
           select $1, 'incident--' || gen_random_uuid(), 'incident', '2027-04-01T09:00:00.000Z', '2027-04-01T09:00:00.000Z',
                  'amber', timestamptz '2027-04-01T00:00:00Z' + g * interval '1 microsecond' * 37, $2::jsonb
             from generate_series($3::int, $4::int) g`,
          [collection, sample, from, Math.min(total, from + 99_999)],
        );
      }
      await pool.query(`update taxii_collections set object_count = $2 where id = $1`, [collection, total]);
      await pool.query('analyze taxii_objects');
      log(
        `TAXII paging: seeded ${total.toLocaleString('en')} objects in one collection in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );

      const base = `http://127.0.0.1:${options.port}/taxii2/vaalivahti/collections/${collection}/objects/`;
      const headers = { accept: TAXII, authorization: `Bearer ${token}` };
      const get = async (url: string) => {
        const response = await fetch(url, { headers });
        if (!response.ok) throw new Error(`TAXII ${response.status}: ${await response.text()}`);
        return (await response.json()) as { more?: boolean; next?: string; objects?: unknown[] };
      };
      // Walk to page 500 once, keeping its cursor.
      let next: string | undefined;
      const walk0 = performance.now();
      for (let page = 1; page < 500; page += 1) {
        const body = await get(`${base}?limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`);
        if (!body.next) throw new Error(`no next after page ${page}`);
        next = body.next;
      }
      log(`TAXII paging: walked 499 pages of 1,000 in ${((performance.now() - walk0) / 1000).toFixed(1)} s`);
      const pages = {
        first: `${base}?limit=1000`,
        p500: `${base}?limit=1000&next=${encodeURIComponent(next!)}`,
      };
      const timeHttp = async (url: string) =>
        stats(
          await time(runs, async () => {
            const body = await get(url);
            if ((body.objects?.length ?? 0) !== 1000) throw new Error('short page');
          }),
        );
      // The reference: the same keyset page by hand, object text included, no HTTP.
      const cursorRow = (
        await pool.query<{ date_added: Date; seq: string }>(
          `select date_added, seq from taxii_objects where collection_id = $1 order by date_added, seq offset 498999 limit 1`,
          [collection],
        )
      ).rows[0]!;
      const timeSql = async (after: { date_added: Date; seq: string } | null) =>
        stats(
          await time(runs, () =>
            pool.query(
              `select seq, stix_id, object::text from taxii_objects
                where collection_id = $1 and tlp = any('{clear,green,amber}') ${after ? 'and (date_added, seq) > ($2, $3)' : ''}
                order by date_added, seq limit 1001`,
              after ? [collection, after.date_added, after.seq] : [collection],
            ),
          ),
        );
      const first = await timeHttp(pages.first);
      const p500 = await timeHttp(pages.p500);
      const sqlFirst = await timeSql(null);
      const sql500 = await timeSql(cursorRow);
      log(`TAXII GET objects, limit 1,000, page 1 (${runs} runs):   ${fmt(first)}   (target p95 < 200 ms)`);
      log(
        `TAXII GET objects, limit 1,000, page 500 (${runs} runs): ${fmt(p500)}   (page 500 ÷ page 1 at p95: ×${(p500.p95 / first.p95).toFixed(2)})`,
      );
      log(`reference, the keyset query by hand, page 1:   ${fmt(sqlFirst)}`);
      log(
        `reference, the keyset query by hand, page 500: ${fmt(sql500)}   (HTTP ÷ SQL at p95: page 1 ×${(first.p95 / sqlFirst.p95).toFixed(1)}, page 500 ×${(p500.p95 / sql500.p95).toFixed(1)})`,
      );
    });
  } finally {
    await pool.end();
  }
};

/** A bundle like a partner's busy day: incidents with URLs and domains they relate to. */
const importBundle = (total: number) => {
  const objects: Record<string, unknown>[] = [];
  const at = '2027-04-10T08:00:00.000Z';
  const amber = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
  let i = 0;
  while (objects.length < total) {
    i += 1;
    const incident = incidentObject(i, at);
    const url = {
      type: 'url',
      spec_version: '2.1',
      id: `url--${randomUUID()}`,
      value: `https://vaalit-tulos-${i}.example/tulokset?alue=${i % 308}`,
    };
    const domain = {
      type: 'domain-name',
      spec_version: '2.1',
      id: `domain-name--${randomUUID()}`,
      value: `vaalit-tulos-${i}.example`,
    };
    objects.push(incident, url, domain);
    for (const target of [url.id, domain.id]) {
      objects.push({
        type: 'relationship',
        spec_version: '2.1',
        id: `relationship--${randomUUID()}`,
        created: at,
        modified: at,
        relationship_type: 'related-to',
        source_ref: incident.id,
        target_ref: target,
        object_marking_refs: [amber],
      });
    }
  }
  return { type: 'bundle', id: `bundle--${randomUUID()}`, objects: objects.slice(0, total) };
};

export const benchStixImport = async (options: ExchangeBenchOptions): Promise<void> => {
  const { log } = options;
  const total = Number(process.env.BENCH_IMPORT_OBJECTS ?? 100_000);
  const pool = dataDirPool(options.dataDir, 2);
  try {
    await asCoordinator(pool, options.email, async () => {
      const url = `http://127.0.0.1:${options.port}/api/v1/stix/bundles?source=api`;
      const post = async (body: string) => {
        const s = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            cookie: options.cookie,
            origin: `http://127.0.0.1:${options.port}`,
          },
          body,
        });
        const result = (await response.json()) as { counts?: Record<string, number> };
        if (response.status !== 201)
          throw new Error(`import ${response.status}: ${JSON.stringify(result).slice(0, 300)}`);
        return { ms: performance.now() - s, counts: result.counts };
      };
      const warm = JSON.stringify(importBundle(2_000));
      await post(warm);
      const bundle = importBundle(total);
      const body = JSON.stringify(bundle);
      const first = await post(body);
      const again = await post(body);
      log(
        `STIX import of a ${total.toLocaleString('en')}-object bundle (${(body.length / 2 ** 20).toFixed(1)} MiB) through POST /api/v1/stix/bundles: ` +
          `${first.ms.toFixed(0)} ms = ${((total / first.ms) * 1000).toFixed(0)} objects/s (target ≥ 10,000/s); ` +
          `the same bundle again (nothing changes): ${again.ms.toFixed(0)} ms = ${((total / again.ms) * 1000).toFixed(0)} objects/s; counts ${JSON.stringify(first.counts)}`,
      );

      // The reference: COPY of the same rows (id, version, type, object) into a table of the store's shape.
      const { default: copyStreams } = await import('pg-copy-streams');
      const client = await pool.connect();
      try {
        await client.query(
          // A logged table like the store (a temporary one would skip the write-ahead log).
          `create table copy_reference (stix_id text collate "C", version_key text collate "C", type text, modified text, object jsonb,
             primary key (stix_id, version_key))`,
        );
        const escape = (text: string) =>
          text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
        const rows = bundle.objects.map((o) => {
          const version = typeof o.modified === 'string' ? o.modified : '';
          return `${o.id as string}\t${version}\t${o.type as string}\t${version || '\\N'}\t${escape(JSON.stringify(o))}\n`;
        });
        const chunks: string[] = [];
        for (let i = 0; i < rows.length; i += 1000) chunks.push(rows.slice(i, i + 1000).join(''));
        const s = performance.now();
        await new Promise<void>((resolve, reject) => {
          const stream = client.query(copyStreams.from('copy copy_reference from stdin (format text)'));
          stream.on('finish', () => resolve());
          stream.on('error', reject);
          for (const chunk of chunks) stream.write(chunk);
          stream.end();
        });
        const copyMs = performance.now() - s;
        log(
          `reference, COPY of the same ${total.toLocaleString('en')} rows into a table of the store's shape: ${copyMs.toFixed(0)} ms = ${((total / copyMs) * 1000).toFixed(0)} rows/s; ` +
            `import ÷ COPY throughput ${(copyMs / first.ms).toFixed(2)}`,
        );
      } finally {
        await client.query('drop table if exists copy_reference');
        client.release();
      }
    });
  } finally {
    await pool.end();
  }
};
