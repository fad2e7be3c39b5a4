import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_SYSTEM_USER } from '../../server/db/embedded-postgres.js';
import {
  postmasterPid,
  removeDataDir,
  ServerExitedError,
  startTestServer,
  type TestServer,
} from '../helpers/server.js';

const asRoot = process.getuid?.() === 0;
const run = promisify(execFile);

/** The postmaster and every process it started. */
const postgresProcesses = async (postmaster: number): Promise<number[]> => {
  const pids = [postmaster];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) pids.push(Number(entry));
  }
  return pids;
};

/** Real, effective, saved and filesystem uid of a process. */
const uidsOf = async (pid: number): Promise<number[]> => {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return status
    .match(/^Uid:\s+(.*)$/m)![1]!
    .trim()
    .split(/\s+/)
    .map(Number);
};

const socketInodes = async (pid: number): Promise<Set<string>> => {
  const inodes = new Set<string>();
  for (const fd of await fs.readdir(`/proc/${pid}/fd`).catch(() => [])) {
    const target = await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  return inodes;
};

/** Inodes of TCP sockets in LISTEN state (state 0A), IPv4 and IPv6. */
const listeningTcpInodes = async (): Promise<Set<string>> => {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await fs.readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
};

const title = asRoot
  ? 'the embedded PostgreSQL of a server started as root'
  : 'the embedded PostgreSQL of a server started as root (skipped: run the tests as root to check that PostgreSQL drops to an unprivileged user)';

describe.skipIf(!asRoot)(title, () => {
  let server: TestServer;
  let postgres: number[];
  const extraDirs: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const postmaster = await postmasterPid(server.dataDir);
    expect(postmaster).not.toBeNull();
    postgres = await postgresProcesses(postmaster!);
  });

  afterAll(async () => {
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
    for (const dir of extraDirs) await fs.rm(dir, { recursive: true, force: true });
  });

  it(`runs every PostgreSQL process as the unprivileged user ${POSTGRES_SYSTEM_USER}, never as root`, async () => {
    const passwd = await fs.readFile('/etc/passwd', 'utf8');
    const entry = passwd.split('\n').find((line) => line.startsWith(`${POSTGRES_SYSTEM_USER}:`));
    expect(entry, `${POSTGRES_SYSTEM_USER} in /etc/passwd`).toBeDefined();
    const uid = Number(entry!.split(':')[2]);
    expect(uid).not.toBe(0);
    expect(postgres.length).toBeGreaterThan(1); // the postmaster and its background workers
    for (const pid of postgres)
      expect(await uidsOf(pid), `uids of postgres process ${pid}`).toEqual([uid, uid, uid, uid]);
    // The server itself is the root process that started it.
    expect((await uidsOf(server.pid))[0]).toBe(0);
  });

  it('keeps the database credentials readable by their owner only', async () => {
    const stat = await fs.stat(path.join(server.dataDir, 'postgres-credentials.json'));
    expect((stat.mode & 0o777).toString(8)).toBe('600');
    const pgDir = await fs.stat(path.join(server.dataDir, 'postgres'));
    expect((pgDir.mode & 0o777).toString(8)).toBe('700');
  });

  it('listens on no TCP port, only on the Unix socket in DATA_DIR/run', async () => {
    const listening = await listeningTcpInodes();
    for (const pid of postgres) {
      const tcp = [...(await socketInodes(pid))].filter((inode) => listening.has(inode));
      expect(tcp, `TCP listening sockets of postgres process ${pid}`).toEqual([]);
    }
    const ss = await run('ss', ['-ltnpH']).catch(() => undefined);
    if (ss) for (const pid of postgres) expect(ss.stdout).not.toContain(`pid=${pid},`);
    // The positive control: it does listen, on its socket.
    const unix = await fs.readFile('/proc/net/unix', 'utf8');
    expect(unix).toContain(path.join(server.dataDir, 'run', '.s.PGSQL.5432'));
    const socket = await fs.stat(path.join(server.dataDir, 'run'));
    expect((socket.mode & 0o777).toString(8)).toBe('700');
  });

  it('refuses a DATA_DIR under a root-only directory, explaining why and how to fix it', async () => {
    const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'vv-root-only-'));
    extraDirs.push(parent);
    await fs.chmod(parent, 0o700);
    const dataDir = path.join(parent, 'data');

    const refused = await startTestServer({ dataDir }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServerExitedError);
    const { exitCode, output } = refused as ServerExitedError;
    expect(exitCode).toBe(1);
    expect(output).toContain(`DATA_DIR ${dataDir} cannot be used`);
    expect(output).toContain(`"${POSTGRES_SYSTEM_USER}"`); // who cannot get in
    expect(output).toContain(parent); // where it is stopped
    expect(output).toContain(`chmod o+x ${parent}`); // one way out
    expect(output).not.toMatch(/^\s+at /m);
    // Nothing was started or left behind.
    await expect(fs.access(path.join(dataDir, 'postgres', 'PG_VERSION'))).rejects.toThrow();
    await expect(fs.access(path.join(dataDir, 'server.lock'))).rejects.toThrow();
  });
});
