import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedPollOutcome, PartnerFeed } from '../../../../shared/contracts/exchange-feeds.js';
import type { WorkbenchItemSummary } from '../../../../shared/contracts/exchange-imports.js';
import { createTestApp, makeOrganisation, signedInUser, type TestApp } from '../../../../test/helpers/app.js';

/** A MISP feed (manifest.json + event files) served over real HTTP and polled into the workbench. */

const FEED_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/misp/feed',
);
const TOKEN = 'misp-feed-token-0123456789';
const EVENTS = {
  older: '6d0f2a4c-8e1b-4c37-b5d9-0f2a4c6e8b21', // 1709251200
  fimi: '8c5b7f0e-2a41-4d7c-9f3e-6b1d2c3a4e5f', // 1714560300
  phishing: '3a7e9c21-5b8d-4f06-a1c3-9d2e4f6b8a10', // 1714646400
};

type User = Awaited<ReturnType<typeof signedInUser>>;

describe('MISP feeds', () => {
  let t: TestApp;
  let server: Server;
  let baseUrl: string;
  let coordinator: User;
  let analyst: User;
  let partnerId: string;
  let feed: PartnerFeed;
  const requests: { path: string; authorization: string | undefined }[] = [];
  const failing = new Set<string>();

  const feedUrl = () => `/api/v1/exchange/partners/${partnerId}/feeds/${feed.id}`;
  const poll = async () => {
    const response = await coordinator.client.post(`${feedUrl()}/poll`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as FeedPollOutcome;
  };
  const pending = async () => {
    const response = await analyst.client.get('/api/v1/exchange/workbench?status=pending');
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: WorkbenchItemSummary[] }).items;
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const name = path.basename(request.url ?? '');
      requests.push({ path: request.url ?? '', authorization: request.headers.authorization });
      if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        response.writeHead(401).end();
        return;
      }
      if (failing.has(name)) {
        response.writeHead(503).end();
        return;
      }
      readFile(path.join(FEED_DIR, name)).then(
        (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`;
    t = await createTestApp();
    const organisation = await makeOrganisation(t);
    coordinator = await signedInUser(t, ['coordinator'], organisation);
    analyst = await signedInUser(t, ['analyst'], organisation);
    partnerId = (
      await t.deps.db
        .insertInto('partners')
        .values({
          name: 'CERT-EX',
          ownerOrganisationId: organisation,
          tlpCeiling: 'green',
          defaultImportTlp: 'amber',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('reads the events oldest first, with the token, into the workbench; the cursor is the newest timestamp', async () => {
    const response = await coordinator.client.post(`/api/v1/exchange/partners/${partnerId}/feeds`, {
      kind: 'misp',
      title: 'CERT-EX MISP feed',
      url: baseUrl,
      token: TOKEN,
    });
    expect(response.statusCode, response.body).toBe(201);
    feed = response.json() as PartnerFeed;
    // A fetch that fails on one event file: the events before it are kept, the cursor waits before it.
    failing.add(`${EVENTS.phishing}.json`);
    const partial = await poll();
    expect(partial).toMatchObject({ status: 'failed', complete: false, counts: { pages: 2 } });
    expect(partial.error).toMatch(new RegExp(`could not be read \\(first: ${EVENTS.phishing}`));
    expect(partial.feed).toMatchObject({ cursor: '1714560300', consecutiveFailures: 1 });
    expect(requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(requests.map((r) => r.path)).toContain('/feed/manifest.json');

    failing.clear();
    const complete = await poll();
    expect(complete).toMatchObject({
      status: 'succeeded',
      complete: true,
      error: null,
      counts: { pages: 1 },
    });
    expect(complete.feed).toMatchObject({ cursor: '1714646400', consecutiveFailures: 0, lastError: null });
    const titles = (await pending()).filter((i) => i.provenance.source === 'misp').map((i) => i.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Fabricated claim: advance votes cast abroad will not be counted',
        'Phishing page imitating the election authority',
        'Older event already seen',
      ]),
    );
  });

  it('reads only events newer than the cursor on the next poll', async () => {
    requests.length = 0;
    const again = await poll();
    expect(again).toMatchObject({ status: 'succeeded', complete: true, counts: { pages: 0, objects: 0 } });
    expect(requests.map((r) => r.path)).toEqual(['/feed/manifest.json']);
  });

  it('records a refused token as a failure', async () => {
    const changed = await coordinator.client.patch(feedUrl(), { token: 'misp-wrong-token-000000' });
    expect(changed.statusCode, changed.body).toBe(200);
    const refused = await poll();
    expect(refused).toMatchObject({
      status: 'failed',
      feed: { consecutiveFailures: 1, cursor: '1714646400' },
    });
    expect(refused.error).toMatch(/MISP feed cannot be read: .*manifest\.json: HTTP 401/);
  });
});
