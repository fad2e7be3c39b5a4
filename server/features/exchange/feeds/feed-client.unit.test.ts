import { describe, expect, it } from 'vitest';
import { backoffMinutes } from './feed-schedule.js';
import { decryptFeedToken, encryptFeedToken, feedTokenKey } from './feed-token-crypto.js';
import { TAXII_MEDIA_TYPE } from '../taxii/taxii-media.js';
import {
  FeedError,
  fetchTaxiiPage,
  justBefore,
  normaliseTaxiiTimestamp,
  objectsUrlOf,
} from './taxii-client.js';

const FEED = '0b6b8f6e-1c3e-4f57-9a51-3c1f0a2b4d5e';
const OTHER_FEED = '5f0c4b57-8f3a-4c1d-9e0b-2a6d7c8e9f10';

describe('feed tokens at rest', () => {
  const key = feedTokenKey('instance-secret-one');

  it('round-trips and never contains the plaintext', () => {
    const token = 'vvp_abcdefghijklmnopqrstuvwxyz0123456789';
    const sealed = encryptFeedToken(key, FEED, token);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(token);
    expect(sealed).not.toContain(Buffer.from(token).toString('base64url'));
    expect(decryptFeedToken(key, FEED, sealed)).toBe(token);
    expect(encryptFeedToken(key, FEED, token)).not.toBe(sealed);
  });

  it('refuses another feed, another instance secret and any alteration', () => {
    const sealed = encryptFeedToken(key, FEED, 'vvp_secret-token-value');
    expect(() => decryptFeedToken(key, OTHER_FEED, sealed)).toThrow();
    expect(() => decryptFeedToken(feedTokenKey('instance-secret-two'), FEED, sealed)).toThrow();
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[2]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      decryptFeedToken(key, FEED, [parts[0], parts[1], flipped.toString('base64url'), parts[3]].join('.')),
    ).toThrow();
    expect(() => decryptFeedToken(key, FEED, 'v2.a.b.c')).toThrow(/unknown format/);
  });
});

describe('TAXII timestamps and addresses', () => {
  it('steps back one microsecond, across second and year boundaries', () => {
    expect(justBefore('2026-12-07T10:00:00.123457Z')).toBe('2026-12-07T10:00:00.123456Z');
    expect(justBefore('2026-12-07T10:00:00.000000Z')).toBe('2026-12-07T09:59:59.999999Z');
    expect(justBefore('2027-01-01T00:00:00Z')).toBe('2026-12-31T23:59:59.999999Z');
    expect(justBefore('2026-12-07T10:00:00.5Z')).toBe('2026-12-07T10:00:00.499999Z');
  });

  it('normalises to six digits, cutting rather than rounding', () => {
    expect(normaliseTaxiiTimestamp('2026-12-07T10:00:00.1Z')).toBe('2026-12-07T10:00:00.100000Z');
    expect(normaliseTaxiiTimestamp('2026-12-07T10:00:00.123456789Z')).toBe('2026-12-07T10:00:00.123456Z');
    expect(() => normaliseTaxiiTimestamp('yesterday')).toThrow(FeedError);
  });

  it('reads the objects endpoint of a collection however its address was written', () => {
    const expected = 'https://a.example/taxii2/vaalivahti/collections/c1/objects/';
    for (const given of [
      'https://a.example/taxii2/vaalivahti/collections/c1/',
      'https://a.example/taxii2/vaalivahti/collections/c1',
      'https://a.example/taxii2/vaalivahti/collections/c1/objects/',
      'https://a.example/taxii2/vaalivahti/collections/c1/objects',
    ]) {
      expect(objectsUrlOf(given).toString()).toBe(expected);
    }
  });

  it('backs off exponentially after failures, capped at a day', () => {
    expect([1, 2, 3, 4].map((n) => backoffMinutes(15, n))).toEqual([15, 30, 60, 120]);
    expect(backoffMinutes(15, 40)).toBe(24 * 60);
    expect(backoffMinutes(1, 0)).toBe(1);
  });
});

describe('one TAXII request', () => {
  const answer =
    (status: number, body: unknown, headers: Record<string, string> = {}) =>
    async (input: string | URL | Request, init?: RequestInit) => {
      seen.push({ url: String(input), init: init ?? {} });
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': TAXII_MEDIA_TYPE, ...headers },
      });
    };
  let seen: { url: string; init: RequestInit }[] = [];
  const request = (fetchImpl: typeof fetch, extra: { addedAfter?: string; next?: string } = {}) => {
    seen = [];
    return fetchTaxiiPage({
      collectionUrl: 'http://127.0.0.1:9/taxii2/vaalivahti/collections/c1/',
      token: 'vvp_token',
      addedAfter: extra.addedAfter ?? null,
      next: extra.next ?? null,
      limit: 7,
      fetch: fetchImpl,
    });
  };

  it('asks with the exact media type, the token, added_after, limit and next', async () => {
    const page = await request(
      answer(
        200,
        { more: true, next: 'n2', objects: [{ type: 'indicator', id: 'indicator--1' }] },
        {
          'x-taxii-date-added-first': '2026-12-07T10:00:00.000001Z',
          'x-taxii-date-added-last': '2026-12-07T10:00:00.000002Z',
        },
      ) as typeof fetch,
      { addedAfter: '2026-12-07T09:00:00.000000Z', next: 'n1' },
    );
    const url = new URL(seen[0]!.url);
    expect(url.pathname).toBe('/taxii2/vaalivahti/collections/c1/objects/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      limit: '7',
      added_after: '2026-12-07T09:00:00.000000Z',
      next: 'n1',
    });
    expect(seen[0]!.init.headers).toEqual({
      accept: 'application/taxii+json;version=2.1',
      authorization: 'Bearer vvp_token',
    });
    expect(seen[0]!.init.redirect).toBe('manual');
    expect(seen[0]!.init.signal).toBeInstanceOf(AbortSignal);
    expect(page).toEqual({
      objects: [{ type: 'indicator', id: 'indicator--1' }],
      more: true,
      next: 'n2',
      dateAddedFirst: '2026-12-07T10:00:00.000001Z',
      dateAddedLast: '2026-12-07T10:00:00.000002Z',
    });
  });

  it('takes an empty envelope as an empty last page', async () => {
    expect(await request(answer(200, {}) as typeof fetch)).toEqual({
      objects: [],
      more: false,
      next: null,
      dateAddedFirst: null,
      dateAddedLast: null,
    });
  });

  it('explains every failure without the token', async () => {
    const cases: [typeof fetch, RegExp][] = [
      [
        answer(401, {
          title: 'Unauthorized',
          description: 'No valid token',
          http_status: '401',
        }) as typeof fetch,
        /answered 401.*Unauthorized \(No valid token\).*Check the token/,
      ],
      [answer(404, 'nope') as typeof fetch, /answered 404.*collection address/],
      [
        answer(200, '<html>', { 'content-type': 'text/html' }) as typeof fetch,
        /not application\/taxii\+json/,
      ],
      [answer(200, 'not json') as typeof fetch, /not JSON/],
      [answer(200, { objects: 'x' }) as typeof fetch, /invalid envelope \(objects/],
      [answer(200, { more: true }) as typeof fetch, /no "next"/],
      [
        answer(200, { objects: [] }, { 'x-taxii-date-added-last': 'soon' }) as typeof fetch,
        /invalid X-TAXII-Date-Added-Last/,
      ],
      [
        (async () =>
          new Response(null, { status: 302, headers: { location: 'https://b.example/' } })) as typeof fetch,
        /redirected to https:\/\/b\.example\//,
      ],
      [
        (async () => {
          throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
        }) as typeof fetch,
        /Could not reach http:\/\/127\.0\.0\.1:9: ECONNREFUSED/,
      ],
      [
        (async () => {
          throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
        }) as typeof fetch,
        /No answer from http:\/\/127\.0\.0\.1:9 within 30 s/,
      ],
    ];
    for (const [fetchImpl, message] of cases) {
      const error = await request(fetchImpl).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeedError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('vvp_token');
    }
  });
});
