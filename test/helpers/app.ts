import { expect } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Role } from '../../shared/access/roles.js';
import { buildApp } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import type { AppDeps } from '../../server/context.js';
import { createAuth } from '../../server/features/auth/auth-instance.js';
import { ensureAuthSecret, ensureFirstAdmin } from '../../server/features/bootstrap/first-start.js';
import { createAccount } from '../../server/features/users/user-accounts.js';
import { freshDatabase, type TestDatabase } from './database.js';

export const BASE_URL = 'http://127.0.0.1:8080';
export const ORIGIN = new URL(BASE_URL).origin;
export const ADMIN_EMAIL = 'admin@example.test';
export const PASSWORD = 'correct-horse-battery-staple';

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  /** The first admin, ADMIN_EMAIL. */
  adminId: string;
  database: TestDatabase;
  /** Signs in through the real endpoint and returns a client that sends the session cookie. */
  signIn(email: string, password?: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

export interface Client {
  cookie: string | null;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export const cookiesOf = (response: LightMyRequestResponse): string =>
  response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

export const makeClient = (
  app: FastifyInstance,
  cookie: string | null,
  extra: Record<string, string> = {},
): Client => {
  const request = (options: InjectOptions) =>
    app.inject({
      ...options,
      headers: {
        origin: ORIGIN,
        ...(cookie ? { cookie } : {}),
        ...extra,
        ...(options.headers as Record<string, string>),
      },
    });
  const withBody =
    (method: 'POST' | 'PATCH' | 'PUT') => (url: string, body?: unknown, headers?: Record<string, string>) =>
      request({
        method,
        url,
        ...(body === undefined ? {} : { payload: body as object }),
        headers: headers ?? {},
      });
  return {
    cookie,
    request,
    get: (url, headers) => request({ method: 'GET', url, headers: headers ?? {} }),
    post: withBody('POST'),
    patch: withBody('PATCH'),
    put: withBody('PUT'),
    delete: (url, headers) => request({ method: 'DELETE', url, headers: headers ?? {} }),
  };
};

export const createTestApp = async (overrides: Partial<Config> = {}): Promise<TestApp> => {
  const database = await freshDatabase();
  const config: Config = {
    ...loadConfig({
      DATA_DIR: '/nonexistent',
      BASE_URL,
      LOG_LEVEL: 'silent',
      // The tests' stand-ins for partners' servers listen on the loopback address.
      FEED_PRIVATE_NETWORKS: '127.0.0.1',
    }),
    ...overrides,
  };
  const auth = createAuth({
    db: database.db,
    baseUrl: config.baseUrl,
    secret: await ensureAuthSecret(database.db),
  });
  const deps: AppDeps = { config, db: database.db, pool: database.pool, auth };
  await ensureFirstAdmin(database.db, auth, { email: ADMIN_EMAIL, password: PASSWORD });
  const { id: adminId } = await database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', ADMIN_EMAIL)
    .executeTakeFirstOrThrow();
  const app = await buildApp(deps, { logger: false, webDir: '/nonexistent', version: 'test' });
  await app.ready();

  const signIn = async (email: string, password = PASSWORD): Promise<Client> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in/email',
      headers: { origin: ORIGIN },
      payload: { email, password },
    });
    if (response.statusCode !== 200)
      throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body}`);
    return makeClient(app, cookiesOf(response));
  };

  return {
    app,
    deps,
    adminId,
    database,
    signIn,
    anonymous: makeClient(app, null),
    async close() {
      await app.close();
      await database.close();
    },
  };
};

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter += 1)}`;

export const makeOrganisation = async (
  t: TestApp,
  values: { shortName?: string; requireTwoFactor?: boolean } = {},
) => {
  const shortName = values.shortName ?? unique('ORG');
  return (
    await t.deps.db
      .insertInto('organisations')
      .values({
        shortName,
        nameFi: `${shortName} fi`,
        nameSv: `${shortName} sv`,
        nameEn: `${shortName} en`,
        kind: 'agency',
        requireTwoFactor: values.requireTwoFactor ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
};

export const makeCommunity = async (t: TestApp, organisationIds: string[]) => {
  const { id } = await t.deps.db
    .insertInto('communities')
    .values({ nameFi: unique('Yhteisö '), nameSv: unique('Gemenskap '), nameEn: unique('Community ') })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (organisationIds.length > 0) {
    await t.deps.db
      .insertInto('communityMembers')
      .values(organisationIds.map((organisationId) => ({ communityId: id, organisationId })))
      .execute();
  }
  return id;
};

export const makeUser = async (
  t: TestApp,
  values: { organisationId: string; roles: Role[]; email?: string; mustChangePassword?: boolean },
) => {
  const email = values.email ?? `${unique('user')}@example.test`;
  const id = await t.deps.db.transaction().execute((tx) =>
    createAccount(tx, t.deps.auth, {
      name: `Test ${email}`,
      email,
      organisationId: values.organisationId,
      roles: values.roles,
      locale: 'fi',
      password: PASSWORD,
      mustChangePassword: values.mustChangePassword ?? false,
    }),
  );
  return { id, email };
};

/** A user of a new organisation, signed in. */
export const signedInUser = async (t: TestApp, roles: Role[], organisationId?: string) => {
  const orgId = organisationId ?? (await makeOrganisation(t));
  const user = await makeUser(t, { organisationId: orgId, roles });
  return { ...user, organisationId: orgId, client: await t.signIn(user.email) };
};

export const errorBody = (response: LightMyRequestResponse) =>
  response.json() as { code: string; message: string; requestId: string; issues?: unknown[] };

/** An error answer in the one shape of the API: status, stable code, a message and the request id. */
export const expectError = (response: LightMyRequestResponse, status: number, code: string) => {
  expect(response.statusCode, response.body).toBe(status);
  expect(errorBody(response)).toMatchObject({
    code,
    message: expect.any(String),
    requestId: response.headers['x-request-id'],
  });
};

/** Row counts of the given tables (snake_case names), to show that a refused request changed nothing. */
export const rowCounts = async (t: TestApp, tables: readonly string[]): Promise<Record<string, number>> => {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
      t.deps.db,
    );
    counts[table] = result.rows[0]!.n;
  }
  return counts;
};

/**
 * Makes the audit trail refuse entries of one action until the returned function is called: a
 * change whose audit entry cannot be written must not happen either.
 */
export const refuseAuditOf = async (t: TestApp, action: string): Promise<() => Promise<void>> => {
  await sql`create or replace function test_refuse_audit() returns trigger language plpgsql as $$
    begin raise exception 'audit entry refused by the test'; end $$`.execute(t.deps.db);
  await sql`create trigger test_refuse_audit before insert on audit_events for each row
    when (new.action = ${sql.lit(action)}) execute function test_refuse_audit()`.execute(t.deps.db);
  return async () => {
    await sql`drop trigger if exists test_refuse_audit on audit_events`.execute(t.deps.db);
  };
};
