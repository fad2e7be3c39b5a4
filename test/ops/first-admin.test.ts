import { afterAll, describe, expect, it } from 'vitest';
import {
  connectToDataDir,
  httpClient,
  removeDataDir,
  signIn,
  startTestServer,
  trySignIn,
  type TestServer,
} from '../helpers/server.js';

const DEFAULT_ADMIN_EMAIL = 'admin@vaalivahti.local';
const DEMO_PASSWORD = 'vaalivahti-demo';

const demoAccounts = [
  { email: 'admin@vaalivahti.example', roles: ['admin'], organisation: null },
  { email: 'coordinator@om.example', roles: ['coordinator'], organisation: 'OM' },
  { email: 'analyst@ncsc.example', roles: ['analyst'], organisation: 'NCSC-FI' },
  { email: 'analyst@supo.example', roles: ['analyst'], organisation: 'Supo' },
  { email: 'analyst@poliisi.example', roles: ['analyst'], organisation: 'POHA' },
  { email: 'reporter@helsinki.example', roles: ['reporter'], organisation: 'HEL KVL' },
  { email: 'viewer@dvv.example', roles: ['viewer'], organisation: 'DVV' },
];

const servers: TestServer[] = [];
const dataDirs = new Set<string>();
const start = async (options: Parameters<typeof startTestServer>[0]) => {
  const server = await startTestServer(options);
  servers.push(server);
  dataDirs.add(server.dataDir);
  return server;
};

afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const dir of dataDirs) await removeDataDir(dir);
});

const oneTimePasswords = (output: string) =>
  [...output.matchAll(/one-time password:\s+(\S+)/g)].map((m) => m[1]!);

const countUsers = async (dataDir: string) => {
  const client = await connectToDataDir(dataDir);
  try {
    const { rows } = await client.query<{ users: number; admins: number }>(
      `select count(*)::int as users, (count(*) filter (where 'admin' = any(roles)))::int as admins from users`,
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
};

describe('npm start on an empty database, without VAALIVAHTI_ADMIN_*', () => {
  let dataDir: string;
  let password: string;

  it('shows a one-time password for the first admin, once, on the console and in no log line', async () => {
    const server = await start({ adminEmail: null, adminPassword: null });
    dataDir = server.dataDir;
    const shown = oneTimePasswords(server.output());
    expect(shown).toHaveLength(1);
    password = shown[0]!;
    expect(server.output()).toContain(DEFAULT_ADMIN_EMAIL);
    const logLines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(password))).toEqual([]);

    const admin = await signIn(server.baseUrl, DEFAULT_ADMIN_EMAIL, password);
    const me = await admin.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      email: DEFAULT_ADMIN_EMAIL,
      roles: ['admin'],
      restriction: 'password_change_required',
    });
    const blocked = await admin.get('/api/v1/organisations');
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ code: 'password_change_required' });

    // No demo: no known password opens anything, and the instance says it is not a demo.
    for (const account of demoAccounts) {
      expect((await trySignIn(server.baseUrl, account.email, DEMO_PASSWORD)).status, account.email).toBe(401);
    }
    expect((await httpClient(server.baseUrl).get('/api/v1/config')).body).toMatchObject({ demo: false });
    expect(await countUsers(dataDir)).toEqual({ users: 1, admins: 1 });
    expect(await server.stop()).toBe(0);
  });

  it('does not show a password again, nor create a second admin, when restarted', async () => {
    const server = await start({ dataDir, adminEmail: null, adminPassword: null });
    expect(oneTimePasswords(server.output())).toEqual([]);
    expect(server.output()).not.toContain('First admin account created');
    expect(await countUsers(dataDir)).toEqual({ users: 1, admins: 1 });
    // The password shown on the first start still is the one to use.
    const me = await (await signIn(server.baseUrl, DEFAULT_ADMIN_EMAIL, password)).get('/api/v1/me');
    expect(me.body).toMatchObject({ restriction: 'password_change_required' });
    expect(await server.stop()).toBe(0);
  });
});

describe('npm run demo (--demo)', () => {
  it('creates the seven demo accounts of PRODUCT.md with the demo password, and says it is a demo', async () => {
    const server = await start({ demo: true, adminEmail: null, adminPassword: null });
    // The demo's own admin is the first admin: no second one with a one-time password.
    expect(server.output()).not.toContain('one-time password');
    expect((await httpClient(server.baseUrl).get('/api/v1/config')).body).toMatchObject({ demo: true });
    for (const account of demoAccounts) {
      const client = await signIn(server.baseUrl, account.email, DEMO_PASSWORD);
      const me = await client.get('/api/v1/me');
      expect(me.status, account.email).toBe(200);
      expect(me.body, account.email).toMatchObject({
        email: account.email,
        roles: account.roles,
        restriction: null,
      });
      if (account.organisation) {
        expect((me.body as { organisation: { shortName: string } }).organisation.shortName).toBe(
          account.organisation,
        );
      }
    }

    // Demo incidents under every marking, each seen only by whom it may be
    const titles = async (email: string) => {
      const client = await signIn(server.baseUrl, email, DEMO_PASSWORD);
      const list = await client.get('/api/v1/incidents?limit=200');
      return (list.body as { items: { title: string; tlp: string }[] }).items;
    };
    const coordinator = await titles('coordinator@om.example');
    expect(new Set(coordinator.map((i) => i.tlp))).toEqual(
      new Set(['clear', 'green', 'amber', 'amber+strict', 'red']),
    );
    const viewer = await titles('viewer@dvv.example');
    expect(viewer.some((i) => i.tlp === 'red')).toBe(false);
    expect(viewer.length).toBeLessThan(coordinator.length);
    const reporter = await titles('reporter@helsinki.example');
    expect(
      reporter.every(
        (i) => i.tlp === 'clear' || i.title.startsWith('Äänestyspaikan') || i.title.startsWith('En väljare'),
      ),
    ).toBe(true);
  });
});
