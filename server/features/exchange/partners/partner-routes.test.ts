import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CollectionList,
  Partner,
  PartnerList,
  PartnerTokenList,
} from '../../../../shared/contracts/exchange-partners.js';
import {
  createTestApp,
  errorBody,
  expectError,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../../test/helpers/app.js';
import { makePartner, makePartnerToken, taxiiClient } from '../../../../test/helpers/exchange-partners.js';

const UNKNOWN = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['partners', 'partner_tokens', 'taxii_collections', 'audit_events'];

type User = Awaited<ReturnType<typeof signedInUser>>;

const auditCount = async (t: TestApp, action: string, targetId: string) =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from audit_events where action = ${action} and target_id = ${targetId}`.execute(
      t.deps.db,
    )
  ).rows[0]!.n;

describe('partner agreements', () => {
  let t: TestApp;
  let coordinator: User;
  let colleague: User;
  let analyst: User;
  let admin: User;
  let otherCoordinator: User;
  let partner: Partner;

  beforeAll(async () => {
    t = await createTestApp();
    coordinator = await signedInUser(t, ['coordinator']);
    colleague = await signedInUser(t, ['coordinator'], coordinator.organisationId);
    analyst = await signedInUser(t, ['analyst'], coordinator.organisationId);
    admin = await signedInUser(t, ['admin'], coordinator.organisationId);
    otherCoordinator = await signedInUser(t, ['coordinator']);
    partner = await makePartner(coordinator.client, {
      name: 'Election-VIRT network',
      contact: 'virt@example.eu',
      tlpCeiling: 'green',
      recordTypes: ['incident'],
      redactedFields: ['personal_data'],
    });
  });

  afterAll(async () => {
    await t.close();
  });

  describe('POST /api/v1/exchange/partners', () => {
    it('refuses an anonymous caller', async () => {
      expectError(
        await t.anonymous.post('/api/v1/exchange/partners', {
          name: 'x',
          tlpCeiling: 'green',
          recordTypes: [],
        }),
        401,
        'unauthenticated',
      );
    });

    it.each([
      ['an analyst', () => analyst],
      ['an admin', () => admin],
    ])('refuses %s (403) and changes nothing', async (_name, who) => {
      const before = await rowCounts(t, TABLES);
      expectError(
        await who().client.post('/api/v1/exchange/partners', {
          name: 'x',
          tlpCeiling: 'green',
          recordTypes: ['incident'],
        }),
        403,
        'forbidden',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it.each([
      ['a ceiling of RED', { tlpCeiling: 'red' }],
      ['a ceiling of AMBER+STRICT', { tlpCeiling: 'amber+strict' }],
      ['an unknown record type', { recordTypes: ['narrative'] }],
      ['an unknown redactable field', { redactedFields: ['everything'] }],
      ['a repeated record type', { recordTypes: ['incident', 'incident'] }],
      ['an empty name', { name: '  ' }],
      ['an unknown field', { owner: 'someone' }],
    ])('refuses %s (400) and changes nothing', async (_name, body) => {
      const before = await rowCounts(t, TABLES);
      const response = await coordinator.client.post('/api/v1/exchange/partners', {
        name: 'Valid name',
        tlpCeiling: 'green',
        recordTypes: ['incident'],
        ...body,
      });
      expectError(response, 400, 'validation_failed');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('makes the agreement with its outbound collection, owned by the coordinator’s organisation, audited', async () => {
      expect(partner).toMatchObject({
        name: 'Election-VIRT network',
        contact: 'virt@example.eu',
        ownerOrganisationId: coordinator.organisationId,
        tlpCeiling: 'green',
        recordTypes: ['incident'],
        redactedFields: ['personal_data'],
        requiresApproval: true,
        defaultImportTlp: 'amber',
        active: true,
        activeTokenCount: 0,
        pendingReleaseCount: 0,
      });
      expect(partner.collections).toEqual([
        expect.objectContaining({ canRead: true, canWrite: false, objectCount: 0, partnerId: partner.id }),
      ]);
      expect(await auditCount(t, 'partner.created', partner.id)).toBe(1);
    });

    it('makes an inbound collection when asked', async () => {
      const p = await makePartner(coordinator.client, { inboundCollection: true });
      expect(p.collections.map((c) => [c.canRead, c.canWrite])).toEqual([
        [true, false],
        [false, true],
      ]);
    });

    it('refuses a second agreement of the same name in the organisation (409), not in another', async () => {
      const before = await rowCounts(t, TABLES);
      const response = await colleague.client.post('/api/v1/exchange/partners', {
        name: 'election-virt NETWORK',
        tlpCeiling: 'clear',
        recordTypes: [],
      });
      expectError(response, 409, 'conflict');
      expect(await rowCounts(t, TABLES)).toEqual(before);
      await makePartner(otherCoordinator.client, { name: 'Election-VIRT network' });
    });
  });

  describe('GET /api/v1/exchange/partners and /{id}', () => {
    it('lists the agreements of the caller’s organisation only', async () => {
      const response = await colleague.client.get('/api/v1/exchange/partners');
      expect(response.statusCode).toBe(200);
      const { items } = response.json() as PartnerList;
      expect(items.map((p) => p.id)).toContain(partner.id);
      expect(items.every((p) => p.ownerOrganisationId === coordinator.organisationId)).toBe(true);
      const others = (await otherCoordinator.client.get('/api/v1/exchange/partners')).json() as PartnerList;
      expect(others.items.map((p) => p.id)).not.toContain(partner.id);
    });

    it('refuses anonymous callers (401) and other roles (403)', async () => {
      expectError(await t.anonymous.get('/api/v1/exchange/partners'), 401, 'unauthenticated');
      expectError(await analyst.client.get('/api/v1/exchange/partners'), 403, 'forbidden');
      expectError(await analyst.client.get(`/api/v1/exchange/partners/${partner.id}`), 403, 'forbidden');
    });

    it('hides an agreement of another organisation (404) and unknown ids alike', async () => {
      expectError(
        await otherCoordinator.client.get(`/api/v1/exchange/partners/${partner.id}`),
        404,
        'not_found',
      );
      expectError(await coordinator.client.get(`/api/v1/exchange/partners/${UNKNOWN}`), 404, 'not_found');
      expectError(
        await coordinator.client.get('/api/v1/exchange/partners/not-a-uuid'),
        400,
        'validation_failed',
      );
    });

    it('shows the agreement to every coordinator of the organisation', async () => {
      const response = await colleague.client.get(`/api/v1/exchange/partners/${partner.id}`);
      expect(response.statusCode).toBe(200);
      expect((response.json() as Partner).id).toBe(partner.id);
    });
  });

  describe('PATCH /api/v1/exchange/partners/{id}', () => {
    it('changes the agreement, audited with what changed', async () => {
      const response = await colleague.client.patch(`/api/v1/exchange/partners/${partner.id}`, {
        tlpCeiling: 'amber',
        recordTypes: ['incident', 'sitrep'],
        requiresApproval: false,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        tlpCeiling: 'amber',
        recordTypes: ['incident', 'sitrep'],
        requiresApproval: false,
      });
      const entry = await t.deps.db
        .selectFrom('auditEvents')
        .select('details')
        .where('action', '=', 'partner.updated')
        .where('targetId', '=', partner.id)
        .executeTakeFirstOrThrow();
      expect(entry.details).toMatchObject({ changed: { tlpCeiling: { from: 'green', to: 'amber' } } });
      await colleague.client.patch(`/api/v1/exchange/partners/${partner.id}`, { requiresApproval: true });
    });

    it('adds the inbound collection once', async () => {
      const first = (
        await coordinator.client.patch(`/api/v1/exchange/partners/${partner.id}`, { inboundCollection: true })
      ).json() as Partner;
      const second = (
        await coordinator.client.patch(`/api/v1/exchange/partners/${partner.id}`, { inboundCollection: true })
      ).json() as Partner;
      expect(first.collections).toHaveLength(2);
      expect(second.collections.map((c) => c.id)).toEqual(first.collections.map((c) => c.id));
    });

    it.each([
      ['nothing to change', {}],
      ['a ceiling of RED', { tlpCeiling: 'red' }],
      ['a wrong type', { active: 'yes' }],
    ])('refuses %s (400) and changes nothing', async (_name, body) => {
      const before = await rowCounts(t, TABLES);
      expectError(
        await coordinator.client.patch(`/api/v1/exchange/partners/${partner.id}`, body),
        400,
        'validation_failed',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('refuses other roles (403) and other organisations (404), changing nothing', async () => {
      const before = await rowCounts(t, TABLES);
      expectError(
        await analyst.client.patch(`/api/v1/exchange/partners/${partner.id}`, { active: false }),
        403,
        'forbidden',
      );
      expectError(
        await otherCoordinator.client.patch(`/api/v1/exchange/partners/${partner.id}`, { active: false }),
        404,
        'not_found',
      );
      expectError(
        await t.anonymous.patch(`/api/v1/exchange/partners/${partner.id}`, { active: false }),
        401,
        'unauthenticated',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
      expect(
        ((await coordinator.client.get(`/api/v1/exchange/partners/${partner.id}`)).json() as Partner).active,
      ).toBe(true);
    });
  });

  describe('DELETE /api/v1/exchange/partners/{id}', () => {
    it('deletes an agreement through which nothing was released, with its tokens and collections', async () => {
      const p = await makePartner(coordinator.client, { inboundCollection: true });
      await makePartnerToken(coordinator.client, p.id);
      expectError(await analyst.client.delete(`/api/v1/exchange/partners/${p.id}`), 403, 'forbidden');
      expectError(
        await otherCoordinator.client.delete(`/api/v1/exchange/partners/${p.id}`),
        404,
        'not_found',
      );
      const response = await coordinator.client.delete(`/api/v1/exchange/partners/${p.id}`);
      expect(response.statusCode, response.body).toBe(204);
      expectError(await coordinator.client.get(`/api/v1/exchange/partners/${p.id}`), 404, 'not_found');
      const left = await t.deps.db
        .selectFrom('taxiiCollections')
        .select('id')
        .where('partnerId', '=', p.id)
        .execute();
      expect(left).toEqual([]);
      expect(await auditCount(t, 'partner.deleted', p.id)).toBe(1);
    });
  });

  describe('partner tokens', () => {
    it('creates a token whose secret is shown once and stored only as its SHA-256', async () => {
      const created = await makePartnerToken(coordinator.client, partner.id);
      expect(created.token).toMatch(/^vvp_[A-Za-z0-9_-]{43}$/);
      expect(created.start).toBe(created.token.slice(0, 10));
      expect(created.createdBy).toEqual({ userId: coordinator.id, name: expect.any(String) });
      const row = await t.deps.db
        .selectFrom('partnerTokens')
        .select('tokenHash')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));
      const listed = (
        await colleague.client.get(`/api/v1/exchange/partners/${partner.id}/tokens`)
      ).json() as PartnerTokenList;
      const item = listed.items.find((i) => i.id === created.id)!;
      expect(item).toMatchObject({ name: 'TAXII client', start: created.start, revokedAt: null });
      expect(JSON.stringify(listed)).not.toContain(created.token);
      expect(await auditCount(t, 'partner_token.created', partner.id)).toBeGreaterThanOrEqual(1);
      const audits = await sql<{
        details: string;
      }>`select details::text as details from audit_events where action = 'partner_token.created'`.execute(
        t.deps.db,
      );
      expect(audits.rows.some((r) => r.details.includes(created.token))).toBe(false);
    });

    it('revokes a token: it stays listed, revoked, and the TAXII server refuses it', async () => {
      const created = await makePartnerToken(coordinator.client, partner.id);
      expect((await taxiiClient(t, created.token).get('/taxii2/')).statusCode).toBe(200);
      expectError(
        await analyst.client.delete(`/api/v1/exchange/partners/${partner.id}/tokens/${created.id}`),
        403,
        'forbidden',
      );
      expectError(
        await otherCoordinator.client.delete(`/api/v1/exchange/partners/${partner.id}/tokens/${created.id}`),
        404,
        'not_found',
      );
      expectError(
        await coordinator.client.delete(`/api/v1/exchange/partners/${partner.id}/tokens/${UNKNOWN}`),
        404,
        'not_found',
      );
      expect((await taxiiClient(t, created.token).get('/taxii2/')).statusCode).toBe(200);
      const response = await coordinator.client.delete(
        `/api/v1/exchange/partners/${partner.id}/tokens/${created.id}`,
      );
      expect(response.statusCode).toBe(204);
      expect((await taxiiClient(t, created.token).get('/taxii2/')).statusCode).toBe(401);
      const listed = (
        await coordinator.client.get(`/api/v1/exchange/partners/${partner.id}/tokens`)
      ).json() as PartnerTokenList;
      expect(listed.items.find((i) => i.id === created.id)!.revokedAt).toEqual(expect.any(String));
      expect(await auditCount(t, 'partner_token.revoked', partner.id)).toBe(1);
    });

    it('refuses token requests of other roles (403), other organisations (404) and invalid names (400)', async () => {
      const before = await rowCounts(t, TABLES);
      expectError(
        await t.anonymous.post(`/api/v1/exchange/partners/${partner.id}/tokens`, { name: 'x' }),
        401,
        'unauthenticated',
      );
      expectError(
        await analyst.client.post(`/api/v1/exchange/partners/${partner.id}/tokens`, { name: 'x' }),
        403,
        'forbidden',
      );
      expectError(
        await analyst.client.get(`/api/v1/exchange/partners/${partner.id}/tokens`),
        403,
        'forbidden',
      );
      expectError(
        await otherCoordinator.client.post(`/api/v1/exchange/partners/${partner.id}/tokens`, { name: 'x' }),
        404,
        'not_found',
      );
      expectError(
        await otherCoordinator.client.get(`/api/v1/exchange/partners/${partner.id}/tokens`),
        404,
        'not_found',
      );
      expectError(
        await coordinator.client.post(`/api/v1/exchange/partners/${partner.id}/tokens`, { name: '' }),
        400,
        'validation_failed',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('counts the tokens in use on the agreement', async () => {
      const p = await makePartner(coordinator.client);
      await makePartnerToken(coordinator.client, p.id);
      const read = (await coordinator.client.get(`/api/v1/exchange/partners/${p.id}`)).json() as Partner;
      expect(read.activeTokenCount).toBe(1);
    });
  });

  describe('GET /api/v1/exchange/partners/{id}/collections', () => {
    it('lists the agreement’s collections to its coordinators only', async () => {
      const response = await coordinator.client.get(`/api/v1/exchange/partners/${partner.id}/collections`);
      expect(response.statusCode).toBe(200);
      const { items } = response.json() as CollectionList;
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items[0]).toMatchObject({ partnerId: partner.id, canRead: true });
      expectError(
        await analyst.client.get(`/api/v1/exchange/partners/${partner.id}/collections`),
        403,
        'forbidden',
      );
      expectError(
        await otherCoordinator.client.get(`/api/v1/exchange/partners/${partner.id}/collections`),
        404,
        'not_found',
      );
      expect(
        errorBody(await t.anonymous.get(`/api/v1/exchange/partners/${partner.id}/collections`)).code,
      ).toBe('unauthenticated');
    });
  });
});
