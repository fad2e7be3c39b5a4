import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  createTestApp,
  errorBody,
  makeOrganisation,
  makeUser,
  type TestApp,
} from '../../../test/helpers/app.js';

const NEW_PASSWORD = 'a-brand-new-passphrase';

let t: TestApp;
let organisationId: string;

beforeAll(async () => {
  t = await createTestApp();
  organisationId = await makeOrganisation(t);
});
afterAll(() => t.close());

const signInStatus = async (email: string, password: string) =>
  (await t.anonymous.post('/api/v1/auth/sign-in/email', { email, password })).statusCode;

describe('a user who must change their password', () => {
  const restrictedUser = async () => {
    const user = await makeUser(t, { organisationId, roles: ['analyst'], mustChangePassword: true });
    return { ...user, client: await t.signIn(user.email) };
  };

  it('can sign in and read /me, which names the restriction', async () => {
    const { client, email } = await restrictedUser();
    const response = await client.get('/api/v1/me');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ email, restriction: 'password_change_required' });
  });

  it.each([
    ['GET', '/api/v1/organisations', undefined],
    ['GET', '/api/v1/communities', undefined],
    ['GET', '/api/v1/me/sessions', undefined],
    ['GET', '/api/v1/me/tokens', undefined],
    ['POST', '/api/v1/me/tokens', { name: 'before changing the password' }],
    ['PATCH', '/api/v1/me', { locale: 'sv' }],
  ] as const)('is refused %s %s with 403 password_change_required', async (method, url, payload) => {
    const { client } = await restrictedUser();
    const response = await client.request({ method, url, ...(payload ? { payload } : {}) });
    expect(response.statusCode).toBe(403);
    expect(errorBody(response)).toEqual({
      code: 'password_change_required',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it('is refused before permissions are looked at, so a restricted admin cannot administer either', async () => {
    const { email } = await makeUser(t, { organisationId, roles: ['admin'], mustChangePassword: true });
    const client = await t.signIn(email);
    const response = await client.get('/api/v1/users');
    expect(response.statusCode).toBe(403);
    expect(errorBody(response).code).toBe('password_change_required');
  });

  it('changes nothing while held', async () => {
    const { client } = await restrictedUser();
    await client.patch('/api/v1/me', { locale: 'sv' });
    await client.post('/api/v1/me/tokens', { name: 'held' });
    const { id } = (await client.get('/api/v1/me')).json();
    expect((await client.get('/api/v1/me')).json().locale).toBe('fi');
    expect(
      await t.deps.db.selectFrom('apiKeys').select('id').where('referenceId', '=', id).execute(),
    ).toEqual([]);
  });

  it('can sign out', async () => {
    const { client } = await restrictedUser();
    expect((await client.post('/api/v1/auth/sign-out', {})).statusCode).toBe(200);
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('can sign out everywhere', async () => {
    const { client, email } = await restrictedUser();
    const other = await t.signIn(email);
    expect((await client.post('/api/v1/me/sign-out-everywhere')).statusCode).toBe(204);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('is let through everywhere once the password is changed, and only the new password signs in', async () => {
    const { client, email } = await restrictedUser();
    const response = await client.post('/api/v1/me/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(204);
    expect((await client.get('/api/v1/me')).json().restriction).toBeNull();
    expect((await client.get('/api/v1/organisations')).statusCode).toBe(200);
    expect((await client.get('/api/v1/me/sessions')).statusCode).toBe(200);
    expect((await client.patch('/api/v1/me', { locale: 'sv' })).statusCode).toBe(200);
    expect(await signInStatus(email, PASSWORD)).toBe(401);
    expect(await signInStatus(email, NEW_PASSWORD)).toBe(200);
  });

  it('records the password change in the audit trail, without the passwords', async () => {
    const { client, id } = await restrictedUser();
    expect(
      (await client.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))
        .statusCode,
    ).toBe(204);
    const entries = await t.deps.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('action', '=', 'password.change')
      .where('targetId', '=', id)
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: id,
      actorOrganisationId: organisationId,
      requestId: expect.any(String),
    });
    expect(JSON.stringify(entries[0])).not.toContain(NEW_PASSWORD);
    expect(JSON.stringify(entries[0])).not.toContain(PASSWORD);
  });
});

describe('changing one’s own password', () => {
  const user = async (mustChangePassword = false) => {
    const made = await makeUser(t, { organisationId, roles: ['viewer'], mustChangePassword });
    return { ...made, client: await t.signIn(made.email) };
  };

  it('refuses an anonymous caller', async () => {
    const response = await t.anonymous.post('/api/v1/me/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(401);
    expect(errorBody(response).code).toBe('unauthenticated');
  });

  it('refuses a wrong current password with 401 and changes nothing', async () => {
    const { client, email } = await user(true);
    const response = await client.post('/api/v1/me/password', {
      currentPassword: 'not-the-password-at-all',
      newPassword: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(401);
    expect(errorBody(response).code).toBe('invalid_credentials');
    expect((await client.get('/api/v1/me')).json().restriction).toBe('password_change_required');
    expect(await signInStatus(email, PASSWORD)).toBe(200);
    expect(await signInStatus(email, NEW_PASSWORD)).toBe(401);
  });

  it('refuses a new password equal to the current one with 400', async () => {
    const { client } = await user(true);
    const response = await client.post('/api/v1/me/password', {
      currentPassword: PASSWORD,
      newPassword: PASSWORD,
    });
    expect(response.statusCode).toBe(400);
    expect(errorBody(response).code).toBe('validation_failed');
    expect((await client.get('/api/v1/me')).json().restriction).toBe('password_change_required');
  });

  it.each([
    ['a new password under 12 characters', { currentPassword: PASSWORD, newPassword: 'short-pass' }],
    ['a missing current password', { newPassword: NEW_PASSWORD }],
    ['an unknown field', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, userId: 'someone-else' }],
    [
      'a non-boolean signOutOtherSessions',
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, signOutOtherSessions: 'yes' },
    ],
  ])('answers 400 to %s and changes nothing', async (_label, body) => {
    const { client, email } = await user();
    const response = await client.post('/api/v1/me/password', body);
    expect(response.statusCode).toBe(400);
    expect(errorBody(response).code).toBe('validation_failed');
    expect(await signInStatus(email, PASSWORD)).toBe(200);
  });

  it('ends the other sessions but keeps the current one when signOutOtherSessions is set', async () => {
    const { client, email } = await user();
    const other = await t.signIn(email);
    const response = await client.post('/api/v1/me/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      signOutOtherSessions: true,
    });
    expect(response.statusCode).toBe(204);
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('ends the other sessions by default', async () => {
    const { client, email } = await user();
    const other = await t.signIn(email);
    expect(
      (await client.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))
        .statusCode,
    ).toBe(204);
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('keeps the other sessions when signOutOtherSessions is false', async () => {
    const { client, email } = await user();
    const other = await t.signIn(email);
    const response = await client.post('/api/v1/me/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      signOutOtherSessions: false,
    });
    expect(response.statusCode).toBe(204);
    expect((await other.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('leaves the sessions of other users alone', async () => {
    const { client } = await user();
    const { client: colleague } = await user();
    expect(
      (await client.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))
        .statusCode,
    ).toBe(204);
    expect((await colleague.get('/api/v1/me')).statusCode).toBe(200);
  });
});
