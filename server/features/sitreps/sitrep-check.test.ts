import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTlp, tlpLevels, type Tlp } from '../../../shared/access/tlp.js';
import type { Sitrep } from '../../../shared/contracts/sitreps.js';
import {
  createTestApp,
  errorBody,
  makeCommunity,
  makeOrganisation,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { checkSitrep, floorOf } from './sitrep-check.js';

type User = Awaited<ReturnType<typeof signedInUser>>;

describe('the distribution check and the marking floor', () => {
  let t: TestApp;
  let om: string;
  let ncsc: string;
  let poliisi: string;
  let outsider: string;
  let coordinator: User;
  let analyst: User;
  let electionId: string;
  let templateId: string;
  let runs = 0;

  /** An empty draft (its period has no incidents), with recipients. */
  const draft = async (recipients: { organisations: string[]; communities: string[] }) => {
    runs += 1;
    const start = new Date(Date.UTC(2035, 0, 1) + runs * 86_400_000);
    const response = await coordinator.client.post('/api/v1/sitreps', {
      electionId,
      templateId,
      periodStart: start.toISOString(),
      periodEnd: new Date(start.getTime() + 86_400_000).toISOString(),
      tlp: 'clear',
    });
    expect(response.statusCode, response.body).toBe(201);
    const report = response.json() as Sitrep;
    const patched = await coordinator.client.patch(`/api/v1/sitreps/${report.id}`, {
      revision: report.draft!.revision,
      recipients,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    return patched.json() as Sitrep;
  };
  const include = async (report: Sitrep, incidentId: string) => {
    const response = await coordinator.client.post(`/api/v1/sitreps/${report.id}/incidents`, { incidentId });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Sitrep;
  };
  const row = (id: string) =>
    t.deps.db.selectFrom('sitreps').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp();
    [om, ncsc, poliisi, outsider] = [
      await makeOrganisation(t),
      await makeOrganisation(t, { shortName: `NCSC${Date.now().toString(36)}` }),
      await makeOrganisation(t),
      await makeOrganisation(t),
    ];
    coordinator = await signedInUser(t, ['coordinator'], om);
    analyst = await signedInUser(t, ['analyst'], om);
    electionId = (
      await t.deps.db
        .selectFrom('elections')
        .select('id')
        .where('slug', '=', 'parliamentary-2027')
        .executeTakeFirstOrThrow()
    ).id;
    templateId = (
      await t.deps.db
        .selectFrom('sitrepTemplates')
        .select('id')
        .where('key', '=', 'daily')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => t.close());

  it('blocks a recipient organisation that may not see an included incident, naming the organisation and the incident', async () => {
    const report = await draft({ organisations: [ncsc], communities: [] });
    const incident = await makeIncident(t, {
      ownerOrganisationId: om,
      authorUserId: analyst.id,
      tlp: 'amber',
      title: 'Tietomurto vaalipiirilautakuntaan',
    });
    const after = await include(report, incident);
    const shortName = (
      await t.deps.db
        .selectFrom('organisations')
        .select('shortName')
        .where('id', '=', ncsc)
        .executeTakeFirstOrThrow()
    ).shortName;
    expect(after.draft!.check.blocking).toEqual([
      {
        code: 'recipient_may_not_see',
        message: expect.stringContaining(shortName),
        organisationId: ncsc,
        communityId: null,
        incidentId: incident,
      },
    ]);
    expect(after.draft!.check.blocking[0]!.message).toContain('Tietomurto vaalipiirilautakuntaan');

    // Shared with the recipient, the incident no longer blocks.
    await t.deps.db
      .updateTable('incidents')
      .set({ sharedOrganisationIds: [ncsc] })
      .where('id', '=', incident.replace('incident--', ''))
      .execute();
    expect((await checkSitrep(t.deps.db, await row(report.id))).blocking).toEqual([]);
  });

  it('checks every member organisation of a recipient community, by what their communities may see', async () => {
    const community = await makeCommunity(t, [ncsc, poliisi]);
    const report = await draft({ organisations: [], communities: [community] });
    const green = await makeIncident(t, {
      ownerOrganisationId: om,
      authorUserId: analyst.id,
      tlp: 'green',
      sharedCommunityIds: [community],
    });
    const amber = await makeIncident(t, {
      ownerOrganisationId: om,
      authorUserId: analyst.id,
      tlp: 'amber',
      sharedOrganisationIds: [ncsc],
    });
    await include(report, green);
    const after = await include(report, amber);
    expect(after.draft!.check.blocking).toEqual([
      expect.objectContaining({
        code: 'recipient_may_not_see',
        organisationId: poliisi,
        communityId: community,
        incidentId: amber,
      }),
    ]);
  });

  it('blocks a report without recipients, a red report and a marking below its floor; missing languages do not block', async () => {
    const none = await draft({ organisations: [], communities: [] });
    expect(none.draft!.check.blocking.map((b) => b.code)).toEqual(['no_recipients']);
    expect(none.draft!.check.missingLanguages).toEqual(['fi', 'sv', 'en']);

    const red = await draft({ organisations: [ncsc, poliisi], communities: [] });
    await t.deps.db.updateTable('sitreps').set({ tlp: 'red' }).where('id', '=', red.id).execute();
    const check = await checkSitrep(t.deps.db, await row(red.id));
    expect(check.blocking.map((b) => [b.code, b.organisationId, b.incidentId])).toEqual(
      expect.arrayContaining([
        ['recipient_may_not_see', ncsc, null],
        ['recipient_may_not_see', poliisi, null],
      ]),
    );

    const low = await draft({ organisations: [ncsc], communities: [] });
    const strict = await makeIncident(t, {
      ownerOrganisationId: om,
      authorUserId: analyst.id,
      tlp: 'amber+strict',
      sharedOrganisationIds: [ncsc],
    });
    await include(low, strict);
    // The marking can only fall below the floor behind the API's back (or when an incident's marking rises).
    await t.deps.db.updateTable('sitreps').set({ tlp: 'green' }).where('id', '=', low.id).execute();
    expect((await checkSitrep(t.deps.db, await row(low.id))).blocking.map((b) => b.code)).toEqual([
      'marking_below_floor',
    ]);
  });

  it('does not name an included incident to a drafter who may not see it', async () => {
    const report = await draft({ organisations: [ncsc], communities: [] });
    const secret = await makeIncident(t, {
      ownerOrganisationId: om,
      authorUserId: analyst.id,
      tlp: 'amber',
      title: 'Salainen',
    });
    await include(report, secret);
    const outsiderActor = {
      userId: '6b0f1e2c-0000-4000-8000-00000000abcd',
      organisationId: outsider,
      roles: ['analyst'] as const,
      communityIds: [],
    };
    const check = await checkSitrep(t.deps.db, await row(report.id), outsiderActor);
    expect(check.blocking).toEqual([expect.objectContaining({ organisationId: ncsc, incidentId: null })]);
    expect(JSON.stringify(check)).not.toContain('Salainen');
  });

  it('never lets the marking be below any included incident, whatever their markings and sharing', async () => {
    const arbIncident = fc.record({
      tlp: fc.constantFrom<Tlp>(...tlpLevels),
      ownedHere: fc.boolean(),
      sharedWithUs: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbIncident, { minLength: 0, maxLength: 5 }),
        fc.constantFrom<Tlp>(...tlpLevels),
        async (seeds, attempt) => {
          let report = await draft({ organisations: [ncsc], communities: [] });
          const included: Tlp[] = [];
          for (const seed of seeds) {
            const incident = await makeIncident(t, {
              ownerOrganisationId: seed.ownedHere ? om : poliisi,
              authorUserId: analyst.id,
              tlp: seed.tlp,
              sharedOrganisationIds: seed.sharedWithUs ? [om] : [],
              sharedUserIds: seed.tlp === 'red' && seed.sharedWithUs ? [coordinator.id] : [],
            });
            const response = await coordinator.client.post(`/api/v1/sitreps/${report.id}/incidents`, {
              incidentId: incident,
            });
            if (response.statusCode === 404) continue; // not visible to the coordinator
            expect(response.statusCode, response.body).toBe(200);
            report = response.json() as Sitrep;
            included.push(seed.tlp);
          }
          const floor = report.draft!.check.markingFloor;
          for (const tlp of included) expect(compareTlp(floor, tlp)).toBeGreaterThanOrEqual(0);
          expect(compareTlp(report.tlp, floor)).toBeGreaterThanOrEqual(0);
          expect(await floorOf(t.deps.db, report.id)).toBe(floor);
          expect((await row(report.id)).markingFloor).toBe(floor);

          const patched = await coordinator.client.patch(`/api/v1/sitreps/${report.id}`, {
            revision: report.draft!.revision,
            tlp: attempt,
          });
          if (compareTlp(attempt, floor) < 0) {
            expect(patched.statusCode).toBe(400);
            expect(errorBody(patched).code).toBe('marking_below_floor');
            expect((await row(report.id)).tlp).toBe(report.tlp);
          } else {
            expect(patched.statusCode, patched.body).toBe(200);
            expect((await row(report.id)).tlp).toBe(attempt);
          }
          for (const tlp of included)
            expect(compareTlp((await row(report.id)).tlp, tlp)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 20 },
    );
  });
});
