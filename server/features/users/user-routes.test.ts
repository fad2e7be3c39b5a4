import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../lib/cursor.js';
import {
  ADMIN_EMAIL,
  type Client,
  createTestApp,
  errorBody,
  expectError,
  makeCommunity,
  makeOrganisation,
  makeUser,
  PASSWORD,
  refuseAuditOf,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const ONE_TIME_PASSWORD = /^[a-hj-km-np-z2-9]{5}(-[a-hj-km-np-z2-9]{5}){3}$/;
const TABLES = ['users', 'accounts', 'sessions', 'audit_events'];

const keysOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(keysOf)
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, item]) => [key, ...keysOf(item)])
      : [];

const expectValidationFailed = (response: LightMyRequestResponse) => {
  expectError(response, 400, 'validation_failed');
  const { issues } = errorBody(response);
  expect(issues).toEqual(expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]));
};

describe('users', () => {
  let t: TestApp;
  let admin: Client;
  let adminId: string;
  let organisationId: string;

  const signInResponse = (email: string, password: string) =>
    t.anonymous.post('/api/v1/auth/sign-in/email', { email, password });
  const auditOf = (targetId: string) =>
    t.deps.db.selectFrom('auditEvents').selectAll().where('targetId', '=', targetId).orderBy('seq').execute();
  const newUser = (values: Record<string, unknown> = {}) => ({
    name: 'Maija Meikäläinen',
    email: `maija.${Math.random().toString(36).slice(2, 10)}@example.test`,
    organisationId,
    roles: ['analyst'],
    password: 'a-long-enough-password',
    ...values,
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signIn(ADMIN_EMAIL);
    adminId = t.adminId;
    organisationId = await makeOrganisation(t);
  });
  afterAll(() => t.close());

  describe('access', () => {
    const routes = (id: string) =>
      [
        ['GET', '/api/v1/users', undefined],
        ['GET', `/api/v1/users/${id}`, undefined],
        [
          'POST',
          '/api/v1/users',
          { name: 'X', email: 'x@example.test', organisationId: UNKNOWN_ID, roles: ['viewer'] },
        ],
        ['PATCH', `/api/v1/users/${id}`, { locale: 'sv' }],
        ['POST', `/api/v1/users/${id}/reset-password`, undefined],
      ] as const;

    it('refuses every user route to an anonymous caller', async () => {
      for (const [method, url, payload] of routes(adminId)) {
        const response = await t.anonymous.request({ method, url, ...(payload ? { payload } : {}) });
        expectError(response, 401, 'unauthenticated');
      }
    });

    it('answers an anonymous caller 401 before it looks at the request, so that validation reveals nothing', async () => {
      expectError(await t.anonymous.get('/api/v1/users/not-a-uuid'), 401, 'unauthenticated');
      expectError(await t.anonymous.post('/api/v1/users', { nonsense: true }), 401, 'unauthenticated');
    });

    it('forbids coordinators, analysts, reporters and viewers of another organisation every user route', async () => {
      const counts = await rowCounts(t, ['users']);
      for (const role of ['coordinator', 'analyst', 'reporter', 'viewer'] as const) {
        const { client } = await signedInUser(t, [role]);
        for (const [method, url, payload] of routes(adminId)) {
          const response = await client.request({ method, url, ...(payload ? { payload } : {}) });
          expectError(response, 403, 'forbidden');
        }
      }
      expect((await rowCounts(t, ['users'])).users).toBe(counts.users! + 4);
      const adminRow = await t.deps.db
        .selectFrom('users')
        .select(['locale', 'mustChangePassword'])
        .where('id', '=', adminId)
        .executeTakeFirstOrThrow();
      expect(adminRow).toEqual({ locale: 'fi', mustChangePassword: false });
    });
  });

  describe('create', () => {
    it('lets an admin create a user with a given password, who can sign in with it at once', async () => {
      const body = newUser({
        email: 'Liisa.Virtanen@Example.TEST',
        roles: ['coordinator', 'analyst'],
        locale: 'sv',
      });
      const response = await admin.post('/api/v1/users', body);
      expect(response.statusCode, response.body).toBe(201);
      const { user, oneTimePassword } = response.json();
      expect(oneTimePassword).toBeNull();
      expect(user).toMatchObject({
        id: expect.any(String),
        name: body.name,
        email: 'liisa.virtanen@example.test',
        organisationId,
        roles: ['coordinator', 'analyst'],
        active: true,
        locale: 'sv',
        twoFactorEnabled: false,
        mustChangePassword: false,
      });
      expect((await signInResponse('liisa.virtanen@example.test', body.password)).statusCode).toBe(200);

      const audit = await auditOf(user.id);
      expect(audit.map((a) => a.action)).toEqual(['user.create', 'auth.sign_in']);
      expect(audit[0]).toMatchObject({
        actorUserId: adminId,
        targetType: 'user',
        requestId: response.headers['x-request-id'],
      });
      expect(audit[0]!.details).toMatchObject({
        email: 'liisa.virtanen@example.test',
        roles: ['coordinator', 'analyst'],
      });
      expect(JSON.stringify(audit)).not.toContain(body.password);
    });

    it('returns a one-time password exactly once when none is given, and the user must change it before anything else', async () => {
      const body = newUser({ password: undefined });
      const response = await admin.post('/api/v1/users', body);
      expect(response.statusCode, response.body).toBe(201);
      const { user, oneTimePassword } = response.json();
      expect(oneTimePassword).toMatch(ONE_TIME_PASSWORD);
      expect(user.mustChangePassword).toBe(true);

      const fetched = await admin.get(`/api/v1/users/${user.id}`);
      expect(fetched.body).not.toContain(oneTimePassword);
      expect(JSON.stringify(await auditOf(user.id))).not.toContain(oneTimePassword);

      const client = await t.signIn(body.email, oneTimePassword);
      const me = await client.get('/api/v1/me');
      expect(me.json()).toMatchObject({ id: user.id, restriction: 'password_change_required' });
      expectError(await client.get('/api/v1/organisations'), 403, 'password_change_required');
    });

    it('refuses a second user with the same e-mail address, whatever its case, and changes nothing', async () => {
      const body = newUser({ email: 'duplicate@example.test' });
      expect((await admin.post('/api/v1/users', body)).statusCode).toBe(201);
      const before = await rowCounts(t, TABLES);
      expectError(
        await admin.post('/api/v1/users', { ...body, email: 'Duplicate@EXAMPLE.test', name: 'Someone else' }),
        409,
        'conflict',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('refuses an organisation that does not exist or is inactive, and creates nothing', async () => {
      const inactive = await makeOrganisation(t);
      await t.deps.db
        .updateTable('organisations')
        .set({ active: false })
        .where('id', '=', inactive)
        .execute();
      const before = await rowCounts(t, TABLES);
      for (const id of [UNKNOWN_ID, inactive]) {
        expectError(
          await admin.post('/api/v1/users', newUser({ organisationId: id })),
          400,
          'validation_failed',
        );
      }
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('names the offending field when the organisation of a new user does not exist', async () => {
      const response = await admin.post('/api/v1/users', newUser({ organisationId: UNKNOWN_ID }));
      expectValidationFailed(response);
      expect(errorBody(response).issues).toEqual([
        { path: 'body.organisationId', message: expect.any(String) },
      ]);
    });

    it.each([
      ['no roles', { roles: [] }],
      ['a role twice', { roles: ['analyst', 'analyst'] }],
      ['an unknown role', { roles: ['superuser'] }],
      ['a password of 11 characters', { password: 'elevenchars' }],
      ['an invalid e-mail address', { email: 'not-an-address' }],
      ['an empty name', { name: '   ' }],
      ['a name of 201 characters', { name: 'x'.repeat(201) }],
      ['an unknown language', { locale: 'de' }],
      ['a malformed organisation id', { organisationId: 'not-a-uuid' }],
      ['an unknown field', { mustChangePassword: false }],
      ['a wrong type', { roles: 'analyst' }],
    ])('answers 400 with the issues to a new user with %s, and creates nothing', async (_label, values) => {
      const before = await rowCounts(t, TABLES);
      expectValidationFailed(await admin.post('/api/v1/users', newUser(values)));
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('creates no user when its audit entry cannot be written', async () => {
      const body = newUser();
      const before = await rowCounts(t, TABLES);
      const restore = await refuseAuditOf(t, 'user.create');
      try {
        const response = await admin.post('/api/v1/users', body);
        expectError(response, 500, 'internal');
        expect(response.body).not.toContain('refused by the test');
      } finally {
        await restore();
      }
      expect(await rowCounts(t, TABLES)).toEqual(before);
      expect(
        await t.deps.db.selectFrom('users').select('id').where('email', '=', body.email).executeTakeFirst(),
      ).toBeUndefined();
    });
  });

  describe('list and read', () => {
    it('lists users to an admin, searching name and e-mail and filtering by organisation', async () => {
      const finance = await makeOrganisation(t);
      const a = await makeUser(t, {
        organisationId: finance,
        roles: ['viewer'],
        email: 'aino.search@example.test',
      });
      const b = await makeUser(t, { organisationId, roles: ['viewer'], email: 'bertta.search@example.test' });
      await t.deps.db.updateTable('users').set({ name: 'Quirky Surname' }).where('id', '=', b.id).execute();

      const byEmail = (await admin.get('/api/v1/users?q=SEARCH@example')).json();
      expect(byEmail.items.map((u: { id: string }) => u.id).sort()).toEqual([a.id, b.id].sort());
      const byName = (await admin.get('/api/v1/users?q=quirky')).json();
      expect(byName.items.map((u: { id: string }) => u.id)).toEqual([b.id]);
      const byOrganisation = (await admin.get(`/api/v1/users?organisationId=${finance}`)).json();
      expect(byOrganisation).toEqual({
        items: [expect.objectContaining({ id: a.id, organisationId: finance })],
        nextCursor: null,
      });
      const both = (await admin.get(`/api/v1/users?q=search&organisationId=${organisationId}`)).json();
      expect(both.items.map((u: { id: string }) => u.id)).toEqual([b.id]);
    });

    it('treats % and _ in a search as ordinary characters', async () => {
      expect((await admin.get('/api/v1/users?q=%25')).json().items).toEqual([]);
      expect((await admin.get('/api/v1/users?q=_')).json().items).toEqual([]);
    });

    it('pages through users with a keyset cursor, without duplicates or gaps, even when a user is added meanwhile', async () => {
      const pagingOrg = await makeOrganisation(t);
      const emails = Array.from(
        { length: 23 },
        (_, i) => `paging-${String(i).padStart(2, '0')}@paging.example.test`,
      );
      await t.deps.db
        .insertInto('users')
        .values(
          emails.map((email) => ({
            name: `Paged ${email}`,
            email,
            organisationId: pagingOrg,
            roles: ['viewer' as const],
          })),
        )
        .execute();

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/api/v1/users?organisationId=${pagingOrg}&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const response = await admin.get(query);
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json() as { items: { email: string }[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(5);
        seen.push(...page.items.map((u) => u.email));
        cursor = page.nextCursor;
        pages += 1;
        if (pages === 1) {
          // Sorts before everything already read: must not shift later pages.
          await makeUser(t, {
            organisationId: pagingOrg,
            roles: ['viewer'],
            email: 'paging-00a-late@paging.example.test',
          });
        }
      } while (cursor && pages < 20);

      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...emails].sort());
    });

    it('answers 400 to a cursor that is not one of ours', async () => {
      for (const cursor of ['garbage', encodeCursor([1, 2]), encodeCursor(['only-one']), 'x'.repeat(501)]) {
        const response = await admin.get(`/api/v1/users?cursor=${encodeURIComponent(cursor)}`);
        expect(response.statusCode, cursor).toBe(400);
        expect(errorBody(response).code).toMatch(/^(bad_request|validation_failed)$/);
      }
    });

    it('answers 400, not 500, to a well-formed cursor whose id is not a UUID', async () => {
      const response = await admin.get(
        `/api/v1/users?cursor=${encodeCursor(['someone@example.test', 'not-a-uuid'])}`,
      );
      expect(response.statusCode, response.body).toBe(400);
      expect(errorBody(response).code).toMatch(/^(bad_request|validation_failed)$/);
    });

    it('answers 400, not 500, to a search containing a NUL character', async () => {
      const response = await admin.get('/api/v1/users?q=a%00b');
      expect(response.statusCode, response.body).toBe(400);
      expect(errorBody(response).code).toMatch(/^(bad_request|validation_failed|invalid_encoding)$/);
    });

    it.each([
      ['a page size of 0', 'limit=0'],
      ['a page size of 201', 'limit=201'],
      ['a page size that is not a number', 'limit=many'],
      ['a malformed organisation id', 'organisationId=abc'],
      ['an unknown parameter', 'sort=email'],
      ['a search of 201 characters', `q=${'x'.repeat(201)}`],
    ])('answers 400 with the issues to a list query with %s', async (_label, query) => {
      expectValidationFailed(await admin.get(`/api/v1/users?${query}`));
    });

    it('shows one user to an admin, 404 for an unknown id and 400 for a malformed one', async () => {
      const response = await admin.get(`/api/v1/users/${adminId}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        id: adminId,
        email: ADMIN_EMAIL,
        roles: ['admin'],
        active: true,
      });
      expectError(await admin.get(`/api/v1/users/${UNKNOWN_ID}`), 404, 'not_found');
      expectValidationFailed(await admin.get('/api/v1/users/not-a-uuid'));
    });

    it('never shows a password, a hash or a session in a user', async () => {
      const bodies = [
        (await admin.get('/api/v1/users?limit=200')).body,
        (await admin.get(`/api/v1/users/${adminId}`)).body,
      ];
      const hash = (
        await t.deps.db
          .selectFrom('accounts')
          .select('password')
          .where('userId', '=', adminId)
          .executeTakeFirstOrThrow()
      ).password!;
      for (const body of bodies) {
        expect(
          keysOf(JSON.parse(body)).filter((key) =>
            /^(password|passwordHash|hash|token|secret|accounts?|sessions?)$/i.test(key),
          ),
        ).toEqual([]);
        expect(body).not.toContain(hash);
      }
    });
  });

  describe('change', () => {
    let target: { id: string } | undefined;

    it('lets an admin change roles, organisation and language, and the user sees it at once in /me', async () => {
      const target = await signedInUser(t, ['viewer']);
      const newHome = await makeOrganisation(t);
      const community = await makeCommunity(t, [newHome]);
      const response = await admin.patch(`/api/v1/users/${target.id}`, {
        roles: ['analyst', 'reporter'],
        organisationId: newHome,
        locale: 'en',
        name: 'Renamed Person',
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        roles: ['analyst', 'reporter'],
        organisationId: newHome,
        locale: 'en',
        name: 'Renamed Person',
      });

      const me = (await target.client.get('/api/v1/me')).json();
      expect(me).toMatchObject({
        roles: ['analyst', 'reporter'],
        locale: 'en',
        organisation: { id: newHome },
      });
      expect(me.communities.map((c: { id: string }) => c.id)).toEqual([community]);

      const audit = await auditOf(target.id);
      expect(audit.at(-1)).toMatchObject({
        action: 'user.update',
        actorUserId: adminId,
        details: {
          changes: {
            roles: ['analyst', 'reporter'],
            organisationId: newHome,
            locale: 'en',
            name: 'Renamed Person',
          },
        },
      });
    });

    it.each([
      ['no roles', { roles: [] }],
      ['a role twice', { roles: ['viewer', 'viewer'] }],
      ['an unknown role', { roles: ['root'] }],
      ['an unknown language', { locale: 'de' }],
      ['a new e-mail address (not changeable here)', { email: 'new@example.test' }],
      ['a password (not changeable here)', { password: 'a-long-enough-password' }],
      ['a wrong type', { active: 'no' }],
    ])('answers 400 with the issues to a change with %s, and changes nothing', async (_label, body) => {
      target ??= await makeUser(t, { organisationId, roles: ['viewer'] });
      const before = await t.deps.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow();
      const counts = await rowCounts(t, TABLES);
      expectValidationFailed(await admin.patch(`/api/v1/users/${target.id}`, body));
      expect(
        await t.deps.db.selectFrom('users').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow(),
      ).toEqual(before);
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('refuses to move a user to an inactive or unknown organisation, and changes nothing', async () => {
      const target = await makeUser(t, { organisationId, roles: ['viewer'] });
      const inactive = await makeOrganisation(t);
      await t.deps.db
        .updateTable('organisations')
        .set({ active: false })
        .where('id', '=', inactive)
        .execute();
      const counts = await rowCounts(t, TABLES);
      for (const id of [inactive, UNKNOWN_ID]) {
        expectError(
          await admin.patch(`/api/v1/users/${target.id}`, { organisationId: id }),
          400,
          'validation_failed',
        );
      }
      const row = await t.deps.db
        .selectFrom('users')
        .select('organisationId')
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow();
      expect(row.organisationId).toBe(organisationId);
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('answers 404 to a change of a user that does not exist', async () => {
      expectError(await admin.patch(`/api/v1/users/${UNKNOWN_ID}`, { locale: 'sv' }), 404, 'not_found');
    });
  });

  describe('deactivate', () => {
    it('ends every session of a user the moment an admin deactivates them', async () => {
      const target = await signedInUser(t, ['analyst']);
      const secondBrowser = await t.signIn(target.email);
      const token = await target.client.post('/api/v1/me/tokens', { name: 'feed reader' });
      expect(token.statusCode, token.body).toBe(201);
      const bearer = { authorization: `Bearer ${token.json().secret}` };
      expect((await t.anonymous.get('/api/v1/me', bearer)).statusCode).toBe(200);

      const response = await admin.patch(`/api/v1/users/${target.id}`, { active: false });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().active).toBe(false);

      expectError(await target.client.get('/api/v1/me'), 401, 'unauthenticated');
      expectError(await secondBrowser.get('/api/v1/me'), 401, 'unauthenticated');
      expectError(await t.anonymous.get('/api/v1/me', bearer), 401, 'unauthenticated');
      expect(
        await t.deps.db.selectFrom('sessions').select('id').where('userId', '=', target.id).execute(),
      ).toEqual([]);
      expectError(await signInResponse(target.email, PASSWORD), 401, 'invalid_credentials');

      expect((await auditOf(target.id)).map((a) => a.action)).toContain('user.deactivate');
      expect((await auditOf(target.id)).at(-1)).toMatchObject({
        action: 'auth.sign_in_failed',
        details: { reason: 'deactivated' },
      });
    });

    it('lets a reactivated user sign in again', async () => {
      const target = await makeUser(t, { organisationId, roles: ['viewer'] });
      expect((await admin.patch(`/api/v1/users/${target.id}`, { active: false })).statusCode).toBe(200);
      expect((await admin.patch(`/api/v1/users/${target.id}`, { active: true })).statusCode).toBe(200);
      expect((await signInResponse(target.email, PASSWORD)).statusCode).toBe(200);
    });

    it('keeps a user active and signed in when their deactivation cannot be audited', async () => {
      const target = await signedInUser(t, ['viewer']);
      const restore = await refuseAuditOf(t, 'user.deactivate');
      try {
        expectError(await admin.patch(`/api/v1/users/${target.id}`, { active: false }), 500, 'internal');
      } finally {
        await restore();
      }
      expect((await target.client.get('/api/v1/me')).statusCode).toBe(200);
      const row = await t.deps.db
        .selectFrom('users')
        .select('active')
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow();
      expect(row.active).toBe(true);
    });

    it('does not let an admin deactivate themselves or drop their own admin role', async () => {
      const counts = await rowCounts(t, TABLES);
      expectError(await admin.patch(`/api/v1/users/${adminId}`, { active: false }), 409, 'conflict');
      expectError(await admin.patch(`/api/v1/users/${adminId}`, { roles: ['coordinator'] }), 409, 'conflict');
      expect((await admin.get('/api/v1/me')).json()).toMatchObject({ roles: ['admin'] });
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });

  describe('reset password', () => {
    it('replaces the password with a one-time password and ends every session', async () => {
      const target = await signedInUser(t, ['coordinator']);
      const response = await admin.post(`/api/v1/users/${target.id}/reset-password`);
      expect(response.statusCode, response.body).toBe(200);
      const { user, oneTimePassword } = response.json();
      expect(oneTimePassword).toMatch(ONE_TIME_PASSWORD);
      expect(user).toMatchObject({ id: target.id, mustChangePassword: true, active: true });

      expectError(await target.client.get('/api/v1/me'), 401, 'unauthenticated');
      expectError(await signInResponse(target.email, PASSWORD), 401, 'invalid_credentials');
      const client = await t.signIn(target.email, oneTimePassword);
      expect((await client.get('/api/v1/me')).json()).toMatchObject({
        id: target.id,
        restriction: 'password_change_required',
      });

      const audit = await auditOf(target.id);
      expect(audit.map((a) => a.action)).toContain('user.reset_password');
      expect(audit.find((a) => a.action === 'user.reset_password')).toMatchObject({ actorUserId: adminId });
      expect(JSON.stringify(audit)).not.toContain(oneTimePassword);
    });

    it('answers 404 to a password reset of a user that does not exist, and 400 to a malformed id', async () => {
      const counts = await rowCounts(t, TABLES);
      expectError(await admin.post(`/api/v1/users/${UNKNOWN_ID}/reset-password`), 404, 'not_found');
      expectValidationFailed(await admin.post('/api/v1/users/42/reset-password'));
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });
});
