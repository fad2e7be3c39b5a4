import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  PASSWORD,
  createTestApp,
  errorBody,
  makeClient,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn(ADMIN_EMAIL);
});
afterAll(() => t.close());

/** A machine client: the token and nothing else, no cookie and no Origin. */
const bearer = (secret: string) => ({
  get: (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret}` } }),
  request: (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${secret}` },
      ...(payload ? { payload } : {}),
    }),
});

const createToken = async (client: Client, body: object = { name: 'nightly export' }) => {
  const response = await client.post('/api/v1/me/tokens', body);
  expect(response.statusCode).toBe(201);
  return response.json() as {
    token: { id: string; name: string; start: string; expiresAt: string | null };
    secret: string;
  };
};

describe('personal API tokens', () => {
  it.each([
    ['GET', '/api/v1/me/tokens'],
    ['POST', '/api/v1/me/tokens'],
    ['DELETE', '/api/v1/me/tokens/6b0f1e2c-0000-4000-8000-000000000000'],
  ] as const)('refuses an anonymous %s %s with 401', async (method, url) => {
    const response = await t.anonymous.request({
      method,
      url,
      ...(method === 'POST' ? { payload: { name: 'x' } } : {}),
    });
    expect(response.statusCode).toBe(401);
    expect(errorBody(response).code).toBe('unauthenticated');
  });

  it('creates a token and shows its secret once, with a 90-day expiry by default', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { token, secret } = await createToken(client);
    expect(secret).toMatch(/^vv_\S{20,}$/);
    expect(token).toMatchObject({ id: expect.any(String), name: 'nightly export', lastUsedAt: null });
    expect(secret.startsWith(token.start)).toBe(true);
    const days = (Date.parse(token.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);
  });

  it('creates a token that never expires when asked to', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { token } = await createToken(client, { name: 'forever', expiresInDays: null });
    expect(token.expiresAt).toBeNull();
  });

  it('lists tokens by name and first characters, never with the secret or its hash', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { token, secret } = await createToken(client);
    const response = await client.get('/api/v1/me/tokens');
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([
      {
        id: token.id,
        name: 'nightly export',
        start: token.start,
        createdAt: expect.any(String),
        expiresAt: token.expiresAt,
        lastUsedAt: null,
      },
    ]);
    const { key } = await t.deps.db
      .selectFrom('apiKeys')
      .select('key')
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(key).not.toBe(secret);
    expect(response.body).not.toContain(secret);
    expect(response.body).not.toContain(key);
  });

  it('stores and audits the token without its secret', async () => {
    const { client, id } = await signedInUser(t, ['analyst']);
    const { token, secret } = await createToken(client);
    const entries = await t.deps.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('targetId', '=', token.id)
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['token.create']);
    expect(entries[0]).toMatchObject({ actorUserId: id, targetType: 'api_token' });
    expect(JSON.stringify(entries)).not.toContain(secret);
  });

  it('lists only the user’s own tokens', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { client: other } = await signedInUser(t, ['analyst']);
    await createToken(other, { name: 'not yours' });
    expect((await client.get('/api/v1/me/tokens')).json().items).toEqual([]);
  });

  it('signs a machine client in on GET /api/v1/me with authMethod token', async () => {
    const { client, id } = await signedInUser(t, ['analyst']);
    const { secret } = await createToken(client);
    const response = await bearer(secret).get('/api/v1/me');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, authMethod: 'token' });
  });

  it('works on other routes, such as GET /api/v1/organisations, with the user’s own permissions', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { secret } = await createToken(client);
    expect((await bearer(secret).get('/api/v1/organisations')).statusCode).toBe(200);
    expect((await bearer(secret).get('/api/v1/users')).statusCode).toBe(403);
  });

  it('accepts the scheme in any case', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { secret } = await createToken(client);
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `bearer ${secret}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it('revokes a token: it is then refused with 401 and gone from the list', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { token, secret } = await createToken(client);
    const response = await client.delete(`/api/v1/me/tokens/${token.id}`);
    expect(response.statusCode).toBe(204);
    const refused = await bearer(secret).get('/api/v1/me');
    expect(refused.statusCode).toBe(401);
    expect(errorBody(refused).code).toBe('unauthenticated');
    expect((await client.get('/api/v1/me/tokens')).json().items).toEqual([]);
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .select('action')
      .where('targetId', '=', token.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((e) => e.action)).toEqual(['token.create', 'token.revoke']);
  });

  it('answers 404 to revoking another user’s token, which keeps working', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { client: other } = await signedInUser(t, ['analyst']);
    const { token, secret } = await createToken(other);
    const response = await client.delete(`/api/v1/me/tokens/${token.id}`);
    expect(response.statusCode).toBe(404);
    expect(errorBody(response).code).toBe('not_found');
    expect((await bearer(secret).get('/api/v1/me')).statusCode).toBe(200);
  });

  it('answers 404 to revoking a token that does not exist and 400 to a malformed id', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    expect((await client.delete('/api/v1/me/tokens/6b0f1e2c-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect((await client.delete('/api/v1/me/tokens/not-a-uuid')).statusCode).toBe(400);
  });

  it('refuses an expired token with 401', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { token, secret } = await createToken(client);
    await t.deps.db
      .updateTable('apiKeys')
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where('id', '=', token.id)
      .execute();
    const response = await bearer(secret).get('/api/v1/me');
    expect(response.statusCode).toBe(401);
    expect(errorBody(response).code).toBe('unauthenticated');
  });

  it('refuses the token of a deactivated user with 401', async () => {
    const { client, id } = await signedInUser(t, ['analyst']);
    const { secret } = await createToken(client);
    expect((await admin.patch(`/api/v1/users/${id}`, { active: false })).statusCode).toBe(200);
    const response = await bearer(secret).get('/api/v1/me');
    expect(response.statusCode).toBe(401);
    expect(errorBody(response).code).toBe('unauthenticated');
  });

  it('holds the token of a user who must change their password like their session', async () => {
    const { client, id } = await signedInUser(t, ['analyst']);
    const { secret } = await createToken(client);
    await t.deps.db.updateTable('users').set({ mustChangePassword: true }).where('id', '=', id).execute();
    const response = await bearer(secret).get('/api/v1/organisations');
    expect(response.statusCode).toBe(403);
    expect(errorBody(response).code).toBe('password_change_required');
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no token', 'Bearer'],
    ['two tokens', 'Bearer vv_one vv_two'],
    ['a made-up token', 'Bearer vv_madeUpTokenThatWasNeverIssued1234567890'],
  ])('refuses a malformed or unknown Authorization header (%s) with 401', async (_label, authorization) => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } });
    expect(response.statusCode).toBe(401);
    expect(errorBody(response)).toEqual({
      code: 'unauthenticated',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it('does not fall back to the session cookie when the Authorization header is bad', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const response = await client.get('/api/v1/me', {
      authorization: 'Bearer vv_revokedOrMadeUp0000000000000000',
    });
    expect(response.statusCode).toBe(401);
  });

  describe('a token cannot take over the account', () => {
    let secret: string;
    let tokenId: string;
    let email: string;

    beforeAll(async () => {
      const user = await signedInUser(t, ['analyst']);
      email = user.email;
      ({
        secret,
        token: { id: tokenId },
      } = await createToken(user.client));
    });

    it('cannot create tokens (403)', async () => {
      const response = await bearer(secret).request('POST', '/api/v1/me/tokens', {
        name: 'minted by a token',
      });
      expect(response.statusCode).toBe(403);
      expect(errorBody(response).code).toBe('forbidden');
    });

    it('cannot list or revoke tokens (403)', async () => {
      expect((await bearer(secret).get('/api/v1/me/tokens')).statusCode).toBe(403);
      expect((await bearer(secret).request('DELETE', `/api/v1/me/tokens/${tokenId}`)).statusCode).toBe(403);
    });

    it('cannot change the password (403), which still signs in', async () => {
      const response = await bearer(secret).request('POST', '/api/v1/me/password', {
        currentPassword: PASSWORD,
        newPassword: 'taken-over-by-a-token',
      });
      expect(response.statusCode).toBe(403);
      expect(errorBody(response).code).toBe('forbidden');
      await expect(t.signIn(email)).resolves.toBeDefined();
    });

    it('cannot act on better-auth’s endpoints: it is no session there', async () => {
      const enable = await bearer(secret).request('POST', '/api/v1/auth/two-factor/enable', {
        password: PASSWORD,
      });
      expect(enable.statusCode).toBe(401);
      const revoke = await bearer(secret).request('POST', '/api/v1/auth/revoke-sessions', {});
      expect([401, 404]).toContain(revoke.statusCode);
      await expect(t.signIn(email)).resolves.toBeDefined();
    });
  });

  it.each([
    ['a missing name', {}],
    ['an empty name', { name: '  ' }],
    ['an overlong name', { name: 'x'.repeat(101) }],
    ['an expiry of 0 days', { name: 'x', expiresInDays: 0 }],
    ['an expiry over a year', { name: 'x', expiresInDays: 367 }],
    ['an unknown field', { name: 'x', permissions: { all: ['*'] } }],
  ])('answers 400 to %s and makes no token', async (_label, body) => {
    const { client, id } = await signedInUser(t, ['analyst']);
    const response = await client.post('/api/v1/me/tokens', body);
    expect(response.statusCode).toBe(400);
    expect(errorBody(response).code).toBe('validation_failed');
    expect(
      await t.deps.db.selectFrom('apiKeys').select('id').where('referenceId', '=', id).execute(),
    ).toEqual([]);
  });

  describe('offers no way around /api/v1/me/tokens, whose checks and audit trail better-auth’s own endpoints skip', () => {
    it('cannot create a token through POST /api/v1/auth/api-key/create (404)', async () => {
      const { client, id } = await signedInUser(t, ['analyst']);
      const response = await client.post('/api/v1/auth/api-key/create', { name: 'around the audit trail' });
      expect(response.statusCode).toBe(404);
      expect(
        await t.deps.db.selectFrom('apiKeys').select('id').where('referenceId', '=', id).execute(),
      ).toEqual([]);
    });

    it('cannot lift a token’s expiry through POST /api/v1/auth/api-key/update (404)', async () => {
      const { client } = await signedInUser(t, ['analyst']);
      const { token } = await createToken(client);
      const response = await client.post('/api/v1/auth/api-key/update', { keyId: token.id, expiresIn: null });
      expect(response.statusCode).toBe(404);
      expect((await client.get('/api/v1/me/tokens')).json().items[0].expiresAt).toBe(token.expiresAt);
    });

    it('cannot revoke a token unaudited through POST /api/v1/auth/api-key/delete (404)', async () => {
      const { client } = await signedInUser(t, ['analyst']);
      const { token } = await createToken(client);
      const response = await client.post('/api/v1/auth/api-key/delete', { keyId: token.id });
      expect(response.statusCode).toBe(404);
      expect((await client.get('/api/v1/me/tokens')).json().items).toHaveLength(1);
    });
  });

  it('keeps working after the user signs out of every session', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const { secret } = await createToken(client);
    expect((await client.post('/api/v1/me/sign-out-everywhere')).statusCode).toBe(204);
    expect((await bearer(secret).get('/api/v1/me')).statusCode).toBe(200);
    expect((await makeClient(t.app, client.cookie).get('/api/v1/me')).statusCode).toBe(401);
  });
});
