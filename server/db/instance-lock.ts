import fs from 'node:fs/promises';
import path from 'node:path';

export type LockHolder = 'server' | 'command';

export class InstanceLockedError extends Error {
  constructor(
    message: string,
    readonly holder: LockHolder | null = null,
    readonly pid: number | null = null,
  ) {
    super(message);
    this.name = 'InstanceLockedError';
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const isNodeProcess = async (pid: number): Promise<boolean> => {
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  // Without /proc (not Linux) a live pid is taken at its word.
  return cmdline === undefined ? true : /node|tsx|vaalivahti/.test(cmdline);
};

const lockedMessage = (holder: LockHolder, pid: number, dataDir: string): string =>
  holder === 'command'
    ? `A Vaalivahti command (pid ${pid}) is using DATA_DIR ${dataDir} right now. Try again when it has finished.`
    : `Another Vaalivahti server (pid ${pid}) is already running on DATA_DIR ${dataDir}. Stop it first, or start this one with another DATA_DIR.`;

/**
 * One process per DATA_DIR owns the embedded database: a server, or a command of the operator's
 * command line while no server runs. A lock left by a process that no longer runs (after
 * kill -9) is taken over.
 */
export const acquireInstanceLock = async (
  dataDir: string,
  holder: LockHolder = 'server',
): Promise<{ release(): Promise<void> }> => {
  await fs.mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'server.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await fs.open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n${new Date().toISOString()}\n${holder}\n`);
      await handle.close();
      return {
        async release() {
          const owner = Number((await fs.readFile(file, 'utf8').catch(() => '')).split('\n')[0]);
          if (owner === process.pid) await fs.rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const lines = (await fs.readFile(file, 'utf8').catch(() => '')).split('\n');
    const owner = Number(lines[0]);
    const ownerRole: LockHolder = lines[2] === 'command' ? 'command' : 'server';
    if (
      Number.isInteger(owner) &&
      owner > 0 &&
      owner !== process.pid &&
      alive(owner) &&
      (await isNodeProcess(owner))
    ) {
      throw new InstanceLockedError(lockedMessage(ownerRole, owner, dataDir), ownerRole, owner);
    }
    await fs.rm(file, { force: true });
  }
  throw new InstanceLockedError(
    `Could not take the lock ${file}; another server may be starting at the same time.`,
  );
};
