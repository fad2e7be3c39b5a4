import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  createTestApp,
  errorBody,
  makeClient,
  makeOrganisation,
  makeUser,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { secretOf, totp, wrongTotp } from '../../../test/helpers/totp.js';

const SESSION_COOKIE = 'vaalivahti.session_token';

/** The cookie jar after a response: what a browser would send next. */
const jarAfter = (cookie: string | null, response: LightMyRequestResponse): string => {
  const jar = new Map<string, string>();
  for (const part of (cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name) jar.set(name, value.join('='));
  }
  for (const set of response.cookies) {
    if (set.value === '' || set.maxAge === 0) jar.delete(set.name);
    else jar.set(set.name, set.value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
};

const hasSession = (response: LightMyRequestResponse) =>
  response.cookies.some((c) => c.name === SESSION_COOKIE && c.value !== '' && c.maxAge !== 0);

describe('two-factor authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const signInResponse = (email: string, password = PASSWORD) =>
    t.anonymous.post('/api/v1/auth/sign-in/email', { email, password });

  /**
   * Enrols the client's user and returns the TOTP secret with a client on the session that
   * better-auth issues in place of the old one once two-factor is on.
   */
  const enrol = async (client: Client) => {
    const enabled = await client.post('/api/v1/auth/two-factor/enable', { password: PASSWORD });
    expect(enabled.statusCode).toBe(200);
    const secret = secretOf(enabled.json().totpURI);
    const verified = await client.post('/api/v1/auth/two-factor/verify-totp', { code: totp(secret) });
    expect(verified.statusCode).toBe(200);
    return { secret, client: makeClient(t.app, jarAfter(client.cookie, verified)) };
  };

  it('enrols with the password: a TOTP URI and backup codes, and two-factor is on once a code is verified', async () => {
    const { client, email } = await signedInUser(t, ['analyst']);
    const enabled = await client.post('/api/v1/auth/two-factor/enable', { password: PASSWORD });
    expect(enabled.statusCode).toBe(200);
    const { totpURI, backupCodes } = enabled.json();
    expect(totpURI).toMatch(/^otpauth:\/\/totp\/Vaalivahti:/);
    expect(decodeURIComponent(totpURI)).toContain(email);
    expect(backupCodes).toEqual(expect.arrayContaining([expect.any(String)]));
    expect((await client.get('/api/v1/me')).json().twoFactorEnabled).toBe(false);

    const verified = await client.post('/api/v1/auth/two-factor/verify-totp', {
      code: totp(secretOf(totpURI)),
    });
    expect(verified.statusCode).toBe(200);
    const after = makeClient(t.app, jarAfter(client.cookie, verified));
    const me = await after.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email, twoFactorEnabled: true });
  });

  it('refuses to start enrolment with a wrong password', async () => {
    const { client, id } = await signedInUser(t, ['analyst']);
    const response = await client.post('/api/v1/auth/two-factor/enable', {
      password: 'not-the-password-at-all',
    });
    expect(response.statusCode).toBe(401);
    expect(errorBody(response)).toMatchObject({ code: 'invalid_credentials', requestId: expect.any(String) });
    const enrolments = await sql<{
      n: number;
    }>`select count(*)::int as n from two_factors where user_id = ${id}`.execute(t.deps.db);
    expect(enrolments.rows[0]?.n).toBe(0);
    expect((await client.get('/api/v1/me')).json().twoFactorEnabled).toBe(false);
  });

  it('refuses a wrong code at enrolment and leaves two-factor off', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const enabled = await client.post('/api/v1/auth/two-factor/enable', { password: PASSWORD });
    const response = await client.post('/api/v1/auth/two-factor/verify-totp', {
      code: wrongTotp(secretOf(enabled.json().totpURI)),
    });
    expect(response.statusCode).toBe(401);
    expect(errorBody(response).code).toBe('invalid_credentials');
    expect((await client.get('/api/v1/me')).json().twoFactorEnabled).toBe(false);
  });

  it('asks for the second factor at sign-in and opens no session until a valid code is given', async () => {
    const { client, email } = await signedInUser(t, ['analyst']);
    const { secret } = await enrol(client);

    const first = await signInResponse(email);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ twoFactorRedirect: true });
    expect(hasSession(first)).toBe(false);
    const pending = makeClient(t.app, jarAfter(null, first));
    expect((await pending.get('/api/v1/me')).statusCode).toBe(401);

    const verified = await pending.post('/api/v1/auth/two-factor/verify-totp', { code: totp(secret) });
    expect(verified.statusCode).toBe(200);
    expect(hasSession(verified)).toBe(true);
    const me = await makeClient(t.app, jarAfter(pending.cookie, verified)).get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email, twoFactorEnabled: true, authMethod: 'session' });
  });

  it('refuses a wrong code at sign-in and opens no session', async () => {
    const { client, email } = await signedInUser(t, ['analyst']);
    const { secret } = await enrol(client);
    const pending = makeClient(t.app, jarAfter(null, await signInResponse(email)));

    const response = await pending.post('/api/v1/auth/two-factor/verify-totp', { code: wrongTotp(secret) });
    expect(response.statusCode).toBe(401);
    expect(errorBody(response)).toMatchObject({ code: 'invalid_credentials', requestId: expect.any(String) });
    expect(hasSession(response)).toBe(false);
    expect((await makeClient(t.app, jarAfter(pending.cookie, response)).get('/api/v1/me')).statusCode).toBe(
      401,
    );
  });

  it('refuses a valid code without the challenge of a password sign-in', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { secret } = await enrol(client);
    const response = await t.anonymous.post('/api/v1/auth/two-factor/verify-totp', { code: totp(secret) });
    expect(response.statusCode).toBe(401);
    expect(hasSession(response)).toBe(false);
  });

  it('records the sign-in in the audit trail only once the second factor is verified', async () => {
    const { client, email, id } = await signedInUser(t, ['analyst']);
    const { secret } = await enrol(client);
    const actionsSince = async (seq: number) =>
      (
        await t.deps.db
          .selectFrom('auditEvents')
          .select('action')
          .where('seq', '>', seq)
          .where('actorUserId', '=', id)
          .orderBy('seq')
          .execute()
      ).map((e) => e.action);
    const { seq } = await t.deps.db
      .selectFrom('auditEvents')
      .select('seq')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();

    const pending = makeClient(t.app, jarAfter(null, await signInResponse(email)));
    expect(await actionsSince(seq)).toEqual(['auth.password_verified']);
    expect(
      (await pending.post('/api/v1/auth/two-factor/verify-totp', { code: totp(secret) })).statusCode,
    ).toBe(200);
    expect(await actionsSince(seq)).toEqual(['auth.password_verified', 'auth.sign_in']);
  });

  it('keeps the session token out of the response body after the second factor, as sign-in does', async () => {
    const { client, email } = await signedInUser(t, ['analyst']);
    const { secret } = await enrol(client);
    const pending = makeClient(t.app, jarAfter(null, await signInResponse(email)));
    const verified = await pending.post('/api/v1/auth/two-factor/verify-totp', { code: totp(secret) });
    const token = verified.cookies.find((c) => c.name === SESSION_COOKIE)!.value.split('.')[0]!;
    expect(verified.body).not.toContain(token);
  });

  it('turns two-factor off with the password, after which a password alone signs in', async () => {
    const { client: first, email } = await signedInUser(t, ['analyst']);
    const { client } = await enrol(first);
    expect(
      (await client.post('/api/v1/auth/two-factor/disable', { password: 'not-the-password-at-all' }))
        .statusCode,
    ).toBe(401);
    expect((await signInResponse(email)).json()).toEqual({ twoFactorRedirect: true });

    const disabled = await client.post('/api/v1/auth/two-factor/disable', { password: PASSWORD });
    expect(disabled.statusCode).toBe(200);
    expect(
      (await makeClient(t.app, jarAfter(client.cookie, disabled)).get('/api/v1/me')).json().twoFactorEnabled,
    ).toBe(false);
    const response = await signInResponse(email);
    expect(response.statusCode).toBe(200);
    expect(hasSession(response)).toBe(true);
  });

  describe('an organisation that requires two-factor', () => {
    let organisationId: string;

    beforeAll(async () => {
      organisationId = await makeOrganisation(t, { requireTwoFactor: true });
    });

    it('shows a member without two-factor the restriction two_factor_enrolment_required in /me', async () => {
      const { client } = await signedInUser(t, ['analyst'], organisationId);
      const me = await client.get('/api/v1/me');
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        twoFactorEnabled: false,
        twoFactorRequired: true,
        restriction: 'two_factor_enrolment_required',
      });
    });

    it.each([
      ['GET', '/api/v1/organisations'],
      ['GET', '/api/v1/communities'],
      ['GET', '/api/v1/me/sessions'],
      ['GET', '/api/v1/me/tokens'],
      ['PATCH', '/api/v1/me'],
    ] as const)(
      'refuses %s %s with 403 two_factor_enrolment_required until the member enrols',
      async (method, url) => {
        const { client } = await signedInUser(t, ['analyst'], organisationId);
        const response = await client.request({
          method,
          url,
          ...(method === 'PATCH' ? { payload: { locale: 'sv' } } : {}),
        });
        expect(response.statusCode).toBe(403);
        expect(errorBody(response)).toMatchObject({
          code: 'two_factor_enrolment_required',
          requestId: expect.any(String),
        });
      },
    );

    it('lets the member in once enrolled', async () => {
      const { client: held } = await signedInUser(t, ['analyst'], organisationId);
      const { client } = await enrol(held);
      const me = await client.get('/api/v1/me');
      expect(me.json()).toMatchObject({ twoFactorEnabled: true, twoFactorRequired: true, restriction: null });
      expect((await client.get('/api/v1/organisations')).statusCode).toBe(200);
      expect((await client.patch('/api/v1/me', { locale: 'sv' })).statusCode).toBe(200);
    });

    it('holds the member again if they turn two-factor off', async () => {
      const { client: held } = await signedInUser(t, ['analyst'], organisationId);
      const { client } = await enrol(held);
      const disabled = await client.post('/api/v1/auth/two-factor/disable', { password: PASSWORD });
      expect(disabled.statusCode).toBe(200);
      const after = makeClient(t.app, jarAfter(client.cookie, disabled));
      expect((await after.get('/api/v1/me')).json().restriction).toBe('two_factor_enrolment_required');
      expect(errorBody(await after.get('/api/v1/organisations')).code).toBe('two_factor_enrolment_required');
    });

    it('does not hold members of other organisations', async () => {
      const other = await makeOrganisation(t);
      const { email } = await makeUser(t, { organisationId: other, roles: ['viewer'] });
      const client = await t.signIn(email);
      expect((await client.get('/api/v1/me')).json()).toMatchObject({
        twoFactorRequired: false,
        restriction: null,
      });
      expect((await client.get('/api/v1/organisations')).statusCode).toBe(200);
    });
  });
});
