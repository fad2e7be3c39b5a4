import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  createTestApp,
  errorBody,
  expectError,
  makeOrganisation,
  makeUser,
  rowCounts,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['threat_levels', 'threat_level_proposals', 'audit_events', 'notifications'];
const RATIONALE = 'Several denial-of-service attacks on municipal sites this week.';

const expectValidationFailed = (response: LightMyRequestResponse) => {
  expectError(response, 400, 'validation_failed');
  expect(errorBody(response).issues).toEqual(
    expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
  );
};

interface Entry {
  id: number;
  domain: string;
  level: number;
  name: { fi: string; sv: string; en: string };
  rationale: string;
  setBy: { userId: string; name: string; organisationId: string; organisationShortName: string };
  previousLevel: number | null;
  trend: string | null;
  proposalId: string | null;
}
interface Current {
  electionId: string;
  items: { domain: string; current: Entry | null; pendingProposals: number }[];
}
interface Proposal {
  id: string;
  status: string;
  level: number;
  domain: string;
  decidedBy: { userId: string } | null;
  decisionReason: string | null;
  threatLevelId: number | null;
}

describe('threat levels', () => {
  let t: TestApp;
  let coordinator: Awaited<ReturnType<typeof signedInUser>>;
  let analyst: Awaited<ReturnType<typeof signedInUser>>;
  let viewer: Client;
  let reporter: Client;
  let admin: Client;
  let election: { id: string; slug: string };
  let other: { id: string; slug: string };
  let coordinatorShortName: string;

  const base = (e: { slug: string } = election) => `/api/v1/elections/${e.slug}`;
  const current = async (client: Client = viewer, e = election) => {
    const response = await client.get(`${base(e)}/threat-levels`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Current;
  };
  const currentOf = async (domain: string, e = election) =>
    (await current(viewer, e)).items.find((i) => i.domain === domain)!;
  const setLevel = async (domain: string, level: number, e = election, client = coordinator.client) => {
    const response = await client.post(`${base(e)}/threat-levels`, { domain, level, rationale: RATIONALE });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Entry;
  };
  const propose = async (domain: string, level: number, client = analyst.client, e = election) => {
    const response = await client.post(`${base(e)}/threat-level-proposals`, {
      domain,
      level,
      rationale: `Proposed because ${RATIONALE}`,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Proposal;
  };
  const notificationsOf = (userId: string, kind: string) =>
    t.deps.db
      .selectFrom('notifications')
      .select(['kind', 'incidentId', 'data'])
      .where('userId', '=', userId)
      .where('kind', '=', kind)
      .execute();

  beforeAll(async () => {
    t = await createTestApp();
    const om = await makeOrganisation(t, { shortName: 'OMTL' });
    coordinatorShortName = 'OMTL';
    coordinator = await signedInUser(t, ['coordinator'], om);
    analyst = await signedInUser(t, ['analyst']);
    viewer = (await signedInUser(t, ['viewer'])).client;
    reporter = (await signedInUser(t, ['reporter'])).client;
    admin = await t.signIn(ADMIN_EMAIL);
    const rows = await t.deps.db.selectFrom('elections').select(['id', 'slug']).orderBy('slug').execute();
    election = rows.find((r) => r.slug === 'parliamentary-2027')!;
    other = rows.find((r) => r.slug === 'municipal-2025')!;
  });
  afterAll(() => t.close());

  describe('access', () => {
    const routes = (proposalId: string) =>
      [
        ['GET', `${base()}/threat-levels`, undefined],
        ['GET', `${base()}/threat-levels/history`, undefined],
        ['POST', `${base()}/threat-levels`, { domain: 'cyber', level: 3, rationale: RATIONALE }],
        ['GET', `${base()}/threat-level-proposals?status=pending`, undefined],
        ['POST', `${base()}/threat-level-proposals`, { domain: 'cyber', level: 3, rationale: RATIONALE }],
        ['POST', `/api/v1/threat-level-proposals/${proposalId}/decision`, { accept: true }],
        ['GET', '/api/v1/elections/overview', undefined],
      ] as const;

    it('answers every route 401 to an anonymous caller, and changes nothing', async () => {
      const proposal = await propose('physical', 2);
      const counts = await rowCounts(t, TABLES);
      for (const [method, url, payload] of routes(proposal.id)) {
        expectError(
          await t.anonymous.request({ method, url, ...(payload ? { payload } : {}) }),
          401,
          'unauthenticated',
        );
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('answers every route 403 to an admin-only account: administering grants no reading', async () => {
      const proposal = await propose('physical', 2);
      const counts = await rowCounts(t, TABLES);
      for (const [method, url, payload] of routes(proposal.id)) {
        expectError(await admin.request({ method, url, ...(payload ? { payload } : {}) }), 403, 'forbidden');
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('lets every reading role see the levels and proposals, of any organisation', async () => {
      for (const client of [viewer, reporter, analyst.client, coordinator.client]) {
        expect((await client.get(`${base()}/threat-levels`)).statusCode).toBe(200);
        expect((await client.get(`${base()}/threat-levels/history`)).statusCode).toBe(200);
        expect((await client.get(`${base()}/threat-level-proposals`)).statusCode).toBe(200);
        expect((await client.get('/api/v1/elections/overview')).statusCode).toBe(200);
      }
    });

    it('forbids viewers, reporters and analysts to set a level, and viewers and reporters to propose', async () => {
      const counts = await rowCounts(t, TABLES);
      const body = { domain: 'cyber', level: 4, rationale: RATIONALE };
      for (const client of [viewer, reporter, analyst.client])
        expectError(await client.post(`${base()}/threat-levels`, body), 403, 'forbidden');
      for (const client of [viewer, reporter])
        expectError(await client.post(`${base()}/threat-level-proposals`, body), 403, 'forbidden');
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('forbids analysts, viewers and reporters to decide a proposal', async () => {
      const proposal = await propose('physical', 3);
      const counts = await rowCounts(t, TABLES);
      for (const client of [analyst.client, viewer, reporter])
        expectError(
          await client.post(`/api/v1/threat-level-proposals/${proposal.id}/decision`, { accept: true }),
          403,
          'forbidden',
        );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });

  describe('current levels', () => {
    it('says "no assessment yet" for a domain never set, not level 1', async () => {
      const response = await current(viewer, { id: '', slug: 'county-2025' });
      expect(response.items.map((i) => i.domain)).toEqual([
        'information_influence',
        'cyber',
        'physical',
        'process',
      ]);
      expect(response.items.every((i) => i.current === null)).toBe(true);
    });

    it('finds the election by its uuid as well as its slug, and answers 404 for an unknown one', async () => {
      expect((await viewer.get(`/api/v1/elections/${election.id}/threat-levels`)).json()).toEqual(
        await current(),
      );
      expectError(await viewer.get(`/api/v1/elections/${UNKNOWN_ID}/threat-levels`), 404, 'not_found');
      expectError(await viewer.get('/api/v1/elections/no-such-election/threat-levels'), 404, 'not_found');
      expectValidationFailed(await viewer.get('/api/v1/elections/Not%20a%20slug/threat-levels'));
    });
  });

  describe('setting a level', () => {
    it('refuses invalid input with 400 and changes nothing', async () => {
      const counts = await rowCounts(t, TABLES);
      const url = `${base()}/threat-levels`;
      for (const body of [
        { domain: 'cyber', level: 0, rationale: RATIONALE },
        { domain: 'cyber', level: 6, rationale: RATIONALE },
        { domain: 'cyber', level: 2.5, rationale: RATIONALE },
        { domain: 'cyber', level: '3', rationale: RATIONALE },
        { domain: 'weather', level: 3, rationale: RATIONALE },
        { domain: 'cyber', level: 3, rationale: 'Too short' },
        { domain: 'cyber', level: 3, rationale: '          x          ' },
        { domain: 'cyber', level: 3 },
        { domain: 'cyber', level: 3, rationale: RATIONALE, setBy: coordinator.id },
        { domain: 'cyber', level: 3, rationale: 'x'.repeat(20_001) },
      ])
        expectValidationFailed(await coordinator.client.post(url, body));
      expectError(
        await coordinator.client.post(`/api/v1/elections/${UNKNOWN_ID}/threat-levels`, {
          domain: 'cyber',
          level: 3,
          rationale: RATIONALE,
        }),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('sets a level with its rationale, author and organisation, audited, and makes it current', async () => {
      const entry = await setLevel('process', 3, other);
      expect(entry).toMatchObject({
        domain: 'process',
        level: 3,
        name: { fi: 'kohonnut', sv: 'förhöjd', en: 'elevated' },
        rationale: RATIONALE,
        setBy: {
          userId: coordinator.id,
          name: expect.any(String),
          organisationId: coordinator.organisationId,
          organisationShortName: coordinatorShortName,
        },
        previousLevel: null,
        trend: null,
        proposalId: null,
      });
      expect((await currentOf('process', other)).current).toEqual(entry);
      const audit = await t.deps.db
        .selectFrom('auditEvents')
        .select(['action', 'actorUserId', 'details'])
        .where('action', '=', 'threat_level.set')
        .where('targetId', '=', other.id)
        .execute();
      expect(audit).toEqual([
        {
          action: 'threat_level.set',
          actorUserId: coordinator.id,
          details: expect.objectContaining({ domain: 'process', level: 3, previousLevel: null }),
        },
      ]);
    });

    it('shows the trend against the previous level: up, down and steady', async () => {
      await setLevel('information_influence', 2);
      expect((await setLevel('information_influence', 4)).trend).toBe('up');
      const down = await setLevel('information_influence', 3);
      expect(down).toMatchObject({ trend: 'down', previousLevel: 4 });
      const steady = await setLevel('information_influence', 3);
      expect(steady).toMatchObject({ trend: 'steady', previousLevel: 3 });
      expect((await currentOf('information_influence')).current).toEqual(steady);
    });

    it('cannot rewrite or delete history, even straight in the database', async () => {
      const entry = await setLevel('physical', 2);
      await expect(
        t.deps.db.updateTable('threatLevels').set({ level: 5 }).where('id', '=', entry.id).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(t.deps.db.deleteFrom('threatLevels').where('id', '=', entry.id).execute()).rejects.toThrow(
        /append-only/,
      );
    });
  });

  describe('history', () => {
    it('lists every level newest first, by domain if asked, in keyset pages', async () => {
      const e = { id: '', slug: 'european-parliament-2024' };
      const made: Entry[] = [];
      for (const [domain, level] of [
        ['cyber', 2],
        ['physical', 1],
        ['cyber', 3],
        ['cyber', 5],
        ['physical', 2],
      ] as const)
        made.push(await setLevel(domain, level, e));
      const all = (await viewer.get(`${base(e)}/threat-levels/history`)).json();
      expect((all.items as Entry[]).map((i) => i.id)).toEqual(made.map((m) => m.id).reverse());
      expect(all.nextCursor).toBeNull();

      const cyber: Entry[] = [];
      let cursor: string | null = null;
      do {
        const response: LightMyRequestResponse = await viewer.get(
          `${base(e)}/threat-levels/history?domain=cyber&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(response.statusCode, response.body).toBe(200);
        cyber.push(...(response.json().items as Entry[]));
        cursor = response.json().nextCursor as string | null;
      } while (cursor);
      expect(cyber.map((c) => [c.level, c.previousLevel, c.trend])).toEqual([
        [5, 3, 'up'],
        [3, 2, 'up'],
        [2, null, null],
      ]);
    });

    it('refuses an unknown domain, a bad cursor and unknown parameters', async () => {
      expectValidationFailed(await viewer.get(`${base()}/threat-levels/history?domain=weather`));
      expectValidationFailed(await viewer.get(`${base()}/threat-levels/history?limit=0`));
      expectValidationFailed(await viewer.get(`${base()}/threat-levels/history?since=2024-01-01`));
      expectError(await viewer.get(`${base()}/threat-levels/history?cursor=nonsense`), 400, 'bad_request');
      expectError(
        await viewer.get(`/api/v1/elections/${UNKNOWN_ID}/threat-levels/history`),
        404,
        'not_found',
      );
    });
  });

  describe('proposals', () => {
    it('lets an analyst propose, and lists the pending proposals with counts per domain', async () => {
      const e = { id: '', slug: 'presidential-2024-1' };
      const proposal = await propose('cyber', 4, analyst.client, e);
      expect(proposal).toMatchObject({ status: 'pending', level: 4, domain: 'cyber', decidedBy: null });
      const coordinatorProposal = await propose('cyber', 2, coordinator.client, e);
      const pending = (await viewer.get(`${base(e)}/threat-level-proposals?status=pending`)).json();
      expect((pending.items as Proposal[]).map((p) => p.id)).toEqual([coordinatorProposal.id, proposal.id]);
      expect((await currentOf('cyber', e)).pendingProposals).toBe(2);
      // A proposal is not a level.
      expect((await currentOf('cyber', e)).current).toBeNull();
    });

    it('refuses invalid proposals with 400, and an unknown election with 404, changing nothing', async () => {
      const counts = await rowCounts(t, TABLES);
      for (const body of [
        { domain: 'cyber', level: 0, rationale: RATIONALE },
        { domain: 'cyber', level: 6, rationale: RATIONALE },
        { domain: 'space', level: 3, rationale: RATIONALE },
        { domain: 'cyber', level: 3, rationale: 'short' },
        { domain: 'cyber', level: 3, rationale: RATIONALE, status: 'accepted' },
      ])
        expectValidationFailed(await analyst.client.post(`${base()}/threat-level-proposals`, body));
      expectError(
        await analyst.client.post(`/api/v1/elections/${UNKNOWN_ID}/threat-level-proposals`, {
          domain: 'cyber',
          level: 3,
          rationale: RATIONALE,
        }),
        404,
        'not_found',
      );
      expectValidationFailed(await viewer.get(`${base()}/threat-level-proposals?status=maybe`));
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('accepting sets the level from the proposal and links the two; the proposer is told', async () => {
      const proposal = await propose('process', 4);
      const response = await coordinator.client.post(
        `/api/v1/threat-level-proposals/${proposal.id}/decision`,
        {
          accept: true,
          reason: 'Agreed.',
        },
      );
      expect(response.statusCode, response.body).toBe(200);
      const decided = response.json() as Proposal;
      expect(decided).toMatchObject({
        status: 'accepted',
        decidedBy: { userId: coordinator.id },
        decisionReason: 'Agreed.',
        threatLevelId: expect.any(Number),
      });
      const now = (await currentOf('process')).current!;
      expect(now).toMatchObject({
        id: decided.threatLevelId,
        level: 4,
        proposalId: proposal.id,
        rationale: `Proposed because ${RATIONALE}`,
        setBy: { userId: coordinator.id },
      });
      expect(await notificationsOf(analyst.id, 'threat_level_proposal_decided')).toEqual([
        {
          kind: 'threat_level_proposal_decided',
          incidentId: null,
          data: expect.objectContaining({
            proposalId: proposal.id,
            electionId: election.id,
            electionSlug: election.slug,
            domain: 'process',
            level: 4,
            accepted: true,
          }),
        },
      ]);
      const actions = await t.deps.db
        .selectFrom('auditEvents')
        .select('action')
        .where((eb) => eb.or([eb('targetId', '=', proposal.id), eb('targetId', '=', election.id)]))
        .orderBy('seq')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'threat_level_proposal.create',
          'threat_level.set',
          'threat_level_proposal.accept',
        ]),
      );
    });

    it('rejecting needs a reason, sets nothing, and tells the proposer why', async () => {
      const proposal = await propose('physical', 5);
      const before = await currentOf('physical');
      const url = `/api/v1/threat-level-proposals/${proposal.id}/decision`;
      const counts = await rowCounts(t, TABLES);
      for (const body of [{ accept: false }, { accept: false, reason: '   ' }, { accept: 'no' }, {}])
        expectValidationFailed(await coordinator.client.post(url, body));
      expectValidationFailed(await coordinator.client.post(url, { accept: true, extra: 1 }));
      expect(await rowCounts(t, TABLES)).toEqual(counts);

      const response = await coordinator.client.post(url, { accept: false, reason: 'No sign of it yet.' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        status: 'rejected',
        decisionReason: 'No sign of it yet.',
        threatLevelId: null,
      });
      expect((await currentOf('physical')).current).toEqual(before.current);
      const told = await notificationsOf(analyst.id, 'threat_level_proposal_decided');
      expect(told.map((n) => n.data)).toContainEqual(
        expect.objectContaining({ proposalId: proposal.id, accepted: false, reason: 'No sign of it yet.' }),
      );
    });

    it('decides a proposal once: a second decision is 409 and changes nothing', async () => {
      const proposal = await propose('cyber', 2);
      const url = `/api/v1/threat-level-proposals/${proposal.id}/decision`;
      expect((await coordinator.client.post(url, { accept: true })).statusCode).toBe(200);
      const counts = await rowCounts(t, TABLES);
      expectError(await coordinator.client.post(url, { accept: true }), 409, 'conflict');
      expectError(
        await coordinator.client.post(url, { accept: false, reason: 'Changed my mind' }),
        409,
        'conflict',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('answers 404 for an unknown proposal and 400 for a malformed id', async () => {
      expectError(
        await coordinator.client.post(`/api/v1/threat-level-proposals/${UNKNOWN_ID}/decision`, {
          accept: true,
        }),
        404,
        'not_found',
      );
      expectValidationFailed(
        await coordinator.client.post('/api/v1/threat-level-proposals/nope/decision', { accept: true }),
      );
    });
  });

  describe('notifications', () => {
    it('tells the users subscribed to the election and domain, and nobody else', async () => {
      const e = { id: '', slug: 'presidential-2024-2' };
      const { id: electionId } = await t.deps.db
        .selectFrom('elections')
        .select('id')
        .where('slug', '=', e.slug)
        .executeTakeFirstOrThrow();
      const org = await makeOrganisation(t);
      const make = async (roles: ('viewer' | 'admin' | 'analyst')[] = ['viewer']) =>
        (await makeUser(t, { organisationId: org, roles })).id;
      const everyDomain = await make();
      const cyberOnly = await make();
      const physicalOnly = await make();
      const otherElection = await make();
      const anyElection = await make();
      const adminOnly = await make(['admin']);
      const noEmail = await make(['analyst']);
      const subscribe = (
        userId: string,
        values: { electionId: string | null; domains: string[]; email?: boolean },
      ) =>
        t.deps.db
          .insertInto('subscriptions')
          .values({
            userId,
            electionId: values.electionId,
            domains: values.domains,
            email: values.email ?? true,
          })
          .execute();
      await subscribe(everyDomain, { electionId, domains: [] });
      await subscribe(cyberOnly, { electionId, domains: ['cyber', 'process'] });
      await subscribe(physicalOnly, { electionId, domains: ['physical'] });
      await subscribe(otherElection, { electionId: other.id, domains: [] });
      await subscribe(anyElection, { electionId: null, domains: [] });
      await subscribe(adminOnly, { electionId, domains: [] });
      await subscribe(noEmail, { electionId, domains: [], email: false });
      await subscribe(coordinator.id, { electionId, domains: [] });

      await setLevel('cyber', 3, e);
      await setLevel('cyber', 4, e);
      const recipients = await t.deps.db
        .selectFrom('notifications')
        .select(['userId', 'incidentId', 'data'])
        .where('kind', '=', 'threat_level_changed')
        .where(sql<boolean>`data->>'electionId' = ${electionId}`)
        .orderBy('createdAt')
        .execute();
      const byUser = new Map<string, unknown[]>();
      for (const r of recipients) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r.data]);
      expect([...byUser.keys()].sort()).toEqual([everyDomain, cyberOnly, noEmail].sort());
      expect(byUser.get(everyDomain)).toEqual([
        expect.objectContaining({ domain: 'cyber', level: 3, previousLevel: null, electionSlug: e.slug }),
        expect.objectContaining({ domain: 'cyber', level: 4, previousLevel: 3 }),
      ]);
      expect(recipients.every((r) => r.incidentId === null)).toBe(true);
      // In-app only for the subscription that asked for no e-mail.
      expect(byUser.get(noEmail)).toEqual([
        expect.objectContaining({ email: false }),
        expect.objectContaining({ email: false }),
      ]);
    });
  });
});
