import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchStixImport, benchTaxiiPaging } from './exchange.js';
import { benchIncidents } from './incidents.js';
import { benchMapRender, formatMapRender } from './map-render.js';
import { benchSituation } from './situation.js';
import { benchSitreps } from './sitreps.js';
import { runLoad, type LoadResult } from './load.js';
import { benchStream, formatStreamBench } from './stream.js';

const root = path.resolve(import.meta.dirname, '..');
const serverEntry = path.join(root, 'dist', 'server', 'main.js');
const EMAIL = 'bench@example.test';
const PASSWORD = 'bench-password-123';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** Which parts to run: basics (start, /me, memory), incidents, situation, map, sitreps, exchange (= stix-import, taxii), stream. */
const parts = new Set(
  (process.env.BENCH_PARTS ?? 'basics,incidents,situation,map,sitreps,exchange,stream').split(','),
);

const freePort = async (): Promise<number> => {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
};

const waitForLine = (
  child: ChildProcess,
  match: (line: string) => boolean,
  timeoutMs = 60_000,
): Promise<string> =>
  new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`timed out; output:\n${buffer}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (match(line)) {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}; output:\n${buffer}`)));
  });

const startServer = async (dataDir: string, port: number) => {
  const t0 = performance.now();
  // BENCH_NODE_ARGS: extra flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, serverEntry], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      VAALIVAHTI_ADMIN_EMAIL: EMAIL,
      VAALIVAHTI_ADMIN_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The ready line is logged at info; at warn we poll /readyz instead.
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.ok) break;
    } catch {
      // not yet
    }
    if (child.exitCode !== null) throw new Error('server exited during start');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { child, ms: performance.now() - t0 };
};

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

const rssMb = async (pid: number): Promise<number> => {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

const fmt = (r: LoadResult) =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p90 ${r.p90.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms, errors ${r.errors}${r.errors ? ` ${JSON.stringify(r.failures)}` : ''}`;

const main = async () => {
  await fs.access(serverEntry).catch(() => {
    throw new Error('Build first: npm run build');
  });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vv-bench-'));
  const port = await freePort();
  const lines: string[] = [];
  const log = (line: string) => {
    console.log(line);
    lines.push(line);
  };

  // 1. Initialisation once, then cold starts on the initialised DATA_DIR.
  const first = await startServer(dataDir, port);
  log(`first start (initdb + migrations): ${first.ms.toFixed(0)} ms`);
  await stop(first.child);
  const starts: number[] = [];
  for (let i = 0; i < (parts.has('basics') ? 5 : 0); i += 1) {
    const s = await startServer(dataDir, port);
    starts.push(s.ms);
    await stop(s.child);
  }
  starts.sort((a, b) => a - b);
  if (parts.has('basics'))
    log(
      `cold start to ready (5 runs): median ${starts[2]!.toFixed(0)} ms, max ${starts[4]!.toFixed(0)} ms (target < 3000 ms)`,
    );

  // 2. Signed-in GET /api/v1/me against a bare Fastify route, same machine, same run.
  const server = await startServer(dataDir, port);
  const signIn = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!signIn.ok || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);

  const bare = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'bare-server.ts')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const barePort = (JSON.parse(await waitForLine(bare, (l) => l.startsWith('{"port"'))) as { port: number })
    .port;

  const meUrl = `http://127.0.0.1:${port}/api/v1/me`;
  const bareUrl = `http://127.0.0.1:${barePort}/bare`;
  const rawUrl = `http://127.0.0.1:${barePort}/raw-me`;
  let running = server;
  if (parts.has('basics')) {
    await runLoad(meUrl, { seconds: 2, concurrency, headers: { cookie } });
    await runLoad(bareUrl, { seconds: 2, concurrency });
    await runLoad(rawUrl, { seconds: 2, concurrency, headers: { cookie } });
    const me = await runLoad(meUrl, { seconds, concurrency, headers: { cookie } });
    const ref = await runLoad(bareUrl, { seconds, concurrency });
    const raw = await runLoad(rawUrl, { seconds, concurrency, headers: { cookie } });
    log(`GET /api/v1/me (signed in, session cookie): ${fmt(me)}`);
    log(`bare Fastify route, no database:           ${fmt(ref)}`);
    log(`bare Fastify route + the same SQL by hand:  ${fmt(raw)}`);
    log(
      `ratio /me ÷ bare: throughput ${(me.rps / ref.rps).toFixed(3)}, p99 ×${(me.p99 / ref.p99).toFixed(1)}`,
    );
    log(
      `ratio /me ÷ same SQL by hand: throughput ${(me.rps / raw.rps).toFixed(3)}, p99 ×${(me.p99 / raw.p99).toFixed(1)}`,
    );

    // 3. Idle RSS of the server process (the database is a separate process and not counted).
    await new Promise((resolve) => setTimeout(resolve, 5000));
    log(
      `idle RSS of the server after the load: ${(await rssMb(server.child.pid!)).toFixed(0)} MB (target < 200 MB, database excluded)`,
    );
    await stop(server.child);
    running = await startServer(dataDir, port);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    log(`idle RSS of a freshly started server: ${(await rssMb(running.child.pid!)).toFixed(0)} MB`);
  }

  // 4. Incidents at scale (BENCH_INCIDENTS, default 1,000,000), then the situation picture over them.
  const scale = { dataDir, port, barePort, cookie, email: EMAIL, seconds, concurrency, log };
  if (parts.has('incidents')) await benchIncidents(scale);
  if (parts.has('situation')) await benchSituation(scale);
  if (parts.has('map'))
    log(formatMapRender(await benchMapRender({ baseUrl: `http://127.0.0.1:${port}`, cookie })));
  if (parts.has('sitreps')) await benchSitreps(scale);
  if (parts.has('exchange') || parts.has('stix-import')) await benchStixImport(scale);
  if (parts.has('exchange') || parts.has('taxii')) await benchTaxiiPaging(scale);
  await stop(running.child);
  bare.kill('SIGTERM');

  // 5. The live stream: 1,000 connected clients, commit → delivery.
  if (parts.has('stream')) {
    for (const line of formatStreamBench(await benchStream({ clients: 1000, organisations: 100 }))) log(line);
  }
  // BENCH_KEEP=1 keeps the seeded data directory, to look into a query afterwards.
  if (process.env.BENCH_KEEP) log(`kept the data directory: ${dataDir}`);
  else await fs.rm(dataDir, { recursive: true, force: true });

  const header = `\n## ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n\nCommand: \`npm run bench\` (BENCH_SECONDS=${seconds}, BENCH_CONCURRENCY=${concurrency}, BENCH_PARTS=${[...parts].join(',')}, BENCH_INCIDENTS=${process.env.BENCH_INCIDENTS ?? 1_000_000})\n\n`;
  await fs.appendFile(
    path.join(root, 'bench', 'RESULTS.md'),
    `${header}${lines.map((l) => `- ${l}`).join('\n')}\n`,
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
