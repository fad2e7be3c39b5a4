import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseMispEvent } from './misp-event.js';
import { MispFeedError, readMispFeed } from './misp-feed.js';

const feedDir = path.resolve(import.meta.dirname, '../../../../test/fixtures/misp/feed');
const read = (name: string) => readFileSync(path.join(feedDir, name));

const A = '8c5b7f0e-2a41-4d7c-9f3e-6b1d2c3a4e5f'; // timestamp 1714560300
const B = '3a7e9c21-5b8d-4f06-a1c3-9d2e4f6b8a10'; // 1714646400
const C = '6d0f2a4c-8e1b-4c37-b5d9-0f2a4c6e8b21'; // 1709251200

/** A real HTTP server serving the fixture feed; `overrides` replace or remove files per test. */
describe('reading a MISP feed', () => {
  let server: Server;
  let baseUrl: string;
  let overrides: Map<string, Buffer | number>;
  let requested: string[];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const name = decodeURIComponent(new URL(request.url!, 'http://x').pathname).replace(
        /^\/feeds\/circl\//,
        '',
      );
      requested.push(name);
      const override = overrides.get(name);
      if (typeof override === 'number') return response.writeHead(override).end();
      let body: Buffer;
      try {
        body = override ?? read(name);
      } catch {
        return response.writeHead(404).end();
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feeds/circl`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    overrides = new Map();
    requested = [];
  });

  it('reads every event of the manifest, oldest first, and says where it got to', async () => {
    const feed = await readMispFeed(baseUrl);
    expect(feed.events.map((e) => e.uuid)).toEqual([C, A, B]);
    expect(feed.failures).toEqual([]);
    expect(feed.manifestEntries).toBe(3);
    expect(feed.cursor).toBe(1714646400);
    for (const event of feed.events) expect(parseMispEvent(event.document).ok).toBe(true);
  });

  it('fetches only events newer than the cursor', async () => {
    const feed = await readMispFeed(`${baseUrl}/`, { since: 1709251200 });
    expect(feed.events.map((e) => e.uuid)).toEqual([A, B]);
    expect(requested.sort()).toEqual([`${A}.json`, `${B}.json`, 'manifest.json'].sort());
    const again = await readMispFeed(baseUrl, { since: feed.cursor });
    expect(again.events).toEqual([]);
    expect(again.cursor).toBe(1714646400);
  });

  it('refuses a file that does not match the manifest integrity and holds the cursor before it', async () => {
    const tampered = JSON.parse(read(`${A}.json`).toString()) as { Event: { info: string } };
    tampered.Event.info = 'Changed on the way';
    overrides.set(`${A}.json`, Buffer.from(JSON.stringify(tampered)));
    const feed = await readMispFeed(baseUrl);
    expect(feed.events.map((e) => e.uuid)).toEqual([C, B]);
    expect(feed.failures).toEqual([
      { uuid: A, reason: `${A}.json does not match the manifest's integrity:sha256`, retry: true },
    ]);
    expect(feed.cursor).toBe(1709251200);
  });

  it('reports an event that cannot be fetched, and one that is another event', async () => {
    overrides.set(`${B}.json`, 500);
    overrides.set(`${C}.json`, read(`${A}.json`));
    const feed = await readMispFeed(baseUrl, { concurrency: 1 });
    expect(feed.events.map((e) => e.uuid)).toEqual([A]);
    expect(feed.failures.map((f) => [f.uuid, f.reason])).toEqual([
      [C, `${C}.json is not the event the manifest names`],
      [B, `/feeds/circl/${B}.json: HTTP 500`],
    ]);
    expect(feed.cursor).toBe(null);
  });

  it('never fetches a manifest key that is not a uuid', async () => {
    const manifest = JSON.parse(read('manifest.json').toString()) as Record<string, unknown>;
    manifest['../../etc/passwd'] = { info: 'x', timestamp: '1999999999' };
    overrides.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    const feed = await readMispFeed(baseUrl);
    expect(requested.some((r) => r.includes('passwd') || r.includes('..'))).toBe(false);
    expect(feed.failures).toEqual([
      { uuid: '../../etc/passwd', reason: 'manifest key is not a uuid', retry: false },
    ]);
    expect(feed.cursor).toBe(1714646400);
  });

  it('refuses files larger than the limit', async () => {
    const feed = await readMispFeed(baseUrl, { maxBytes: 5000 });
    expect(feed.events.map((e) => e.uuid)).toEqual([C, B]);
    expect(feed.failures[0]!.reason).toContain('larger than 5000 bytes');
  });

  it('fails as a whole when the manifest cannot be read', async () => {
    overrides.set('manifest.json', 404);
    await expect(readMispFeed(baseUrl)).rejects.toThrow(MispFeedError);
    overrides.set('manifest.json', Buffer.from('[1, 2]'));
    await expect(readMispFeed(baseUrl)).rejects.toThrow('manifest.json is not an object of event uuids');
    overrides.set('manifest.json', Buffer.from('{not json'));
    await expect(readMispFeed(baseUrl)).rejects.toThrow('manifest.json is not JSON');
    await expect(readMispFeed('file:///etc/')).rejects.toThrow('HTTP or HTTPS');
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const feed = await readMispFeed(baseUrl, {
      since: 1714560300,
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    expect(feed.events.map((e) => e.uuid)).toEqual([B]);
    expect(seen).toEqual([`${baseUrl}/manifest.json`, `${baseUrl}/${B}.json`]);
  });
});
