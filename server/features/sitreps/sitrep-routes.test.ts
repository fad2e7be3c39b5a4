import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import type { Sitrep, SitrepSection, SitrepSummary } from '../../../shared/contracts/sitreps.js';
import {
  createTestApp,
  errorBody,
  expectError,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['sitreps', 'sitrep_sections', 'sitrep_incidents', 'audit_events'];
// The day before advance voting in Finland starts for the 2027 parliamentary election (7–13 April).
const PERIOD = { periodStart: '2027-04-06T06:00:00Z', periodEnd: '2027-04-07T06:00:00Z' };
const IN_PERIOD = new Date('2027-04-06T12:00:00Z');
const BEFORE_PERIOD = new Date('2027-04-01T12:00:00Z');

type User = Awaited<ReturnType<typeof signedInUser>>;

const expectValidationFailed = (response: LightMyRequestResponse) => {
  expectError(response, 400, 'validation_failed');
  expect(errorBody(response).issues).toEqual(
    expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
  );
};

describe('situation report drafting', () => {
  let t: TestApp;
  let om: string;
  let supo: string;
  let other: string;
  let coordinator: User;
  let analyst: User;
  let viewer: User;
  let reporter: User;
  let supoAnalyst: User;
  let otherCoordinator: User;
  let otherAnalyst: User;
  let electionId: string;
  let templateId: string;
  let weeklyTemplateId: string;

  const create = (client: Client, body: Record<string, unknown> = {}) =>
    client.post('/api/v1/sitreps', { electionId, templateId, ...PERIOD, ...body });
  const created = async (client: Client = coordinator.client, body: Record<string, unknown> = {}) => {
    const response = await create(client, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Sitrep;
  };
  const read = async (client: Client, id: string) => {
    const response = await client.get(`/api/v1/sitreps/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Sitrep;
  };
  const list = async (client: Client, query = '') => {
    const response = await client.get(`/api/v1/sitreps${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: SitrepSummary[]; nextCursor: string | null };
  };
  const section = (report: Sitrep, key: string) => report.draft!.sections.find((s) => s.key === key)!;
  /** A distributed version shared with `organisations`, written straight into the table. */
  const distribute = async (report: Sitrep, organisations: string[], title = 'Jaettu katsaus') => {
    await t.deps.db
      .insertInto('sitrepVersions')
      .values({
        sitrepId: report.id,
        number: 1,
        tlp: 'amber',
        ownerOrganisationId: om,
        authorUserId: coordinator.id,
        sharedOrganisationIds: organisations,
        content: JSON.stringify({
          title: { fi: title, sv: `${title} sv`, en: `${title} en` },
          periodStart: report.periodStart,
          periodEnd: report.periodEnd,
          sections: [{ key: 'cyber', body: { fi: 'Vain versiossa: palvelunestohyökkäys', sv: '', en: '' } }],
        }),
        languages: ['fi'],
        approvedByUserId: coordinator.id,
        approvedByOrganisationId: om,
        distributedAt: new Date(),
        distributedByUserId: coordinator.id,
      })
      .execute();
    await t.deps.db
      .updateTable('sitreps')
      .set({ status: 'distributed' })
      .where('id', '=', report.id)
      .execute();
  };

  beforeAll(async () => {
    t = await createTestApp();
    [om, supo, other] = [await makeOrganisation(t), await makeOrganisation(t), await makeOrganisation(t)];
    coordinator = await signedInUser(t, ['coordinator'], om);
    analyst = await signedInUser(t, ['analyst'], om);
    viewer = await signedInUser(t, ['viewer'], om);
    reporter = await signedInUser(t, ['reporter'], om);
    supoAnalyst = await signedInUser(t, ['analyst'], supo);
    otherCoordinator = await signedInUser(t, ['coordinator'], other);
    otherAnalyst = await signedInUser(t, ['analyst'], other);
    electionId = (
      await t.deps.db
        .selectFrom('elections')
        .select('id')
        .where('slug', '=', 'parliamentary-2027')
        .executeTakeFirstOrThrow()
    ).id;
    const templates = await t.deps.db.selectFrom('sitrepTemplates').select(['id', 'key']).execute();
    templateId = templates.find((x) => x.key === 'daily')!.id;
    weeklyTemplateId = templates.find((x) => x.key === 'weekly')!.id;
  });
  afterAll(() => t.close());

  describe('access', () => {
    it('refuses every drafting route to an anonymous caller', async () => {
      const report = await created();
      const base = `/api/v1/sitreps/${report.id}`;
      const incident = await makeIncident(t, { ownerOrganisationId: om, authorUserId: coordinator.id });
      for (const [method, url, payload] of [
        ['GET', '/api/v1/sitreps', undefined],
        ['POST', '/api/v1/sitreps', { electionId, templateId }],
        ['GET', base, undefined],
        ['PATCH', base, { revision: 1, tlp: 'red' }],
        ['PUT', `${base}/sections/cyber`, { language: 'fi', body: 'x', baseRevision: 1 }],
        ['POST', `${base}/sections/cyber/presence`, undefined],
        ['DELETE', `${base}/sections/cyber/presence`, undefined],
        ['POST', `${base}/incidents`, { incidentId: incident }],
        ['DELETE', `${base}/incidents/${incident}`, undefined],
      ] as const) {
        expectError(
          await t.anonymous.request({ method, url, ...(payload ? { payload } : {}) }),
          401,
          'unauthenticated',
        );
      }
    });

    it('lets only coordinators draft a report', async () => {
      const counts = await rowCounts(t, TABLES);
      for (const user of [analyst, viewer, reporter, supoAnalyst]) {
        expectError(await create(user.client), 403, 'forbidden');
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('hides a draft from another organisation: 404 on every route, absent from the list and search', async () => {
      const report = await created(coordinator.client);
      const base = `/api/v1/sitreps/${report.id}`;
      const incident = await makeIncident(t, {
        ownerOrganisationId: other,
        authorUserId: otherCoordinator.id,
      });
      const counts = await rowCounts(t, TABLES);
      for (const user of [otherCoordinator, otherAnalyst]) {
        expectError(await user.client.get(base), 404, 'not_found');
        expectError(
          await user.client.put(`${base}/sections/cyber`, { language: 'fi', body: 'x', baseRevision: 1 }),
          404,
          'not_found',
        );
        expectError(await user.client.post(`${base}/sections/cyber/presence`), 404, 'not_found');
        expectError(await user.client.delete(`${base}/sections/cyber/presence`), 404, 'not_found');
        const page = await list(user.client);
        expect(page.items.map((i) => i.id)).not.toContain(report.id);
        const search = await list(user.client, `?q=${encodeURIComponent('Päivittäinen')}`);
        expect(search.items.map((i) => i.id)).not.toContain(report.id);
      }
      expectError(await otherCoordinator.client.patch(base, { revision: 1, tlp: 'red' }), 404, 'not_found');
      expectError(
        await otherCoordinator.client.post(`${base}/incidents`, { incidentId: incident }),
        404,
        'not_found',
      );
      expectError(await otherCoordinator.client.delete(`${base}/incidents/${incident}`), 404, 'not_found');
      expectError(await otherCoordinator.client.get(`/api/v1/sitreps/${UNKNOWN_ID}`), 404, 'not_found');
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('lets a recipient read the distributed versions but never the draft', async () => {
      const report = await created(coordinator.client, {
        periodEnd: '2027-04-08T06:00:00Z',
        periodStart: '2027-04-07T06:00:00Z',
      });
      await distribute(report, [other], 'Vastaanotettu katsaus');
      const seen = await read(otherAnalyst.client, report.id);
      expect(seen.draft).toBeNull();
      expect(seen.status).toBeNull();
      expect(seen.title.fi).toBe('Vastaanotettu katsaus');
      expect(seen.versions.map((v) => v.number)).toEqual([1]);
      const page = await list(otherAnalyst.client, `?electionId=${electionId}`);
      const item = page.items.find((i) => i.id === report.id)!;
      expect(item).toMatchObject({ status: null, versionNumber: 1, title: { fi: 'Vastaanotettu katsaus' } });
      // Search reads what the recipient's version says, not the draft.
      expect((await list(otherAnalyst.client, '?q=versiossa')).items.map((i) => i.id)).toContain(report.id);
      expect((await list(otherAnalyst.client, '?q=Päivittäinen')).items.map((i) => i.id)).not.toContain(
        report.id,
      );
      // A third organisation is no recipient.
      const third = await signedInUser(t, ['analyst']);
      expectError(await third.client.get(`/api/v1/sitreps/${report.id}`), 404, 'not_found');
      expect((await list(third.client, '?q=versiossa')).items.map((i) => i.id)).not.toContain(report.id);
    });
  });

  describe('creating a draft', () => {
    let report: Sitrep;
    let ids: Record<string, string>;

    beforeAll(async () => {
      const at = (d: Date) => ({ electionId, createdAt: d });
      ids = {
        cyber: await makeIncident(t, {
          ownerOrganisationId: om,
          authorUserId: analyst.id,
          title: 'Palvelunestohyökkäys vaalitietojärjestelmään',
          domains: ['cyber'],
          severity: 4,
          tlp: 'amber',
          ...at(IN_PERIOD),
        }),
        physical: await makeIncident(t, {
          ownerOrganisationId: om,
          authorUserId: analyst.id,
          title: 'Vahingonteko äänestyspaikalla',
          domains: ['physical'],
          severity: 2,
          tlp: 'green',
          ...at(IN_PERIOD),
        }),
        hidden: await makeIncident(t, {
          ownerOrganisationId: other,
          authorUserId: otherAnalyst.id,
          title: 'Toisen organisaation salainen tapaus',
          severity: 5,
          tlp: 'amber',
          ...at(IN_PERIOD),
        }),
        red: await makeIncident(t, {
          ownerOrganisationId: other,
          authorUserId: otherAnalyst.id,
          title: 'Punainen tapaus',
          severity: 5,
          tlp: 'red',
          sharedUserIds: [coordinator.id],
          ...at(IN_PERIOD),
        }),
        escalated: await makeIncident(t, {
          ownerOrganisationId: other,
          authorUserId: otherAnalyst.id,
          title: 'Disinformaatiokampanja kiihtyy',
          domains: ['information_influence'],
          severity: 3,
          tlp: 'amber+strict',
          sharedOrganisationIds: [om],
          ...at(BEFORE_PERIOD),
        }),
        old: await makeIncident(t, {
          ownerOrganisationId: om,
          authorUserId: analyst.id,
          title: 'Vanha hiljainen tapaus',
          ...at(BEFORE_PERIOD),
        }),
        otherElection: await makeIncident(t, {
          ownerOrganisationId: om,
          authorUserId: analyst.id,
          title: 'Ei tämän vaalin tapaus',
          createdAt: IN_PERIOD,
        }),
      };
      await t.deps.db
        .insertInto('incidentEvents')
        .values({
          incidentId: fromIncidentId(ids.escalated!),
          type: 'updated',
          actorUserId: otherAnalyst.id,
          actorOrganisationId: other,
          occurredAt: IN_PERIOD,
          data: { changes: { severity: { from: 2, to: 3 } } },
        })
        .execute();
      await t.deps.db
        .insertInto('threatLevels')
        .values({
          electionId,
          domain: 'cyber',
          level: 3,
          rationale: 'Palvelunestohyökkäyksiä kunnille.',
          setByUserId: coordinator.id,
          setByOrganisationId: om,
          setAt: IN_PERIOD,
        })
        .execute();
      report = await created(coordinator.client, { tlp: 'green' });
    });

    it('includes the visible incidents new, escalated or closed in the period, most severe first', () => {
      expect(report.draft!.incidents.map((i) => i.id)).toEqual([ids.cyber, ids.escalated, ids.physical]);
      expect(report.draft!.hiddenIncidentCount).toBe(0);
    });

    it('raises the marking to the strictest included incident and shows the floor', () => {
      expect(report.tlp).toBe('amber+strict');
      expect(report.draft!.check.markingFloor).toBe('amber+strict');
    });

    it('writes the domain summaries, threat levels and outlook in Finnish, Swedish and English', () => {
      const cyber = section(report, 'cyber');
      expect(cyber.body.fi).toContain('Katsaukseen sisältyy 1 tapaus tältä osa-alueelta (uusia: 1');
      expect(cyber.body.fi).toContain('Palvelunestohyökkäys vaalitietojärjestelmään');
      expect(cyber.body.sv).toContain('Rapporten tar upp 1 incident inom området (nya: 1');
      expect(cyber.body.en).toContain('The report includes 1 incident of this domain (new: 1');
      expect(section(report, 'information_influence').body.fi).toContain('eskaloituneita: 1');
      expect(section(report, 'process').body.en).toContain(
        'The report includes no incidents of this domain.',
      );
      const levels = section(report, 'threat_levels');
      expect(levels.body.fi).toContain('Kyberturvallisuus: 3/5 (kohonnut)');
      expect(levels.body.sv).toContain('Ändringar under perioden');
      const outlook = section(report, 'outlook');
      expect(outlook.body.fi).toMatch(/Ennakkoäänestys|ennakkoäänestys/);
      expect(outlook.body.en).toContain('next 24 hours');
      expect(section(report, 'key_judgements').body).toEqual({ fi: '', sv: '', en: '' });
      expect(report.title.fi).toContain('Päivittäinen tilannekatsaus');
      expect(report.title.sv).toContain('Daglig lägesrapport');
      expect(report.draft!.check.missingLanguages).toEqual(['fi', 'sv', 'en']);
    });

    it('never names an incident the drafter may not see, nor a red one', () => {
      const text = JSON.stringify(report);
      expect(text).not.toContain('Toisen organisaation salainen tapaus');
      expect(text).not.toContain('Punainen tapaus');
      expect(text).not.toContain('Ei tämän vaalin tapaus');
    });

    it('defaults the period to the template period, then to the end of the previous report', async () => {
      const first = await created(coordinator.client, {
        templateId: weeklyTemplateId,
        periodStart: undefined,
        periodEnd: '2027-02-01T06:00:00Z',
      });
      expect(first.periodStart).toBe('2027-01-25T06:00:00.000Z');
      const second = await created(coordinator.client, {
        templateId: weeklyTemplateId,
        periodStart: undefined,
        periodEnd: '2027-02-07T06:00:00Z',
      });
      expect(second.periodStart).toBe('2027-02-01T06:00:00.000Z');
      expect(section(second, 'outlook').body.en).toContain('next 7 days');
    });

    it('refuses invalid input and changes nothing', async () => {
      const counts = await rowCounts(t, TABLES);
      for (const body of [
        { electionId: UNKNOWN_ID },
        { templateId: UNKNOWN_ID },
        { periodStart: PERIOD.periodEnd, periodEnd: PERIOD.periodStart },
        { tlp: 'purple' },
        { electionId: 'not-a-uuid' },
        { extra: true },
      ]) {
        expectValidationFailed(await create(coordinator.client, body));
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });

  describe('listing and searching', () => {
    it('pages with a cursor, newest period first, and filters by election and status', async () => {
      const user = await signedInUser(t, ['coordinator']);
      const made: Sitrep[] = [];
      for (const day of ['10', '11', '12']) {
        made.push(
          await created(user.client, {
            periodStart: `2027-03-${day}T06:00:00Z`,
            periodEnd: `2027-03-${Number(day) + 1}T06:00:00Z`,
          }),
        );
      }
      const first = await list(user.client, '?limit=2');
      expect(first.items.map((i) => i.id)).toEqual([made[2]!.id, made[1]!.id]);
      const second = await list(user.client, `?limit=2&cursor=${first.nextCursor}`);
      expect(second.items.map((i) => i.id)).toEqual([made[0]!.id]);
      expect(second.nextCursor).toBeNull();
      expect((await list(user.client, `?electionId=${UNKNOWN_ID}`)).items).toEqual([]);
      expect((await list(user.client, '?status=draft')).items).toHaveLength(3);
      expect((await list(user.client, '?status=approved')).items).toHaveLength(0);
      expectError(await user.client.get('/api/v1/sitreps?cursor=nonsense'), 400, 'bad_request');
      expectValidationFailed(await user.client.get('/api/v1/sitreps?status=lost'));
    });

    it('finds a draft by the text of its sections', async () => {
      const user = await signedInUser(t, ['coordinator']);
      const report = await created(user.client);
      const key = section(report, 'key_judgements');
      const write = await user.client.put(`/api/v1/sitreps/${report.id}/sections/key_judgements`, {
        language: 'sv',
        body: 'Läget är lugnt men hotet mot röstningsställena kvarstår.',
        baseRevision: key.revision,
      });
      expect(write.statusCode, write.body).toBe(200);
      expect((await list(user.client, '?q=röstningsställena')).items.map((i) => i.id)).toEqual([report.id]);
      expect((await list(user.client, '?q=100%25')).items).toEqual([]);
    });
  });

  describe('changing the draft', () => {
    it('refuses analysts, viewers (403), a stale revision (409) and a report that is no longer a draft (409)', async () => {
      const report = await created();
      const base = `/api/v1/sitreps/${report.id}`;
      for (const user of [analyst, viewer]) {
        expectError(await user.client.patch(base, { revision: 1, title: { fi: 'Uusi' } }), 403, 'forbidden');
      }
      expectError(
        await coordinator.client.patch(base, { revision: 7, title: { fi: 'Uusi' } }),
        409,
        'version_conflict',
      );
      await t.deps.db
        .updateTable('sitreps')
        .set({ status: 'in_review' })
        .where('id', '=', report.id)
        .execute();
      expectError(
        await coordinator.client.patch(base, { revision: 1, title: { fi: 'Uusi' } }),
        409,
        'conflict',
      );
      expect((await read(coordinator.client, report.id)).title.fi).toBe(report.title.fi);
    });

    it('refuses invalid changes and changes nothing', async () => {
      const report = await created();
      const base = `/api/v1/sitreps/${report.id}`;
      const before = await t.deps.db
        .selectFrom('sitreps')
        .selectAll()
        .where('id', '=', report.id)
        .executeTakeFirstOrThrow();
      for (const body of [
        { revision: 1, recipients: { organisations: [UNKNOWN_ID], communities: [] } },
        { revision: 1, recipients: { organisations: [], communities: [UNKNOWN_ID] } },
        { revision: 1, assignees: { nonexistent_key: supo } },
        { revision: 1, assignees: { cyber: UNKNOWN_ID } },
        { revision: 1, periodStart: '2027-05-01T00:00:00Z' },
        { revision: 1, title: { fi: '' } },
        { revision: 1, status: 'approved' },
      ]) {
        expectValidationFailed(await coordinator.client.patch(base, body));
      }
      expect(
        await t.deps.db
          .selectFrom('sitreps')
          .selectAll()
          .where('id', '=', report.id)
          .executeTakeFirstOrThrow(),
      ).toEqual(before);
    });

    it('refuses a marking below the floor', async () => {
      const report = await created();
      const incident = await makeIncident(t, {
        ownerOrganisationId: om,
        authorUserId: analyst.id,
        tlp: 'amber+strict',
      });
      const added = await coordinator.client.post(`/api/v1/sitreps/${report.id}/incidents`, {
        incidentId: incident,
      });
      const after = added.json() as Sitrep;
      const response = await coordinator.client.patch(`/api/v1/sitreps/${report.id}`, {
        revision: after.draft!.revision,
        tlp: 'amber',
      });
      expectError(response, 400, 'marking_below_floor');
      expect((await read(coordinator.client, report.id)).tlp).toBe('amber+strict');
    });

    it('changes titles, period, marking and recipients, and assigning a section shares the draft', async () => {
      // A period with nothing in it: no included incident that Supo, assigned a section, may not see.
      const report = await created(coordinator.client, {
        periodStart: '2030-05-01T00:00:00Z',
        periodEnd: '2030-05-02T00:00:00Z',
      });
      const base = `/api/v1/sitreps/${report.id}`;
      expectError(await supoAnalyst.client.get(base), 404, 'not_found');
      const community = await t.deps.db
        .insertInto('communities')
        .values({ nameFi: 'Vaaliyhteistyö', nameSv: 'Valsamarbete', nameEn: 'Election cooperation' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const response = await coordinator.client.patch(base, {
        revision: report.draft!.revision,
        title: { en: 'Daily report, 7 April' },
        periodStart: '2030-04-30T05:00:00Z',
        tlp: 'amber+strict',
        recipients: { organisations: [other, supo, other], communities: [community.id] },
        assignees: { cyber: supo },
      });
      expect(response.statusCode, response.body).toBe(200);
      const changed = response.json() as Sitrep;
      expect(changed).toMatchObject({
        title: { fi: report.title.fi, en: 'Daily report, 7 April' },
        periodStart: '2030-04-30T05:00:00.000Z',
        tlp: 'amber+strict',
      });
      expect(changed.draft!.revision).toBe(report.draft!.revision + 1);
      expect(changed.draft!.recipients).toEqual({
        organisations: [other, supo],
        communities: [community.id],
      });
      expect(section(changed, 'cyber').assigneeOrganisationId).toBe(supo);
      const shared = await read(supoAnalyst.client, report.id);
      expect(section(shared, 'cyber').canEdit).toBe(true);
      expect(section(shared, 'physical').canEdit).toBe(false);
      expect(shared.draft!.permissions).toEqual({ edit: false, approve: false });
      // Unassigning takes the draft away again.
      const back = await coordinator.client.patch(base, {
        revision: changed.draft!.revision,
        assignees: { cyber: null },
      });
      expect(back.statusCode, back.body).toBe(200);
      expectError(await supoAnalyst.client.get(base), 404, 'not_found');
    });
  });

  describe('writing sections', () => {
    let report: Sitrep;
    let base: string;

    beforeAll(async () => {
      // A quiet period, so that Supo may be assigned a section (it may see everything included).
      report = await created(coordinator.client, {
        periodStart: '2030-06-01T00:00:00Z',
        periodEnd: '2030-06-02T00:00:00Z',
      });
      base = `/api/v1/sitreps/${report.id}`;
      const assigned = await coordinator.client.patch(base, {
        revision: report.draft!.revision,
        assignees: { cyber: supo },
      });
      expect(assigned.statusCode, assigned.body).toBe(200);
      report = assigned.json() as Sitrep;
    });

    const put = (client: Client, key: string, body: Record<string, unknown>) =>
      client.put(`${base}/sections/${key}`, body);

    it('lets the assignee organisation write its section and the coordinator any', async () => {
      const cyber = section(report, 'cyber');
      const response = await put(supoAnalyst.client, 'cyber', {
        language: 'sv',
        body: 'Överbelastningsattacker mot kommunernas webbplatser fortsätter.',
        baseRevision: cyber.revision,
      });
      expect(response.statusCode, response.body).toBe(200);
      const written = response.json() as SitrepSection;
      expect(written).toMatchObject({
        revision: cyber.revision + 1,
        body: { sv: 'Överbelastningsattacker mot kommunernas webbplatser fortsätter.', fi: cyber.body.fi },
        updatedBy: { userId: supoAnalyst.id },
      });
      const judgements = section(report, 'key_judgements');
      expect(
        (
          await put(coordinator.client, 'key_judgements', {
            language: 'fi',
            body: 'Tilanne on rauhallinen.',
            baseRevision: judgements.revision,
          })
        ).statusCode,
      ).toBe(200);
      const physical = section(report, 'physical');
      expect(
        (
          await put(analyst.client, 'physical', {
            language: 'en',
            body: 'Calm.',
            baseRevision: physical.revision,
          })
        ).statusCode,
      ).toBe(200);
    });

    it('refuses a viewer, an analyst of another section, and an analyst of the drafting organisation on an assigned section (403)', async () => {
      const counts = await rowCounts(t, TABLES);
      const fresh = await read(coordinator.client, report.id);
      expectError(
        await put(viewer.client, 'physical', {
          language: 'fi',
          body: 'x',
          baseRevision: section(fresh, 'physical').revision,
        }),
        403,
        'forbidden',
      );
      expectError(
        await put(supoAnalyst.client, 'physical', {
          language: 'fi',
          body: 'x',
          baseRevision: section(fresh, 'physical').revision,
        }),
        403,
        'forbidden',
      );
      expectError(
        await put(analyst.client, 'cyber', {
          language: 'fi',
          body: 'x',
          baseRevision: section(fresh, 'cyber').revision,
        }),
        403,
        'forbidden',
      );
      expectError(
        await put(otherAnalyst.client, 'cyber', { language: 'fi', body: 'x', baseRevision: 1 }),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
      expect(await read(coordinator.client, report.id)).toEqual(fresh);
    });

    it('refuses a write based on a stale revision, naming who wrote it since', async () => {
      const fresh = await read(coordinator.client, report.id);
      const cyber = section(fresh, 'cyber');
      expect(
        (
          await put(supoAnalyst.client, 'cyber', {
            language: 'fi',
            body: 'Ensimmäinen',
            baseRevision: cyber.revision,
          })
        ).statusCode,
      ).toBe(200);
      const stale = await put(coordinator.client, 'cyber', {
        language: 'fi',
        body: 'Toinen',
        baseRevision: cyber.revision,
      });
      expectError(stale, 409, 'edit_conflict');
      expect(errorBody(stale).message).toContain(`Test ${supoAnalyst.email}`);
      expect(errorBody(stale).issues).toEqual([
        { path: 'body.baseRevision', message: expect.stringContaining(supoAnalyst.id) },
      ]);
      expect(section(await read(coordinator.client, report.id), 'cyber').body.fi).toBe('Ensimmäinen');
    });

    it('refuses invalid input and unknown sections and changes nothing', async () => {
      const fresh = await read(coordinator.client, report.id);
      const revision = section(fresh, 'physical').revision;
      for (const body of [
        { language: 'de', body: 'x', baseRevision: revision },
        { language: 'fi', body: 'x'.repeat(50_001), baseRevision: revision },
        { language: 'fi', body: 'x', baseRevision: 0 },
        { language: 'fi', body: 'x', baseRevision: revision, extra: 1 },
      ]) {
        expectValidationFailed(await put(coordinator.client, 'physical', body));
      }
      expectValidationFailed(
        await put(coordinator.client, 'Not-A-Key', { language: 'fi', body: 'x', baseRevision: 1 }),
      );
      expectError(
        await put(coordinator.client, 'no_such_section', { language: 'fi', body: 'x', baseRevision: 1 }),
        404,
        'not_found',
      );
      expect(await read(coordinator.client, report.id)).toEqual(fresh);
    });

    it('shows who else has a section open, for a minute', async () => {
      const open = await supoAnalyst.client.post(`${base}/sections/cyber/presence`);
      expect(open.statusCode, open.body).toBe(200);
      expect((open.json() as SitrepSection).editing).toBeNull();
      const seen = section(await read(coordinator.client, report.id), 'cyber');
      expect(seen.editing).toMatchObject({ userId: supoAnalyst.id, name: `Test ${supoAnalyst.email}` });
      expect(new Date(seen.editing!.until).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
      // The coordinator opening it too keeps the first presence visible to them.
      const second = await coordinator.client.post(`${base}/sections/cyber/presence`);
      expect((second.json() as SitrepSection).editing).toMatchObject({ userId: supoAnalyst.id });
      expect(section(await read(supoAnalyst.client, report.id), 'cyber').editing).toBeNull();
      expectError(await viewer.client.post(`${base}/sections/cyber/presence`), 403, 'forbidden');
      expectError(await analyst.client.post(`${base}/sections/cyber/presence`), 403, 'forbidden');
      expect((await supoAnalyst.client.delete(`${base}/sections/cyber/presence`)).statusCode).toBe(204);
      expect(section(await read(coordinator.client, report.id), 'cyber').editing).toBeNull();
    });
  });

  describe('notable incidents', () => {
    it('includes an incident the coordinator may see, raising the marking, and leaves it out again', async () => {
      const report = await created(coordinator.client, {
        tlp: 'green',
        periodStart: '2030-01-01T00:00:00Z',
        periodEnd: '2030-01-02T00:00:00Z',
      });
      expect(report.tlp).toBe('green');
      const base = `/api/v1/sitreps/${report.id}`;
      const strict = await makeIncident(t, {
        ownerOrganisationId: other,
        authorUserId: otherAnalyst.id,
        tlp: 'amber+strict',
        sharedOrganisationIds: [om],
        title: 'Tiukasti rajattu tapaus',
      });
      const response = await coordinator.client.post(`${base}/incidents`, { incidentId: strict });
      expect(response.statusCode, response.body).toBe(200);
      const added = response.json() as Sitrep;
      expect(added.tlp).toBe('amber+strict');
      expect(added.draft!.check.markingFloor).toBe('amber+strict');
      expect(added.draft!.incidents.map((i) => i.id)).toEqual([strict]);
      expect(added.draft!.revision).toBe(report.draft!.revision + 1);
      // Adding it again changes nothing.
      expect(
        ((await coordinator.client.post(`${base}/incidents`, { incidentId: strict })).json() as Sitrep).draft!
          .incidents,
      ).toHaveLength(1);

      const removed = await coordinator.client.delete(`${base}/incidents/${strict}`);
      expect(removed.statusCode, removed.body).toBe(200);
      const after = removed.json() as Sitrep;
      expect(after.draft!.incidents).toEqual([]);
      expect(after.draft!.check.markingFloor).toBe('clear');
      expect(after.tlp).toBe('amber+strict');
      expectError(await coordinator.client.delete(`${base}/incidents/${strict}`), 404, 'not_found');
    });

    it('answers 404 for an incident the coordinator may not see, 403 to analysts, 400 for invalid ids', async () => {
      const report = await created(coordinator.client, {
        periodStart: '2030-02-01T00:00:00Z',
        periodEnd: '2030-02-02T00:00:00Z',
      });
      const base = `/api/v1/sitreps/${report.id}`;
      const hidden = await makeIncident(t, {
        ownerOrganisationId: other,
        authorUserId: otherAnalyst.id,
        tlp: 'amber',
      });
      const visible = await makeIncident(t, {
        ownerOrganisationId: om,
        authorUserId: analyst.id,
        tlp: 'amber',
      });
      const counts = await rowCounts(t, TABLES);
      expectError(
        await coordinator.client.post(`${base}/incidents`, { incidentId: hidden }),
        404,
        'not_found',
      );
      expectError(
        await coordinator.client.post(`${base}/incidents`, { incidentId: `incident--${UNKNOWN_ID}` }),
        404,
        'not_found',
      );
      expectError(await analyst.client.post(`${base}/incidents`, { incidentId: visible }), 403, 'forbidden');
      expectError(await viewer.client.delete(`${base}/incidents/${visible}`), 403, 'forbidden');
      expectValidationFailed(await coordinator.client.post(`${base}/incidents`, { incidentId: UNKNOWN_ID }));
      expectValidationFailed(
        await coordinator.client.post(`${base}/incidents`, { incidentId: visible, position: 1 }),
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('never lets an organisation write in a draft that includes an incident it may not see', async () => {
      const report = await created(coordinator.client, {
        periodStart: '2030-03-01T00:00:00Z',
        periodEnd: '2030-03-02T00:00:00Z',
      });
      const base = `/api/v1/sitreps/${report.id}`;
      const ownOnly = await makeIncident(t, {
        ownerOrganisationId: om,
        authorUserId: analyst.id,
        tlp: 'amber',
        title: 'Vain omalle',
      });
      const shared = await makeIncident(t, {
        ownerOrganisationId: om,
        authorUserId: analyst.id,
        tlp: 'amber',
        sharedOrganisationIds: [supo],
        title: 'Jaettu Supolle',
      });
      expect((await coordinator.client.post(`${base}/incidents`, { incidentId: ownOnly })).statusCode).toBe(
        200,
      );
      let fresh = await read(coordinator.client, report.id);
      let counts = await rowCounts(t, TABLES);
      const refused = await coordinator.client.patch(base, {
        revision: fresh.draft!.revision,
        assignees: { cyber: supo },
      });
      expectError(refused, 409, 'contributor_may_not_see');
      expect(errorBody(refused).message).toContain('Vain omalle');
      expect(await rowCounts(t, TABLES)).toEqual(counts);
      expectError(await supoAnalyst.client.get(base), 404, 'not_found');

      // Without it, Supo may write; then the report may not include it again.
      expect((await coordinator.client.delete(`${base}/incidents/${ownOnly}`)).statusCode).toBe(200);
      expect((await coordinator.client.post(`${base}/incidents`, { incidentId: shared })).statusCode).toBe(
        200,
      );
      fresh = await read(coordinator.client, report.id);
      expect(
        (
          await coordinator.client.patch(base, {
            revision: fresh.draft!.revision,
            assignees: { cyber: supo },
          })
        ).statusCode,
      ).toBe(200);
      counts = await rowCounts(t, TABLES);
      expectError(
        await coordinator.client.post(`${base}/incidents`, { incidentId: ownOnly }),
        409,
        'contributor_may_not_see',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
      const seen = await read(supoAnalyst.client, report.id);
      expect(seen.draft!.incidents.map((i) => i.title)).toEqual(['Jaettu Supolle']);
      expect(JSON.stringify(seen)).not.toContain('Vain omalle');
    });

    it('says nothing in its generated text about an incident it leaves out; written text stays', async () => {
      const titles = ['Kuntasivusto kaatui', 'Tietojenkalastelua vaalilautakunnille'];
      const [first, second] = [
        await makeIncident(t, {
          ownerOrganisationId: om,
          authorUserId: analyst.id,
          title: titles[0],
          domains: ['cyber'],
          severity: 4,
          electionId,
          createdAt: new Date('2030-04-01T12:00:00Z'),
        }),
        await makeIncident(t, {
          ownerOrganisationId: om,
          authorUserId: analyst.id,
          title: titles[1],
          domains: ['cyber'],
          severity: 3,
          electionId,
          createdAt: new Date('2030-04-01T13:00:00Z'),
        }),
      ];
      const report = await created(coordinator.client, {
        periodStart: '2030-04-01T00:00:00Z',
        periodEnd: '2030-04-02T00:00:00Z',
      });
      const base = `/api/v1/sitreps/${report.id}`;
      expect(section(report, 'cyber').body.fi).toContain(titles[0]);
      expect(section(report, 'notable_incidents').body.sv).toContain(titles[1]);
      const judgements = section(report, 'key_judgements');
      const written = await coordinator.client.put(`${base}/sections/key_judgements`, {
        language: 'fi',
        body: `Arvio: ${titles[1]}`,
        baseRevision: judgements.revision,
      });
      expect(written.statusCode, written.body).toBe(200);

      const after = (await coordinator.client.delete(`${base}/incidents/${second}`)).json() as Sitrep;
      for (const key of ['cyber', 'notable_incidents']) {
        for (const language of ['fi', 'sv', 'en'] as const) {
          expect(section(after, key).body[language]).not.toContain(titles[1]);
        }
        expect(section(after, key).body.fi).toContain(titles[0]);
      }
      expect(section(after, 'cyber').body.fi).toContain('Katsaukseen sisältyy 1 tapaus');
      // What a person wrote is theirs to change.
      expect(section(after, 'key_judgements').body.fi).toBe(`Arvio: ${titles[1]}`);
      expect(after.draft!.incidents.map((i) => i.id)).toEqual([first]);
    });
  });

  describe('scale', () => {
    it('drafts a report over a period with 10,000 incidents (timing printed)', async () => {
      const { id: bigElection } = await t.deps.db
        .insertInto('elections')
        .values({
          slug: 'bench-sitrep',
          type: 'by_election',
          round: null,
          nameFi: 'Testivaalit',
          nameSv: 'Testval',
          nameEn: 'Test election',
          electionDay: '2031-04-20',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`
        insert into incidents (tlp, owner_organisation_id, author_user_id, title, domains, category, severity, status,
                               election_id, created_at, updated_at, shared_organisation_ids)
        select (array['clear','green','amber','amber+strict'])[1 + n % 4],
               case when n % 3 = 0 then ${other}::uuid else ${om}::uuid end, ${analyst.id}::uuid,
               'Tapaus ' || n,
               array[(array['information_influence','cyber','physical','process'])[1 + n % 4]],
               'denial_of_service', 1 + n % 5, 'new', ${bigElection}::uuid,
               timestamptz '2031-04-01 00:00Z' + n * interval '8 seconds',
               timestamptz '2031-04-01 00:00Z' + n * interval '8 seconds',
               case when n % 6 = 0 then array[${om}::uuid] else '{}'::uuid[] end
          from generate_series(1, 10000) n`.execute(t.deps.db);
      await sql`
        insert into incident_events (incident_id, type, actor_user_id, actor_organisation_id, occurred_at, data)
        select i.id, 'updated', ${analyst.id}::uuid, ${om}::uuid, i.created_at + interval '1 minute',
               jsonb_build_object('changes', jsonb_build_object('severity', jsonb_build_object('from', 1, 'to', 2)))
          from incidents i where i.election_id = ${bigElection}::uuid and i.severity = 1`.execute(t.deps.db);
      await sql`analyze incidents`.execute(t.deps.db);
      await sql`analyze incident_events`.execute(t.deps.db);
      const timings: number[] = [];
      let report: Sitrep | undefined;
      for (let run = 0; run < 3; run += 1) {
        const started = performance.now();
        report = await created(coordinator.client, {
          electionId: bigElection,
          periodStart: '2031-04-01T00:00:00Z',
          periodEnd: '2031-04-02T00:00:00Z',
        });
        timings.push(performance.now() - started);
      }
      console.info(
        `POST /api/v1/sitreps over 10,000 incidents: ${timings.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`,
      );
      expect(report!.draft!.incidents).toHaveLength(15);
      expect(report!.draft!.incidents.every((i) => i.severity === 5)).toBe(true);
      expect(section(report!, 'cyber').body.fi).toMatch(/Katsaukseen sisältyy \d+ tapaus/);
    });
  });
});
