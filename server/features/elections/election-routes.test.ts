import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  type Client,
  createTestApp,
  errorBody,
  expectError,
  makeOrganisation,
  refuseAuditOf,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['elections', 'election_phases', 'audit_events'];

interface Phase {
  key: string;
  startsOn: string;
  endsOn: string;
  timeOfDay: string | null;
  status: string;
  label: { fi: string; sv: string; en: string };
}

const expectValidationFailed = (response: LightMyRequestResponse, path?: string) => {
  expectError(response, 400, 'validation_failed');
  const issues = errorBody(response).issues as { path: string }[];
  expect(issues.length).toBeGreaterThan(0);
  if (path) expect(issues.map((i) => i.path)).toContain(path);
};

const phase = (body: { phases: Phase[] }, key: string) => body.phases.find((p) => p.key === key);

describe('elections', () => {
  let t: TestApp;
  let coordinator: Client;
  let coordinatorId: string;
  let viewer: Client;
  let parliamentaryId: string;

  const auditOf = (targetId: string) =>
    t.deps.db.selectFrom('auditEvents').selectAll().where('targetId', '=', targetId).orderBy('seq').execute();

  beforeAll(async () => {
    t = await createTestApp();
    const om = await makeOrganisation(t);
    const c = await signedInUser(t, ['coordinator'], om);
    coordinator = c.client;
    coordinatorId = c.id;
    viewer = (await signedInUser(t, ['viewer'])).client;
    parliamentaryId = (await viewer.get('/api/v1/elections/parliamentary-2027')).json().id;
  });
  afterAll(() => t.close());

  describe('access', () => {
    it('refuses every election route to an anonymous caller', async () => {
      for (const [method, url, payload] of [
        ['GET', '/api/v1/elections', undefined],
        ['GET', `/api/v1/elections/${parliamentaryId}`, undefined],
        ['GET', '/api/v1/elections/schedule?type=parliamentary&year=2031', undefined],
        ['POST', '/api/v1/elections', { type: 'parliamentary', year: 2031 }],
        ['PATCH', `/api/v1/elections/${parliamentaryId}`, { name: { fi: 'a', sv: 'b', en: 'c' } }],
      ] as const) {
        expectError(
          await t.anonymous.request({ method, url, ...(payload ? { payload } : {}) }),
          401,
          'unauthenticated',
        );
      }
    });

    it('forbids anyone but a coordinator to add or adjust an election, and changes nothing', async () => {
      const clients = [await t.signIn(ADMIN_EMAIL)];
      for (const role of ['analyst', 'reporter', 'viewer'] as const)
        clients.push((await signedInUser(t, [role])).client);
      const counts = await rowCounts(t, TABLES);
      for (const client of clients) {
        expectError(
          await client.post('/api/v1/elections', { type: 'parliamentary', year: 2031 }),
          403,
          'forbidden',
        );
        expectError(
          await client.patch(`/api/v1/elections/${parliamentaryId}`, {
            phases: [{ key: 'election_day', startsOn: '2027-04-25', endsOn: '2027-04-25' }],
          }),
          403,
          'forbidden',
        );
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('lets any signed-in user read the elections and compute a schedule, an admin-only account too', async () => {
      for (const client of [
        viewer,
        (await signedInUser(t, ['reporter'])).client,
        await t.signIn(ADMIN_EMAIL),
      ]) {
        expect((await client.get('/api/v1/elections')).statusCode).toBe(200);
        expect((await client.get(`/api/v1/elections/${parliamentaryId}`)).statusCode).toBe(200);
        expect((await client.get('/api/v1/elections/schedule?type=county&year=2029')).statusCode).toBe(200);
      }
    });
  });

  describe('the elections of the term', () => {
    it('are all there, by election day, with their phases in time order', async () => {
      const response = await viewer.get('/api/v1/elections');
      expect(response.statusCode).toBe(200);
      const items = response.json().items as { slug: string; electionDay: string; phases: Phase[] }[];
      expect(items.map((e) => [e.slug, e.electionDay])).toEqual([
        ['presidential-2024-1', '2024-01-28'],
        ['presidential-2024-2', '2024-02-11'],
        ['european-parliament-2024', '2024-06-09'],
        ['county-2025', '2025-04-13'],
        ['municipal-2025', '2025-04-13'],
        ['parliamentary-2027', '2027-04-18'],
      ]);
      for (const election of items) {
        const starts = election.phases.map((p) => p.startsOn);
        expect(starts).toEqual([...starts].sort());
        expect(phase(election, 'election_day')).toMatchObject({
          startsOn: election.electionDay,
          timeOfDay: '09:00-20:00',
        });
        for (const p of election.phases) expect(Object.values(p.label).every((l) => l.length > 0)).toBe(true);
      }
    });

    it('keep the published dates as official and add the phases the rules give as computed', async () => {
      const ep = (await viewer.get('/api/v1/elections/european-parliament-2024')).json();
      expect(ep).toMatchObject({
        type: 'european_parliament',
        round: null,
        name: { sv: 'Europaparlamentsvalet 2024' },
      });
      expect(phase(ep, 'candidates_confirmed')).toMatchObject({
        startsOn: '2024-05-10',
        status: 'official',
        label: { sv: 'Kandidatuppställningen fastställs' },
      });
      expect(phase(ep, 'appeal_period')).toMatchObject({ status: 'computed', startsOn: '2024-06-12' });
      const p2027 = (await viewer.get(`/api/v1/elections/${parliamentaryId}`)).json();
      expect(phase(p2027, 'postal_votes_arrival_deadline')).toMatchObject({
        startsOn: '2027-04-16',
        timeOfDay: '19:00',
        status: 'computed',
      });
      expect(phase(p2027, 'advance_voting_finland')).toMatchObject({
        startsOn: '2027-04-07',
        endsOn: '2027-04-13',
        status: 'official',
      });
    });

    it('answers 404 to an election that does not exist and 400 to a malformed id', async () => {
      expectError(await viewer.get(`/api/v1/elections/${UNKNOWN_ID}`), 404, 'not_found');
      expectError(await viewer.get('/api/v1/elections/parliamentary-2099'), 404, 'not_found');
      expectValidationFailed(await viewer.get('/api/v1/elections/Not%20a%20slug'));
    });
  });

  describe('schedule', () => {
    it('computes the parliamentary election of 2031 on the Sunday before Easter', async () => {
      const response = await viewer.get('/api/v1/elections/schedule?type=parliamentary&year=2031');
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({
        type: 'parliamentary',
        year: 2031,
        round: null,
        electionDay: '2031-04-06',
        regularYear: true,
        slug: 'parliamentary-2031',
        name: { fi: 'Eduskuntavaalit 2031', sv: 'Riksdagsvalet 2031', en: 'Parliamentary elections 2031' },
      });
      expect(phase(body, 'candidate_application_deadline')).toMatchObject({
        startsOn: '2031-02-25',
        timeOfDay: '16:00',
        movedFrom: null,
        label: { en: 'Deadline for candidate applications' },
      });
    });

    it('computes the second round of a presidential election, and a European Parliament election on a given day', async () => {
      const second = (
        await viewer.get('/api/v1/elections/schedule?type=presidential&year=2030&round=2')
      ).json();
      expect(second).toMatchObject({ electionDay: '2030-02-10', round: 2, slug: 'presidential-2030-2' });
      const ep = await viewer.get(
        '/api/v1/elections/schedule?type=european_parliament&year=2029&day=2029-06-10',
      );
      expect(ep.statusCode, ep.body).toBe(200);
      expect(ep.json().electionDay).toBe('2029-06-10');
    });

    it.each([
      ['an unknown type', 'type=mayoral&year=2027', 'querystring.type'],
      ['no type', 'year=2027', 'querystring.type'],
      ['a year that is not a number', 'type=parliamentary&year=soon', 'querystring.year'],
      ['a year out of range', 'type=parliamentary&year=1800', 'querystring.year'],
      ['an impossible day', 'type=referendum&year=2026&day=2026-02-30', 'querystring.day'],
      ['a day that is not a Sunday', 'type=referendum&year=2026&day=2026-03-14', 'querystring.day'],
      [
        'a European Parliament election without its day',
        'type=european_parliament&year=2029',
        'querystring.day',
      ],
      ['a round of a municipal election', 'type=municipal&year=2029&round=2', 'querystring.round'],
      ['an unknown parameter', 'type=parliamentary&year=2031&tlp=red', undefined],
    ])('answers 400 to %s', async (_label, query, path) => {
      expectValidationFailed(await viewer.get(`/api/v1/elections/schedule?${query}`), path);
    });
  });

  describe('add', () => {
    it('lets a coordinator add the presidential election of 2030 from the rules, and audits it', async () => {
      const response = await coordinator.post('/api/v1/elections', { type: 'presidential', year: 2030 });
      expect(response.statusCode, response.body).toBe(201);
      const created = response.json();
      expect(created).toMatchObject({
        slug: 'presidential-2030-1',
        type: 'presidential',
        round: 1,
        electionDay: '2030-01-27',
        name: { fi: 'Tasavallan presidentin vaali 2030, ensimmäinen vaali' },
      });
      expect(created.phases.every((p: Phase) => p.status === 'computed')).toBe(true);
      expect(phase(created, 'candidate_application_deadline')?.startsOn).toBe('2029-12-11');
      expect((await viewer.get('/api/v1/elections/presidential-2030-1')).json().id).toBe(created.id);
      const audit = await auditOf(created.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'election.create',
        targetType: 'election',
        actorUserId: coordinatorId,
        requestId: response.headers['x-request-id'],
      });
    });

    it('adds a referendum on a given day with a name, and uses given phase dates as adjusted', async () => {
      const response = await coordinator.post('/api/v1/elections', {
        type: 'referendum',
        day: '2026-09-27',
        name: {
          fi: 'Neuvoa-antava kansanäänestys',
          sv: 'Rådgivande folkomröstning',
          en: 'Advisory referendum',
        },
        phases: [
          { key: 'advance_voting_abroad', startsOn: '2026-09-16', endsOn: '2026-09-18' },
          {
            key: 'ballot_printing',
            startsOn: '2026-08-01',
            endsOn: '2026-08-14',
            label: {
              fi: 'Äänestyslippujen painatus',
              sv: 'Tryckning av röstsedlar',
              en: 'Printing of ballots',
            },
          },
        ],
      });
      expect(response.statusCode, response.body).toBe(201);
      const created = response.json();
      expect(created).toMatchObject({
        slug: 'referendum-2026-09-27',
        electionDay: '2026-09-27',
        round: null,
      });
      expect(phase(created, 'candidate_application_deadline')).toBeUndefined();
      expect(phase(created, 'advance_voting_abroad')).toMatchObject({
        endsOn: '2026-09-18',
        status: 'adjusted',
      });
      expect(phase(created, 'advance_voting_finland')).toMatchObject({ status: 'computed' });
      expect(phase(created, 'ballot_printing')).toMatchObject({
        status: 'adjusted',
        label: { sv: 'Tryckning av röstsedlar' },
      });
      const starts = created.phases.map((p: Phase) => p.startsOn);
      expect(starts).toEqual([...starts].sort());
    });

    it('refuses a second election with the same slug, and adds nothing', async () => {
      const counts = await rowCounts(t, TABLES);
      expectError(
        await coordinator.post('/api/v1/elections', { type: 'parliamentary', year: 2027 }),
        409,
        'conflict',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it.each([
      ['an unknown type', { type: 'mayoral', year: 2031 }, 'body.type'],
      ['no year and no day', { type: 'parliamentary' }, 'body.year'],
      ['a year out of range', { type: 'parliamentary', year: 3000 }, 'body.year'],
      [
        'a European Parliament election without its day',
        { type: 'european_parliament', year: 2029 },
        'body.day',
      ],
      ['a day that is not a Sunday', { type: 'by_election', day: '2026-05-16' }, 'body.day'],
      ['an unknown field', { type: 'parliamentary', year: 2031, tlp: 'red' }, undefined],
      [
        'a phase that ends before it starts',
        {
          type: 'parliamentary',
          year: 2031,
          phases: [{ key: 'advance_voting_finland', startsOn: '2031-03-30', endsOn: '2031-03-25' }],
        },
        'body.phases.0.endsOn',
      ],
      [
        'a phase on an impossible day',
        {
          type: 'parliamentary',
          year: 2031,
          phases: [{ key: 'advance_voting_finland', startsOn: '2031-02-30', endsOn: '2031-03-31' }],
        },
        'body.phases.0.startsOn',
      ],
      [
        'a phase the rules do not know, without a label',
        {
          type: 'parliamentary',
          year: 2031,
          phases: [{ key: 'ballot_printing', startsOn: '2031-03-01', endsOn: '2031-03-02' }],
        },
        'body.phases.0.label',
      ],
      [
        'an election day phase that contradicts the day',
        {
          type: 'parliamentary',
          year: 2031,
          phases: [{ key: 'election_day', startsOn: '2031-04-13', endsOn: '2031-04-13' }],
        },
        'body.phases.0.startsOn',
      ],
      [
        'the same phase twice',
        {
          type: 'parliamentary',
          year: 2031,
          phases: [
            { key: 'election_day', startsOn: '2031-04-06', endsOn: '2031-04-06' },
            { key: 'election_day', startsOn: '2031-04-06', endsOn: '2031-04-06' },
          ],
        },
        'body.phases',
      ],
    ])('answers 400 to %s, and adds nothing', async (_label, body, path) => {
      const counts = await rowCounts(t, TABLES);
      expectValidationFailed(await coordinator.post('/api/v1/elections', body), path);
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('adds no election when its audit entry cannot be written', async () => {
      const counts = await rowCounts(t, TABLES);
      const restore = await refuseAuditOf(t, 'election.create');
      try {
        expectError(
          await coordinator.post('/api/v1/elections', { type: 'county', year: 2029 }),
          500,
          'internal',
        );
      } finally {
        await restore();
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });

  describe('adjust', () => {
    const create = async (year: number) =>
      (await coordinator.post('/api/v1/elections', { type: 'municipal', year })).json() as {
        id: string;
        slug: string;
        phases: Phase[];
        electionDay: string;
      };

    it('lets a coordinator move a phase: it becomes adjusted, keeps its label and takes its place in time', async () => {
      const before = await create(2033);
      const response = await coordinator.patch(`/api/v1/elections/${before.id}`, {
        phases: [
          { key: 'advance_voting_abroad', startsOn: '2033-03-24', endsOn: '2033-03-26', timeOfDay: null },
        ],
      });
      expect(response.statusCode, response.body).toBe(200);
      const after = response.json();
      expect(phase(after, 'advance_voting_abroad')).toMatchObject({
        startsOn: '2033-03-24',
        endsOn: '2033-03-26',
        status: 'adjusted',
        label: phase(before, 'advance_voting_abroad')!.label,
      });
      const starts = after.phases.map((p: Phase) => p.startsOn);
      expect(starts).toEqual([...starts].sort());
      expect(after.phases).toHaveLength(before.phases.length);
      const audit = await auditOf(before.id);
      expect(audit.map((a) => a.action)).toEqual(['election.create', 'election.update']);
      expect(audit[1]).toMatchObject({
        actorUserId: coordinatorId,
        details: {
          before: {
            phases: [
              { key: 'advance_voting_abroad', startsOn: phase(before, 'advance_voting_abroad')!.startsOn },
            ],
          },
        },
      });
    });

    it('renames an election by slug and moves its election day with the phase', async () => {
      const before = await create(2037);
      const response = await coordinator.patch(`/api/v1/elections/${before.slug}`, {
        name: { fi: 'Kuntavaalit 2037', sv: 'Kommunalvalet 2037', en: 'Municipal elections 2037 (moved)' },
        phases: [{ key: 'election_day', startsOn: '2037-04-26', endsOn: '2037-04-26' }],
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        electionDay: '2037-04-26',
        name: { en: 'Municipal elections 2037 (moved)' },
      });
      expect(phase(response.json(), 'election_day')).toMatchObject({
        status: 'adjusted',
        timeOfDay: '09:00-20:00',
      });
    });

    it.each([
      [
        'an end before the phase start',
        { phases: [{ key: 'advance_voting_finland', endsOn: '2041-01-01' }] },
        'body.phases.0.endsOn',
      ],
      [
        'an end before its new start',
        { phases: [{ key: 'advance_voting_finland', startsOn: '2041-04-03', endsOn: '2041-04-01' }] },
        'body.phases.0.endsOn',
      ],
      [
        'a new phase without dates',
        { phases: [{ key: 'ballot_printing', label: { fi: 'a', sv: 'b', en: 'c' } }] },
        'body.phases.0.startsOn',
      ],
      [
        'an election day of two days',
        { phases: [{ key: 'election_day', endsOn: '2041-04-15' }] },
        'body.phases.0.endsOn',
      ],
      [
        'a malformed time of day',
        { phases: [{ key: 'candidate_application_deadline', timeOfDay: '4 pm' }] },
        'body.phases.0.timeOfDay',
      ],
      ['an unknown field', { slug: 'renamed' }, undefined],
      ['nothing to change', {}, undefined],
    ])('answers 400 to %s, and changes nothing', async (_label, body, path) => {
      const created =
        (await viewer.get('/api/v1/elections/municipal-2041')).statusCode === 200
          ? (await viewer.get('/api/v1/elections/municipal-2041')).json()
          : await create(2041);
      const counts = await rowCounts(t, TABLES);
      expectValidationFailed(await coordinator.patch(`/api/v1/elections/${created.id}`, body), path);
      expect((await viewer.get(`/api/v1/elections/${created.id}`)).json()).toEqual(created);
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('answers 404 to a change of an election that does not exist', async () => {
      const counts = await rowCounts(t, TABLES);
      expectError(
        await coordinator.patch(`/api/v1/elections/${UNKNOWN_ID}`, { name: { fi: 'a', sv: 'b', en: 'c' } }),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });
});
