import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
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

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['narratives', 'incident_narratives', 'incident_events', 'audit_events'];

const put = (client: Client, url: string) => client.request({ method: 'PUT', url });

describe('narratives', () => {
  let t: TestApp;
  let om: string;
  let supo: string;
  let analyst: { id: string; client: Client };
  let viewer: Client;
  let outsider: { id: string; client: Client };
  let admin: Client;

  const create = async (client: Client, body: Record<string, unknown> = {}) => {
    const response = await client.post('/api/v1/narratives', {
      title: 'Postal votes are being destroyed',
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; tlp: string };
  };
  const auditOf = (targetId: string) =>
    t.deps.db.selectFrom('auditEvents').selectAll().where('targetId', '=', targetId).orderBy('seq').execute();
  const amberIncident = (extra: Record<string, unknown> = {}) =>
    makeIncident(t, { ownerOrganisationId: om, authorUserId: analyst.id, tlp: 'amber', ...extra });

  beforeAll(async () => {
    t = await createTestApp();
    [om, supo] = [await makeOrganisation(t), await makeOrganisation(t)];
    analyst = await signedInUser(t, ['analyst'], om);
    viewer = (await signedInUser(t, ['viewer'], om)).client;
    outsider = await signedInUser(t, ['analyst'], supo);
    admin = (await signedInUser(t, ['admin'], om)).client;
  });
  afterAll(() => t.close());

  it('refuses every narrative route to an anonymous caller', async () => {
    const { id } = await create(analyst.client);
    const incident = await amberIncident();
    for (const [method, url, payload] of [
      ['GET', '/api/v1/narratives', undefined],
      ['POST', '/api/v1/narratives', { title: 'x' }],
      ['GET', `/api/v1/narratives/${id}`, undefined],
      ['PATCH', `/api/v1/narratives/${id}`, { title: 'y' }],
      ['GET', `/api/v1/narratives/${id}/incidents`, undefined],
      ['GET', `/api/v1/narratives/${id}/timeline`, undefined],
      ['GET', `/api/v1/incidents/${incident}/narratives`, undefined],
      ['PUT', `/api/v1/incidents/${incident}/narratives/${id}`, undefined],
      ['DELETE', `/api/v1/incidents/${incident}/narratives/${id}`, undefined],
    ] as const) {
      expectError(
        await t.anonymous.request({ method, url, ...(payload ? { payload } : {}) }),
        401,
        'unauthenticated',
      );
    }
  });

  describe('create', () => {
    it('creates a narrative owned by the caller’s organisation, audited', async () => {
      const response = await analyst.client.post('/api/v1/narratives', {
        title: 'Votes cast abroad are not counted',
        description: 'Claims spread on **Telegram**',
        tlp: 'green',
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json();
      expect(body).toMatchObject({
        title: 'Votes cast abroad are not counted',
        status: 'active',
        tlp: 'green',
        ownerOrganisationId: om,
        authorUserId: analyst.id,
        incidentCount: 0,
        permissions: { edit: true, changeMarking: true },
      });
      expect((await auditOf(body.id)).map((a) => a.action)).toEqual(['narrative.create']);
    });

    it('is refused to a viewer and to an admin-only account', async () => {
      const counts = await rowCounts(t, TABLES);
      expectError(await viewer.post('/api/v1/narratives', { title: 'x' }), 403, 'forbidden');
      expectError(await admin.post('/api/v1/narratives', { title: 'x' }), 403, 'forbidden');
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it.each([
      ['no title', {}],
      ['an empty title', { title: '  ' }],
      ['an unknown status', { title: 'x', status: 'viral' }],
      ['an unknown marking', { title: 'x', tlp: 'white' }],
      ['an unknown field', { title: 'x', owner: 'me' }],
      ['an organisation that does not exist', { title: 'x', sharedWith: { organisations: [UNKNOWN_ID] } }],
    ])('answers 400 to %s and creates nothing', async (_label, body) => {
      const counts = await rowCounts(t, TABLES);
      expectError(await analyst.client.post('/api/v1/narratives', body), 400, 'validation_failed');
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });

  describe('read', () => {
    it('lists only visible narratives, searchable, filterable and in pages', async () => {
      const mine = await create(analyst.client, { title: 'Ballot boxes unsealed in Espoo' });
      const shared = await create(analyst.client, {
        title: 'Ballot printing outsourced abroad',
        status: 'dormant',
        sharedWith: { organisations: [supo] },
      });
      const theirs = (await outsider.client.get('/api/v1/narratives?q=ballot')).json();
      expect(theirs.items.map((n: { id: string }) => n.id)).toEqual([shared.id]);
      const ours = (await analyst.client.get('/api/v1/narratives?q=BALLOT')).json();
      expect(ours.items.map((n: { id: string }) => n.id)).toEqual([shared.id, mine.id]);
      const dormant = (await analyst.client.get('/api/v1/narratives?q=ballot&status=dormant')).json();
      expect(dormant.items.map((n: { id: string }) => n.id)).toEqual([shared.id]);

      const first = (await analyst.client.get('/api/v1/narratives?q=ballot&limit=1')).json();
      expect(first.items).toHaveLength(1);
      const second = (
        await analyst.client.get(`/api/v1/narratives?q=ballot&limit=1&cursor=${first.nextCursor}`)
      ).json();
      expect(second.items.map((n: { id: string }) => n.id)).toEqual([mine.id]);
      expect(second.nextCursor).toBeNull();

      expect((await admin.get('/api/v1/narratives')).json().items).toEqual([]);
      expectError(await analyst.client.get('/api/v1/narratives?cursor=x'), 400, 'bad_request');
      expectError(await analyst.client.get('/api/v1/narratives?status=viral'), 400, 'validation_failed');
    });

    it('answers 404 to a narrative of another organisation and to an unknown one, 400 to a malformed id', async () => {
      const { id } = await create(analyst.client);
      expectError(await outsider.client.get(`/api/v1/narratives/${id}`), 404, 'not_found');
      expectError(await admin.get(`/api/v1/narratives/${id}`), 404, 'not_found');
      expectError(await analyst.client.get(`/api/v1/narratives/${UNKNOWN_ID}`), 404, 'not_found');
      expectError(await analyst.client.get('/api/v1/narratives/postal-votes'), 400, 'validation_failed');
      expect((await viewer.get(`/api/v1/narratives/${id}`)).json()).toMatchObject({
        id,
        permissions: { edit: false },
      });
    });

    it('audits every read of a red narrative', async () => {
      const { id } = await create(analyst.client, { tlp: 'red' });
      expect((await analyst.client.get(`/api/v1/narratives/${id}`)).statusCode).toBe(200);
      expect((await auditOf(id)).map((a) => a.action)).toEqual(['narrative.create', 'record.read_red']);
    });
  });

  describe('change', () => {
    it('lets an analyst change the text and status, audited', async () => {
      const { id } = await create(analyst.client);
      const response = await analyst.client.patch(`/api/v1/narratives/${id}`, {
        status: 'dormant',
        title: 'Renamed',
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ status: 'dormant', title: 'Renamed' });
      const audit = await auditOf(id);
      expect(audit.at(-1)).toMatchObject({
        action: 'narrative.update',
        details: { changes: { status: 'dormant', title: 'Renamed' } },
      });
    });

    it('forbids a viewer to change the text, and hides the narrative from another organisation', async () => {
      const { id } = await create(analyst.client);
      const counts = await rowCounts(t, TABLES);
      expectError(await viewer.patch(`/api/v1/narratives/${id}`, { title: 'Nope' }), 403, 'forbidden');
      expectError(
        await outsider.client.patch(`/api/v1/narratives/${id}`, { title: 'Nope' }),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('lets only the owning organisation lower the marking or widen the sharing; anyone who sees it may raise it', async () => {
      const { id } = await create(analyst.client, { tlp: 'amber', sharedWith: { organisations: [supo] } });
      const counts = await rowCounts(t, TABLES);
      expectError(
        await outsider.client.patch(`/api/v1/narratives/${id}`, { tlp: 'green' }),
        403,
        'forbidden',
      );
      const third = await makeOrganisation(t);
      expectError(
        await outsider.client.patch(`/api/v1/narratives/${id}`, {
          sharedWith: { organisations: [supo, third] },
        }),
        403,
        'forbidden',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);

      const raised = await outsider.client.patch(`/api/v1/narratives/${id}`, { tlp: 'amber+strict' });
      expect(raised.statusCode, raised.body).toBe(200);
      const lowered = await analyst.client.patch(`/api/v1/narratives/${id}`, { tlp: 'green' });
      expect(lowered.statusCode, lowered.body).toBe(200);
      const markings = (await auditOf(id)).filter((a) => a.action === 'narrative.marking_change');
      expect(markings.map((a) => [a.actorUserId, (a.details as { to: { tlp: string } }).to.tlp])).toEqual([
        [outsider.id, 'amber+strict'],
        [analyst.id, 'green'],
      ]);
    });

    it.each([
      ['an empty title', { title: '' }],
      ['an unknown status', { status: 'gone' }],
      ['an unknown field', { version: 2 }],
      ['a user that does not exist', { sharedWith: { users: [UNKNOWN_ID] } }],
    ])('answers 400 to %s and changes nothing', async (_label, body) => {
      const { id } = await create(analyst.client);
      const before = (await analyst.client.get(`/api/v1/narratives/${id}`)).json();
      expectError(await analyst.client.patch(`/api/v1/narratives/${id}`, body), 400, 'validation_failed');
      expect((await analyst.client.get(`/api/v1/narratives/${id}`)).json()).toEqual(before);
    });
  });

  describe('links to incidents', () => {
    it('links and unlinks with events, idempotently, and lists only visible incidents', async () => {
      const { id } = await create(analyst.client, { tlp: 'green', sharedWith: { organisations: [supo] } });
      const hidden = await amberIncident();
      const visible = await amberIncident({ sharedOrganisationIds: [supo] });
      const first = await put(analyst.client, `/api/v1/incidents/${hidden}/narratives/${id}`);
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({ id, linkedByUserId: analyst.id });
      expect((await put(analyst.client, `/api/v1/incidents/${hidden}/narratives/${id}`)).statusCode).toBe(
        200,
      );
      expect((await put(analyst.client, `/api/v1/incidents/${visible}/narratives/${id}`)).statusCode).toBe(
        201,
      );

      const events = await t.deps.db
        .selectFrom('incidentEvents')
        .select(['type', 'data'])
        .where('incidentId', '=', fromIncidentId(hidden))
        .where('type', 'like', 'narrative_%')
        .execute();
      expect(events).toEqual([{ type: 'narrative_linked', data: { narrativeId: id } }]);

      const ours = (await analyst.client.get(`/api/v1/narratives/${id}/incidents`)).json();
      expect(ours.items.map((i: { id: string }) => i.id).sort()).toEqual([hidden, visible].sort());
      const theirs = (await outsider.client.get(`/api/v1/narratives/${id}/incidents`)).json();
      expect(theirs.items.map((i: { id: string }) => i.id)).toEqual([visible]);
      expect((await outsider.client.get(`/api/v1/narratives/${id}`)).json().incidentCount).toBe(1);
      expect((await analyst.client.get(`/api/v1/incidents/${hidden}/narratives`)).json().items).toEqual([
        expect.objectContaining({ id }),
      ]);

      const unlinked = await analyst.client.delete(`/api/v1/incidents/${hidden}/narratives/${id}`);
      expect(unlinked.statusCode, unlinked.body).toBe(204);
      expectError(
        await analyst.client.delete(`/api/v1/incidents/${hidden}/narratives/${id}`),
        404,
        'not_found',
      );
      expect((await analyst.client.get(`/api/v1/narratives/${id}`)).json().incidentCount).toBe(1);
    });

    it('needs the right to edit the incident and sight of the narrative', async () => {
      const ours = await create(analyst.client);
      const theirs = await create(outsider.client);
      const incident = await amberIncident();
      const counts = await rowCounts(t, TABLES);
      expectError(await put(viewer, `/api/v1/incidents/${incident}/narratives/${ours.id}`), 403, 'forbidden');
      expectError(
        await viewer.delete(`/api/v1/incidents/${incident}/narratives/${ours.id}`),
        403,
        'forbidden',
      );
      expectError(
        await put(analyst.client, `/api/v1/incidents/${incident}/narratives/${theirs.id}`),
        404,
        'not_found',
      );
      expectError(
        await put(outsider.client, `/api/v1/incidents/${incident}/narratives/${theirs.id}`),
        404,
        'not_found',
      );
      expectError(await outsider.client.get(`/api/v1/incidents/${incident}/narratives`), 404, 'not_found');
      expectError(
        await put(analyst.client, `/api/v1/incidents/${incident}/narratives/nope`),
        400,
        'validation_failed',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('counts visible linked incidents per day and per week, with empty buckets filled', async () => {
      const { id } = await create(analyst.client, { tlp: 'green', sharedWith: { organisations: [supo] } });
      const dates = [
        '2027-03-01T10:00:00Z',
        '2027-03-01T23:00:00Z',
        '2027-03-03T08:00:00Z',
        '2027-03-09T08:00:00Z',
      ];
      for (const [i, date] of dates.entries()) {
        const incident = await amberIncident({
          createdAt: new Date(date),
          ...(i === 0 ? { sharedOrganisationIds: [supo] } : {}),
        });
        await put(analyst.client, `/api/v1/incidents/${incident}/narratives/${id}`);
      }
      const daily = (await analyst.client.get(`/api/v1/narratives/${id}/timeline`)).json();
      expect(daily.points).toHaveLength(9);
      expect(daily.points.slice(0, 3)).toEqual([
        { start: '2027-03-01', count: 2 },
        { start: '2027-03-02', count: 0 },
        { start: '2027-03-03', count: 1 },
      ]);
      const weekly = (await analyst.client.get(`/api/v1/narratives/${id}/timeline?bucket=week`)).json();
      expect(weekly.points).toEqual([
        { start: '2027-03-01', count: 3 },
        { start: '2027-03-08', count: 1 },
      ]);
      const theirs = (
        await outsider.client.get(`/api/v1/narratives/${id}/timeline?bucket=week&by=first_seen`)
      ).json();
      expect(theirs.points).toEqual([{ start: '2027-03-01', count: 1 }]);
      expectError(
        await analyst.client.get(`/api/v1/narratives/${id}/timeline?bucket=month`),
        400,
        'validation_failed',
      );
      expectError(await admin.get(`/api/v1/narratives/${id}/timeline`), 404, 'not_found');
    });
  });
});
