import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedPollOutcome, PartnerFeed } from '../../../../shared/contracts/exchange-feeds.js';
import type {
  WorkbenchDecision,
  WorkbenchItemSummary,
} from '../../../../shared/contracts/exchange-imports.js';
import type {
  CreatedPartnerToken,
  Partner,
  Release,
} from '../../../../shared/contracts/exchange-partners.js';
import { fromIncidentId } from '../../../../shared/contracts/incident-enums.js';
import {
  createTestApp,
  makeOrganisation,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../../test/helpers/app.js';
import { proposeUpdatedReleases } from '../releases/release-updates.js';
import { pollFeed } from './feed-poller.js';

/**
 * Two instances of Vaalivahti on two databases, A serving TAXII 2.1 on a real port and B polling
 * it over HTTP: A releases to its partner agreement with B, B's feed imports it, an analyst in B
 * accepts it, and A's later changes reach B as new versions; failures in between lose nothing.
 */

type User = Awaited<ReturnType<typeof signedInUser>>;

const ok = <T>(response: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
};

describe('two instances: A releases over TAXII 2.1, B polls', () => {
  let a: TestApp;
  let b: TestApp;
  let aPort: number;
  let aBase: string;
  let coordinatorA: User;
  let analystA: User;
  let coordinatorB: User;
  let analystB: User;
  let otherAnalystB: User;
  let agreementInA: Partner;
  let collectionId: string;
  let tokenForB: string;
  let agreementInB: Partner;
  let feed: PartnerFeed;
  let sharedIncidentA: { id: string; version: number };
  let incidentInB: string;
  const outcomes: FeedPollOutcome[] = [];

  const feedUrl = () => `/api/v1/exchange/partners/${agreementInB.id}/feeds/${feed.id}`;
  const pollNow = async () => {
    const outcome = ok<FeedPollOutcome>(await coordinatorB.client.post(`${feedUrl()}/poll`));
    outcomes.push(outcome);
    return outcome;
  };
  const stopListening = async () => {
    await new Promise<void>((resolve) => {
      a.app.server.close(() => resolve());
      a.app.server.closeAllConnections();
    });
  };
  const listenAgain = () =>
    new Promise<void>((resolve, reject) => {
      a.app.server.once('error', reject);
      a.app.server.listen(aPort, '127.0.0.1', () => resolve());
    });

  const createIncidentInA = async (title: string, extra: Record<string, unknown> = {}) =>
    ok<{ id: string; version: number }>(
      await analystA.client.post('/api/v1/incidents', {
        title,
        description: 'Vaalitietojärjestelmän **palvelunestohyökkäys** vaalipäivän aamuna.',
        domains: ['cyber'],
        category: 'denial_of_service',
        severity: 3,
        tlp: 'green',
        ...extra,
      }),
      201,
    );
  const release = async (incidentId: string) => {
    const proposed = ok<Release>(
      await coordinatorA.client.post('/api/v1/exchange/releases', {
        partnerId: agreementInA.id,
        recordType: 'incident',
        recordId: incidentId,
      }),
      201,
    );
    expect(proposed.status).toBe('pending');
    const approved = ok<Release>(
      await coordinatorA.client.post(`/api/v1/exchange/releases/${proposed.id}/approve`),
    );
    expect(approved.status).toBe('released');
    return approved;
  };
  const workbench = async (client: Client, query = '?status=pending') =>
    ok<{ items: WorkbenchItemSummary[] }>(await client.get(`/api/v1/exchange/workbench${query}`)).items;
  /** Every (id, version) A holds in B's collection, as B stored it. */
  const collectionObjectsInA = async () =>
    (
      await a.deps.db
        .selectFrom('taxiiObjects')
        .select(['stixId', 'version'])
        .where('collectionId', '=', collectionId)
        .execute()
    ).map((o) => `${o.stixId}@${o.version}`);
  const storedInB = async () =>
    (
      await b.deps.db
        .selectFrom('stixObjectVersions')
        .select(['stixId'])
        .where('ownerOrganisationId', '=', coordinatorB.organisationId)
        .execute()
    ).map((o) => o.stixId);

  beforeAll(async () => {
    [a, b] = [await createTestApp(), await createTestApp()];
    await a.app.listen({ host: '127.0.0.1', port: 0 });
    aPort = (a.app.server.address() as AddressInfo).port;
    aBase = `http://127.0.0.1:${aPort}`;
    const organisationA = await makeOrganisation(a);
    coordinatorA = await signedInUser(a, ['coordinator'], organisationA);
    analystA = await signedInUser(a, ['analyst'], organisationA);
    const organisationB = await makeOrganisation(b);
    coordinatorB = await signedInUser(b, ['coordinator'], organisationB);
    analystB = await signedInUser(b, ['analyst'], organisationB);
    otherAnalystB = await signedInUser(b, ['analyst']);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('A makes an agreement with B, gives B a token and releases an incident', async () => {
    agreementInA = ok<Partner>(
      await coordinatorA.client.post('/api/v1/exchange/partners', {
        name: 'Instance B',
        tlpCeiling: 'amber',
        recordTypes: ['incident'],
        requiresApproval: true,
      }),
      201,
    );
    collectionId = agreementInA.collections.find((c) => c.canRead)!.id;
    tokenForB = ok<CreatedPartnerToken>(
      await coordinatorA.client.post(`/api/v1/exchange/partners/${agreementInA.id}/tokens`, {
        name: 'B polls',
      }),
      201,
    ).token;
    sharedIncidentA = await createIncidentInA('Palvelunestohyökkäys vaalit.fi-palveluun');
    await release(sharedIncidentA.id);
    expect((await collectionObjectsInA()).length).toBeGreaterThan(1);
  });

  it('B adds a feed of that collection; the token is stored encrypted and never returned', async () => {
    agreementInB = ok<Partner>(
      await coordinatorB.client.post('/api/v1/exchange/partners', {
        name: 'Instance A',
        tlpCeiling: 'green',
        recordTypes: [],
        defaultImportTlp: 'amber',
      }),
      201,
    );
    const response = await coordinatorB.client.post(`/api/v1/exchange/partners/${agreementInB.id}/feeds`, {
      kind: 'taxii',
      title: 'Instance A: released to us',
      url: `${aBase}/taxii2/vaalivahti/collections/${collectionId}/`,
      token: tokenForB,
      intervalMinutes: 5,
    });
    feed = ok<PartnerFeed>(response, 201);
    expect(response.body).not.toContain(tokenForB);
    expect(feed.hasToken).toBe(true);
    const row = await b.deps.db
      .selectFrom('partnerFeeds')
      .select('tokenCiphertext')
      .where('id', '=', feed.id)
      .executeTakeFirstOrThrow();
    expect(row.tokenCiphertext).not.toContain(tokenForB);
    expect(row.tokenCiphertext).not.toContain(tokenForB.slice(4, 20));
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from partner_feeds
      where row_to_json(partner_feeds)::text like ${`%${tokenForB}%`}`.execute(b.deps.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('B polls: the released incident lands in the workbench and an analyst accepts it', async () => {
    const outcome = await pollNow();
    expect(outcome).toMatchObject({ status: 'succeeded', complete: true, error: null });
    expect(outcome.counts.invalid).toBe(0);
    expect(outcome.counts.created).toBe(outcome.counts.objects);
    expect(outcome.counts.objects).toBe((await collectionObjectsInA()).length);
    expect(outcome.feed.cursor).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(outcome.feed).toMatchObject({ consecutiveFailures: 0, lastError: null });
    expect(JSON.stringify(outcome)).not.toContain(tokenForB);

    // The partner token was used and recorded in A.
    const tokenRow = await a.deps.db
      .selectFrom('partnerTokens')
      .select('lastUsedAt')
      .where('partnerId', '=', agreementInA.id)
      .executeTakeFirstOrThrow();
    expect(tokenRow.lastUsedAt).not.toBeNull();

    const items = await workbench(analystB.client);
    const item = items.find((i) => i.stixId === sharedIncidentA.id)!;
    expect(item).toMatchObject({
      stixType: 'incident',
      kind: 'new',
      status: 'pending',
      title: 'Palvelunestohyökkäys vaalit.fi-palveluun',
      tlp: 'green',
      ownerOrganisationId: coordinatorB.organisationId,
      provenance: { source: 'taxii', partnerId: agreementInB.id, receivedBy: null },
    });
    // Another organisation of B sees nothing of it.
    expect((await workbench(otherAnalystB.client, '')).map((i) => i.id)).not.toContain(item.id);

    const decision = ok<WorkbenchDecision>(
      await analystB.client.post(`/api/v1/exchange/workbench/${item.id}/accept`, {}),
    );
    incidentInB = decision.incidentId!;
    expect(incidentInB).toMatch(/^incident--/);
    const incident = ok<{ title: string; ownerOrganisationId: string }>(
      await analystB.client.get(`/api/v1/incidents/${incidentInB}`),
    );
    expect(incident.title).toBe('Palvelunestohyökkäys vaalit.fi-palveluun');
  });

  it('polls incrementally: nothing new, nothing read again', async () => {
    const imports = async () =>
      (
        await b.deps.db
          .selectFrom('stixImports')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await imports();
    const outcome = await pollNow();
    expect(outcome).toMatchObject({ status: 'succeeded', complete: true, importIds: [] });
    expect(outcome.counts).toMatchObject({ pages: 1, objects: 0 });
    expect(await imports()).toBe(before);
  });

  it("A's update reaches B as a new version, and accepting it updates B's incident", async () => {
    const current = ok<{ version: number }>(
      await analystA.client.get(`/api/v1/incidents/${sharedIncidentA.id}`),
    );
    ok(
      await analystA.client.patch(`/api/v1/incidents/${sharedIncidentA.id}`, {
        version: current.version,
        title: 'Palvelunestohyökkäys vaalit.fi-palveluun jatkuu',
        severity: 4,
      }),
    );
    // A's schedule proposes the newer version of what was released; a coordinator approves it.
    expect(await proposeUpdatedReleases(a.deps.db, new Date())).toBe(1);
    const queue = ok<{ items: Release[] }>(
      await coordinatorA.client.get(`/api/v1/exchange/releases?partnerId=${agreementInA.id}&status=pending`),
    );
    expect(queue.items).toHaveLength(1);
    ok(await coordinatorA.client.post(`/api/v1/exchange/releases/${queue.items[0]!.id}/approve`));

    const outcome = await pollNow();
    expect(outcome).toMatchObject({ status: 'succeeded', complete: true });
    expect(outcome.counts.updated).toBeGreaterThanOrEqual(1);
    expect(outcome.counts.invalid).toBe(0);

    const update = (await workbench(analystB.client)).find((i) => i.stixId === sharedIncidentA.id)!;
    expect(update).toMatchObject({
      kind: 'update',
      status: 'pending',
      title: 'Palvelunestohyökkäys vaalit.fi-palveluun jatkuu',
      targetIncidentId: incidentInB,
    });
    const eventsBefore = ok<{ items: unknown[] }>(
      await analystB.client.get(`/api/v1/incidents/${incidentInB}/events`),
    ).items.length;
    ok(await analystB.client.post(`/api/v1/exchange/workbench/${update.id}/accept`, {}));
    const incident = ok<{ title: string; severity: number }>(
      await analystB.client.get(`/api/v1/incidents/${incidentInB}`),
    );
    expect(incident).toMatchObject({ title: 'Palvelunestohyökkäys vaalit.fi-palveluun jatkuu', severity: 4 });
    const events = ok<{ items: unknown[] }>(
      await analystB.client.get(`/api/v1/incidents/${incidentInB}/events`),
    ).items;
    expect(events.length).toBeGreaterThan(eventsBefore);
    // One workbench item per version, and only B's incident: nothing duplicated.
    const rows = await b.deps.db
      .selectFrom('workbenchItems')
      .select(['kind', 'status'])
      .where('stixId', '=', sharedIncidentA.id)
      .orderBy('createdAt')
      .execute();
    expect(rows).toEqual([
      { kind: 'new', status: 'accepted' },
      { kind: 'update', status: 'accepted' },
    ]);
    expect(
      (
        await b.deps.db
          .selectFrom('incidents')
          .select('id')
          .where('id', '=', fromIncidentId(incidentInB))
          .execute()
      ).length,
    ).toBe(1);
  });

  it('a wrong token is a recorded failure with backoff; the right one continues from the cursor', async () => {
    const before = ok<PartnerFeed>(await coordinatorB.client.get(feedUrl()));
    ok(await coordinatorB.client.patch(feedUrl(), { token: 'vvp_not-the-right-token-at-all-000000' }));
    const first = await pollNow();
    expect(first).toMatchObject({ status: 'failed', complete: false });
    expect(first.error).toMatch(/answered 401.*Check the token/);
    expect(first.feed).toMatchObject({
      consecutiveFailures: 1,
      cursor: before.cursor,
      lastError: first.error,
    });
    expect(Date.parse(first.feed.nextPollAt!) - Date.parse(first.feed.lastPolledAt!)).toBe(5 * 60_000);
    const second = await pollNow();
    expect(second.feed.consecutiveFailures).toBe(2);
    expect(Date.parse(second.feed.nextPollAt!) - Date.parse(second.feed.lastPolledAt!)).toBe(10 * 60_000);

    const next = await createIncidentInA('Väärennetty äänestysohje somessa', {
      domains: ['information_influence'],
      category: 'disinformation_narrative',
    });
    await release(next.id);
    const restored = ok<PartnerFeed>(await coordinatorB.client.patch(feedUrl(), { token: tokenForB }));
    expect(restored).toMatchObject({ consecutiveFailures: 0, lastError: null, cursor: before.cursor });
    const outcome = await pollNow();
    expect(outcome).toMatchObject({ status: 'succeeded', complete: true });
    expect(outcome.feed.cursor! > before.cursor!).toBe(true);
    expect((await workbench(analystB.client)).map((i) => i.stixId)).toContain(next.id);
  });

  it("A's server down: the failure is recorded, and once it is back nothing is lost", async () => {
    const incidents = [
      await createIncidentInA('Uhkaus vaalivirkailijalle puhelimitse', {
        domains: ['physical'],
        category: 'threats_to_candidates_or_officials',
      }),
      await createIncidentInA('Tietojenkalastelu vaalilautakunnille', { category: 'phishing' }),
    ];
    for (const incident of incidents) await release(incident.id);
    const cursor = ok<PartnerFeed>(await coordinatorB.client.get(feedUrl())).cursor;
    await stopListening();
    try {
      const down = await pollNow();
      expect(down).toMatchObject({ status: 'failed', counts: { pages: 0, objects: 0 } });
      expect(down.error).toMatch(new RegExp(`Could not reach http://127\\.0\\.0\\.1:${aPort}`));
      expect(down.feed.cursor).toBe(cursor);
    } finally {
      await listenAgain();
    }
    const back = await pollNow();
    expect(back).toMatchObject({ status: 'succeeded', complete: true, error: null });
    const pending = (await workbench(analystB.client)).map((i) => i.stixId);
    for (const incident of incidents) expect(pending).toContain(incident.id);
  });

  it('a failure between pages keeps what was committed and the next poll continues after it', async () => {
    const incidents = [
      await createIncidentInA('Bottiverkosto levittää vaalipäivän väärää päivämäärää', {
        domains: ['information_influence'],
        category: 'disinformation_narrative',
      }),
      await createIncidentInA('Äänestyspaikan sähkökatko Tampereella', {
        domains: ['physical'],
        category: 'polling_station_disruption',
      }),
    ];
    for (const incident of incidents) await release(incident.id);
    const start = ok<PartnerFeed>(await coordinatorB.client.get(feedUrl())).cursor!;
    let requests = 0;
    const failingSecondRequest: typeof fetch = async (input, init) => {
      requests += 1;
      if (requests === 2) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return fetch(input, init);
    };
    // A's server listens on the loopback address, a private network the feed must be allowed to reach.
    const deps = { db: b.deps.db, now: () => new Date(), pageLimit: 1, privateNetworks: ['127.0.0.1/32'] };
    const broken = await pollFeed({ ...deps, fetch: failingSecondRequest }, feed.id);
    expect(broken).toMatchObject({
      status: 'failed',
      complete: false,
      error: expect.stringMatching(/ECONNRESET/),
    });
    expect(broken.counts.pages).toBe(1);
    expect(broken.counts.created).toBeGreaterThan(0);
    expect(broken.feed.cursor! > start).toBe(true);
    outcomes.push({ ...broken, feed: {} as PartnerFeed });

    const resumed = await pollFeed(deps, feed.id);
    expect(resumed).toMatchObject({ status: 'succeeded', complete: true, error: null });
    expect(resumed.counts.pages).toBeGreaterThan(1);
    outcomes.push({ ...resumed, feed: {} as PartnerFeed });
    const pending = (await workbench(analystB.client)).map((i) => i.stixId);
    for (const incident of incidents) expect(pending).toContain(incident.id);
  });

  it('over every poll, each object version A released arrived exactly once: nothing lost or duplicated', async () => {
    const released = await collectionObjectsInA();
    const arrived = outcomes.reduce(
      (sum, o) => sum + o.counts.created + o.counts.updated + o.counts.olderIgnored,
      0,
    );
    expect(outcomes.reduce((sum, o) => sum + o.counts.invalid, 0)).toBe(0);
    expect(arrived).toBe(released.length);
    const stored = await storedInB();
    expect(stored).toHaveLength(released.length);
    expect(new Set(stored)).toEqual(new Set(released.map((r) => r.slice(0, r.lastIndexOf('@')))));
    // No feed token in B's audit trail either.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from audit_events where details::text like ${`%${tokenForB}%`}`.execute(
      b.deps.db,
    );
    expect(rows[0]!.n).toBe(0);
  });
});
