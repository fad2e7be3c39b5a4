import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isAlive,
  makeDataDir,
  postmasterPid,
  removeDataDir,
  repoRoot,
  signIn,
  startTestServer,
  waitUntil,
  type TestServer,
} from '../helpers/server.js';

let dataDir: string;
let running: TestServer | undefined;

afterAll(async () => {
  await running?.stop('SIGKILL');
  if (dataDir) await removeDataDir(dataDir);
});

const serverFor = async (): Promise<TestServer> => {
  dataDir ??= await makeDataDir();
  running ??= await startTestServer({ dataDir });
  return running;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The PostgreSQL processes of a postmaster: itself and its children. */
const postgresProcesses = async (postmaster: number): Promise<number[]> => {
  const children: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmaster) children.push(Number(entry));
  }
  return [postmaster, ...children];
};

/**
 * A POST whose body arrives slowly: the request is in flight, headers read and body pending,
 * for as long as the test wants. Resolves with the status once the server answers. Its
 * connection is kept alive afterwards, as a browser keeps it, for minutes.
 */
const slowPost = (baseUrl: string, cookie: string, url: string, body: unknown) => {
  const payload = Buffer.from(JSON.stringify(body));
  const { port } = new URL(baseUrl);
  let sendRest!: () => void;
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: url,
        method: 'POST',
        agent: new http.Agent({ keepAlive: true, timeout: 120_000 }),
        headers: {
          origin: baseUrl,
          cookie,
          'content-type': 'application/json',
          'content-length': payload.length,
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.write(payload.subarray(0, 10));
    sendRest = () => request.end(payload.subarray(10));
  });
  return { answered, sendRest: () => sendRest() };
};

describe('shutting down on a signal', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s lets the request in flight finish, exits 0, stops its PostgreSQL, and starts again',
    async (signal) => {
      const server = await serverFor();
      const admin = await signIn(server.baseUrl);
      const postmaster = await postmasterPid(server.dataDir);
      expect(postmaster).not.toBeNull();
      const postgres = await postgresProcesses(postmaster!);
      expect(postgres.length).toBeGreaterThan(1);

      const shortName = `INFLIGHT-${signal}`;
      const inFlight = slowPost(server.baseUrl, admin.cookie!, '/api/v1/organisations', {
        shortName,
        name: { fi: shortName, sv: shortName, en: shortName },
        kind: 'agency',
      });
      await pause(300); // the server has the headers and waits for the body
      server.process.kill(signal);
      await waitUntil(() => server.output().includes('shutting down'), 10_000, 'the shutdown to begin');
      await pause(300);
      // Still waiting for our request: neither the process nor its database has gone.
      expect(server.process.exitCode).toBeNull();
      expect(isAlive(postmaster!)).toBe(true);
      // No new work is taken on meanwhile.
      const late = await fetch(`${server.baseUrl}/healthz`).then(
        (response) => response.status,
        () => 'refused',
      );
      expect([503, 'refused']).toContain(late);

      inFlight.sendRest();
      const { status, body } = await inFlight.answered;
      expect(status, body).toBe(201);

      const answeredAt = Date.now();
      expect(await server.exited()).toBe(0);
      // The kept-alive connection does not hold the shutdown up.
      expect(Date.now() - answeredAt).toBeLessThan(10_000);
      running = undefined;
      for (const pid of postgres) expect(isAlive(pid), `postgres process ${pid}`).toBe(false);
      await expect(fs.access(path.join(server.dataDir, 'postgres', 'postmaster.pid'))).rejects.toThrow();
      await expect(fs.access(path.join(server.dataDir, 'server.lock'))).rejects.toThrow();
      expect(server.output()).not.toMatch(/orphaned|shutdown took too long|shutdown failed/);
      expect(server.output()).not.toMatch(/"level":(50|60)/); // a clean shutdown logs no errors

      const restarted = await serverFor();
      expect(restarted.output()).not.toContain('orphaned');
      const list = await (await signIn(restarted.baseUrl)).get('/api/v1/organisations');
      expect((list.body as { items: { shortName: string }[] }).items.map((o) => o.shortName)).toContain(
        shortName,
      );
    },
  );

  it('stops cleanly, once its database is up, after a SIGTERM during start-up', async () => {
    const fresh = await makeDataDir();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATA_DIR: fresh,
          DATABASE_URL: '', // unset: this is about the embedded database
          PORT: '0',
          BASE_URL: 'http://127.0.0.1:8080',
          VAALIVAHTI_ADMIN_EMAIL: 'admin@example.test',
          VAALIVAHTI_ADMIN_PASSWORD: 'correct-horse-battery-staple',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // PostgreSQL is starting, the server is not ready yet.
      await waitUntil(async () => (await postmasterPid(fresh)) !== null, 30_000, 'PostgreSQL to start');
      const postmaster = (await postmasterPid(fresh))!;
      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      expect(output).not.toContain('Vaalivahti is ready');
      expect(isAlive(postmaster)).toBe(false);
      await expect(fs.access(path.join(fresh, 'server.lock'))).rejects.toThrow();
    } finally {
      await removeDataDir(fresh);
    }
  });
});
