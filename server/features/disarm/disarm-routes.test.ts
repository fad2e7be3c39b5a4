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
const TABLES = ['incident_techniques', 'incident_events'];

const put = (client: Client, url: string, payload: unknown) =>
  client.request({ method: 'PUT', url, payload: payload as object });

describe('DISARM', () => {
  let t: TestApp;
  let om: string;
  let supo: string;
  let analyst: { id: string; client: Client };
  let viewer: Client;
  let outsider: { id: string; client: Client };
  let admin: Client;

  const amberIncident = (extra: { electionId?: string } = {}) =>
    makeIncident(t, { ownerOrganisationId: om, authorUserId: analyst.id, tlp: 'amber', ...extra });
  const setTechniques = (client: Client, incident: string, techniqueIds: unknown) =>
    put(client, `/api/v1/incidents/${incident}/techniques`, { techniqueIds });

  beforeAll(async () => {
    t = await createTestApp();
    [om, supo] = [await makeOrganisation(t), await makeOrganisation(t)];
    analyst = await signedInUser(t, ['analyst'], om);
    viewer = (await signedInUser(t, ['viewer'], om)).client;
    outsider = await signedInUser(t, ['analyst'], supo);
    admin = (await signedInUser(t, ['admin'], om)).client;
  });
  afterAll(() => t.close());

  describe('the framework', () => {
    it('loads the 16 tactics of the Red framework in phase order, with the attribution', async () => {
      const response = await viewer.get('/api/v1/disarm/tactics');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.phases.map((p: { name: string }) => p.name)).toEqual([
        'Plan',
        'Prepare',
        'Execute',
        'Assess',
      ]);
      expect(body.items).toHaveLength(16);
      expect(body.items.map((tactic: { id: string }) => tactic.id).slice(0, 4)).toEqual([
        'TA01',
        'TA02',
        'TA13',
        'TA14',
      ]);
      expect(body.items.at(-1)).toMatchObject({ id: 'TA12', name: 'Assess Effectiveness', phaseId: 'P04' });
      expect(body.attribution.text).toContain('DISARM Foundation');
      expect(body.attribution.licence).toBe('CC BY-SA 4.0');
    });

    it('has the 391 techniques with their sub-techniques and STIX ids', async () => {
      const all = (await viewer.get('/api/v1/disarm/techniques')).json();
      expect(all.items).toHaveLength(391);
      const sub = all.items.find((x: { id: string }) => x.id === 'T0014.001');
      expect(sub).toMatchObject({
        name: 'Raise Funds from Malign Actors',
        parentId: 'T0014',
        tacticId: 'TA15',
        stixId: 'attack-pattern--3bc92e69-67e4-405a-a6fb-a2d742395c45',
      });
    });

    it('finds techniques by the start of their id or by words of their name', async () => {
      const byId = (await viewer.get('/api/v1/disarm/techniques?q=t0014')).json();
      expect(byId.items.map((x: { id: string }) => x.id)).toEqual(['T0014', 'T0014.001', 'T0014.002']);
      const byName = (await viewer.get('/api/v1/disarm/techniques?q=state%20propaganda')).json();
      expect(byName.items.map((x: { id: string }) => x.id)).toContain('T0002');
      const none = (await viewer.get('/api/v1/disarm/techniques?q=%25')).json();
      expect(none.items).toEqual([]);
    });

    it('refuses anonymous callers and bad queries', async () => {
      expectError(await t.anonymous.get('/api/v1/disarm/tactics'), 401, 'unauthenticated');
      expectError(await t.anonymous.get('/api/v1/disarm/techniques'), 401, 'unauthenticated');
      expectError(await t.anonymous.get('/api/v1/disarm/matrix'), 401, 'unauthenticated');
      expectError(await viewer.get('/api/v1/disarm/techniques?q=x&extra=1'), 400, 'validation_failed');
      expectError(await viewer.get('/api/v1/disarm/techniques?limit=0'), 400, 'validation_failed');
      expectError(
        await viewer.get(`/api/v1/disarm/techniques?q=${'x'.repeat(201)}`),
        400,
        'validation_failed',
      );
    });
  });

  describe('the matrix', () => {
    it('counts only the incidents each caller may see, per technique and per tactic', async () => {
      const [a, b] = [await amberIncident(), await amberIncident()];
      const sharedOne = await makeIncident(t, {
        ownerOrganisationId: om,
        authorUserId: analyst.id,
        tlp: 'amber',
        sharedOrganisationIds: [supo],
      });
      await setTechniques(analyst.client, a, ['T0049', 'T0049.001']);
      await setTechniques(analyst.client, b, ['T0049']);
      await setTechniques(analyst.client, sharedOne, ['T0049']);
      const count = (
        matrix: {
          tactics: {
            id: string;
            incidentCount: number;
            techniques: { id: string; incidentCount: number }[];
          }[];
        },
        id: string,
      ) => matrix.tactics.flatMap((tactic) => tactic.techniques).find((x) => x.id === id)!.incidentCount;

      const ours = (await analyst.client.get('/api/v1/disarm/matrix')).json();
      expect(ours.tactics).toHaveLength(16);
      expect(count(ours, 'T0049')).toBe(3);
      expect(count(ours, 'T0049.001')).toBe(1);
      const tactic = ours.tactics.find((x: { techniques: { id: string }[] }) =>
        x.techniques.some((y) => y.id === 'T0049'),
      );
      expect(tactic.incidentCount).toBe(3);

      const theirs = (await outsider.client.get('/api/v1/disarm/matrix')).json();
      expect(count(theirs, 'T0049')).toBe(1);
      expect(count(theirs, 'T0049.001')).toBe(0);
    });

    it('counts only the incidents of one election when asked', async () => {
      const { id: electionId } = await t.deps.db
        .insertInto('elections')
        .values({
          slug: 'test-2027',
          type: 'parliamentary',
          nameFi: 'E',
          nameSv: 'V',
          nameEn: 'E',
          electionDay: '2027-04-18',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const inElection = await amberIncident({ electionId });
      await setTechniques(analyst.client, inElection, ['T0086']);
      await setTechniques(analyst.client, await amberIncident(), ['T0086']);
      const matrix = (await analyst.client.get(`/api/v1/disarm/matrix?electionId=${electionId}`)).json();
      const technique = matrix.tactics
        .flatMap((x: { techniques: unknown[] }) => x.techniques)
        .find((x: { id: string }) => x.id === 'T0086');
      expect(technique.incidentCount).toBe(1);
      expect(matrix.electionId).toBe(electionId);
      expectError(
        await analyst.client.get(`/api/v1/disarm/matrix?electionId=${UNKNOWN_ID}`),
        404,
        'not_found',
      );
      expectError(
        await analyst.client.get('/api/v1/disarm/matrix?electionId=2027'),
        400,
        'validation_failed',
      );
    });

    it('is refused to an admin-only account, which reads no content', async () => {
      expectError(await admin.get('/api/v1/disarm/matrix'), 403, 'forbidden');
    });
  });

  describe("an incident's techniques", () => {
    it('replaces the set, records what was added and removed, and reads it back', async () => {
      const incident = await amberIncident();
      const first = await setTechniques(analyst.client, incident, ['T0049', 'T0002', 'T0049']);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().items.map((x: { id: string }) => x.id)).toEqual(['T0002', 'T0049']);
      const second = await setTechniques(analyst.client, incident, ['T0049', 'T0049.001']);
      expect(second.json().items.map((x: { id: string }) => x.id)).toEqual(['T0049', 'T0049.001']);
      const history = await t.deps.db
        .selectFrom('incidentEvents')
        .select(['type', 'data'])
        .where('incidentId', '=', fromIncidentId(incident))
        .where('type', '=', 'techniques_changed')
        .orderBy('id')
        .execute();
      expect(history.map((e) => e.data)).toEqual([
        { added: ['T0002', 'T0049'], removed: [] },
        { added: ['T0049.001'], removed: ['T0002'] },
      ]);
      const unchanged = await rowCounts(t, TABLES);
      await setTechniques(analyst.client, incident, ['T0049.001', 'T0049']);
      expect(await rowCounts(t, TABLES)).toEqual(unchanged);
      const read = (await viewer.get(`/api/v1/incidents/${incident}/techniques`)).json();
      expect(read).toMatchObject({
        incidentId: incident,
        items: [{ id: 'T0049', addedByUserId: analyst.id }, { id: 'T0049.001' }],
      });
    });

    it.each([
      ['an unknown technique', ['T0049', 'T9999']],
      ['a malformed id', ['TA01']],
      ['not a list', 'T0049'],
    ])('answers 400 to %s and changes nothing', async (_label, ids) => {
      const incident = await amberIncident();
      await setTechniques(analyst.client, incident, ['T0002']);
      const counts = await rowCounts(t, TABLES);
      expectError(await setTechniques(analyst.client, incident, ids), 400, 'validation_failed');
      expect(await rowCounts(t, TABLES)).toEqual(counts);
      expect(
        (await analyst.client.get(`/api/v1/incidents/${incident}/techniques`)).json().items,
      ).toHaveLength(1);
    });

    it('answers 400 to an unknown field', async () => {
      const incident = await amberIncident();
      expectError(
        await put(analyst.client, `/api/v1/incidents/${incident}/techniques`, { techniqueIds: [], extra: 1 }),
        400,
        'validation_failed',
      );
    });

    it('answers 401 anonymously, 404 to another organisation, 403 to a viewer', async () => {
      const incident = await amberIncident();
      const counts = await rowCounts(t, TABLES);
      expectError(await t.anonymous.get(`/api/v1/incidents/${incident}/techniques`), 401, 'unauthenticated');
      expectError(await setTechniques(t.anonymous, incident, ['T0049']), 401, 'unauthenticated');
      expectError(await outsider.client.get(`/api/v1/incidents/${incident}/techniques`), 404, 'not_found');
      expectError(await setTechniques(outsider.client, incident, ['T0049']), 404, 'not_found');
      expectError(await setTechniques(admin, incident, ['T0049']), 404, 'not_found');
      expectError(await setTechniques(viewer, incident, ['T0049']), 403, 'forbidden');
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });
});
