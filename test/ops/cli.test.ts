import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectToDataDir,
  httpClient,
  removeDataDir,
  runCli,
  signIn,
  startTestServer,
  trySignIn,
  TEST_ADMIN_EMAIL,
  type HttpClient,
  type TestServer,
} from '../helpers/server.js';

let server: TestServer;
let admin: HttpClient;
let organisationId: string;

const cli = (args: string[], input?: string) =>
  runCli(args, { dataDir: server.dataDir, ...(input === undefined ? {} : { input }) });

const oneTimePasswordIn = (stdout: string): string => {
  const match = /^One-time password: (\S+)$/m.exec(stdout);
  if (!match) throw new Error(`no one-time password in:\n${stdout}`);
  return match[1]!;
};

/** A failure the operator can act on: exit 1, one clear line, no stack trace. */
const expectClearFailure = (
  result: { code: number | null; stdout: string; stderr: string },
  message: RegExp,
) => {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stdout).toBe('');
};

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.baseUrl);
  const created = await admin.post('/api/v1/organisations', {
    shortName: 'NCSC-FI',
    name: {
      fi: 'Kyberturvallisuuskeskus',
      sv: 'Cybersäkerhetscentret',
      en: 'National Cyber Security Centre',
    },
    kind: 'cyber_security_centre',
  });
  expect(created.status).toBe(201);
  organisationId = (created.body as { id: string }).id;
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

describe('vaalivahti on the DATA_DIR of a running server', () => {
  it('user create prints a one-time password that signs in and must be changed', async () => {
    const result = await cli([
      'user',
      'create',
      '--email',
      'Anna@NCSC.example',
      '--name',
      'Anna Analyytikko',
      '--organisation',
      'ncsc-fi',
      '--role',
      'analyst',
      '--role',
      'viewer',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Created anna@ncsc.example (analyst, viewer) in NCSC-FI.');
    const password = oneTimePasswordIn(result.stdout);

    const anna = await signIn(server.baseUrl, 'anna@ncsc.example', password);
    const me = await anna.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      email: 'anna@ncsc.example',
      roles: ['analyst', 'viewer'],
      organisation: { id: organisationId, shortName: 'NCSC-FI' },
      restriction: 'password_change_required',
    });
    // Until the password is changed, nothing else is open.
    expect((await anna.get('/api/v1/organisations')).status).toBe(403);
  });

  it('user create --password-stdin takes the password from standard input, with no change required', async () => {
    const result = await cli(
      [
        'user',
        'create',
        '--email',
        'ville@ncsc.example',
        '--name',
        'Ville',
        '--organisation',
        organisationId,
        '--role',
        'viewer',
        '--password-stdin',
      ],
      'a long enough passphrase\n',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('One-time password');
    const ville = await signIn(server.baseUrl, 'ville@ncsc.example', 'a long enough passphrase');
    expect((await ville.get('/api/v1/me')).body).toMatchObject({ restriction: null });
  });

  it('user reset-password prints a new one-time password and ends the user’s sessions', async () => {
    const before = await signIn(server.baseUrl, 'ville@ncsc.example', 'a long enough passphrase');
    const result = await cli(['user', 'reset-password', '--email', 'ville@ncsc.example']);
    expect(result.code, result.stderr).toBe(0);
    const password = oneTimePasswordIn(result.stdout);
    expect((await before.get('/api/v1/me')).status).toBe(401);
    expect((await trySignIn(server.baseUrl, 'ville@ncsc.example', 'a long enough passphrase')).status).toBe(
      401,
    );
    const after = await signIn(server.baseUrl, 'ville@ncsc.example', password);
    expect((await after.get('/api/v1/me')).body).toMatchObject({ restriction: 'password_change_required' });
  });

  it('token create prints a secret that works as a bearer token', async () => {
    const result = await cli([
      'token',
      'create',
      '--email',
      TEST_ADMIN_EMAIL,
      '--name',
      'MISP sync',
      '--days',
      '30',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^vv_\S+$/); // the secret alone, for TOKEN=$(vaalivahti token create …)
    expect(result.stderr).toContain('MISP sync');

    const machine = httpClient(server.baseUrl, null, { authorization: `Bearer ${token}` });
    const me = await machine.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: TEST_ADMIN_EMAIL, authMethod: 'token' });
    const tokens = await admin.get('/api/v1/me/tokens');
    if (tokens.status === 200) {
      const items = (
        Array.isArray(tokens.body) ? tokens.body : (tokens.body as { items: unknown[] }).items
      ) as { name: string; expiresAt: string }[];
      const listed = items.find((t) => t.name === 'MISP sync');
      expect(listed).toBeDefined();
      const days = (new Date(listed!.expiresAt).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29);
      expect(days).toBeLessThanOrEqual(30);
    }
    expect(
      (await httpClient(server.baseUrl, null, { authorization: 'Bearer vv_wrong' }).get('/api/v1/me')).status,
    ).toBe(401);
  });

  it('writes an audit entry for every change, marked as made on the command line, and keeps the chain intact (read through DATABASE_URL)', async () => {
    const client = await connectToDataDir(server.dataDir);
    try {
      const { rows } = await client.query<{ action: string; actor_user_id: string | null }>(
        `select action, actor_user_id from audit_events where details->>'via' = 'cli' order by seq`,
      );
      expect(rows.map((r) => r.action)).toEqual([
        'user.create',
        'user.create',
        'user.reset_password',
        'token.create',
      ]);
      expect(rows.every((r) => r.actor_user_id === null)).toBe(true);
    } finally {
      await client.end();
    }
    // Through DATABASE_URL this time, as with an external PostgreSQL: DATA_DIR is then not used at all.
    const credentials = JSON.parse(
      await fs.readFile(path.join(server.dataDir, 'postgres-credentials.json'), 'utf8'),
    ) as { user: string; password: string; database: string };
    const url = `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@localhost/${credentials.database}?host=${encodeURIComponent(path.join(server.dataDir, 'run'))}`;
    const verify = await runCli(['audit', 'verify'], {
      env: { DATABASE_URL: url, DATA_DIR: '/nonexistent' },
    });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^audit trail intact: \d+ entries$/m);
  });

  it('explains --help of every command and exits 0', async () => {
    const commands = [
      [],
      ['db', 'migrate'],
      ['user', 'create'],
      ['user', 'reset-password'],
      ['token', 'create'],
      ['audit', 'verify'],
    ];
    const results = await Promise.all(commands.map((command) => cli([...command, '--help'])));
    results.forEach((result, i) => {
      expect(result.code, `${commands[i]!.join(' ')} --help`).toBe(0);
      expect(result.stdout).toMatch(/^Usage: vaalivahti/);
    });
    expect(results[0]!.stdout).toMatch(/user\b/);
    expect(results[2]!.stdout).toContain('--password-stdin');
    expect(results[4]!.stdout).toContain('--days');
  });

  it('refuses bad input with exit code 1 and a clear message, changing nothing', async () => {
    const user = ['user', 'create', '--email', 'bad@ncsc.example', '--name', 'Bad'];
    const [badRole, shortPassword, unknownOrganisation, unknownEmail, unknownTokenUser, tooManyDays] =
      await Promise.all([
        cli([...user, '--organisation', 'NCSC-FI', '--role', 'superuser']),
        cli([...user, '--organisation', 'NCSC-FI', '--role', 'analyst', '--password-stdin'], 'too-short\n'),
        cli([...user, '--organisation', 'NOPE', '--role', 'analyst']),
        cli(['user', 'reset-password', '--email', 'nobody@ncsc.example']),
        cli(['token', 'create', '--email', 'nobody@ncsc.example', '--name', 'x']),
        cli(['token', 'create', '--email', TEST_ADMIN_EMAIL, '--name', 'x', '--days', '400']),
      ]);
    expectClearFailure(
      badRole,
      /"superuser" is not a role; choose from admin, coordinator, analyst, reporter, viewer/,
    );
    expectClearFailure(shortPassword, /password: Use at least 12 characters/);
    expectClearFailure(unknownOrganisation, /No organisation has the short name or id "NOPE"/);
    expectClearFailure(unknownEmail, /No user has the e-mail address nobody@ncsc.example/);
    expectClearFailure(unknownTokenUser, /No user has the e-mail address nobody@ncsc.example/);
    expectClearFailure(tooManyDays, /--days: give a whole number of days from 1 to 366/);
    expect((await trySignIn(server.baseUrl, 'bad@ncsc.example', 'too-short')).status).toBe(401);
  });
});

describe('vaalivahti with no server running', () => {
  it('starts the database itself, holds the DATA_DIR while it works, and gives it back', async () => {
    const dataDir = server.dataDir;
    expect(await server.stop()).toBe(0);
    const created = await runCli(
      [
        'user',
        'create',
        '--email',
        'offline@ncsc.example',
        '--name',
        'Offline',
        '--organisation',
        'NCSC-FI',
        '--role',
        'reporter',
      ],
      { dataDir },
    );
    expect(created.code, created.stderr).toBe(0);
    const password = oneTimePasswordIn(created.stdout);
    expect((await runCli(['db', 'migrate'], { dataDir })).stdout).toContain('database schema is up to date');

    server = await startTestServer({ dataDir });
    const offline = await signIn(server.baseUrl, 'offline@ncsc.example', password);
    expect((await offline.get('/api/v1/me')).body).toMatchObject({ restriction: 'password_change_required' });
  });

  it('tells where it looked when DATA_DIR holds no database', async () => {
    const result = await runCli(['audit', 'verify'], { dataDir: '/nonexistent/vaalivahti' });
    expectClearFailure(result, /no database in DATA_DIR \/nonexistent\/vaalivahti/);
  });
});
