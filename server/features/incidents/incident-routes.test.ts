import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  type Client,
  createTestApp,
  errorBody,
  expectError,
  makeOrganisation,
  makeUser,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { projectIncident, stateOf } from './incident-history.js';

const TABLES = ['incidents', 'incident_events', 'audit_events', 'incident_locks', 'saved_filters'];
const UNKNOWN = 'incident--6b0f1e2c-0000-4000-8000-000000000000';

const valid = (overrides: Record<string, unknown> = {}) => ({
  title: 'Palvelunestohyökkäys vaalit.fi-sivustoa vastaan',
  description: 'Sivusto ei vastannut **20 minuuttiin**.',
  domains: ['cyber'],
  category: 'denial_of_service',
  severity: 3,
  ...overrides,
});

describe('incidents', () => {
  let t: TestApp;
  let ncsc: string;
  let supo: string;
  let om: string;
  let analyst: Client & { userId?: string };
  let analystId: string;
  let otherAnalyst: Client;
  let viewer: Client;
  let reporter: Client;
  let reporterId: string;
  let coordinator: Client;
  let admin: Client;

  const create = async (client: Client, overrides: Record<string, unknown> = {}) => {
    const response = await client.post('/api/v1/incidents', valid(overrides));
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number; [k: string]: unknown };
  };

  beforeAll(async () => {
    t = await createTestApp();
    [ncsc, supo, om] = [await makeOrganisation(t), await makeOrganisation(t), await makeOrganisation(t)];
    const a = await signedInUser(t, ['analyst'], ncsc);
    analyst = a.client;
    analystId = a.id;
    otherAnalyst = (await signedInUser(t, ['analyst'], supo)).client;
    viewer = (await signedInUser(t, ['viewer'], ncsc)).client;
    const r = await signedInUser(t, ['reporter'], await makeOrganisation(t));
    reporter = r.client;
    reporterId = r.id;
    coordinator = (await signedInUser(t, ['coordinator'], om)).client;
    admin = await t.signIn(ADMIN_EMAIL);
  });
  afterAll(() => t.close());

  describe('access', () => {
    it('answers 401 to an anonymous caller on every route', async () => {
      const id = (await create(analyst)).id;
      for (const [method, url] of [
        ['GET', '/api/v1/incidents'],
        ['GET', '/api/v1/incidents/facets'],
        ['POST', '/api/v1/incidents'],
        ['POST', '/api/v1/intake'],
        ['POST', '/api/v1/incidents/bulk'],
        ['GET', `/api/v1/incidents/${id}`],
        ['PATCH', `/api/v1/incidents/${id}`],
        ['GET', `/api/v1/incidents/${id}/events`],
        ['GET', `/api/v1/incidents/${id}/lock`],
        ['PUT', `/api/v1/incidents/${id}/lock`],
        ['DELETE', `/api/v1/incidents/${id}/lock`],
        ['GET', '/api/v1/saved-filters'],
        ['GET', '/api/v1/people'],
      ] as const) {
        expectError(await t.anonymous.request({ method, url, payload: {} }), 401, 'unauthenticated');
      }
    });

    it('hides an amber incident from another organisation: 404 on read, absent from lists and counts', async () => {
      const incident = await create(analyst, { title: 'Piilotettu uhkaviesti' });
      expectError(await otherAnalyst.get(`/api/v1/incidents/${incident.id}`), 404, 'not_found');
      expectError(await otherAnalyst.get(`/api/v1/incidents/${incident.id}/events`), 404, 'not_found');
      expectError(await otherAnalyst.put(`/api/v1/incidents/${incident.id}/lock`), 404, 'not_found');
      expectError(
        await otherAnalyst.patch(`/api/v1/incidents/${incident.id}`, { title: 'x', version: 1 }),
        404,
        'not_found',
      );
      const list = (await otherAnalyst.get('/api/v1/incidents?q=uhkaviesti')).json();
      expect(list.items.map((i: { id: string }) => i.id)).not.toContain(incident.id);
      const facets = (await otherAnalyst.get('/api/v1/incidents/facets?q=Piilotettu')).json();
      expect(facets.total).toBe(0);
      // the owner organisation's viewer sees it
      expect((await viewer.get(`/api/v1/incidents/${incident.id}`)).statusCode).toBe(200);
    });

    it('gives an admin without a reading role nothing at all', async () => {
      const incident = await create(analyst, { tlp: 'clear' });
      expectError(await admin.get(`/api/v1/incidents/${incident.id}`), 403, 'forbidden');
      expectError(await admin.get('/api/v1/incidents'), 403, 'forbidden');
    });

    it('lets a red incident be seen by its author and named users only, and audits the reads', async () => {
      const named = await makeUser(t, { organisationId: supo, roles: ['analyst'] });
      const namedClient = await t.signIn(named.email);
      const colleague = (await signedInUser(t, ['analyst'], ncsc)).client;
      const incident = await create(analyst, { tlp: 'red', sharedWith: { users: [named.id] } });
      expect((await namedClient.get(`/api/v1/incidents/${incident.id}`)).statusCode).toBe(200);
      expectError(await colleague.get(`/api/v1/incidents/${incident.id}`), 404, 'not_found');
      const reads = await t.deps.db
        .selectFrom('auditEvents')
        .select('action')
        .where('targetId', '=', incident.id)
        .where('action', '=', 'record.read_red')
        .execute();
      expect(reads.length).toBeGreaterThanOrEqual(2);
    });

    it('refuses roles that may not: a viewer cannot create, change or lock', async () => {
      const incident = await create(analyst);
      const before = await rowCounts(t, TABLES);
      expectError(await viewer.post('/api/v1/incidents', valid()), 403, 'forbidden');
      expectError(
        await viewer.patch(`/api/v1/incidents/${incident.id}`, { title: 'x', version: 1 }),
        403,
        'forbidden',
      );
      expectError(await viewer.put(`/api/v1/incidents/${incident.id}/lock`), 403, 'forbidden');
      expectError(
        await viewer.post('/api/v1/incidents/bulk', {
          ids: [incident.id],
          action: { type: 'set_severity', severity: 5 },
        }),
        403,
        'forbidden',
      );
      expectError(await reporter.post('/api/v1/incidents', valid()), 403, 'forbidden');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });
  });

  describe('create and read', () => {
    it('creates an incident with every field, owned by the caller’s organisation, with a created event', async () => {
      const response = await analyst.post(
        '/api/v1/incidents',
        valid({
          domains: ['cyber', 'information_influence'],
          category: 'hack_and_leak',
          impactOnConduct: 'minor',
          impactOnConfidence: 'major',
          sourceReliability: 'B',
          informationCredibility: 2,
          leadOrganisationId: ncsc,
          supportingOrganisationIds: [supo],
          areaCodes: ['KU837'],
          firstSeen: '2027-04-10T08:00:00.000Z',
          lastSeen: '2027-04-11T08:00:00.000Z',
          tlp: 'green',
          sharedWith: { organisations: [supo] },
        }),
      );
      expect(response.statusCode, response.body).toBe(201);
      const incident = response.json();
      expect(incident).toMatchObject({
        id: expect.stringMatching(/^incident--[0-9a-f-]{36}$/),
        domains: ['cyber', 'information_influence'],
        category: 'hack_and_leak',
        impactOnConduct: 'minor',
        impactOnConfidence: 'major',
        sourceReliability: 'B',
        informationCredibility: 2,
        status: 'new',
        tlp: 'green',
        ownerOrganisationId: ncsc,
        authorUserId: analystId,
        sharedWith: { organisations: [supo], communities: [], users: [] },
        areaCodes: ['KU837'],
        version: 1,
        permissions: { edit: true, changeMarking: true, route: true },
      });
      const row = await t.deps.db
        .selectFrom('incidents')
        .select('areaScope')
        .where('id', '=', incident.id.slice(10))
        .executeTakeFirstOrThrow();
      // Tampere lies in the Pirkanmaa electoral district, county and region
      expect(row.areaScope).toEqual(['HV08', 'KU837', 'MK06', 'VP07']);
      const events = (await analyst.get(`/api/v1/incidents/${incident.id}/events`)).json().items;
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'created', actorUserId: analystId });
    });

    it('refuses bad input with a clear 400 and changes nothing', async () => {
      const before = await rowCounts(t, TABLES);
      for (const body of [
        valid({ domains: ['weather'] }),
        valid({ severity: 6 }),
        valid({ title: 'x'.repeat(301) }),
        valid({ title: '' }),
        valid({ category: 'phishing', domains: ['physical'] }),
        valid({ category: 'nonexistent' }),
        valid({ tlp: 'amber-strict' }),
        valid({ sourceReliability: 'G' }),
        valid({ informationCredibility: 7 }),
        valid({ areaCodes: ['KU999'] }),
        valid({ areaCodes: ['Tampere'] }),
        valid({ leadOrganisationId: '6b0f1e2c-0000-4000-8000-000000000000' }),
        valid({ firstSeen: '2027-04-11T08:00:00Z', lastSeen: '2027-04-10T08:00:00Z' }),
        valid({ phaseKey: 'election_day' }),
        valid({ unknownField: true }),
        valid({ domains: ['cyber', 'cyber'] }),
      ]) {
        const response = await analyst.post('/api/v1/incidents', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(errorBody(response)).toMatchObject({
          code: 'validation_failed',
          requestId: expect.any(String),
        });
      }
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      expectError(await analyst.get(`/api/v1/incidents/${UNKNOWN}`), 404, 'not_found');
      expect((await analyst.get('/api/v1/incidents/not-an-id')).statusCode).toBe(400);
    });
  });

  describe('changes', () => {
    it('changes fields, bumps the version, records the change, and the history rebuilds the row', async () => {
      const incident = await create(analyst);
      const changed = await analyst.patch(`/api/v1/incidents/${incident.id}`, {
        version: 1,
        severity: 4,
        status: 'investigating',
        areaCodes: ['KU091'],
        impactOnConfidence: 'moderate',
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ version: 2, severity: 4, status: 'investigating' });
      const again = await analyst.patch(`/api/v1/incidents/${incident.id}`, {
        version: 2,
        status: 'closed',
        closingReason: 'resolved',
      });
      expect(again.json()).toMatchObject({ version: 3, status: 'closed', closingReason: 'resolved' });

      const uuid = incident.id.slice(10);
      const events = await t.deps.db
        .selectFrom('incidentEvents')
        .select(['type', 'data'])
        .where('incidentId', '=', uuid)
        .orderBy('id')
        .execute();
      expect(events.map((e) => e.type)).toEqual(['created', 'updated', 'updated']);
      const row = await t.deps.db
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', uuid)
        .executeTakeFirstOrThrow();
      expect(projectIncident(events)).toEqual(stateOf(row as unknown as Record<string, unknown>));
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const incident = await create(analyst);
      await analyst.patch(`/api/v1/incidents/${incident.id}`, { version: 1, severity: 2 });
      const before = await rowCounts(t, TABLES);
      expectError(
        await analyst.patch(`/api/v1/incidents/${incident.id}`, { version: 1, severity: 5 }),
        409,
        'version_conflict',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('follows the status workflow and closing rules', async () => {
      const incident = await create(analyst);
      expectError(
        await analyst.patch(`/api/v1/incidents/${incident.id}`, { version: 1, status: 'closed' }),
        400,
        'validation_failed',
      );
      expectError(
        await analyst.patch(`/api/v1/incidents/${incident.id}`, {
          version: 1,
          status: 'closed',
          closingReason: 'duplicate',
        }),
        400,
        'validation_failed',
      );
      expectError(
        await analyst.patch(`/api/v1/incidents/${incident.id}`, {
          version: 1,
          status: 'closed',
          closingReason: 'duplicate',
          duplicateOfId: incident.id,
        }),
        400,
        'validation_failed',
      );
      await analyst.patch(`/api/v1/incidents/${incident.id}`, {
        version: 1,
        status: 'closed',
        closingReason: 'false_alarm',
      });
      expectError(
        await analyst.patch(`/api/v1/incidents/${incident.id}`, { version: 2, status: 'monitoring' }),
        400,
        'invalid_transition',
      );
      const reopened = await analyst.patch(`/api/v1/incidents/${incident.id}`, {
        version: 2,
        status: 'triage',
      });
      expect(reopened.json()).toMatchObject({ status: 'triage', closingReason: null });
    });

    it('lets anyone who sees it raise the marking, but only the owner lower it or widen sharing', async () => {
      const incident = await create(analyst, { tlp: 'green', sharedWith: { organisations: [supo] } });
      expectError(
        await otherAnalyst.patch(`/api/v1/incidents/${incident.id}`, {
          version: 1,
          sharedWith: { organisations: [supo, om] },
        }),
        403,
        'marking_not_allowed',
      );
      expectError(
        await otherAnalyst.patch(`/api/v1/incidents/${incident.id}`, { version: 1, tlp: 'clear' }),
        403,
        'marking_not_allowed',
      );
      const raised = await otherAnalyst.patch(`/api/v1/incidents/${incident.id}`, {
        version: 1,
        tlp: 'amber',
      });
      expect(raised.statusCode, raised.body).toBe(200);
      expect(raised.json().permissions).toEqual({ edit: true, changeMarking: false, route: false });
      const lowered = await analyst.patch(`/api/v1/incidents/${incident.id}`, { version: 2, tlp: 'green' });
      expect(lowered.statusCode).toBe(200);
      const audit = await t.deps.db
        .selectFrom('auditEvents')
        .select('action')
        .where('targetId', '=', incident.id)
        .execute();
      expect(audit.filter((a) => a.action === 'incident.marking_changed')).toHaveLength(2);
    });
  });

  describe('routing to a lead authority', () => {
    it('lets a coordinator route a report to a lead, who may then share it with whom it needs', async () => {
      const report = (
        await reporter.post('/api/v1/intake', {
          whatHappened: 'Vaalimainoksia revitty ja niihin on maalattu uhkauksia ehdokkaille.',
          where: { areaCodes: ['KU091'] },
          when: '2027-04-14T09:30:00+03:00',
          howDoYouKnow: 'saw_myself',
        })
      ).json();
      const events = (await coordinator.get(`/api/v1/incidents/${report.id}/events`)).json().items;
      expect(events[0].type).toBe('reported');
      expectError(await analyst.get(`/api/v1/incidents/${report.id}`), 404, 'not_found');

      // another organisation's analyst who can see it may not route it
      const shared = await create(analyst, { sharedWith: { organisations: [supo] } });
      expectError(
        await otherAnalyst.patch(`/api/v1/incidents/${shared.id}`, { version: 1, leadOrganisationId: supo }),
        403,
        'forbidden',
      );

      const routed = await coordinator.patch(`/api/v1/incidents/${report.id}`, {
        version: 1,
        leadOrganisationId: ncsc,
        status: 'triage',
      });
      expect(routed.statusCode, routed.body).toBe(200);
      expect(routed.json().sharedWith.organisations).toEqual(expect.arrayContaining([om, ncsc]));
      const lead = await analyst.get(`/api/v1/incidents/${report.id}`);
      expect(lead.statusCode).toBe(200);
      expect(lead.json().permissions).toEqual({ edit: true, changeMarking: true, route: true });
      const notified = await t.deps.db
        .selectFrom('notifications')
        .select('kind')
        .where('incidentId', '=', report.id.slice(10))
        .where('userId', '=', analystId)
        .execute();
      expect(notified.map((n) => n.kind)).toContain('lead_assigned');

      // the lead authority shares it further; the coordinator, neither owner nor lead, may not
      expectError(
        await coordinator.patch(`/api/v1/incidents/${report.id}`, {
          version: 2,
          sharedWith: { organisations: [om, ncsc, supo] },
        }),
        403,
        'marking_not_allowed',
      );
      const widened = await analyst.patch(`/api/v1/incidents/${report.id}`, {
        version: 2,
        sharedWith: { organisations: [om, ncsc, supo] },
      });
      expect(widened.statusCode, widened.body).toBe(200);
      expect((await otherAnalyst.get(`/api/v1/incidents/${report.id}`)).statusCode).toBe(200);
    });
  });

  describe('intake', () => {
    it('files a reporter’s plain report as amber, shared with the coordinators, and the reporter follows it', async () => {
      const response = await reporter.post('/api/v1/intake', {
        whatHappened:
          'Äänestyspaikan ovelle oli teipattu lappu, jonka mukaan äänestys on siirretty huomiseen.\nLappu poistettiin.',
        where: { areaCodes: ['KU091'], place: 'Kallion kirjasto' },
        when: '2027-04-14T09:30:00+03:00',
        howDoYouKnow: 'saw_myself',
        links: ['https://example.org/kuva'],
      });
      expect(response.statusCode, response.body).toBe(201);
      const incident = response.json();
      expect(incident).toMatchObject({
        title: 'Äänestyspaikan ovelle oli teipattu lappu, jonka mukaan äänestys on siirretty huomiseen.',
        tlp: 'amber',
        status: 'new',
        reportedVia: 'intake',
        domains: [],
        authorUserId: reporterId,
        intake: {
          place: 'Kallion kirjasto',
          howDoYouKnow: 'saw_myself',
          links: ['https://example.org/kuva'],
        },
      });
      expect(incident.sharedWith.organisations).toContain(om);
      expect((await coordinator.get(`/api/v1/incidents/${incident.id}`)).statusCode).toBe(200);
      expect((await otherAnalyst.get(`/api/v1/incidents/${incident.id}`)).statusCode).toBe(404);
      const mine = (await reporter.get('/api/v1/incidents?mine=true')).json();
      expect(mine.items.map((i: { id: string }) => i.id)).toContain(incident.id);
      // a reporter may not triage their own report
      expectError(
        await reporter.patch(`/api/v1/incidents/${incident.id}`, { version: 1, severity: 5 }),
        403,
        'forbidden',
      );
    });

    it('refuses a report with bad links or no words', async () => {
      const before = await rowCounts(t, TABLES);
      for (const body of [
        { whatHappened: 'lyhyt', where: {}, when: '2027-04-14T09:30:00Z', howDoYouKnow: 'saw_myself' },
        {
          whatHappened: 'Jotain outoa tapahtui tänään',
          where: {},
          when: '2027-04-14T09:30:00Z',
          howDoYouKnow: 'saw_myself',
          links: ['javascript:alert(1)'],
        },
        {
          whatHappened: 'Jotain outoa tapahtui tänään',
          where: {},
          when: 'eilen',
          howDoYouKnow: 'saw_myself',
        },
        {
          whatHappened: 'Jotain outoa tapahtui tänään',
          where: {},
          when: '2027-04-14T09:30:00Z',
          howDoYouKnow: 'rumour',
        },
      ]) {
        expect((await reporter.post('/api/v1/intake', body)).statusCode).toBe(400);
      }
      expectError(
        await viewer.post('/api/v1/intake', {
          whatHappened: 'Jotain outoa tapahtui tänään',
          where: {},
          when: '2027-04-14T09:30:00Z',
          howDoYouKnow: 'saw_myself',
        }),
        403,
        'forbidden',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });
  });

  describe('list, search and facets', () => {
    let org: string;
    let client: Client;
    beforeAll(async () => {
      org = await makeOrganisation(t);
      const user = await signedInUser(t, ['analyst'], org);
      client = user.client;
      const base = { ownerOrganisationId: org, authorUserId: user.id };
      for (let i = 0; i < 7; i += 1) {
        await makeIncident(t, {
          ...base,
          title: `Sarja ${i}`,
          severity: (i % 5) + 1,
          createdAt: new Date(Date.UTC(2027, 3, 1, i)),
        });
      }
      await makeIncident(t, {
        ...base,
        title: 'Väärennettyjä vaalimainoksia levitetään',
        domains: ['information_influence'],
        category: 'fake_campaign_material',
      });
      await makeIncident(t, {
        ...base,
        title: 'Valsedlarna hade fel tryck i Vasa',
        domains: ['process'],
        category: 'ballot_or_logistics_error',
      });
      await makeIncident(t, {
        ...base,
        title: 'Election website defaced overnight',
        domains: ['cyber'],
        category: 'defacement',
      });
    });

    it('searches with Finnish, Swedish and English stemming', async () => {
      const titles = async (q: string) =>
        (
          (await client.get(`/api/v1/incidents?q=${encodeURIComponent(q)}`)).json().items as {
            title: string;
          }[]
        ).map((i) => i.title);
      // an inflected form (stemming) and the start of a word (search as you type)
      expect(await titles('vaalimain')).toEqual(['Väärennettyjä vaalimainoksia levitetään']);
      expect(await titles('vaalimainokset')).toEqual(['Väärennettyjä vaalimainoksia levitetään']);
      expect(await titles('valsedlar')).toEqual(['Valsedlarna hade fel tryck i Vasa']);
      expect(await titles('tryck "i Vasa"')).toEqual(['Valsedlarna hade fel tryck i Vasa']);
      expect(await titles('deface')).toEqual(['Election website defaced overnight']);
    });

    it('pages by keyset with no gaps or repeats, in every sort order', async () => {
      for (const sort of ['created', 'updated', 'severity', 'first_seen']) {
        for (const order of ['asc', 'desc']) {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const url: string = `/api/v1/incidents?ownerOrganisationId=${org}&limit=3&sort=${sort}&order=${order}${cursor ? `&cursor=${cursor}` : ''}`;
            const page = (await client.get(url)).json() as {
              items: { id: string }[];
              nextCursor: string | null;
            };
            seen.push(...page.items.map((i) => i.id));
            cursor = page.nextCursor;
          } while (cursor);
          expect(seen).toHaveLength(10);
          expect(new Set(seen).size).toBe(10);
        }
      }
    });

    it('refuses a cursor from elsewhere', async () => {
      const page = (
        await client.get(`/api/v1/incidents?ownerOrganisationId=${org}&limit=2&sort=severity`)
      ).json();
      expectError(
        await client.get(`/api/v1/incidents?limit=2&sort=created&cursor=${page.nextCursor}`),
        400,
        'bad_request',
      );
      expectError(await client.get('/api/v1/incidents?cursor=bm90LWEtY3Vyc29y'), 400, 'bad_request');
      expect((await client.get('/api/v1/incidents?status=open')).statusCode).toBe(400);
      expect((await client.get('/api/v1/incidents?area=Tampere')).statusCode).toBe(400);
    });

    it('filters and counts facets over what the caller may see', async () => {
      const list = (
        await client.get(`/api/v1/incidents?ownerOrganisationId=${org}&domain=process,information_influence`)
      ).json();
      expect(list.items).toHaveLength(2);
      const facets = (
        await client.get(`/api/v1/incidents/facets?ownerOrganisationId=${org}&domain=cyber`)
      ).json();
      expect(facets.total).toBe(8);
      // the domain facet ignores the domain filter, so the other domains still show their counts
      expect(facets.domain).toEqual(
        expect.arrayContaining([
          { value: 'cyber', count: 8 },
          { value: 'process', count: 1 },
          { value: 'information_influence', count: 1 },
        ]),
      );
      const outsider = (await otherAnalyst.get(`/api/v1/incidents/facets?ownerOrganisationId=${org}`)).json();
      expect(outsider.total).toBe(0);
    });
  });

  describe('bulk actions', () => {
    it('changes many incidents in one go, or none when one is refused', async () => {
      const a = await create(analyst);
      const b = await create(analyst);
      const foreign = await create(otherAnalyst);
      const before = await rowCounts(t, TABLES);
      expectError(
        await analyst.post('/api/v1/incidents/bulk', {
          ids: [a.id, b.id, foreign.id],
          action: { type: 'set_severity', severity: 5 },
        }),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
      expect(
        (
          await analyst.post('/api/v1/incidents/bulk', {
            ids: [a.id],
            action: { type: 'set_status', status: 'bogus' },
          })
        ).statusCode,
      ).toBe(400);

      const done = await analyst.post('/api/v1/incidents/bulk', {
        ids: [a.id, b.id],
        action: { type: 'assign_lead', organisationId: supo },
      });
      expect(done.json()).toEqual({ updated: 2, ids: [a.id, b.id] });
      expect((await analyst.get(`/api/v1/incidents/${a.id}`)).json().leadOrganisationId).toBe(supo);
      const shared = await analyst.post('/api/v1/incidents/bulk', {
        ids: [a.id, b.id],
        action: { type: 'share', organisations: [supo] },
      });
      expect(shared.statusCode).toBe(200);
      expect((await otherAnalyst.get(`/api/v1/incidents/${b.id}`)).statusCode).toBe(200);
      const domain = await analyst.post('/api/v1/incidents/bulk', {
        ids: [a.id],
        action: { type: 'add_domain', domain: 'physical' },
      });
      expect(domain.statusCode).toBe(200);
      expect((await analyst.get(`/api/v1/incidents/${a.id}`)).json().domains).toEqual(['cyber', 'physical']);
      expectError(
        await analyst.post('/api/v1/incidents/bulk', {
          ids: [a.id],
          action: { type: 'merge_into', survivorId: a.id },
        }),
        400,
        'validation_failed',
      );
    });
  });

  describe('locks and saved filters', () => {
    it('holds a lock for one editor and names them to others', async () => {
      const incident = await create(analyst, { sharedWith: { organisations: [supo] } });
      const mine = await analyst.put(`/api/v1/incidents/${incident.id}/lock`);
      expect(mine.json().lock).toMatchObject({ mine: true });
      const theirs = await otherAnalyst.put(`/api/v1/incidents/${incident.id}/lock`);
      expectError(theirs, 409, 'locked');
      expect((await otherAnalyst.get(`/api/v1/incidents/${incident.id}/lock`)).json().lock).toMatchObject({
        mine: false,
      });
      expect((await analyst.delete(`/api/v1/incidents/${incident.id}/lock`)).statusCode).toBe(204);
      expect((await otherAnalyst.put(`/api/v1/incidents/${incident.id}/lock`)).json().lock).toMatchObject({
        mine: true,
      });
    });

    it('keeps saved filters per user', async () => {
      const saved = await analyst.post('/api/v1/saved-filters', {
        name: 'Uudet kyber',
        query: { status: 'new', domain: ['cyber'] },
      });
      expect(saved.statusCode, saved.body).toBe(201);
      expectError(
        await analyst.post('/api/v1/saved-filters', { name: 'Uudet kyber', query: {} }),
        409,
        'conflict',
      );
      expect((await analyst.post('/api/v1/saved-filters', { name: '', query: {} })).statusCode).toBe(400);
      expect((await otherAnalyst.get('/api/v1/saved-filters')).json().items).toEqual([]);
      expectError(await otherAnalyst.delete(`/api/v1/saved-filters/${saved.json().id}`), 404, 'not_found');
      expect((await analyst.delete(`/api/v1/saved-filters/${saved.json().id}`)).statusCode).toBe(204);
    });
  });

  describe('people', () => {
    it('lists colleagues by name for readers, never for admins', async () => {
      const people = (await analyst.get('/api/v1/people?q=example')).json();
      expect(people.items.length).toBeGreaterThan(0);
      expect(people.items[0]).toEqual({
        id: expect.any(String),
        name: expect.any(String),
        organisationId: expect.any(String),
      });
      expectError(await admin.get('/api/v1/people'), 403, 'forbidden');
      expect((await analyst.get('/api/v1/people?limit=0')).statusCode).toBe(400);
    });
  });
});
