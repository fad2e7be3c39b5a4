import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ORIGIN,
  PASSWORD,
  createTestApp,
  errorBody,
  makeClient,
  cookiesOf,
  makeOrganisation,
  makeUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';

const SIGN_IN = '/api/v1/auth/sign-in/email';
const SESSION_COOKIE = 'vaalivahti.session_token';

describe('sign-in with e-mail and password', () => {
  let t: TestApp;
  let admin: Client;
  let organisationId: string;

  /** Signs in from a given source address, as a browser on our own origin would. */
  const attempt = (
    email: string,
    password: string,
    source = '192.0.2.1',
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: SIGN_IN,
      remoteAddress: source,
      headers: { origin: ORIGIN, ...headers },
      payload: { email, password },
    });

  const sessionCookieOf = (response: LightMyRequestResponse) =>
    response.cookies.find((c) => c.name.endsWith(SESSION_COOKIE) && c.value !== '');

  const newUser = () => makeUser(t, { organisationId, roles: ['analyst'] });

  const auditOf = (action: string, requestId: string) =>
    t.deps.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('action', '=', action)
      .where('requestId', '=', requestId)
      .execute();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signIn(ADMIN_EMAIL);
    organisationId = await makeOrganisation(t);
  });
  afterAll(() => t.close());

  it('sets an httpOnly, SameSite=Lax session cookie and keeps the session token out of the body', async () => {
    const { email } = await newUser();
    const response = await attempt(email, PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { email } });
    const cookie = sessionCookieOf(response);
    expect(cookie).toMatchObject({ name: SESSION_COOKIE, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const token = cookie!.value.split('.')[0]!;
    expect(response.body).not.toContain(token);
    expect((await makeClient(t.app, cookiesOf(response)).get('/api/v1/me')).json()).toMatchObject({
      email,
      authMethod: 'session',
    });
  });

  it.each(['/api/v1/auth/get-session', '/api/v1/auth/list-sessions'])(
    'does not hand the httpOnly session token to scripts through GET %s',
    async (url) => {
      const { email } = await newUser();
      const client = await t.signIn(email);
      const token = client.cookie!.split('=')[1]!.split('.')[0]!;
      const response = await client.get(url);
      expect(response.statusCode).not.toBe(500);
      expect(response.body).not.toContain(token);
    },
  );

  it('marks the session cookie Secure when the server is reached over https', async () => {
    const https = await createTestApp({ baseUrl: 'https://vaalivahti.example' });
    try {
      const response = await https.app.inject({
        method: 'POST',
        url: SIGN_IN,
        headers: { origin: 'https://vaalivahti.example' },
        payload: { email: ADMIN_EMAIL, password: PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      expect(sessionCookieOf(response)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
      const me = await https.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { origin: 'https://vaalivahti.example', cookie: cookiesOf(response) },
      });
      expect(me.statusCode).toBe(200);
    } finally {
      await https.close();
    }
  });

  it('answers a wrong password with 401 invalid_credentials in the error shape and sets no session', async () => {
    const { email } = await newUser();
    const response = await attempt(email, 'not-the-password-at-all');
    expect(response.statusCode).toBe(401);
    expect(errorBody(response)).toEqual({
      code: 'invalid_credentials',
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect(sessionCookieOf(response)).toBeUndefined();
  });

  it('answers an unknown e-mail address exactly as a wrong password, so accounts cannot be enumerated', async () => {
    const { email } = await newUser();
    const wrongPassword = await attempt(email, 'not-the-password-at-all', '192.0.2.2');
    const unknown = await attempt('nobody-here@example.test', 'not-the-password-at-all', '192.0.2.2');
    expect(unknown.statusCode).toBe(wrongPassword.statusCode);
    const { requestId: _a, ...unknownBody } = errorBody(unknown);
    const { requestId: _b, ...wrongBody } = errorBody(wrongPassword);
    expect(unknownBody).toEqual(wrongBody);
    expect(sessionCookieOf(unknown)).toBeUndefined();
  });

  it('accepts the e-mail address in any case and with surrounding spaces', async () => {
    const { email } = await newUser();
    const response = await attempt(`  ${email.toUpperCase()} `, PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(sessionCookieOf(response)).toBeDefined();
  });

  it('refuses a deactivated user even with the right password, and ends the sessions they had', async () => {
    const { id, email } = await newUser();
    const before = await t.signIn(email);
    expect((await admin.patch(`/api/v1/users/${id}`, { active: false })).statusCode).toBe(200);
    const response = await attempt(email, PASSWORD);
    expect(response.statusCode).toBe(401);
    expect(errorBody(response).code).toBe('invalid_credentials');
    expect(sessionCookieOf(response)).toBeUndefined();
    expect((await before.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('answers a deactivated account exactly as an unknown one, so deactivated accounts cannot be told apart', async () => {
    const { id, email } = await newUser();
    expect((await admin.patch(`/api/v1/users/${id}`, { active: false })).statusCode).toBe(200);
    const deactivated = await attempt(email, 'not-the-password-at-all', '192.0.2.3');
    const unknown = await attempt('nobody-either@example.test', 'not-the-password-at-all', '192.0.2.3');
    expect(deactivated.statusCode).toBe(unknown.statusCode);
    const { requestId: _a, ...deactivatedBody } = errorBody(deactivated);
    const { requestId: _b, ...unknownBody } = errorBody(unknown);
    expect(deactivatedBody).toEqual(unknownBody);
  });

  it('records a successful sign-in in the audit trail with the source address and request id', async () => {
    const { id, email } = await newUser();
    const response = await attempt(email, PASSWORD, '198.51.100.10', { 'x-request-id': 'sign-in-ok-0001' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('sign-in-ok-0001');
    const entries = await auditOf('auth.sign_in', 'sign-in-ok-0001');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: id,
      actorOrganisationId: organisationId,
      targetType: 'user',
      targetId: id,
      sourceIp: '198.51.100.10',
      requestId: 'sign-in-ok-0001',
    });
  });

  it('records a failed sign-in with the reason, source address and request id, and never the password', async () => {
    const { id, email } = await newUser();
    const guess = 'a-wrong-guess-to-look-for';
    const response = await attempt(email, guess, '198.51.100.11', { 'x-request-id': 'sign-in-bad-0001' });
    expect(response.statusCode).toBe(401);
    const entries = await auditOf('auth.sign_in_failed', 'sign-in-bad-0001');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: null,
      targetType: 'user',
      targetId: id,
      sourceIp: '198.51.100.11',
      requestId: 'sign-in-bad-0001',
      details: { email, reason: 'wrong_password' },
    });
    expect(JSON.stringify(entries[0])).not.toContain(guess);
  });

  describe('passwords under 12 characters cannot be set anywhere', () => {
    const short = 'elevenchars';

    it('refuses a short password when an admin creates a user, and accepts one of exactly 12', async () => {
      const base = { name: 'Short Password', organisationId, roles: ['viewer'] };
      const refused = await admin.post('/api/v1/users', {
        ...base,
        email: 'short-pw@example.test',
        password: short,
      });
      expect(refused.statusCode).toBe(400);
      expect(errorBody(refused).code).toBe('validation_failed');
      expect(
        await t.deps.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'short-pw@example.test')
          .executeTakeFirst(),
      ).toBeUndefined();
      const accepted = await admin.post('/api/v1/users', {
        ...base,
        email: 'twelve-pw@example.test',
        password: 'twelve-chars',
      });
      expect(accepted.statusCode).toBe(201);
    });

    it('refuses a short password when a user changes their own', async () => {
      const { email } = await newUser();
      const client = await t.signIn(email);
      const response = await client.post('/api/v1/me/password', {
        currentPassword: PASSWORD,
        newPassword: short,
      });
      expect(response.statusCode).toBe(400);
      expect(errorBody(response).code).toBe('validation_failed');
      expect((await attempt(email, PASSWORD)).statusCode).toBe(200);
    });

    it.each(['/api/v1/auth/sign-up/email', '/api/v1/auth/change-password', '/api/v1/auth/set-password'])(
      'offers no way around it through better-auth: %s answers 404',
      async (url) => {
        const { email } = await newUser();
        const client = await t.signIn(email);
        const response = await client.post(url, {
          email: 'self-made@example.test',
          name: 'Self Made',
          password: short,
          currentPassword: PASSWORD,
          newPassword: short,
        });
        expect(response.statusCode).toBe(404);
        expect(errorBody(response).code).toBe('not_found');
        expect((await attempt(email, PASSWORD)).statusCode).toBe(200);
      },
    );
  });

  describe('throttling per account and source', () => {
    const failFiveTimes = async (email: string, source: string) => {
      for (let i = 0; i < 5; i += 1) {
        expect((await attempt(email, `wrong-password-${i}`, source)).statusCode).toBe(401);
      }
    };

    it('refuses an account from an address after five failures there, even with the right password, with 429 and Retry-After', async () => {
      const { email } = await newUser();
      await failFiveTimes(email, '203.0.113.1');
      const response = await attempt(email, PASSWORD, '203.0.113.1');
      expect(response.statusCode).toBe(429);
      expect(errorBody(response)).toEqual({
        code: 'rate_limited',
        message: expect.any(String),
        requestId: expect.any(String),
      });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(sessionCookieOf(response)).toBeUndefined();
    });

    it('still lets the attacked account sign in from another address', async () => {
      const { email } = await newUser();
      await failFiveTimes(email, '203.0.113.2');
      expect((await attempt(email, PASSWORD, '203.0.113.2')).statusCode).toBe(429);
      const elsewhere = await attempt(email, PASSWORD, '203.0.113.3');
      expect(elsewhere.statusCode).toBe(200);
      expect(sessionCookieOf(elsewhere)).toBeDefined();
    });

    it('still lets another account sign in from the attacked address', async () => {
      const attacked = await newUser();
      const colleague = await newUser();
      await failFiveTimes(attacked.email, '203.0.113.4');
      expect((await attempt(attacked.email, PASSWORD, '203.0.113.4')).statusCode).toBe(429);
      const response = await attempt(colleague.email, PASSWORD, '203.0.113.4');
      expect(response.statusCode).toBe(200);
      expect(sessionCookieOf(response)).toBeDefined();
    });

    it('counts an account once whatever the case of its e-mail address', async () => {
      const { email } = await newUser();
      for (const variant of [email, email.toUpperCase(), ` ${email}`, email.toUpperCase(), email]) {
        expect((await attempt(variant, 'wrong-password-x', '203.0.113.5')).statusCode).toBe(401);
      }
      expect((await attempt(email, PASSWORD, '203.0.113.5')).statusCode).toBe(429);
    });

    it('forgets the failures of an account and address once it signs in there', async () => {
      const { email } = await newUser();
      for (let i = 0; i < 4; i += 1) await attempt(email, 'wrong-password-y', '203.0.113.6');
      expect((await attempt(email, PASSWORD, '203.0.113.6')).statusCode).toBe(200);
      for (let i = 0; i < 4; i += 1) await attempt(email, 'wrong-password-y', '203.0.113.6');
      expect((await attempt(email, PASSWORD, '203.0.113.6')).statusCode).toBe(200);
    });

    it('cannot be dodged by claiming another address in X-Forwarded-For when no proxy is trusted', async () => {
      const { email } = await newUser();
      for (let i = 0; i < 5; i += 1) {
        const response = await attempt(email, 'wrong-password-w', '203.0.113.7', {
          'x-forwarded-for': `198.18.0.${i + 1}`,
        });
        expect(response.statusCode).toBe(401);
      }
      expect(
        (await attempt(email, PASSWORD, '203.0.113.7', { 'x-forwarded-for': '198.18.0.99' })).statusCode,
      ).toBe(429);
      const audit = await t.deps.db
        .selectFrom('auditEvents')
        .select('sourceIp')
        .where('action', '=', 'auth.sign_in_failed')
        .where(sql<string>`details->>'email'`, '=', email)
        .execute();
      expect(new Set(audit.map((a) => a.sourceIp))).toEqual(new Set(['203.0.113.7']));
    });

    it('cannot be outrun by sending many guesses at once: no more than five reach the password check', async () => {
      const { email } = await newUser();
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => attempt(email, `parallel-guess-${i}`, '203.0.113.8')),
      );
      const checked = responses.filter((r) => r.statusCode === 401).length;
      expect(responses.filter((r) => r.statusCode === 429).length).toBe(10 - checked);
      expect(checked).toBeLessThanOrEqual(5);
    });

    // Earlier failures are written straight into the attempts table: a password check costs about a quarter
    // of a second, and the rule under test is the count, which the last failure still reaches through HTTP.
    const seedFailures = (rows: { email: string; sourceIp: string }[]) =>
      t.deps.db
        .insertInto('signInAttempts')
        .values(rows.map((row) => ({ ...row, succeeded: false })))
        .execute();

    it('refuses an account attacked from many addresses after 30 failures in all', async () => {
      const { email } = await newUser();
      await seedFailures(Array.from({ length: 29 }, (_, i) => ({ email, sourceIp: `203.0.114.${i + 1}` })));
      expect((await attempt(email, PASSWORD, '203.0.114.100')).statusCode).toBe(200);
      expect((await attempt(email, 'wrong-password-z', '203.0.114.101')).statusCode).toBe(401);
      const response = await attempt(email, PASSWORD, '203.0.114.102');
      expect(response.statusCode).toBe(429);
      expect(errorBody(response).code).toBe('rate_limited');
    });

    it('refuses an address that sprays 100 failures across accounts, and only that address', async () => {
      const { email } = await newUser();
      await seedFailures(
        Array.from({ length: 99 }, (_, i) => ({
          email: `sprayed-${i}@example.test`,
          sourceIp: '203.0.115.1',
        })),
      );
      expect((await attempt(email, PASSWORD, '203.0.115.1')).statusCode).toBe(200);
      expect((await attempt('sprayed-last@example.test', 'Summer2026!!', '203.0.115.1')).statusCode).toBe(
        401,
      );
      expect((await attempt(email, PASSWORD, '203.0.115.1')).statusCode).toBe(429);
      expect((await attempt(email, PASSWORD, '203.0.115.2')).statusCode).toBe(200);
    });
  });
});
