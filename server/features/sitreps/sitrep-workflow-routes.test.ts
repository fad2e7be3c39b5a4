import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SitrepDiff, SitrepState, SitrepVersion } from '../../../shared/contracts/sitreps.js';
import {
  createTestApp,
  errorBody,
  expectError,
  makeCommunity,
  makeOrganisation,
  makeUser,
  rowCounts,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { makeSitrep, writeSectionBody, type SitrepSeed } from '../../../test/helpers/sitreps.js';

const TABLES = [
  'sitreps',
  'sitrep_sections',
  'sitrep_incidents',
  'sitrep_versions',
  'sitrep_reads',
  'notifications',
  'audit_events',
] as const;

describe('situation report workflow, versions and receipts', () => {
  let t: TestApp;
  let orgA: string; // drafts
  let orgB: string; // a recipient
  let orgC: string; // another organisation, no recipient
  let orgD: string; // a member of the recipient community
  let community: string;
  let coordinator: { id: string; client: Client };
  let analyst: { id: string; client: Client };
  let outsider: { id: string; client: Client };
  let recipient: { id: string; client: Client };
  let recipientAnalyst: { id: string; client: Client };
  let communityReader: { id: string; client: Client };
  let sharedIncident: string;
  let privateIncident: string;

  const seed = (values: Partial<SitrepSeed> = {}) =>
    makeSitrep(t, {
      ownerOrganisationId: orgA,
      authorUserId: coordinator.id,
      tlp: 'amber',
      recipientOrganisationIds: [orgB],
      incidentIds: [sharedIncident],
      ...values,
    });

  const statusOf = async (id: string) =>
    await t.deps.db
      .selectFrom('sitreps')
      .select(['status', 'versionNumber'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  const audited = async (action: string, targetId: string) =>
    (
      await t.deps.db
        .selectFrom('auditEvents')
        .select('details')
        .where('action', '=', action)
        .where('targetId', '=', targetId)
        .execute()
    ).map((r) => r.details);

  /** A report approved through the API (version 1). */
  const approved = async (values: Partial<SitrepSeed> = {}) => {
    const id = await seed({ status: 'in_review', ...values });
    const response = await coordinator.client.post(`/api/v1/sitreps/${id}/approve`, {});
    expect(response.statusCode, response.body).toBe(201);
    return id;
  };
  const distributed = async (values: Partial<SitrepSeed> = {}) => {
    const id = await approved(values);
    const response = await coordinator.client.post(`/api/v1/sitreps/${id}/distribute`);
    expect(response.statusCode, response.body).toBe(200);
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    orgA = await makeOrganisation(t);
    orgB = await makeOrganisation(t);
    orgC = await makeOrganisation(t);
    orgD = await makeOrganisation(t);
    community = await makeCommunity(t, [orgD]);
    coordinator = await signedInUser(t, ['coordinator'], orgA);
    analyst = await signedInUser(t, ['analyst'], orgA);
    outsider = await signedInUser(t, ['coordinator'], orgC);
    recipient = await signedInUser(t, ['viewer'], orgB);
    recipientAnalyst = await signedInUser(t, ['analyst'], orgB);
    communityReader = await signedInUser(t, ['viewer'], orgD);
    sharedIncident = await makeIncident(t, {
      ownerOrganisationId: orgA,
      authorUserId: coordinator.id,
      tlp: 'amber',
      title: 'Palvelunestohyökkäys tulospalveluun',
      description: 'Tulospalvelu ei vastannut klo 21.05–21.40.\n\nToinen kappale.',
      sharedOrganisationIds: [orgB],
      severity: 4,
    });
    privateIncident = await makeIncident(t, {
      ownerOrganisationId: orgA,
      authorUserId: coordinator.id,
      tlp: 'amber',
      title: 'Sisäinen havainto',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  // ------------------------------------------------------------ the managed steps, × every audience

  interface StepCase {
    path: string;
    /** A report ready for the step; returns its id (the path's target). */
    ready: () => Promise<string>;
    body?: unknown;
    invalidBody?: unknown;
    status: number;
    check: (id: string, body: unknown) => Promise<void>;
  }

  const sanitisedSource = async () => {
    const source = await seed({ status: 'draft' });
    return seed({ sanitisedFromId: source, markingFloor: 'amber', incidentIds: [] });
  };

  const steps: StepCase[] = [
    {
      path: 'submit',
      ready: () => seed({ status: 'draft' }),
      status: 200,
      check: async (id, body) => {
        expect((body as SitrepState).status).toBe('in_review');
        expect(await statusOf(id)).toEqual({ status: 'in_review', versionNumber: 1 });
        expect(await audited('sitrep.submit', id)).toHaveLength(1);
      },
    },
    {
      path: 'return',
      ready: () => seed({ status: 'in_review' }),
      status: 200,
      check: async (id) => {
        expect(await statusOf(id)).toEqual({ status: 'draft', versionNumber: 1 });
        expect(await audited('sitrep.return', id)).toHaveLength(1);
      },
    },
    {
      path: 'approve',
      ready: () => seed({ status: 'in_review' }),
      body: { note: 'Hyväksytty tarkastuksen jälkeen.' },
      invalidBody: { note: 'x', unknown: true },
      status: 201,
      check: async (id, body) => {
        const version = body as SitrepVersion;
        expect(version).toMatchObject({
          sitrepId: id,
          number: 1,
          tlp: 'amber',
          approvedBy: { userId: coordinator.id },
          distributedAt: null,
          languages: ['fi', 'sv', 'en'],
        });
        expect(version.content.incidents).toEqual([
          expect.objectContaining({
            id: sharedIncident,
            title: 'Palvelunestohyökkäys tulospalveluun',
            status: 'new',
            severity: 4,
            summary: 'Tulospalvelu ei vastannut klo 21.05–21.40.',
          }),
        ]);
        expect(version.content.recipients.organisations.map((o) => o.id)).toEqual([orgB]);
        expect(version.content.threatLevels.map((l) => l.domain)).toHaveLength(4);
        expect(version.content.sections[0]).toMatchObject({ key: 'key_judgements' });
        expect(await statusOf(id)).toEqual({ status: 'approved', versionNumber: 1 });
        const [details] = await audited('sitrep.approve', id);
        expect(details).toMatchObject({ versionNumber: 1, note: 'Hyväksytty tarkastuksen jälkeen.' });
      },
    },
    {
      path: 'distribute',
      ready: () => approved(),
      status: 200,
      check: async (id) => {
        expect(await statusOf(id)).toEqual({ status: 'distributed', versionNumber: 1 });
        const version = await t.deps.db
          .selectFrom('sitrepVersions')
          .selectAll()
          .where('sitrepId', '=', id)
          .executeTakeFirstOrThrow();
        expect(version.distributedAt).toBeInstanceOf(Date);
        expect(version.distributedByUserId).toBe(coordinator.id);
        expect(await audited('sitrep.distribute', id)).toHaveLength(1);
      },
    },
    {
      path: 'corrections',
      ready: () => distributed(),
      status: 200,
      check: async (id, body) => {
        expect(body).toMatchObject({ status: 'draft', versionNumber: 2 });
        expect(await statusOf(id)).toEqual({ status: 'draft', versionNumber: 2 });
        expect(await audited('sitrep.correct', id)).toEqual([
          expect.objectContaining({ correctsVersion: 1 }),
        ]);
      },
    },
    {
      path: 'lower-marking',
      ready: sanitisedSource,
      body: { tlp: 'green', reason: 'Tunnistetiedot poistettu; sopii jaettavaksi yhteisölle.' },
      invalidBody: { tlp: 'green', reason: 'short' },
      status: 200,
      check: async (id, body) => {
        expect(body).toMatchObject({ tlp: 'green', status: 'draft' });
        const row = await t.deps.db
          .selectFrom('sitreps')
          .select(['tlp', 'loweredMarking'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(row.tlp).toBe('green');
        expect(row.loweredMarking).toMatchObject({
          from: 'amber',
          to: 'green',
          approvedByUserId: coordinator.id,
        });
        expect(await audited('sitrep.lower_marking', id)).toEqual([
          expect.objectContaining({ to: 'green', floor: 'amber' }),
        ]);
      },
    },
    {
      path: 'sanitised-variant',
      ready: () => seed({ status: 'distributed' }),
      status: 201,
      check: async (id, body) => {
        const state = body as SitrepState;
        expect(state).toMatchObject({ status: 'draft', sanitisedFromId: id, markingFloor: 'amber' });
        const sections = await t.deps.db
          .selectFrom('sitrepSections')
          .select(['key', 'bodyFi'])
          .where('sitrepId', '=', state.id)
          .orderBy('position')
          .execute();
        expect(sections[0]).toEqual({ key: 'key_judgements', bodyFi: 'key_judgements fi' });
        expect(
          await t.deps.db
            .selectFrom('sitrepIncidents')
            .select('incidentId')
            .where('sitrepId', '=', state.id)
            .execute(),
        ).toEqual([]);
        expect(await audited('sitrep.sanitised_variant', state.id)).toHaveLength(1);
      },
    },
  ];

  for (const step of steps) {
    describe(`POST /api/v1/sitreps/{id}/${step.path}`, () => {
      const url = (id: string) => `/api/v1/sitreps/${id}/${step.path}`;

      it('401 anonymous, 404 another organisation, 403 an analyst of the drafting one: nothing changes', async () => {
        const id = await step.ready();
        const before = await rowCounts(t, TABLES);
        const state = await statusOf(id);
        expectError(await t.anonymous.post(url(id), step.body), 401, 'unauthenticated');
        expectError(await outsider.client.post(url(id), step.body), 404, 'not_found');
        expectError(await recipient.client.post(url(id), step.body), 404, 'not_found');
        expectError(await analyst.client.post(url(id), step.body), 403, 'forbidden');
        expect(await rowCounts(t, TABLES)).toEqual(before);
        expect(await statusOf(id)).toEqual(state);
      });

      it('400 for invalid input, changing nothing', async () => {
        const id = await step.ready();
        const before = await rowCounts(t, TABLES);
        expectError(await coordinator.client.post(url('not-a-uuid'), step.body), 400, 'validation_failed');
        if (step.invalidBody !== undefined) {
          expectError(await coordinator.client.post(url(id), step.invalidBody), 400, 'validation_failed');
        }
        expect(await rowCounts(t, TABLES)).toEqual(before);
      });

      it('succeeds for a coordinator of the drafting organisation, audited', async () => {
        const id = await step.ready();
        const response = await coordinator.client.post(url(id), step.body);
        expect(response.statusCode, response.body).toBe(step.status);
        await step.check(id, response.json());
      });
    });
  }

  it('refuses a step from the wrong status (400 invalid_transition), changing nothing', async () => {
    const draft = await seed({ status: 'draft' });
    const before = await rowCounts(t, TABLES);
    for (const path of ['return', 'approve', 'distribute', 'corrections']) {
      expectError(
        await coordinator.client.post(`/api/v1/sitreps/${draft}/${path}`),
        400,
        'invalid_transition',
      );
    }
    const inReview = await seed({ status: 'in_review' });
    const counts = await rowCounts(t, TABLES);
    expect(counts.sitreps).toBe(before.sitreps! + 1);
    expectError(
      await coordinator.client.post(`/api/v1/sitreps/${inReview}/submit`),
      400,
      'invalid_transition',
    );
    expect(await rowCounts(t, TABLES)).toEqual(counts);
  });

  it('lowers a marking only on a sanitised variant, and only below its floor', async () => {
    const ordinary = await seed({ status: 'draft' });
    const variant = await sanitisedSource();
    const before = await rowCounts(t, TABLES);
    const reason = 'Tunnistetiedot poistettu tekstistä.';
    expectError(
      await coordinator.client.post(`/api/v1/sitreps/${ordinary}/lower-marking`, { tlp: 'clear', reason }),
      400,
      'validation_failed',
    );
    expectError(
      await coordinator.client.post(`/api/v1/sitreps/${variant}/lower-marking`, { tlp: 'amber', reason }),
      400,
      'validation_failed',
    );
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  // ------------------------------------------------------------ approval and the distribution check

  it('blocks approval (409 approval_blocked) when a recipient may not see an included incident', async () => {
    const id = await seed({ status: 'in_review', incidentIds: [sharedIncident, privateIncident] });
    const before = await rowCounts(t, TABLES);
    const response = await coordinator.client.post(`/api/v1/sitreps/${id}/approve`);
    expect(response.statusCode, response.body).toBe(409);
    const body = errorBody(response);
    expect(body.code).toBe('approval_blocked');
    expect(body.requestId).toBe(response.headers['x-request-id']);
    expect(body.issues).toEqual([
      expect.objectContaining({
        code: 'recipient_may_not_see',
        organisationId: orgB,
        incidentId: privateIncident,
        message: expect.stringContaining('Sisäinen havainto'),
      }),
    ]);
    expect(await rowCounts(t, TABLES)).toEqual(before);
    expect(await statusOf(id)).toEqual({ status: 'in_review', versionNumber: 1 });
  });

  it('blocks approval of a report with no recipients, and of one through a community that may not see an item', async () => {
    const none = await seed({ status: 'in_review', recipientOrganisationIds: [] });
    const response = await coordinator.client.post(`/api/v1/sitreps/${none}/approve`);
    expect(response.statusCode).toBe(409);
    expect(errorBody(response).issues).toEqual([expect.objectContaining({ code: 'no_recipients' })]);

    const viaCommunity = await seed({
      status: 'in_review',
      recipientOrganisationIds: [],
      recipientCommunityIds: [community],
    });
    const blocked = await coordinator.client.post(`/api/v1/sitreps/${viaCommunity}/approve`);
    expect(blocked.statusCode).toBe(409);
    expect(errorBody(blocked).issues).toContainEqual(
      expect.objectContaining({ organisationId: orgD, communityId: community, incidentId: sharedIncident }),
    );
  });

  it('approves with missing languages, which the version then lacks', async () => {
    const id = await approved({ languages: ['fi', 'sv'] });
    const version = await coordinator.client.get(`/api/v1/sitreps/${id}/versions/1`);
    expect(version.json()).toMatchObject({ languages: ['fi', 'sv'] });
  });

  // ------------------------------------------------------------ immutability and corrections

  it('never changes an approved version: the database refuses, a correction makes a new version', async () => {
    const id = await distributed();
    const first = (await coordinator.client.get(`/api/v1/sitreps/${id}/versions/1`)).json() as SitrepVersion;

    await expect(
      sql`update sitrep_versions set content = '{}'::jsonb where sitrep_id = ${id}::uuid`.execute(t.deps.db),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`update sitrep_versions set distributed_at = now() where sitrep_id = ${id}::uuid`.execute(t.deps.db),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`delete from sitrep_versions where sitrep_id = ${id}::uuid`.execute(t.deps.db),
    ).rejects.toThrow(/cannot be deleted/);

    // Every workflow route on the distributed report: only a correction goes through, as a new version.
    for (const path of ['submit', 'return', 'approve', 'distribute']) {
      expectError(await coordinator.client.post(`/api/v1/sitreps/${id}/${path}`), 400, 'invalid_transition');
    }
    expect((await coordinator.client.post(`/api/v1/sitreps/${id}/corrections`)).statusCode).toBe(200);
    await writeSectionBody(t, id, 'cyber', 'fi', 'cyber fi\nKorjaus: hyökkäys kesti 35 minuuttia.');
    await t.deps.db.deleteFrom('sitrepIncidents').where('sitrepId', '=', id).execute();
    expect((await coordinator.client.post(`/api/v1/sitreps/${id}/submit`)).statusCode).toBe(200);
    const second = await coordinator.client.post(`/api/v1/sitreps/${id}/approve`);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ number: 2 });

    expect((await coordinator.client.get(`/api/v1/sitreps/${id}/versions/1`)).json()).toEqual(first);
    const diff = (await coordinator.client.get(`/api/v1/sitreps/${id}/versions/2/diff`)).json() as SitrepDiff;
    expect(diff).toMatchObject({
      from: 1,
      to: 2,
      incidents: { added: [], removed: [sharedIncident] },
      tlp: { from: 'amber', to: 'amber' },
    });
    expect(diff.sections).toEqual([
      {
        key: 'cyber',
        language: 'fi',
        parts: [
          { kind: 'removed', text: 'cyber fi' },
          { kind: 'added', text: 'cyber fi\nKorjaus: hyökkäys kesti 35 minuuttia.' },
        ],
      },
    ]);
  });

  // ------------------------------------------------------------ reading versions

  describe('GET /api/v1/sitreps/{id}/versions/{number} and …/diff', () => {
    it('401 anonymous, 404 another organisation, 400 invalid number', async () => {
      const id = await distributed();
      for (const path of ['versions/1', 'versions/1/diff']) {
        expectError(await t.anonymous.get(`/api/v1/sitreps/${id}/${path}`), 401, 'unauthenticated');
        expectError(await outsider.client.get(`/api/v1/sitreps/${id}/${path}`), 404, 'not_found');
      }
      expectError(await recipient.client.get(`/api/v1/sitreps/${id}/versions/0`), 400, 'validation_failed');
      expectError(
        await recipient.client.get(`/api/v1/sitreps/${id}/versions/x/diff`),
        400,
        'validation_failed',
      );
      expectError(await recipient.client.get(`/api/v1/sitreps/${id}/versions/7`), 404, 'not_found');
    });

    it('a recipient reads only distributed versions, never the draft or an undistributed version', async () => {
      const id = await approved();
      expectError(await recipient.client.get(`/api/v1/sitreps/${id}/versions/1`), 404, 'not_found');
      expectError(
        await recipient.client.post(`/api/v1/sitreps/${id}/versions/1/read`, { language: 'fi' }),
        404,
        'not_found',
      );
      expect((await coordinator.client.get(`/api/v1/sitreps/${id}/versions/1`)).statusCode).toBe(200);
      expect((await analyst.client.get(`/api/v1/sitreps/${id}/versions/1`)).statusCode).toBe(200);

      expect((await coordinator.client.post(`/api/v1/sitreps/${id}/distribute`)).statusCode).toBe(200);
      const read = await recipient.client.get(`/api/v1/sitreps/${id}/versions/1`);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json()).toMatchObject({
        number: 1,
        content: { title: { fi: 'Päivittäinen tilannekatsaus' } },
      });

      // The next draft stays with the drafters; the diff needs two versions the reader may read.
      expect((await coordinator.client.post(`/api/v1/sitreps/${id}/corrections`)).statusCode).toBe(200);
      expectError(await recipient.client.get(`/api/v1/sitreps/${id}/versions/2`), 404, 'not_found');
      expectError(await recipient.client.get(`/api/v1/sitreps/${id}/versions/1/diff`), 404, 'not_found');
      await coordinator.client.post(`/api/v1/sitreps/${id}/submit`);
      expect((await coordinator.client.post(`/api/v1/sitreps/${id}/approve`)).statusCode).toBe(201);
      expectError(await recipient.client.get(`/api/v1/sitreps/${id}/versions/2/diff`), 404, 'not_found');
      expect((await coordinator.client.get(`/api/v1/sitreps/${id}/versions/2/diff`)).statusCode).toBe(200);
      expect((await coordinator.client.post(`/api/v1/sitreps/${id}/distribute`)).statusCode).toBe(200);
      const diff = await recipient.client.get(`/api/v1/sitreps/${id}/versions/2/diff`);
      expect(diff.statusCode).toBe(200);
      expect(diff.json()).toMatchObject({ from: 1, to: 2, sections: [] });
    });

    it('a reader in a member organisation of a recipient community reads a green version', async () => {
      const green = await makeIncident(t, {
        ownerOrganisationId: orgA,
        authorUserId: coordinator.id,
        tlp: 'green',
        sharedCommunityIds: [community],
      });
      const id = await distributed({
        tlp: 'green',
        incidentIds: [green],
        recipientOrganisationIds: [],
        recipientCommunityIds: [community],
      });
      expect((await communityReader.client.get(`/api/v1/sitreps/${id}/versions/1`)).statusCode).toBe(200);
      expectError(await recipient.client.get(`/api/v1/sitreps/${id}/versions/1`), 404, 'not_found');
    });
  });

  // ------------------------------------------------------------ distribution notifies

  it('notifies every recipient user who may read the version, and nobody else', async () => {
    const reporterB = await makeUser(t, { organisationId: orgB, roles: ['reporter'] });
    const adminB = await makeUser(t, { organisationId: orgB, roles: ['admin'] });
    const inactiveB = await makeUser(t, { organisationId: orgB, roles: ['viewer'] });
    await t.deps.db.updateTable('users').set({ active: false }).where('id', '=', inactiveB.id).execute();
    const id = await distributed();
    const notified = (
      await t.deps.db
        .selectFrom('notifications')
        .select(['userId', 'data'])
        .where('kind', '=', 'sitrep_distributed')
        .where(sql<boolean>`data->>'sitrepId' = ${id}`)
        .execute()
    ).map((n) => n.userId);
    expect(new Set(notified)).toEqual(new Set([recipient.id, recipientAnalyst.id, reporterB.id]));
    expect(notified).not.toContain(adminB.id);
    expect(notified).not.toContain(outsider.id);
    expect(notified).not.toContain(communityReader.id);
    const list = await recipient.client.get('/api/v1/notifications');
    expect(list.json().items[0]).toMatchObject({
      kind: 'sitrep_distributed',
      incident: null,
      data: { sitrepId: id, versionNumber: 1, tlp: 'amber' },
    });
  });

  // ------------------------------------------------------------ read receipts

  describe('read receipts', () => {
    it('POST …/read: 401, 404 another organisation, 400 invalid language (nothing changes)', async () => {
      const id = await distributed({ languages: ['fi', 'sv'] });
      const url = `/api/v1/sitreps/${id}/versions/1/read`;
      const before = await rowCounts(t, TABLES);
      expectError(await t.anonymous.post(url, { language: 'fi' }), 401, 'unauthenticated');
      expectError(await outsider.client.post(url, { language: 'fi' }), 404, 'not_found');
      expectError(await recipient.client.post(url, { language: 'de' }), 400, 'validation_failed');
      expectError(await recipient.client.post(url, { language: 'fi', at: 1 }), 400, 'validation_failed');
      expect(await rowCounts(t, TABLES)).toEqual(before);
      // A language the version is incomplete in is still a reading, and its receipt counts.
      expect((await recipient.client.post(url, { language: 'en' })).statusCode).toBe(204);
    });

    it('GET …/receipts: 401, 404 for another organisation and for a recipient, 400 invalid version', async () => {
      const id = await distributed();
      expectError(await t.anonymous.get(`/api/v1/sitreps/${id}/receipts`), 401, 'unauthenticated');
      expectError(await outsider.client.get(`/api/v1/sitreps/${id}/receipts`), 404, 'not_found');
      expectError(await recipient.client.get(`/api/v1/sitreps/${id}/receipts`), 404, 'not_found');
      expectError(
        await coordinator.client.get(`/api/v1/sitreps/${id}/receipts?version=0`),
        400,
        'validation_failed',
      );
      expectError(
        await coordinator.client.get(`/api/v1/sitreps/${id}/receipts?version=1&x=1`),
        400,
        'validation_failed',
      );
      expectError(await coordinator.client.get(`/api/v1/sitreps/${id}/receipts?version=3`), 404, 'not_found');
    });

    it('counts readers per recipient organisation and keeps the first read', async () => {
      const greenIncident = await makeIncident(t, {
        ownerOrganisationId: orgA,
        authorUserId: coordinator.id,
        tlp: 'green',
        sharedOrganisationIds: [orgB],
        sharedCommunityIds: [community],
      });
      const id = await distributed({
        tlp: 'green',
        incidentIds: [greenIncident],
        recipientOrganisationIds: [orgB],
        recipientCommunityIds: [community],
      });
      const empty = await analyst.client.get(`/api/v1/sitreps/${id}/receipts`);
      expect(empty.statusCode, empty.body).toBe(200);
      expect(empty.json()).toEqual({
        number: 1,
        organisations: expect.arrayContaining([
          { organisationId: orgB, firstReadAt: null, readers: 0 },
          { organisationId: orgD, firstReadAt: null, readers: 0 },
        ]),
      });

      const url = `/api/v1/sitreps/${id}/versions/1/read`;
      expect((await recipient.client.post(url, { language: 'sv' })).statusCode).toBe(204);
      const [first] = await t.deps.db
        .selectFrom('sitrepReads')
        .selectAll()
        .where('sitrepId', '=', id)
        .execute();
      expect((await recipient.client.post(url, { language: 'fi' })).statusCode).toBe(204);
      expect((await recipientAnalyst.client.post(url, { language: 'en' })).statusCode).toBe(204);
      expect((await communityReader.client.post(url, { language: 'fi' })).statusCode).toBe(204);

      const reads = await t.deps.db
        .selectFrom('sitrepReads')
        .selectAll()
        .where('sitrepId', '=', id)
        .execute();
      expect(reads).toHaveLength(3);
      expect(reads.find((r) => r.userId === recipient.id)).toEqual(first);
      expect(first).toMatchObject({ language: 'sv', organisationId: orgB });

      const receipts = (await coordinator.client.get(`/api/v1/sitreps/${id}/receipts?version=1`)).json();
      expect(receipts.organisations).toHaveLength(2);
      const byOrg = new Map(
        (receipts.organisations as { organisationId: string; readers: number; firstReadAt: string }[]).map(
          (o) => [o.organisationId, o],
        ),
      );
      expect(byOrg.get(orgB)).toEqual({
        organisationId: orgB,
        readers: 2,
        firstReadAt: first!.readAt.toISOString(),
      });
      expect(byOrg.get(orgD)).toMatchObject({ readers: 1, firstReadAt: expect.any(String) });
    });
  });
  it("keeps a reader's fallback languages for reports (PATCH /api/v1/me)", async () => {
    const me = await recipient.client.get('/api/v1/me');
    expect(me.json().reportFallbackLanguages).toEqual(['en', 'fi', 'sv']);
    const changed = await recipient.client.patch('/api/v1/me', { reportFallbackLanguages: ['sv', 'fi'] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().reportFallbackLanguages).toEqual(['sv', 'fi']);
    for (const invalid of [['de'], ['sv', 'sv'], [], 'sv']) {
      expectError(
        await recipient.client.patch('/api/v1/me', { reportFallbackLanguages: invalid }),
        400,
        'validation_failed',
      );
    }
    expect((await recipient.client.get('/api/v1/me')).json().reportFallbackLanguages).toEqual(['sv', 'fi']);
    expectError(
      await t.anonymous.patch('/api/v1/me', { reportFallbackLanguages: ['fi'] }),
      401,
      'unauthenticated',
    );
  });
});
