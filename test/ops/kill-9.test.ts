import { afterAll, describe, expect, it } from 'vitest';
import {
  isAlive,
  postmasterPid,
  removeDataDir,
  signIn,
  startTestServer,
  waitUntil,
  type TestServer,
} from '../helpers/server.js';

const servers: TestServer[] = [];
const dataDirs = new Set<string>();

afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  for (const dir of dataDirs) await removeDataDir(dir);
});

describe('a server killed with SIGKILL', () => {
  it('comes back on the same DATA_DIR with every write it had acknowledged', async () => {
    const first = await startTestServer();
    servers.push(first);
    dataDirs.add(first.dataDir);
    const admin = await signIn(first.baseUrl);
    const postgresBefore = await postmasterPid(first.dataDir);
    expect(postgresBefore).not.toBeNull();

    const acknowledged: string[] = [];
    let failed = 0;
    let killed = false;
    let sequence = 0;
    const writer = async () => {
      while (!killed) {
        const shortName = `K9-${(sequence += 1)}`;
        try {
          const response = await admin.post('/api/v1/organisations', {
            shortName,
            name: { fi: `${shortName} fi`, sv: `${shortName} sv`, en: `${shortName} en` },
            kind: 'agency',
          });
          if (response.status === 201) acknowledged.push(shortName);
          else if (!killed) throw new Error(`unexpected ${response.status}: ${response.text}`);
        } catch (error) {
          if (!killed) throw error;
          failed += 1; // cut off by the kill: never acknowledged, so it may or may not have been stored
        }
      }
    };
    const writers = Array.from({ length: 16 }, writer);
    // Kill in the middle of the stream, with requests in flight.
    await waitUntil(() => acknowledged.length >= 150, 30_000, '150 acknowledged writes');
    first.process.kill('SIGKILL');
    killed = true;
    expect(await first.stop()).toBeNull();
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    // The PostgreSQL of the killed server is left running without its parent.
    expect(isAlive(postgresBefore!)).toBe(true);

    const second = await startTestServer({ dataDir: first.dataDir });
    servers.push(second);
    expect(second.output()).toContain('stopping an orphaned PostgreSQL');
    expect(isAlive(postgresBefore!)).toBe(false);

    const again = await signIn(second.baseUrl);
    const list = await again.get('/api/v1/organisations');
    expect(list.status).toBe(200);
    const stored = new Set((list.body as { items: { shortName: string }[] }).items.map((o) => o.shortName));
    const lost = acknowledged.filter((name) => !stored.has(name));
    expect(lost).toEqual([]);
    // At most the requests cut off in flight were stored without an answer.
    const stray = [...stored].filter((name) => name.startsWith('K9-') && !acknowledged.includes(name));
    expect(stray.length).toBeLessThanOrEqual(failed);

    // The audit trail survived the crash unbroken.
    const verification = await again.get('/api/v1/audit/verify');
    expect(verification.body).toMatchObject({ ok: true, problems: [] });
    expect(await second.stop()).toBe(0);
  });
});
