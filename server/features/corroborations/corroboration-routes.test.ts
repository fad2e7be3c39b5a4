import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import {
  type Client,
  createTestApp,
  errorBody,
  expectError,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';

const TABLES = ['corroborations', 'incident_events', 'audit_events'];

describe('corroborations ("seen it too")', () => {
  let t: TestApp;
  let ownOrg: string;
  let sharedOrg: string;
  let strangerOrg: string;
  let owner: { id: string; client: Client };
  let partner: Client;
  let partnerColleague: Client;
  let partnerViewer: Client;
  let stranger: Client;

  const incident = () =>
    makeIncident(t, {
      ownerOrganisationId: ownOrg,
      authorUserId: owner.id,
      tlp: 'amber',
      sharedOrganisationIds: [sharedOrg],
    });
  const count = async (id: string) =>
    (
      await t.deps.db
        .selectFrom('incidents')
        .select('corroborationCount')
        .where('id', '=', fromIncidentId(id))
        .executeTakeFirstOrThrow()
    ).corroborationCount;

  beforeAll(async () => {
    t = await createTestApp();
    [ownOrg, sharedOrg, strangerOrg] = [
      await makeOrganisation(t),
      await makeOrganisation(t),
      await makeOrganisation(t),
    ];
    const o = await signedInUser(t, ['analyst'], ownOrg);
    owner = { id: o.id, client: o.client };
    partner = (await signedInUser(t, ['analyst'], sharedOrg)).client;
    partnerColleague = (await signedInUser(t, ['reporter', 'viewer'], sharedOrg)).client;
    partnerViewer = (await signedInUser(t, ['viewer'], sharedOrg)).client;
    stranger = (await signedInUser(t, ['analyst'], strangerOrg)).client;
  });
  afterAll(() => t.close());

  it('refuses every route to an anonymous caller', async () => {
    const id = await incident();
    for (const [method, url] of [
      ['GET', `/api/v1/incidents/${id}/corroborations`],
      ['POST', `/api/v1/incidents/${id}/corroborations`],
      ['PATCH', `/api/v1/incidents/${id}/corroborations/6b0f1e2c-0000-4000-8000-000000000000`],
      ['DELETE', `/api/v1/incidents/${id}/corroborations/6b0f1e2c-0000-4000-8000-000000000000`],
    ] as const) {
      expectError(await t.anonymous.request({ method, url, payload: {} }), 401, 'unauthenticated');
    }
  });

  it('records a corroboration of another organisation, keeps the count and appends an event', async () => {
    const id = await incident();
    const created = await partner.post(`/api/v1/incidents/${id}/corroborations`, {
      note: 'Same flood of requests on our portal',
      observedAt: '2027-04-01T10:00:00Z',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      organisation: { id: sharedOrg },
      note: 'Same flood of requests on our portal',
      observedAt: '2027-04-01T10:00:00.000Z',
      areaCode: null,
    });
    expect(await count(id)).toBe(1);
    const list = (await owner.client.get(`/api/v1/incidents/${id}/corroborations`)).json();
    expect(list.items).toHaveLength(1);
    const events = await t.deps.db
      .selectFrom('incidentEvents')
      .select('type')
      .where('incidentId', '=', fromIncidentId(id))
      .execute();
    expect(events.map((e) => e.type)).toContain('corroboration_added');
  });

  it('allows one per organisation (409), and a change through PATCH', async () => {
    const id = await incident();
    const { id: cid } = (await partner.post(`/api/v1/incidents/${id}/corroborations`, {})).json();
    const before = await rowCounts(t, TABLES);
    expectError(
      await partnerColleague.post(`/api/v1/incidents/${id}/corroborations`, { note: 'me too' }),
      409,
      'conflict',
    );
    expect(await rowCounts(t, TABLES)).toEqual(before);
    const changed = await partnerColleague.patch(`/api/v1/incidents/${id}/corroborations/${cid}`, {
      note: 'updated',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().note).toBe('updated');
  });

  it("refuses the owner organisation's own incident", async () => {
    const id = await incident();
    const before = await rowCounts(t, TABLES);
    const response = await owner.client.post(`/api/v1/incidents/${id}/corroborations`, {});
    expectError(response, 400, 'bad_request');
    expect(errorBody(response).message).toMatch(/own organisation/);
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('hides the incident from an organisation it is not shared with', async () => {
    const id = await incident();
    const before = await rowCounts(t, TABLES);
    expectError(await stranger.get(`/api/v1/incidents/${id}/corroborations`), 404, 'not_found');
    expectError(await stranger.post(`/api/v1/incidents/${id}/corroborations`, {}), 404, 'not_found');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('forbids a viewer to corroborate, and another organisation to change or withdraw one', async () => {
    const id = await makeIncident(t, {
      ownerOrganisationId: ownOrg,
      authorUserId: owner.id,
      tlp: 'amber',
      sharedOrganisationIds: [sharedOrg, strangerOrg],
    });
    const { id: cid } = (await partner.post(`/api/v1/incidents/${id}/corroborations`, {})).json();
    const before = await rowCounts(t, TABLES);
    expectError(await partnerViewer.post(`/api/v1/incidents/${id}/corroborations`, {}), 403, 'forbidden');
    expectError(
      await stranger.patch(`/api/v1/incidents/${id}/corroborations/${cid}`, { note: 'x' }),
      403,
      'forbidden',
    );
    expectError(await stranger.delete(`/api/v1/incidents/${id}/corroborations/${cid}`), 403, 'forbidden');
    expectError(await owner.client.delete(`/api/v1/incidents/${id}/corroborations/${cid}`), 403, 'forbidden');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('refuses invalid input, changing nothing', async () => {
    const id = await incident();
    const before = await rowCounts(t, TABLES);
    for (const body of [
      { note: 'x'.repeat(2001) },
      { observedAt: 'yesterday' },
      { areaCode: 'nowhere' },
      { areaCode: 'KU999' },
      { note: 'ok', extra: 1 },
    ]) {
      expectError(
        await partner.post(`/api/v1/incidents/${id}/corroborations`, body),
        400,
        'validation_failed',
      );
    }
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it("withdraws the own organisation's corroboration and lowers the count", async () => {
    const id = await incident();
    const { id: cid } = (await partner.post(`/api/v1/incidents/${id}/corroborations`, {})).json();
    expect(await count(id)).toBe(1);
    expect((await partnerColleague.delete(`/api/v1/incidents/${id}/corroborations/${cid}`)).statusCode).toBe(
      204,
    );
    expect(await count(id)).toBe(0);
    expectError(await partner.delete(`/api/v1/incidents/${id}/corroborations/${cid}`), 404, 'not_found');
  });
});
