import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedPollOutcome, PartnerFeed } from '../../../../shared/contracts/exchange-feeds.js';
import {
  createTestApp,
  errorBody,
  expectError,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../../test/helpers/app.js';
import { startJobs } from '../../../jobs/jobs.js';
import { feedJobs, FEED_POLL_QUEUE } from './feed-jobs.js';
import { pollDueFeeds } from './feed-poller.js';

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['partner_feeds', 'audit_events'];
const TOKEN = 'vvp_route-test-token-0123456789abcdef';
const CLOSED_PORT_URL =
  'http://127.0.0.1:9/taxii2/vaalivahti/collections/0d7d0b4c-7e2c-4b43-9d5e-1f0a2b3c4d5e/';

type User = Awaited<ReturnType<typeof signedInUser>>;

const expectValidationFailed = (response: LightMyRequestResponse) => {
  expectError(response, 400, 'validation_failed');
  expect(errorBody(response).issues).toEqual(
    expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
  );
};

describe('partner feed routes', () => {
  let t: TestApp;
  let om: string;
  let other: string;
  let coordinator: User;
  let analyst: User;
  let viewer: User;
  let admin: User;
  let otherCoordinator: User;
  let partnerId: string;
  let otherPartnerId: string;

  const makePartner = async (ownerOrganisationId: string, values: { active?: boolean } = {}) =>
    (
      await t.deps.db
        .insertInto('partners')
        .values({
          name: `Partner ${Math.random().toString(36).slice(2)}`,
          ownerOrganisationId,
          tlpCeiling: 'amber',
          active: values.active ?? true,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const feedsUrl = (partner = partnerId) => `/api/v1/exchange/partners/${partner}/feeds`;
  const create = async (
    client: Client = coordinator.client,
    body: Record<string, unknown> = {},
    partner = partnerId,
  ) => {
    const response = await client.post(feedsUrl(partner), {
      kind: 'taxii',
      title: 'Kumppanin kokoelma',
      url: CLOSED_PORT_URL,
      token: TOKEN,
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as PartnerFeed;
  };
  const storedRow = (id: string) =>
    t.deps.db.selectFrom('partnerFeeds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditOf = (id: string) =>
    t.deps.db
      .selectFrom('auditEvents')
      .select(['action', 'actorUserId', 'details'])
      .where('targetId', '=', id)
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    t = await createTestApp();
    [om, other] = [await makeOrganisation(t), await makeOrganisation(t)];
    coordinator = await signedInUser(t, ['coordinator'], om);
    analyst = await signedInUser(t, ['analyst'], om);
    viewer = await signedInUser(t, ['viewer'], om);
    admin = await signedInUser(t, ['admin'], om);
    otherCoordinator = await signedInUser(t, ['coordinator'], other);
    partnerId = await makePartner(om);
    otherPartnerId = await makePartner(other);
  });
  afterAll(() => t?.close());

  describe('access', () => {
    const routes = (feedId: string): [string, string, unknown][] => [
      ['GET', feedsUrl(), undefined],
      ['POST', feedsUrl(), { kind: 'taxii', title: 'x', url: CLOSED_PORT_URL }],
      ['GET', `${feedsUrl()}/${feedId}`, undefined],
      ['PATCH', `${feedsUrl()}/${feedId}`, { title: 'y' }],
      ['DELETE', `${feedsUrl()}/${feedId}`, undefined],
      ['POST', `${feedsUrl()}/${feedId}/poll`, undefined],
    ];

    it('refuses every route to an anonymous caller', async () => {
      const feed = await create();
      const counts = await rowCounts(t, TABLES);
      for (const [method, url, payload] of routes(feed.id)) {
        expectError(
          await t.anonymous.request({
            method: method as 'GET',
            url,
            ...(payload ? { payload: payload as object } : {}),
          }),
          401,
          'unauthenticated',
        );
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('answers 403 to roles that may not manage partners, in the owning organisation too', async () => {
      const feed = await create();
      const counts = await rowCounts(t, TABLES);
      for (const user of [analyst, viewer, admin]) {
        for (const [method, url, payload] of routes(feed.id)) {
          expectError(
            await user.client.request({
              method: method as 'GET',
              url,
              ...(payload ? { payload: payload as object } : {}),
            }),
            403,
            'forbidden',
          );
        }
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
      expect((await storedRow(feed.id)).title).toBe('Kumppanin kokoelma');
    });

    it("hides another organisation's agreement and feeds: 404 everywhere", async () => {
      const feed = await create();
      const counts = await rowCounts(t, TABLES);
      for (const [method, url, payload] of routes(feed.id)) {
        expectError(
          await otherCoordinator.client.request({
            method: method as 'GET',
            url,
            ...(payload ? { payload: payload as object } : {}),
          }),
          404,
          'not_found',
        );
      }
      // Its own agreement in the path does not reach our feed either.
      expectError(
        await otherCoordinator.client.get(`${feedsUrl(otherPartnerId)}/${feed.id}`),
        404,
        'not_found',
      );
      expectError(
        await otherCoordinator.client.post(`${feedsUrl(otherPartnerId)}/${feed.id}/poll`),
        404,
        'not_found',
      );
      expectError(await coordinator.client.get(feedsUrl(UNKNOWN_ID)), 404, 'not_found');
      expectError(await coordinator.client.get(`${feedsUrl()}/${UNKNOWN_ID}`), 404, 'not_found');
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('refuses invalid input and changes nothing', async () => {
      const feed = await create();
      const counts = await rowCounts(t, TABLES);
      for (const body of [
        {},
        { kind: 'rss', title: 'x', url: CLOSED_PORT_URL },
        { kind: 'taxii', title: '', url: CLOSED_PORT_URL },
        { kind: 'taxii', title: 'x', url: 'ftp://a.example/collections/1/' },
        { kind: 'taxii', title: 'x', url: 'javascript:alert(1)' },
        { kind: 'taxii', title: 'x', url: 'https://user:pass@a.example/collections/1/' },
        { kind: 'taxii', title: 'x', url: 'https://a.example/collections/1/?token=abc' },
        { kind: 'taxii', title: 'x', url: CLOSED_PORT_URL, token: 'short' },
        { kind: 'taxii', title: 'x', url: CLOSED_PORT_URL, token: 'has a space in it' },
        { kind: 'taxii', title: 'x', url: CLOSED_PORT_URL, intervalMinutes: 0 },
        { kind: 'taxii', title: 'x', url: CLOSED_PORT_URL, intervalMinutes: 1.5 },
        { kind: 'taxii', title: 'x', url: CLOSED_PORT_URL, cursor: '2026-01-01T00:00:00Z' },
      ]) {
        expectValidationFailed(await coordinator.client.post(feedsUrl(), body));
      }
      for (const body of [
        {},
        { kind: 'misp' },
        { url: 'nope' },
        { intervalMinutes: 100_000 },
        { resetCursor: false },
      ]) {
        expectValidationFailed(await coordinator.client.patch(`${feedsUrl()}/${feed.id}`, body));
      }
      expectValidationFailed(await coordinator.client.get('/api/v1/exchange/partners/not-a-uuid/feeds'));
      expectValidationFailed(await coordinator.client.post(`${feedsUrl()}/not-a-uuid/poll`));
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });
  });

  describe('managing feeds', () => {
    it('creates a feed: the token is stored encrypted and never returned', async () => {
      const response = await coordinator.client.post(feedsUrl(), {
        kind: 'taxii',
        title: 'Election-VIRT',
        url: CLOSED_PORT_URL,
        token: TOKEN,
        intervalMinutes: 30,
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.body).not.toContain(TOKEN);
      const feed = response.json() as PartnerFeed;
      expect(feed).toMatchObject({
        partnerId,
        kind: 'taxii',
        title: 'Election-VIRT',
        url: CLOSED_PORT_URL,
        hasToken: true,
        intervalMinutes: 30,
        enabled: true,
        cursor: null,
        lastPolledAt: null,
        lastError: null,
        consecutiveFailures: 0,
      });
      expect(Object.keys(feed)).not.toContain('token');
      expect(Object.keys(feed)).not.toContain('tokenCiphertext');
      const row = await storedRow(feed.id);
      expect(row.tokenCiphertext).toMatch(/^v1\./);
      expect(row.tokenCiphertext).not.toContain(TOKEN);
      expect(row.tokenCiphertext).not.toContain(Buffer.from(TOKEN).toString('base64'));
      expect(row.nextPollAt).not.toBeNull();
      for (const url of [feedsUrl(), `${feedsUrl()}/${feed.id}`]) {
        const read = await coordinator.client.get(url);
        expect(read.statusCode).toBe(200);
        expect(read.body).not.toContain(TOKEN);
        expect(read.body).not.toContain(row.tokenCiphertext!);
      }
      const list = (await coordinator.client.get(feedsUrl())).json() as { items: PartnerFeed[] };
      expect(list.items.map((f) => f.id)).toContain(feed.id);
      const audit = await auditOf(feed.id);
      expect(audit).toEqual([
        {
          action: 'partner_feed.create',
          actorUserId: coordinator.id,
          details: expect.objectContaining({ partnerId, kind: 'taxii', hasToken: true }),
        },
      ]);
      expect(JSON.stringify(audit)).not.toContain(TOKEN);
      expect(JSON.stringify(audit)).not.toContain(row.tokenCiphertext!);
    });

    it('lists only the agreement’s own feeds', async () => {
      const secondPartner = await makePartner(om);
      const mine = await create(coordinator.client, {}, secondPartner);
      const list = (await coordinator.client.get(feedsUrl(secondPartner))).json() as { items: PartnerFeed[] };
      expect(list.items.map((f) => f.id)).toEqual([mine.id]);
      expectError(await coordinator.client.get(`${feedsUrl()}/${mine.id}`), 404, 'not_found');
    });

    it('changes a feed: a new token is sealed again, a new address starts over', async () => {
      const feed = await create(coordinator.client, { kind: 'misp', url: 'https://misp.example/feed/' });
      await t.deps.db
        .updateTable('partnerFeeds')
        .set({ cursor: '1700000000', consecutiveFailures: 3, lastError: 'boom' })
        .where('id', '=', feed.id)
        .execute();
      const before = await storedRow(feed.id);
      const response = await coordinator.client.patch(`${feedsUrl()}/${feed.id}`, {
        title: 'Uusi nimi',
        token: 'vvp_another-token-value-123456',
        intervalMinutes: 60,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.body).not.toContain('vvp_another-token-value-123456');
      const changed = response.json() as PartnerFeed;
      expect(changed).toMatchObject({
        title: 'Uusi nimi',
        intervalMinutes: 60,
        hasToken: true,
        cursor: '1700000000',
        consecutiveFailures: 0,
        lastError: null,
      });
      const after = await storedRow(feed.id);
      expect(after.tokenCiphertext).not.toBe(before.tokenCiphertext);
      expect(after.tokenCiphertext).not.toContain('vvp_another');

      const moved = (
        await coordinator.client.patch(`${feedsUrl()}/${feed.id}`, { url: 'https://misp2.example/feed/' })
      ).json() as PartnerFeed;
      expect(moved).toMatchObject({ url: 'https://misp2.example/feed/', cursor: null });

      const removed = (
        await coordinator.client.patch(`${feedsUrl()}/${feed.id}`, { token: null })
      ).json() as PartnerFeed;
      expect(removed.hasToken).toBe(false);
      expect((await storedRow(feed.id)).tokenCiphertext).toBeNull();

      const audit = await auditOf(feed.id);
      expect(audit.map((a) => a.action)).toEqual([
        'partner_feed.create',
        'partner_feed.update',
        'partner_feed.update',
        'partner_feed.update',
      ]);
      expect(audit[1]!.details).toMatchObject({ changes: { title: 'Uusi nimi', token: 'replaced' } });
      expect(audit[2]!.details).toMatchObject({ previousCursor: '1700000000' });
      expect(audit[3]!.details).toMatchObject({ changes: { token: 'removed' } });
      expect(JSON.stringify(audit)).not.toContain('vvp_another');
    });

    it('deletes a feed', async () => {
      const feed = await create();
      const response = await coordinator.client.delete(`${feedsUrl()}/${feed.id}`);
      expect(response.statusCode, response.body).toBe(204);
      expectError(await coordinator.client.get(`${feedsUrl()}/${feed.id}`), 404, 'not_found');
      expect((await auditOf(feed.id)).map((a) => a.action)).toEqual([
        'partner_feed.create',
        'partner_feed.delete',
      ]);
    });
  });

  describe('polling', () => {
    it('polls now: an unreachable server is a recorded failure that backs off', async () => {
      const feed = await create(coordinator.client, { intervalMinutes: 10 });
      const first = await coordinator.client.post(`${feedsUrl()}/${feed.id}/poll`);
      expect(first.statusCode, first.body).toBe(200);
      const outcome = first.json() as FeedPollOutcome;
      expect(outcome).toMatchObject({
        status: 'failed',
        complete: false,
        counts: { pages: 0, objects: 0 },
        importIds: [],
        error: expect.stringMatching(/Could not reach http:\/\/127\.0\.0\.1:9/),
      });
      expect(first.body).not.toContain(TOKEN);
      expect(outcome.feed).toMatchObject({ consecutiveFailures: 1, lastSuccessAt: null, cursor: null });
      expect(outcome.feed.lastError).toBe(outcome.error);
      const polledAt = Date.parse(outcome.feed.lastPolledAt!);
      expect(Date.parse(outcome.feed.nextPollAt!) - polledAt).toBe(10 * 60_000);

      const second = (
        await coordinator.client.post(`${feedsUrl()}/${feed.id}/poll`)
      ).json() as FeedPollOutcome;
      expect(second.feed.consecutiveFailures).toBe(2);
      expect(Date.parse(second.feed.nextPollAt!) - Date.parse(second.feed.lastPolledAt!)).toBe(20 * 60_000);
      const third = (
        await coordinator.client.post(`${feedsUrl()}/${feed.id}/poll`)
      ).json() as FeedPollOutcome;
      expect(Date.parse(third.feed.nextPollAt!) - Date.parse(third.feed.lastPolledAt!)).toBe(40 * 60_000);

      const audit = await auditOf(feed.id);
      expect(audit.filter((a) => a.action === 'partner_feed.poll')).toHaveLength(3);
      expect(audit.at(-1)).toMatchObject({
        actorUserId: coordinator.id,
        details: expect.objectContaining({ manual: true, status: 'failed' }),
      });
    });

    it('reaches no private address the operator has not listed in FEED_PRIVATE_NETWORKS', async () => {
      const feed = await create();
      const listed = t.deps.config.feedPrivateNetworks;
      t.deps.config.feedPrivateNetworks = [];
      try {
        const outcome = (
          await coordinator.client.post(`${feedsUrl()}/${feed.id}/poll`)
        ).json() as FeedPollOutcome;
        expect(outcome).toMatchObject({
          status: 'failed',
          counts: { pages: 0, objects: 0 },
          error: expect.stringMatching(
            /127\.0\.0\.1 is on a private or reserved network.*FEED_PRIVATE_NETWORKS/,
          ),
        });
        // The scheduled poll goes through the same guard.
        const now = new Date(Date.now() + 3_600_000);
        const scheduled = await pollDueFeeds({ db: t.deps.db, now: () => now, privateNetworks: [] }, now);
        expect(scheduled.find((r) => r.feedId === feed.id)?.error).toMatch(/private or reserved network/);
      } finally {
        t.deps.config.feedPrivateNetworks = listed;
      }
    });

    it('answers 409 while the feed is being polled, and for an inactive agreement', async () => {
      const feed = await create();
      await t.deps.db
        .updateTable('partnerFeeds')
        .set({ leaseUntil: new Date(Date.now() + 60_000) })
        .where('id', '=', feed.id)
        .execute();
      expectError(await coordinator.client.post(`${feedsUrl()}/${feed.id}/poll`), 409, 'conflict');
      const inactive = await makePartner(om, { active: false });
      const dormant = await create(coordinator.client, {}, inactive);
      expectError(await coordinator.client.post(`${feedsUrl(inactive)}/${dormant.id}/poll`), 409, 'conflict');
      expect((await storedRow(dormant.id)).lastPolledAt).toBeNull();
    });

    it('polls on schedule only what is due, enabled and of an active agreement', async () => {
      const owner = await makeOrganisation(t);
      const scheduleCoordinator = await signedInUser(t, ['coordinator'], owner);
      const active = await makePartner(owner);
      const inactive = await makePartner(owner, { active: false });
      const due = await create(scheduleCoordinator.client, {}, active);
      const disabled = await create(scheduleCoordinator.client, { enabled: false }, active);
      const notYet = await create(scheduleCoordinator.client, {}, active);
      const ofInactive = await create(scheduleCoordinator.client, {}, inactive);
      const now = new Date(Date.now() + 1000);
      await t.deps.db
        .updateTable('partnerFeeds')
        .set({ nextPollAt: new Date(now.getTime() + 3_600_000) })
        .where('id', '=', notYet.id)
        .execute();
      // Every other feed of this file is due too: the ones above are what matters.
      const results = await pollDueFeeds(
        { db: t.deps.db, now: () => now, privateNetworks: t.deps.config.feedPrivateNetworks },
        now,
      );
      const polled = results.map((r) => r.feedId);
      expect(polled).toContain(due.id);
      for (const skipped of [disabled.id, notYet.id, ofInactive.id]) expect(polled).not.toContain(skipped);
      expect(new Set(polled).size).toBe(polled.length);
      const row = await storedRow(due.id);
      expect(row).toMatchObject({ consecutiveFailures: 1, lastPolledAt: now, leaseUntil: null });
      expect(row.nextPollAt!.getTime()).toBe(now.getTime() + 15 * 60_000);
      // Not due again until the backoff has passed.
      expect(
        (
          await pollDueFeeds(
            { db: t.deps.db, now: () => now, privateNetworks: t.deps.config.feedPrivateNetworks },
            now,
          )
        ).map((r) => r.feedId),
      ).not.toContain(due.id);
      const scheduledAudit = (await auditOf(due.id)).filter((a) => a.action === 'partner_feed.poll');
      expect(scheduledAudit).toEqual([]);
    });

    it('registers the poll every minute on a queue that runs one poll at a time', async () => {
      const jobs = await startJobs(
        {
          config: t.deps.config,
          db: t.deps.db,
          pool: t.deps.pool,
          log: (await import('pino')).pino({ level: 'silent' }),
        },
        feedJobs,
      );
      try {
        const schedules = await t.deps.pool.query<{ name: string; cron: string }>(
          'select name, cron from pgboss.schedule where name = $1',
          [FEED_POLL_QUEUE],
        );
        expect(schedules.rows).toEqual([{ name: FEED_POLL_QUEUE, cron: '* * * * *' }]);
        const queue = await t.deps.pool.query<{ policy: string }>(
          'select policy from pgboss.queue where name = $1',
          [FEED_POLL_QUEUE],
        );
        expect(queue.rows).toEqual([{ policy: 'stately' }]);
      } finally {
        await jobs.stop();
      }
    });
  });
});
