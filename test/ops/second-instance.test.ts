import { afterAll, describe, expect, it } from 'vitest';
import { acquireInstanceLock } from '../../server/db/instance-lock.js';
import {
  makeDataDir,
  removeDataDir,
  ServerExitedError,
  signIn,
  startTestServer,
  type TestServer,
} from '../helpers/server.js';

const servers: TestServer[] = [];
const dataDirs = new Set<string>();

afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const dir of dataDirs) await removeDataDir(dir);
});

const organisation = (shortName: string) => ({
  shortName,
  name: { fi: `${shortName} fi`, sv: `${shortName} sv`, en: `${shortName} en` },
  kind: 'agency',
});

describe('a second server on the same DATA_DIR', () => {
  it('refuses to start, naming the running one, and leaves the first serving with its data intact', async () => {
    const first = await startTestServer();
    servers.push(first);
    dataDirs.add(first.dataDir);
    const admin = await signIn(first.baseUrl);
    expect((await admin.post('/api/v1/organisations', organisation('BEFORE'))).status).toBe(201);

    const refused = await startTestServer({ dataDir: first.dataDir }).then(
      (second) => {
        servers.push(second);
        throw new Error('the second server started');
      },
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ServerExitedError);
    const { exitCode, output } = refused as ServerExitedError;
    expect(exitCode).not.toBe(0);
    expect(exitCode).not.toBeNull();
    expect(output).toContain(`pid ${first.pid}`);
    expect(output).toContain(first.dataDir);
    expect(output).toMatch(/already running/);
    expect(output).not.toMatch(/^\s+at /m); // a known refusal, not a crash with a stack trace

    // The first server still serves, writes, and has lost nothing; its lock is still its own.
    expect((await admin.post('/api/v1/organisations', organisation('AFTER'))).status).toBe(201);
    const list = await admin.get('/api/v1/organisations');
    const names = (list.body as { items: { shortName: string }[] }).items.map((o) => o.shortName);
    expect(names).toEqual(expect.arrayContaining(['BEFORE', 'AFTER']));
    const verification = await admin.get('/api/v1/audit/verify');
    expect(verification.body).toMatchObject({ ok: true });
    expect(first.process.exitCode).toBeNull();

    const again = await startTestServer({ dataDir: first.dataDir }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(ServerExitedError);

    // Once the first has stopped, the data directory is free again.
    expect(await first.stop()).toBe(0);
    const next = await startTestServer({ dataDir: first.dataDir });
    servers.push(next);
    const names2 = (
      (await (await signIn(next.baseUrl)).get('/api/v1/organisations')).body as {
        items: { shortName: string }[];
      }
    ).items.map((o) => o.shortName);
    expect(names2).toEqual(expect.arrayContaining(['BEFORE', 'AFTER']));
  });
});

describe('a server on a DATA_DIR that a command of the command line is using', () => {
  it('does not start, and says to try again when the command has finished', async () => {
    const dataDir = await makeDataDir();
    dataDirs.add(dataDir);
    const lock = await acquireInstanceLock(dataDir, 'command');
    try {
      const refused = await startTestServer({ dataDir }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ServerExitedError);
      expect((refused as ServerExitedError).exitCode).toBe(1);
      expect((refused as ServerExitedError).output).toContain(
        `A Vaalivahti command (pid ${process.pid}) is using DATA_DIR ${dataDir} right now. Try again when it has finished.`,
      );
    } finally {
      await lock.release();
    }
  });
});
