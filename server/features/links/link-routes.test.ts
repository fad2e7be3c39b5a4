import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  createTestApp,
  expectError,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';

const TABLES = ['incident_links', 'incident_events', 'audit_events'];
const UNKNOWN = 'incident--6b0f1e2c-0000-4000-8000-000000000000';

describe('incident links', () => {
  let t: TestApp;
  let ownOrg: string;
  let otherOrg: string;
  let analyst: { id: string; client: Client };
  let viewer: Client;
  let outsider: Client;
  let outsiderId: string;

  const incident = (
    values: { tlp?: 'clear' | 'green' | 'amber' | 'red'; owner?: string; author?: string } = {},
  ) =>
    makeIncident(t, {
      ownerOrganisationId: values.owner ?? ownOrg,
      authorUserId: values.author ?? analyst.id,
      tlp: values.tlp ?? 'amber',
    });
  const link = (client: Client, from: string, to: string, kind = 'related_to') =>
    client.post(`/api/v1/incidents/${from}/links`, { targetId: to, kind });

  beforeAll(async () => {
    t = await createTestApp();
    ownOrg = await makeOrganisation(t);
    otherOrg = await makeOrganisation(t);
    const a = await signedInUser(t, ['analyst'], ownOrg);
    analyst = { id: a.id, client: a.client };
    viewer = (await signedInUser(t, ['viewer'], ownOrg)).client;
    const o = await signedInUser(t, ['analyst'], otherOrg);
    outsider = o.client;
    outsiderId = o.id;
  });
  afterAll(() => t.close());

  it('refuses every link route to an anonymous caller', async () => {
    const a = await incident();
    for (const [method, url] of [
      ['GET', `/api/v1/incidents/${a}/links`],
      ['POST', `/api/v1/incidents/${a}/links`],
      ['DELETE', `/api/v1/incidents/${a}/links/6b0f1e2c-0000-4000-8000-000000000000`],
      ['POST', `/api/v1/incidents/${a}/merge`],
    ] as const) {
      expectError(
        await t.anonymous.request({ method, url, payload: { targetId: a, kind: 'related_to' } }),
        401,
        'unauthenticated',
      );
    }
  });

  it('links two incidents and lists the link from both ends', async () => {
    const [a, b] = [await incident(), await incident()];
    const created = await link(analyst.client, a, b, 'part_of_campaign');
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      kind: 'part_of_campaign',
      direction: 'outgoing',
      other: { id: b },
    });
    const fromB = (await analyst.client.get(`/api/v1/incidents/${b}/links`)).json();
    expect(fromB.items).toEqual([
      expect.objectContaining({ direction: 'incoming', other: expect.objectContaining({ id: a }) }),
    ]);
    const events = await t.deps.db
      .selectFrom('incidentEvents')
      .select(['incidentId', 'type'])
      .where('type', '=', 'link_added')
      .where('incidentId', 'in', [fromIncidentId(a), fromIncidentId(b)])
      .execute();
    expect(events).toHaveLength(2);
  });

  it('hides links whose other end the caller may not see', async () => {
    const shared = await makeIncident(t, {
      ownerOrganisationId: ownOrg,
      authorUserId: analyst.id,
      tlp: 'amber',
      sharedOrganisationIds: [otherOrg],
    });
    const secret = await incident();
    const visibleToBoth = await incident({ tlp: 'clear' });
    expect((await link(analyst.client, shared, secret)).statusCode).toBe(201);
    expect((await link(analyst.client, shared, visibleToBoth)).statusCode).toBe(201);
    const mine = (await analyst.client.get(`/api/v1/incidents/${shared}/links`)).json();
    expect(mine.items).toHaveLength(2);
    const theirs = (await outsider.get(`/api/v1/incidents/${shared}/links`)).json();
    expect(theirs.items.map((l: { other: { id: string } }) => l.other.id)).toEqual([visibleToBoth]);
    const secretLinkId = mine.items.find((l: { other: { id: string } }) => l.other.id === secret).id;
    expectError(await outsider.delete(`/api/v1/incidents/${shared}/links/${secretLinkId}`), 404, 'not_found');
  });

  it('answers 404 for an incident of another organisation and for an invisible target, changing nothing', async () => {
    const mine = await incident();
    const theirs = await incident({ owner: otherOrg, author: outsiderId });
    const before = await rowCounts(t, TABLES);
    expectError(await outsider.get(`/api/v1/incidents/${mine}/links`), 404, 'not_found');
    expectError(await link(outsider, mine, theirs), 404, 'not_found');
    expectError(await link(analyst.client, mine, theirs), 404, 'not_found');
    expectError(await link(analyst.client, mine, UNKNOWN), 404, 'not_found');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('forbids a viewer to link, and a viewer sees the links', async () => {
    const [a, b] = [await incident(), await incident()];
    const before = await rowCounts(t, TABLES);
    expectError(await link(viewer, a, b), 403, 'forbidden');
    expect(await rowCounts(t, TABLES)).toEqual(before);
    expect((await viewer.get(`/api/v1/incidents/${a}/links`)).statusCode).toBe(200);
  });

  it('refuses invalid input, a self-link and a repeated link', async () => {
    const [a, b] = [await incident(), await incident()];
    expect((await link(analyst.client, a, b)).statusCode).toBe(201);
    const before = await rowCounts(t, TABLES);
    expectError(await link(analyst.client, a, b, 'cousin_of'), 400, 'validation_failed');
    expectError(
      await analyst.client.post(`/api/v1/incidents/${a}/links`, { targetId: b, kind: 'related_to', x: 1 }),
      400,
      'validation_failed',
    );
    expectError(await link(analyst.client, a, 'not-an-id'), 400, 'validation_failed');
    expectError(await link(analyst.client, a, a), 400, 'bad_request');
    expectError(await link(analyst.client, a, b), 409, 'conflict');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('refuses a cycle of duplicate_of links', async () => {
    const [a, b, c] = [await incident(), await incident(), await incident()];
    expect((await link(analyst.client, a, b, 'duplicate_of')).statusCode).toBe(201);
    expect((await link(analyst.client, b, c, 'duplicate_of')).statusCode).toBe(201);
    const before = await rowCounts(t, TABLES);
    expectError(await link(analyst.client, c, a, 'duplicate_of'), 400, 'bad_request');
    expectError(await link(analyst.client, b, a, 'duplicate_of'), 400, 'bad_request');
    expect(await rowCounts(t, TABLES)).toEqual(before);
    expect((await link(analyst.client, c, a, 'related_to')).statusCode).toBe(201);
  });

  it('removes a link for an editor, and refuses a viewer and an unknown link', async () => {
    const [a, b] = [await incident(), await incident()];
    const { id } = (await link(analyst.client, a, b)).json();
    expectError(await viewer.delete(`/api/v1/incidents/${a}/links/${id}`), 403, 'forbidden');
    expectError(
      await analyst.client.delete(`/api/v1/incidents/${a}/links/not-a-uuid`),
      400,
      'validation_failed',
    );
    const other = await incident();
    expectError(await analyst.client.delete(`/api/v1/incidents/${other}/links/${id}`), 404, 'not_found');
    expect((await analyst.client.delete(`/api/v1/incidents/${b}/links/${id}`)).statusCode).toBe(204);
    expect((await analyst.client.get(`/api/v1/incidents/${a}/links`)).json().items).toEqual([]);
  });
});
