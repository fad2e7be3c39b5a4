import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, createPool, type Db } from '../server/db/connection.js';
import { runningPostgresPool } from '../server/db/embedded-postgres.js';
import { ensureAuthSecret } from '../server/features/bootstrap/first-start.js';
import { appendIncidentEvent } from '../server/features/incidents/incident-events.js';
import { connectSse, type SseClient } from '../server/features/stream/sse-client.js';

/**
 * The live stream under load: `clients` SSE connections (users of `organisations` organisations,
 * signed in), incident changes committed at a steady `rate` for `seconds`, and the time from each
 * commit to its arrival at every client that may see it. 90 % of the changes are of an amber
 * incident of one organisation (its users receive them), 10 % of a clear one (everyone does).
 * The reference, in the same run: a bare PostgreSQL LISTEN/NOTIFY round trip to one listener.
 */

export interface StreamBenchOptions {
  clients?: number;
  organisations?: number;
  /** Commits per second. */
  rate?: number;
  seconds?: number;
}

export interface Latencies {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface StreamBenchResult {
  clients: number;
  organisations: number;
  commits: number;
  /** Deliveries expected (a change reaches every client that may see it) and received. */
  expected: number;
  delivered: number;
  /** Deliveries of an incident the client may not see: must be 0. */
  misdelivered: number;
  stream: Latencies;
  reference: Latencies;
  connectMs: number;
}

const root = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const summarise = (values: number[]): Latencies => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0 };
};

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const startServer = async (dataDir: string, port: number): Promise<ChildProcess> => {
  const built = path.join(root, 'dist', 'server', 'main.js');
  const useBuilt = await fs.access(built).then(
    () => true,
    () => false,
  );
  const child = spawn(process.execPath, useBuilt ? [built] : ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      VAALIVAHTI_ADMIN_EMAIL: 'bench-admin@example.test',
      VAALIVAHTI_ADMIN_PASSWORD: 'bench-password-123',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error('the server exited during start');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return child;
    await sleep(50);
  }
};

interface Seeded {
  cookies: { cookie: string; org: number }[];
  amber: string[];
  clear: string;
}

/** Organisations, users with sessions (no password hashing: 1,000 sign-ins would dominate), incidents. */
const seed = async (db: Db, clients: number, organisations: number): Promise<Seeded> => {
  const secret = await ensureAuthSecret(db);
  const sign = (token: string) =>
    `vaalivahti.session_token=${encodeURIComponent(`${token}.${createHmac('sha256', secret).update(token).digest('base64')}`)}`;
  const orgIds: string[] = [];
  for (let i = 0; i < organisations; i += 1) {
    const { id } = await db
      .insertInto('organisations')
      .values({ shortName: `BENCH${i}`, nameFi: `B${i}`, nameSv: `B${i}`, nameEn: `B${i}`, kind: 'agency' })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgIds.push(id);
  }
  const cookies: Seeded['cookies'] = [];
  const authors: string[] = [];
  for (let i = 0; i < clients; i += 1) {
    const org = i % organisations;
    const { id } = await db
      .insertInto('users')
      .values({
        name: `Bench ${i}`,
        email: `bench${i}@example.test`,
        organisationId: orgIds[org]!,
        roles: ['analyst'],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const token = randomBytes(24).toString('base64url');
    await db
      .insertInto('sessions')
      .values({ id: crypto.randomUUID(), token, userId: id, expiresAt: new Date(Date.now() + 3600_000) })
      .execute();
    cookies.push({ cookie: sign(token), org });
    authors[org] ??= id;
  }
  const incident = async (org: number, tlp: 'amber' | 'clear') =>
    (
      await db
        .insertInto('incidents')
        .values({
          tlp,
          ownerOrganisationId: orgIds[org]!,
          authorUserId: authors[org]!,
          title: 'Bench',
          domains: ['cyber'],
          category: 'denial_of_service',
          severity: 3,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const amber: string[] = [];
  for (let org = 0; org < organisations; org += 1) amber.push(await incident(org, 'amber'));
  return { cookies, amber, clear: await incident(0, 'clear') };
};

/** Commits `count` transactions at `rate` per second; `commit` returns when its transaction has. */
const steady = async (count: number, rate: number, commit: (i: number) => Promise<void>) => {
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    running.push(commit(i));
  }
  await Promise.all(running);
};

const referenceRoundTrip = async (
  config: pg.ClientConfig,
  count: number,
  rate: number,
): Promise<Latencies> => {
  const listener = new pg.Client(config);
  const notifier = createPool({ ...config, max: 4 });
  await listener.connect();
  await listener.query('listen bench_reference');
  const committed = new Map<string, number>();
  const latencies: number[] = [];
  const arrived = new Map<string, number>();
  listener.on('notification', (message) => arrived.set(message.payload ?? '', performance.now()));
  await steady(count, rate, async (i) => {
    const client = await notifier.connect();
    try {
      await client.query('begin');
      await client.query(`select pg_notify('bench_reference', $1)`, [String(i)]);
      await client.query('commit');
      committed.set(String(i), performance.now());
    } finally {
      client.release();
    }
  });
  await sleep(500);
  for (const [key, at] of committed) {
    const got = arrived.get(key);
    if (got !== undefined) latencies.push(Math.max(0, got - at));
  }
  await listener.end();
  await notifier.end();
  return summarise(latencies);
};

export const benchStream = async (options: StreamBenchOptions = {}): Promise<StreamBenchResult> => {
  const clients = options.clients ?? 1000;
  const organisations = options.organisations ?? 100;
  const rate = options.rate ?? 20;
  const commits = Math.round(rate * (options.seconds ?? 10));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vv-bench-stream-'));
  const port = await freePort();
  const server = await startServer(dataDir, port);
  const config = await runningPostgresPool(dataDir);
  const pool = createPool({ ...config, max: 8 });
  const db = createDb(pool);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const streams: SseClient[] = [];
  try {
    const seeded = await seed(db, clients, organisations);

    const committedAt = new Map<number, number>();
    const incidentOf = new Map<number, { org: number | null }>();
    const latencies: number[] = [];
    let delivered = 0;
    let misdelivered = 0;
    const t0 = performance.now();
    for (let i = 0; i < seeded.cookies.length; i += 50) {
      const batch = seeded.cookies.slice(i, i + 50);
      streams.push(
        ...(await Promise.all(
          batch.map(async ({ cookie, org }) => {
            const stream = await connectSse(`http://127.0.0.1:${port}/api/v1/stream`, {
              agent,
              headers: { cookie },
              onMessage(message) {
                if (message.event !== 'incident') return;
                const id = Number(message.id);
                const target = incidentOf.get(id);
                if (target && target.org !== null && target.org !== org) misdelivered += 1;
                const at = committedAt.get(id);
                delivered += 1;
                if (at !== undefined) latencies.push(Math.max(0, message.receivedAt - at));
              },
            });
            if (stream.status !== 200) throw new Error(`stream answered ${stream.status}: ${stream.text()}`);
            await stream.waitFor((m) => m.event === 'ready', 30_000);
            return stream;
          }),
        )),
      );
    }
    const connectMs = performance.now() - t0;

    let expected = 0;
    await steady(commits, rate, async (i) => {
      const clear = i % 10 === 9;
      const org = clear ? null : Math.floor(Math.random() * organisations);
      const incidentId = clear ? seeded.clear : seeded.amber[org!]!;
      expected += clear ? clients : seeded.cookies.filter((c) => c.org === org).length;
      const id = await db
        .transaction()
        .execute((tx) => appendIncidentEvent(tx, null, { incidentId, type: 'updated', data: {} }));
      committedAt.set(id, performance.now());
      incidentOf.set(id, { org });
    });
    const deadline = performance.now() + 15_000;
    while (delivered < expected && performance.now() < deadline) await sleep(50);

    const reference = await referenceRoundTrip(config, commits, rate);
    return {
      clients,
      organisations,
      commits,
      expected,
      delivered,
      misdelivered,
      stream: summarise(latencies),
      reference,
      connectMs,
    };
  } finally {
    for (const stream of streams) stream.close();
    agent.destroy();
    await db.destroy();
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
    await fs.rm(dataDir, { recursive: true, force: true });
  }
};

const ms = (l: Latencies) =>
  `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms (n=${l.count})`;

/** Lines for bench/RESULTS.md. */
export const formatStreamBench = (r: StreamBenchResult): string[] => [
  `live stream, ${r.clients} SSE clients of ${r.organisations} organisations, ${r.commits} commits: commit → delivery ${ms(r.stream)} (target p99 < 200 ms); delivered ${r.delivered} of ${r.expected}, misdelivered ${r.misdelivered}; ${r.clients} clients connected in ${r.connectMs.toFixed(0)} ms`,
  `bare PostgreSQL LISTEN/NOTIFY, commit → one listener:   ${ms(r.reference)}`,
];
