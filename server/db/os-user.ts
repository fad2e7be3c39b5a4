import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

export const currentUser = (): OsUser => ({
  name: process.env.USER ?? 'current',
  uid: process.getuid?.() ?? 0,
  gid: process.getgid?.() ?? 0,
});

const lookupUser = async (name: string): Promise<OsUser | undefined> => {
  const passwd = await fs.readFile('/etc/passwd', 'utf8');
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid && gid) return { name, uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
};

/**
 * PostgreSQL refuses to run as root, and should not: started as root, it runs as this
 * unprivileged system account, created on first use.
 */
export const ensureSystemUser = async (name: string): Promise<OsUser> => {
  const existing = await lookupUser(name);
  if (existing) return existing;
  try {
    await run('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      '--comment',
      'Vaalivahti embedded PostgreSQL',
      name,
    ]);
  } catch (error) {
    const created = await lookupUser(name);
    if (created) return created;
    throw new Error(
      `Running as root, the embedded PostgreSQL must run as an unprivileged user, but the system user "${name}" could not be created (${(error as Error).message.trim()}). Create it yourself (useradd --system ${name}) or run Vaalivahti as an ordinary user.`,
    );
  }
  const created = await lookupUser(name);
  if (!created) throw new Error(`The system user "${name}" was created but cannot be found in /etc/passwd.`);
  return created;
};

/** The first directory on the way to `target` that `user` may not enter, if any. */
export const firstUntraversable = async (user: OsUser, target: string): Promise<string | undefined> => {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  const dirs = [current, ...parts.map((part) => (current = path.join(current, part)))];
  for (const dir of dirs) {
    let stat;
    try {
      stat = await fs.stat(dir);
    } catch {
      return undefined; // not created yet: we create it with the right owner
    }
    if (!stat.isDirectory()) continue;
    const mode = stat.mode;
    const allowed =
      stat.uid === user.uid ? mode & 0o100 : stat.gid === user.gid ? mode & 0o010 : mode & 0o001;
    if (!allowed) return dir;
  }
  return undefined;
};
