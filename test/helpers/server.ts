import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runningPostgresPool } from '../../server/db/embedded-postgres.js';

/**
 * The real server as a child process, for tests of what only a process shows: start-up, signals,
 * kill -9, a second instance, the console. `node --import tsx server/main.ts` from the repository
 * root, so it always runs the current sources (and serves dist/web when that is built).
 */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEST_ADMIN_EMAIL = 'admin@example.test';
export const TEST_ADMIN_PASSWORD = 'correct-horse-battery-staple';

export interface StartTestServerOptions {
  demo?: boolean;
  /** null: leave VAALIVAHTI_ADMIN_EMAIL unset, as `npm start` on a fresh install. */
  adminEmail?: string | null;
  /** null: leave VAALIVAHTI_ADMIN_PASSWORD unset, so the first admin gets a one-time password. */
  adminPassword?: string | null;
  /** Reuse a data directory (a restart); by default a fresh one under os.tmpdir(). */
  dataDir?: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface TestServer {
  baseUrl: string;
  dataDir: string;
  pid: number;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends the signal (SIGTERM by default) and resolves with the exit code, null if a signal ended it. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process has ended, without sending anything. */
  exited(): Promise<number | null>;
  /** Stops the server and removes its data directory, unless the caller passed one in `dataDir`. */
  dispose(): Promise<void>;
}

/** The server ended before it was ready: its exit code and console output say why. */
export class ServerExitedError extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly output: string,
  ) {
    super(`The server exited before it was ready (exit ${exitCode ?? signal}). Its output:\n${output}`);
    this.name = 'ServerExitedError';
  }
}

/** A port nobody listens on now. BASE_URL must name the port before the server starts, so PORT=0 will not do. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

export const makeDataDir = (): Promise<string> => fs.mkdtemp(path.join(os.tmpdir(), 'vv-ops-'));

/**
 * The server's configuration variables are never inherited from the test process: every test
 * server is embedded and alone (and vitest sets BASE_URL=/ for its own purposes).
 */
const ownConfiguration =
  /^(DATABASE_URL|DATA_DIR|PORT|HOST|BASE_URL|SMTP_URL|TRUST_PROXY|LOG_LEVEL|VAALIVAHTI_ADMIN_EMAIL|VAALIVAHTI_ADMIN_PASSWORD|ATTACHMENT_MAX_BYTES|FEED_PRIVATE_NETWORKS)$/;

const serverEnv = (options: StartTestServerOptions, dataDir: string, port: number): NodeJS.ProcessEnv => {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !ownConfiguration.test(name)),
  );
  const adminEmail = options.adminEmail === undefined ? TEST_ADMIN_EMAIL : options.adminEmail;
  const adminPassword = options.adminPassword === undefined ? TEST_ADMIN_PASSWORD : options.adminPassword;
  return {
    ...inherited,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'info',
    ...(adminEmail === null ? {} : { VAALIVAHTI_ADMIN_EMAIL: adminEmail }),
    ...(adminPassword === null ? {} : { VAALIVAHTI_ADMIN_PASSWORD: adminPassword }),
    ...options.env,
  };
};

const readyLine = (line: string): { listening: string } | undefined => {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: string; listening?: string };
    return entry.msg === 'Vaalivahti is ready' && entry.listening
      ? { listening: entry.listening }
      : undefined;
  } catch {
    return undefined;
  }
};

/** Starts the real server and resolves once it logs that it is ready; rejects with ServerExitedError if it ends first. */
export const startTestServer = async (options: StartTestServerOptions = {}): Promise<TestServer> => {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', ...(options.demo ? ['--demo'] : [])],
    {
      cwd: repoRoot,
      env: serverEnv(options, dataDir, port),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const baseUrl = await new Promise<string>((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `The server was not ready within ${options.readyTimeoutMs ?? 60_000} ms. Its output:\n${output}`,
        ),
      );
    }, options.readyTimeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const ready = readyLine(line);
        if (ready) {
          clearTimeout(timer);
          resolve(ready.listening);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new ServerExitedError(code, signal, output));
    });
  });
  if (baseUrl !== `http://127.0.0.1:${port}`) {
    child.kill('SIGKILL');
    throw new Error(`The server listens on ${baseUrl}, not on the port it was given (${port}).`);
  }

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const { code } = await exited;
    clearTimeout(timer);
    return code;
  };
  return {
    baseUrl,
    dataDir,
    pid: child.pid!,
    process: child,
    output: () => output,
    exited: async () => (await exited).code,
    stop,
    async dispose() {
      await stop();
      if (!options.dataDir) await removeDataDir(dataDir);
    },
  };
};

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The pid in DATA_DIR/postgres/postmaster.pid, or null when PostgreSQL is not running there. */
export const postmasterPid = async (dataDir: string): Promise<number | null> => {
  const text = await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
};

export const waitUntil = async (
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/**
 * Removes a test data directory, first stopping a PostgreSQL a killed server left running in it.
 * Only directories under os.tmpdir() are removed.
 */
export const removeDataDir = async (dataDir: string): Promise<void> => {
  const resolved = path.resolve(dataDir);
  if (!resolved.startsWith(path.join(os.tmpdir(), path.sep)))
    throw new Error(`Refusing to remove ${resolved}: not under ${os.tmpdir()}.`);
  const pid = await postmasterPid(resolved);
  if (pid && isAlive(pid)) {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(resolved)) {
      process.kill(pid, 'SIGINT');
      await waitUntil(() => !isAlive(pid), 15_000, `PostgreSQL ${pid} to stop`).catch(() =>
        process.kill(pid, 'SIGKILL'),
      );
    }
  }
  await fs.rm(resolved, { recursive: true, force: true });
};

/** A direct connection to the embedded database of a running server, as an operator with the credentials file has. */
export const connectToDataDir = async (dataDir: string): Promise<pg.Client> => {
  const client = new pg.Client(await runningPostgresPool(dataDir));
  await client.connect();
  return client;
};

export interface HttpResponse {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

/** A client of the real server over HTTP, sending the session cookie and the Origin header that CSRF protection wants. */
export interface HttpClient {
  cookie: string | null;
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResponse>;
  get(url: string, headers?: Record<string, string>): Promise<HttpResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse>;
}

export const httpClient = (
  baseUrl: string,
  cookie: string | null = null,
  extra: Record<string, string> = {},
): HttpClient => {
  const request = async (
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        origin: baseUrl,
        ...(cookie ? { cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extra,
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  };
  return {
    cookie,
    request,
    get: (url, headers) => request('GET', url, undefined, headers),
    post: (url, body, headers) => request('POST', url, body, headers),
  };
};

/** Signs in through the real endpoint; the status and the signed-in client (when it succeeded). */
export const trySignIn = async (
  baseUrl: string,
  email: string,
  password: string,
): Promise<{ status: number; client: HttpClient | null }> => {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in/email`, {
    method: 'POST',
    headers: { origin: baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  await response.text();
  if (response.status !== 200) return { status: response.status, client: null };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { status: 200, client: httpClient(baseUrl, cookie) };
};

export const signIn = async (
  baseUrl: string,
  email = TEST_ADMIN_EMAIL,
  password = TEST_ADMIN_PASSWORD,
): Promise<HttpClient> => {
  const { status, client } = await trySignIn(baseUrl, email, password);
  if (!client) throw new Error(`Sign-in of ${email} failed with status ${status}.`);
  return client;
};

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the operator's command line (server/cli/main.ts, current sources) against DATA_DIR. */
export const runCli = (
  args: string[],
  options: { dataDir?: string; env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !ownConfiguration.test(name)),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...inherited, ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
