import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  createTestApp,
  errorBody,
  makeCommunity,
  makeOrganisation,
  makeUser,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/me', () => {
  it.each([
    ['GET', '/api/v1/me', undefined],
    ['PATCH', '/api/v1/me', { locale: 'sv' }],
    ['POST', '/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'a-brand-new-passphrase' }],
    ['GET', '/api/v1/me/sessions', undefined],
    ['POST', '/api/v1/me/sign-out-everywhere', undefined],
  ] as const)('refuses an anonymous %s %s with 401', async (method, url, payload) => {
    const response = await t.anonymous.request({ method, url, ...(payload ? { payload } : {}) });
    expect(response.statusCode).toBe(401);
    expect(errorBody(response)).toEqual({
      code: 'unauthenticated',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it('refuses an anonymous caller before looking at the body, so the schema is not probed without signing in', async () => {
    const response = await t.anonymous.post('/api/v1/me/password', { newPassword: 'x' });
    expect(response.statusCode).toBe(401);
    expect(errorBody(response).code).toBe('unauthenticated');
  });

  it('refuses a forged or stale session cookie with 401', async () => {
    const response = await t.anonymous.get('/api/v1/me', {
      cookie: 'vaalivahti.session_token=forged.c2lnbmF0dXJl',
    });
    expect(response.statusCode).toBe(401);
  });

  it('returns the signed-in user with their organisation, roles and communities', async () => {
    const organisationId = await makeOrganisation(t, { shortName: 'OM' });
    const communityId = await makeCommunity(t, [organisationId]);
    await makeCommunity(t, [await makeOrganisation(t)]);
    const { id, email, client } = await signedInUser(t, ['coordinator', 'analyst'], organisationId);
    const response = await client.get('/api/v1/me');
    expect(response.statusCode).toBe(200);
    const me = response.json();
    expect(me).toMatchObject({
      id,
      email,
      locale: 'fi',
      timeZone: 'Europe/Helsinki',
      roles: ['coordinator', 'analyst'],
      organisation: { id: organisationId, shortName: 'OM', name: { fi: 'OM fi', sv: 'OM sv', en: 'OM en' } },
      twoFactorEnabled: false,
      twoFactorRequired: false,
      restriction: null,
      authMethod: 'session',
      demo: false,
    });
    expect(me.communities).toEqual([
      {
        id: communityId,
        name: expect.objectContaining({
          fi: expect.any(String),
          sv: expect.any(String),
          en: expect.any(String),
        }),
      },
    ]);
  });

  it('never shows the password hash or the session token', async () => {
    const { client, id } = await signedInUser(t, ['viewer']);
    const body = (await client.get('/api/v1/me')).body;
    const { password } = await t.deps.db
      .selectFrom('accounts')
      .select('password')
      .where('userId', '=', id)
      .executeTakeFirstOrThrow();
    expect(body).not.toContain(password!);
    expect(body).not.toContain(client.cookie!.split('=')[1]!.split('.')[0]!);
    expect(body).not.toMatch(/"(password|passwordHash|token|secret)"/);
  });
});

describe('signing out', () => {
  it('ends the session: the same cookie is then refused with 401', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const response = await client.post('/api/v1/auth/sign-out', {});
    expect(response.statusCode).toBe(200);
    expect(response.cookies.find((c) => c.name === 'vaalivahti.session_token')).toMatchObject({ value: '' });
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('ends only that session, not the user’s other ones', async () => {
    const { client, email } = await signedInUser(t, ['analyst']);
    const other = await t.signIn(email);
    await client.post('/api/v1/auth/sign-out', {});
    expect((await other.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('records the sign-out in the audit trail', async () => {
    const { client, id } = await signedInUser(t, ['analyst']);
    await client.post('/api/v1/auth/sign-out', {});
    const entries = await t.deps.db
      .selectFrom('auditEvents')
      .select(['action', 'actorUserId'])
      .where('action', '=', 'auth.sign_out')
      .where('actorUserId', '=', id)
      .execute();
    expect(entries).toHaveLength(1);
  });

  it('signing out everywhere ends every session of the user', async () => {
    const { client, email, id } = await signedInUser(t, ['analyst']);
    const second = await t.signIn(email);
    const third = await t.signIn(email);
    const response = await second.post('/api/v1/me/sign-out-everywhere');
    expect(response.statusCode).toBe(204);
    for (const c of [client, second, third]) expect((await c.get('/api/v1/me')).statusCode).toBe(401);
    expect(await t.deps.db.selectFrom('sessions').select('id').where('userId', '=', id).execute()).toEqual(
      [],
    );
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .select('action')
      .where('action', '=', 'sessions.revoke_all')
      .where('targetId', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('signing out everywhere leaves other users’ sessions alone, even in the same organisation', async () => {
    const { client, organisationId } = await signedInUser(t, ['analyst']);
    const { client: colleague } = await signedInUser(t, ['analyst'], organisationId);
    expect((await client.post('/api/v1/me/sign-out-everywhere')).statusCode).toBe(204);
    expect((await colleague.get('/api/v1/me')).statusCode).toBe(200);
  });
});

describe('GET /api/v1/me/sessions', () => {
  it('lists the user’s own active sessions and marks the current one', async () => {
    const { client, email } = await signedInUser(t, ['analyst']);
    await t.signIn(email);
    await signedInUser(t, ['analyst']);
    const response = await client.get('/api/v1/me/sessions');
    expect(response.statusCode).toBe(200);
    const { items } = response.json();
    expect(items).toHaveLength(2);
    expect(items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(items[0]).toEqual({
      id: expect.any(String),
      current: expect.any(Boolean),
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      ipAddress: '127.0.0.1',
      userAgent: expect.any(String),
    });
  });

  it('drops a session from the list once it is signed out', async () => {
    const { client, email } = await signedInUser(t, ['analyst']);
    const other = await t.signIn(email);
    await other.post('/api/v1/auth/sign-out', {});
    const { items } = (await client.get('/api/v1/me/sessions')).json();
    expect(items).toHaveLength(1);
    expect(items[0].current).toBe(true);
  });

  it('never lists session tokens', async () => {
    const { client } = await signedInUser(t, ['analyst']);
    const token = client.cookie!.split('=')[1]!.split('.')[0]!;
    expect((await client.get('/api/v1/me/sessions')).body).not.toContain(token);
  });
});

describe('PATCH /api/v1/me', () => {
  it('changes the interface language to Swedish, and it stays so', async () => {
    const { client } = await signedInUser(t, ['viewer']);
    const response = await client.patch('/api/v1/me', { locale: 'sv' });
    expect(response.statusCode).toBe(200);
    expect(response.json().locale).toBe('sv');
    expect((await client.get('/api/v1/me')).json().locale).toBe('sv');
  });

  it('changes the name and time zone', async () => {
    const { client } = await signedInUser(t, ['viewer']);
    const response = await client.patch('/api/v1/me', {
      name: '  Maija Meikäläinen ',
      timeZone: 'Europe/Stockholm',
    });
    expect(response.statusCode).toBe(200);
    expect((await client.get('/api/v1/me')).json()).toMatchObject({
      name: 'Maija Meikäläinen',
      timeZone: 'Europe/Stockholm',
    });
  });

  it('accepts UTC as a time zone', async () => {
    const { client } = await signedInUser(t, ['viewer']);
    expect((await client.patch('/api/v1/me', { timeZone: 'UTC' })).statusCode).toBe(200);
  });

  it('records the change in the audit trail', async () => {
    const { client, id } = await signedInUser(t, ['viewer']);
    await client.patch('/api/v1/me', { locale: 'en' });
    const entries = await t.deps.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('action', '=', 'profile.update')
      .where('targetId', '=', id)
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorUserId: id, details: { locale: 'en' } });
  });

  it.each([
    ['an unknown language', { locale: 'de' }],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }],
    ['an empty name', { name: '   ' }],
    ['an overlong name', { name: 'x'.repeat(201) }],
    ['a wrong type', { locale: 1 }],
  ])('answers 400 to %s and changes nothing', async (_label, body) => {
    const { client } = await signedInUser(t, ['viewer']);
    const before = (await client.get('/api/v1/me')).json();
    const response = await client.patch('/api/v1/me', body);
    expect(response.statusCode).toBe(400);
    expect(errorBody(response)).toMatchObject({
      code: 'validation_failed',
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect((await client.get('/api/v1/me')).json()).toEqual(before);
  });

  it.each([
    ['roles', { roles: ['admin'] }],
    ['active', { active: true }],
    ['e-mail address', { email: 'someone.else@example.test' }],
    ['organisation', { organisationId: '6b0f1e2c-0000-4000-8000-000000000000' }],
    ['two-factor flag', { twoFactorEnabled: true }],
    ['password-change flag', { mustChangePassword: false }],
  ])('does not let a user change their own %s (400, nothing changed)', async (_label, body) => {
    const { client, id } = await signedInUser(t, ['viewer']);
    const response = await client.patch('/api/v1/me', { locale: 'sv', ...body });
    expect(response.statusCode).toBe(400);
    const row = await t.deps.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ roles: ['viewer'], locale: 'fi', twoFactorEnabled: false });
  });

  it('answers 400 to a body that is not JSON', async () => {
    const { client } = await signedInUser(t, ['viewer']);
    const response = await client.request({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: '{"locale":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(errorBody(response).code).toBe('invalid_json');
  });
});

describe('a deactivated user', () => {
  it('is refused on every request, even while a session row of theirs survives', async () => {
    const organisationId = await makeOrganisation(t);
    const { id, email } = await makeUser(t, { organisationId, roles: ['analyst'] });
    const client = await t.signIn(email);
    await t.deps.db.updateTable('users').set({ active: false }).where('id', '=', id).execute();
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
  });
});
