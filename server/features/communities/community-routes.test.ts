import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  type Client,
  createTestApp,
  errorBody,
  expectError,
  makeCommunity,
  makeOrganisation,
  refuseAuditOf,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['communities', 'community_members', 'audit_events'];

const expectValidationFailed = (response: LightMyRequestResponse) => {
  expectError(response, 400, 'validation_failed');
  expect(errorBody(response).issues).toEqual(
    expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
  );
};

const names = (label: string) => ({ fi: `${label} (fi)`, sv: `${label} (sv)`, en: `${label} (en)` });

describe('communities', () => {
  let t: TestApp;
  let admin: Client;
  let adminId: string;
  let om: string;
  let supo: string;
  let ncsc: string;

  const auditOf = (targetId: string) =>
    t.deps.db.selectFrom('auditEvents').selectAll().where('targetId', '=', targetId).orderBy('seq').execute();
  const communityIdsInMe = async (client: Client) =>
    ((await client.get('/api/v1/me')).json().communities as { id: string }[]).map((c) => c.id);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signIn(ADMIN_EMAIL);
    adminId = t.adminId;
    [om, supo, ncsc] = [await makeOrganisation(t), await makeOrganisation(t), await makeOrganisation(t)];
  });
  afterAll(() => t.close());

  describe('access', () => {
    it('refuses every community route to an anonymous caller', async () => {
      const id = await makeCommunity(t, []);
      for (const [method, url, payload] of [
        ['GET', '/api/v1/communities', undefined],
        ['GET', `/api/v1/communities/${id}`, undefined],
        ['POST', '/api/v1/communities', { name: names('Anonymous') }],
        ['PATCH', `/api/v1/communities/${id}`, { description: 'changed' }],
      ] as const) {
        expectError(
          await t.anonymous.request({ method, url, ...(payload ? { payload } : {}) }),
          401,
          'unauthenticated',
        );
      }
    });

    it('forbids anyone but an admin to create or change a community, even one their organisation belongs to', async () => {
      const id = await makeCommunity(t, [om]);
      const clients = [];
      for (const role of ['coordinator', 'analyst', 'reporter', 'viewer'] as const)
        clients.push((await signedInUser(t, [role], om)).client);
      const counts = await rowCounts(t, TABLES);
      for (const client of clients) {
        expectError(
          await client.post('/api/v1/communities', { name: names('By a non-admin') }),
          403,
          'forbidden',
        );
        expectError(
          await client.patch(`/api/v1/communities/${id}`, { organisationIds: [om, supo] }),
          403,
          'forbidden',
        );
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('lets any signed-in user read the communities', async () => {
      const id = await makeCommunity(t, [supo]);
      const { client } = await signedInUser(t, ['viewer']);
      const list = await client.get('/api/v1/communities');
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((c: { id: string }) => c.id)).toContain(id);
      const one = await client.get(`/api/v1/communities/${id}`);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({ id, organisationIds: [supo] });
    });
  });

  describe('create', () => {
    it('lets an admin create a community with member organisations, whose users then see it in /me', async () => {
      const analyst = await signedInUser(t, ['analyst'], supo);
      const outsider = await signedInUser(t, ['analyst'], ncsc);
      const body = {
        name: names('Election-VIRT'),
        description: 'Incident response network',
        organisationIds: [om, supo, om],
      };
      const response = await admin.post('/api/v1/communities', body);
      expect(response.statusCode, response.body).toBe(201);
      const created = response.json();
      expect(created).toMatchObject({
        id: expect.any(String),
        name: body.name,
        description: body.description,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect([...created.organisationIds].sort()).toEqual([om, supo].sort());

      expect(await communityIdsInMe(analyst.client)).toContain(created.id);
      expect(await communityIdsInMe(outsider.client)).not.toContain(created.id);

      const audit = await auditOf(created.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'community.create',
        targetType: 'community',
        actorUserId: adminId,
        requestId: response.headers['x-request-id'],
      });
    });

    it('creates a community without members and with an empty description when they are not given', async () => {
      const response = await admin.post('/api/v1/communities', { name: names('Empty') });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ description: '', organisationIds: [] });
    });

    it('refuses an unknown member organisation and creates nothing', async () => {
      const counts = await rowCounts(t, TABLES);
      const response = await admin.post('/api/v1/communities', {
        name: names('Ghosts'),
        organisationIds: [om, UNKNOWN_ID],
      });
      expectError(response, 400, 'validation_failed');
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('refuses an inactive organisation as a new member, since inactive organisations cannot be chosen', async () => {
      const closed = await makeOrganisation(t);
      await t.deps.db.updateTable('organisations').set({ active: false }).where('id', '=', closed).execute();
      const counts = await rowCounts(t, TABLES);
      expectError(
        await admin.post('/api/v1/communities', { name: names('Closed'), organisationIds: [closed] }),
        400,
        'validation_failed',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it.each([
      ['no name', { description: 'x' }],
      ['a missing Swedish name', { name: { fi: 'a', en: 'b' } }],
      ['a name of 201 characters', { name: { ...names('x'), en: 'x'.repeat(201) } }],
      ['a description of 2001 characters', { name: names('Long'), description: 'x'.repeat(2001) }],
      ['a malformed member id', { name: names('Bad id'), organisationIds: ['om'] }],
      ['members that are not a list', { name: names('Bad list'), organisationIds: UNKNOWN_ID }],
      ['an unknown field', { name: names('Extra'), tlp: 'red' }],
    ])('answers 400 with the issues to a community with %s, and creates nothing', async (_label, body) => {
      const counts = await rowCounts(t, TABLES);
      expectValidationFailed(await admin.post('/api/v1/communities', body));
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('creates no community when its audit entry cannot be written', async () => {
      const counts = await rowCounts(t, TABLES);
      const restore = await refuseAuditOf(t, 'community.create');
      try {
        expectError(
          await admin.post('/api/v1/communities', { name: names('Unaudited'), organisationIds: [om] }),
          500,
          'internal',
        );
      } finally {
        await restore();
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });

  describe('read', () => {
    it('answers 404 to a community that does not exist and 400 to a malformed id', async () => {
      expectError(await admin.get(`/api/v1/communities/${UNKNOWN_ID}`), 404, 'not_found');
      expectValidationFailed(await admin.get('/api/v1/communities/cooperation-group'));
    });
  });

  describe('change', () => {
    it('lets an admin replace the members: users of added organisations see the community, users of removed ones no longer do', async () => {
      const id = await makeCommunity(t, [om, supo]);
      const fromSupo = await signedInUser(t, ['viewer'], supo);
      const fromNcsc = await signedInUser(t, ['viewer'], ncsc);
      expect(await communityIdsInMe(fromSupo.client)).toContain(id);

      const response = await admin.patch(`/api/v1/communities/${id}`, { organisationIds: [om, ncsc] });
      expect(response.statusCode, response.body).toBe(200);
      expect([...response.json().organisationIds].sort()).toEqual([om, ncsc].sort());

      expect(await communityIdsInMe(fromSupo.client)).not.toContain(id);
      expect(await communityIdsInMe(fromNcsc.client)).toContain(id);
      const audit = await auditOf(id);
      expect(audit.map((a) => a.action)).toEqual(['community.update']);
      expect(audit[0]).toMatchObject({
        actorUserId: adminId,
        details: { changes: { organisationIds: [om, ncsc] } },
      });
    });

    it('keeps the members and the description when only the name is changed', async () => {
      const created = (
        await admin.post('/api/v1/communities', {
          name: names('Before'),
          description: 'Keep me',
          organisationIds: [om, supo],
        })
      ).json();
      const response = await admin.patch(`/api/v1/communities/${created.id}`, { name: names('After') });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ name: names('After'), description: 'Keep me' });
      expect([...response.json().organisationIds].sort()).toEqual([om, supo].sort());
    });

    it('refuses an unknown member organisation in a change, and changes nothing at all', async () => {
      const id = await makeCommunity(t, [om]);
      const before = (await admin.get(`/api/v1/communities/${id}`)).json();
      const counts = await rowCounts(t, TABLES);
      const response = await admin.patch(`/api/v1/communities/${id}`, {
        name: names('Renamed'),
        organisationIds: [supo, UNKNOWN_ID],
      });
      expectError(response, 400, 'validation_failed');
      expect((await admin.get(`/api/v1/communities/${id}`)).json()).toEqual(before);
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it.each([
      ['an empty Finnish name', { name: { ...names('x'), fi: ' ' } }],
      ['a malformed member id', { organisationIds: ['not-a-uuid'] }],
      ['an unknown field', { members: [] }],
    ])('answers 400 with the issues to a change with %s, and changes nothing', async (_label, body) => {
      const id = await makeCommunity(t, [om]);
      const before = (await admin.get(`/api/v1/communities/${id}`)).json();
      expectValidationFailed(await admin.patch(`/api/v1/communities/${id}`, body));
      expect((await admin.get(`/api/v1/communities/${id}`)).json()).toEqual(before);
    });

    it('answers 404 to a change of a community that does not exist', async () => {
      const counts = await rowCounts(t, TABLES);
      expectError(
        await admin.patch(`/api/v1/communities/${UNKNOWN_ID}`, { description: 'x' }),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });
});
