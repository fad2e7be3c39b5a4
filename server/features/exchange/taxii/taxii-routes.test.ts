import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Partner } from '../../../../shared/contracts/exchange-partners.js';
import { createTestApp, rowCounts, signedInUser, type TestApp } from '../../../../test/helpers/app.js';
import {
  API_ROOT,
  expectTaxiiError,
  inboundOf,
  makePartner,
  makePartnerToken,
  medallionRows,
  outboundOf,
  storeTaxiiObjects,
  TAXII,
  taxiiClient,
} from '../../../../test/helpers/exchange-partners.js';

type Envelope = { more?: boolean; next?: string; objects?: Record<string, unknown>[] };

const INDICATOR = 'indicator--6770298f-0fd8-471a-ab8c-1c658a46574e';
const MALWARE = 'malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec';

const keysOf = (envelope: Envelope) =>
  (envelope.objects ?? []).map((o) => `${o.id as string}@${(o.modified ?? o.created) as string}`);

describe('the TAXII 2.1 server', () => {
  let t: TestApp;
  let partner: Partner;
  let greenPartner: Partner;
  let foreignPartner: Partner;
  let token: string;
  let greenToken: string;
  let foreignToken: string;
  let objectsUrl: string;
  let collectionUrl: string;

  const partnerClient = () => taxiiClient(t, token);
  const objects = async (query = '', client = partnerClient(), url = objectsUrl) => {
    const response = await client.get(`${url}${query}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(TAXII);
    return { response, body: response.json() as Envelope };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const coordinator = await signedInUser(t, ['coordinator']);
    const other = await signedInUser(t, ['coordinator']);
    partner = await makePartner(coordinator.client, { name: 'Election-VIRT', inboundCollection: true });
    greenPartner = await makePartner(coordinator.client, { name: 'CERT green', tlpCeiling: 'green' });
    foreignPartner = await makePartner(other.client, { name: 'Foreign agreement' });
    token = (await makePartnerToken(coordinator.client, partner.id)).token;
    greenToken = (await makePartnerToken(coordinator.client, greenPartner.id)).token;
    foreignToken = (await makePartnerToken(other.client, foreignPartner.id)).token;
    collectionUrl = `${API_ROOT}/collections/${outboundOf(partner).id}/`;
    objectsUrl = `${collectionUrl}objects/`;
    await storeTaxiiObjects(t, outboundOf(partner).id, medallionRows());
  });

  afterAll(async () => {
    await t.close();
  });

  describe('authentication and media types', () => {
    it('answers 401 with a challenge and a TAXII error message to a request without a token', async () => {
      const response = await taxiiClient(t, null).get('/taxii2/');
      const body = expectTaxiiError(response, 401);
      expect(body.title).toBe('Unauthorized');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="taxii2"/);
    });

    it('refuses an unknown token, a malformed header and a user session alike', async () => {
      expectTaxiiError(await taxiiClient(t, `vvp_${'A'.repeat(43)}`).get('/taxii2/'), 401);
      expectTaxiiError(await taxiiClient(t, 'not-a-token').get('/taxii2/'), 401);
      expectTaxiiError(await taxiiClient(t, null).get('/taxii2/', { authorization: 'Token abc' }), 401);
      const user = await signedInUser(t, ['coordinator']);
      expectTaxiiError(await taxiiClient(t, null).get('/taxii2/', { cookie: user.client.cookie! }), 401);
    });

    it('accepts the token as the password of HTTP Basic', async () => {
      const basic = Buffer.from(`anyone:${token}`).toString('base64');
      const response = await taxiiClient(t, null).get('/taxii2/', { authorization: `Basic ${basic}` });
      expect(response.statusCode, response.body).toBe(200);
    });

    it('answers 401 to a revoked token', async () => {
      const coordinator = await signedInUser(t, ['coordinator']);
      const p = await makePartner(coordinator.client);
      const created = await makePartnerToken(coordinator.client, p.id);
      expect((await taxiiClient(t, created.token).get('/taxii2/')).statusCode).toBe(200);
      const revoked = await coordinator.client.delete(
        `/api/v1/exchange/partners/${p.id}/tokens/${created.id}`,
      );
      expect(revoked.statusCode, revoked.body).toBe(204);
      expectTaxiiError(await taxiiClient(t, created.token).get('/taxii2/'), 401);
    });

    it('answers 403 while the agreement is inactive', async () => {
      const coordinator = await signedInUser(t, ['coordinator']);
      const p = await makePartner(coordinator.client);
      const created = await makePartnerToken(coordinator.client, p.id);
      await coordinator.client.patch(`/api/v1/exchange/partners/${p.id}`, { active: false });
      const body = expectTaxiiError(await taxiiClient(t, created.token).get('/taxii2/'), 403);
      expect(body.error_code).toBe('agreement_inactive');
    });

    it('records when a token was last used', async () => {
      const row = await t.deps.db
        .selectFrom('partnerTokens')
        .select('lastUsedAt')
        .where('partnerId', '=', partner.id)
        .executeTakeFirstOrThrow();
      expect(row.lastUsedAt).toBeInstanceOf(Date);
    });

    it.each([
      ['no Accept header', undefined],
      ['application/json', 'application/json'],
      ['*/*', '*/*'],
      ['TAXII 2.0', 'application/taxii+json;version=2.0'],
      ['TAXII 2.1 refused with q=0', 'application/taxii+json;version=2.1;q=0'],
    ])('answers 406 to %s', async (_name, accept) => {
      expectTaxiiError(await partnerClient().get('/taxii2/', { accept }), 406);
    });

    it.each([
      ['the exact media type', TAXII],
      ['the media type without a version (the latest)', 'application/taxii+json'],
      ['a list naming TAXII 2.1 among others', 'application/json, application/taxii+json; version="2.1"'],
      ['the manifest pair of the standard', `${TAXII},application/stix+json;version=2.1`],
    ])('serves a request that accepts %s', async (_name, accept) => {
      const response = await partnerClient().get('/taxii2/', { accept });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe(TAXII);
    });

    it('answers a TAXII 404 to an unknown address under /taxii2/', async () => {
      expectTaxiiError(await partnerClient().get('/taxii2/nowhere/'), 404);
      expectTaxiiError(
        await partnerClient().get(`${API_ROOT}/collections/${outboundOf(partner).id}/nothing/`),
        404,
      );
    });
  });

  describe('server information', () => {
    it('describes the server and its one API root (discovery)', async () => {
      const response = await partnerClient().get('/taxii2/');
      expect(response.json()).toEqual({
        title: 'Vaalivahti',
        description: expect.any(String),
        default: '/taxii2/vaalivahti/',
        api_roots: ['/taxii2/vaalivahti/'],
      });
    });

    it('describes the API root with its version and max_content_length', async () => {
      const response = await partnerClient().get(`${API_ROOT}/`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        title: expect.any(String),
        description: expect.any(String),
        versions: [TAXII],
        max_content_length: 20 * 1024 * 1024,
      });
    });
  });

  describe('collections', () => {
    it("lists only the partner's own collections, with their permissions", async () => {
      const response = await partnerClient().get(`${API_ROOT}/collections/`);
      expect(response.statusCode).toBe(200);
      const { collections } = response.json() as { collections: Record<string, unknown>[] };
      expect(collections.map((c) => c.id)).toEqual([outboundOf(partner).id, inboundOf(partner)!.id]);
      expect(collections[0]).toMatchObject({
        can_read: true,
        can_write: false,
        media_types: ['application/stix+json;version=2.1'],
      });
      expect(collections[1]).toMatchObject({ can_read: false, can_write: true });
    });

    it('shows one of its collections and hides every other partner’s (404)', async () => {
      const own = await partnerClient().get(collectionUrl);
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ id: outboundOf(partner).id, can_read: true, can_write: false });
      expectTaxiiError(
        await partnerClient().get(`${API_ROOT}/collections/${outboundOf(foreignPartner).id}/`),
        404,
      );
      expectTaxiiError(
        await partnerClient().get(`${API_ROOT}/collections/${outboundOf(greenPartner).id}/`),
        404,
      );
      expectTaxiiError(await partnerClient().get(`${API_ROOT}/collections/${randomUUID()}/`), 404);
      expectTaxiiError(
        await taxiiClient(t, foreignToken).get(`${API_ROOT}/collections/${outboundOf(partner).id}/objects/`),
        404,
      );
    });
  });

  describe('objects', () => {
    it('serves the latest version of each object in the latest spec version, oldest added first', async () => {
      const { response, body } = await objects();
      expect(keysOf(body)).toEqual([
        'relationship--2f9a9aa9-108a-4333-83e2-4fb25add0463@2014-05-08T09:00:00.000Z',
        'indicator--cd981c25-8042-4166-8945-51178443bdac@2014-05-08T09:00:00.000Z',
        'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da@2017-01-20T00:00:00.000Z',
        `${MALWARE}@2017-01-27T13:49:53.997Z`,
        `${INDICATOR}@2017-01-27T13:49:53.935Z`,
      ]);
      expect(body.more).toBe(false);
      expect(body.next).toBeUndefined();
      expect(response.headers['x-taxii-date-added-first']).toBe('2014-05-08T09:00:00.000000Z');
      expect(response.headers['x-taxii-date-added-last']).toBe('2017-12-31T13:49:53.935000Z');
    });

    it('serves the objects exactly as stored', async () => {
      const { body } = await objects(`?match[id]=${INDICATOR}&match[version]=2016-12-25T12:30:59.444Z`);
      const stored = medallionRows().find(
        (r) => r.object.id === INDICATOR && r.object.modified === '2016-12-25T12:30:59.444Z',
      );
      expect(body.objects).toEqual([stored!.object]);
    });

    it.each([
      ['all', '', 7],
      ['all', '&match[spec_version]=2.0,2.1', 8],
      ['first', '', 5],
      ['first,last', '', 6],
      ['2016-12-25T12:30:59.444Z', '', 1],
      ['2016-11-03T12:30:59.000Z,2017-01-27T13:49:53.935Z', '', 2],
      ['last', '&match[spec_version]=2.0', 1],
    ])('filters match[version]=%s%s', async (version, extra, count) => {
      const { body } = await objects(`?match[version]=${version}${extra}`);
      expect(body.objects ?? []).toHaveLength(count);
    });

    it('gives the earliest versions for match[version]=first', async () => {
      const { body } = await objects(`?match[version]=first&match[type]=indicator`);
      expect(keysOf(body)).toEqual([
        'indicator--cd981c25-8042-4166-8945-51178443bdac@2014-05-08T09:00:00.000Z',
        `${INDICATOR}@2016-11-03T12:30:59.000Z`,
      ]);
    });

    it('serves a STIX 2.0 version only when asked for it', async () => {
      const { body } = await objects(`?match[spec_version]=2.0`);
      expect(keysOf(body)).toEqual([`${MALWARE}@2018-02-23T18:30:00.000Z`]);
    });

    it('filters match[id] and match[type], each a comma-separated OR', async () => {
      expect(keysOf((await objects('?match[type]=indicator')).body)).toEqual([
        'indicator--cd981c25-8042-4166-8945-51178443bdac@2014-05-08T09:00:00.000Z',
        `${INDICATOR}@2017-01-27T13:49:53.935Z`,
      ]);
      expect((await objects('?match[type]=indicator,malware')).body.objects).toHaveLength(3);
      expect((await objects(`?match[id]=${INDICATOR}&match[version]=all`)).body.objects).toHaveLength(3);
      expect((await objects(`?match[id]=${INDICATOR},${MALWARE}`)).body.objects).toHaveLength(2);
      const none = await objects('?match[type]=campaign');
      expect(none.body).toEqual({ more: false });
      expect(none.response.headers['x-taxii-date-added-first']).toBeUndefined();
    });

    it('treats added_after as exclusive, to the microsecond', async () => {
      const after = async (value: string) =>
        keysOf((await objects(`?match[version]=all&added_after=${value}`)).body);
      const exact = await after('2016-11-03T12:30:59.001000Z');
      expect(exact).toHaveLength(4);
      expect(exact).not.toContain(`${INDICATOR}@2016-11-03T12:30:59.000Z`);
      expect(await after('2016-11-03T12:30:59.001Z')).toEqual(exact);
      const justBefore = await after('2016-11-03T12:30:59.000999Z');
      expect(justBefore).toHaveLength(5);
      expect(justBefore[0]).toBe(`${INDICATOR}@2016-11-03T12:30:59.000Z`);
      expect(await after('2016-11-03T12:30:59.0009999Z')).toEqual(justBefore);
      expect(await after('2030-01-01T00:00:00Z')).toEqual([]);
    });

    it('pages with limit and next over more than two pages, losing and repeating nothing', async () => {
      const all = keysOf((await objects('?match[version]=all&match[spec_version]=2.0,2.1')).body);
      expect(all).toHaveLength(8);
      const seen: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const { response, body } = await objects(
          `?match[version]=all&match[spec_version]=2.0,2.1&limit=3${next ? `&next=${next}` : ''}`,
        );
        pages += 1;
        expect(body.objects!.length).toBeLessThanOrEqual(3);
        expect(response.headers['x-taxii-date-added-first']).toMatch(
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/,
        );
        seen.push(...keysOf(body));
        expect(body.more).toBe(pages < 3);
        next = body.next;
        expect(next === undefined).toBe(!body.more);
      } while (next);
      expect(pages).toBe(3);
      expect(seen).toEqual(all);
    });

    it('continues across objects added in the same microsecond', async () => {
      const first = await objects(
        '?match[version]=all&match[spec_version]=2.0,2.1&match[type]=malware&limit=1',
      );
      expect(first.body.more).toBe(true);
      const second = await objects(
        `?match[version]=all&match[spec_version]=2.0,2.1&match[type]=malware&limit=1&next=${first.body.next}`,
      );
      expect(second.response.headers['x-taxii-date-added-first']).toBe(
        first.response.headers['x-taxii-date-added-last'],
      );
      expect([...keysOf(first.body), ...keysOf(second.body)].sort()).toEqual([
        `${MALWARE}@2017-01-27T13:49:53.997Z`,
        `${MALWARE}@2018-02-23T18:30:00.000Z`,
      ]);
      expect(second.body.more).toBe(false);
    });

    it.each([
      ['an invalid next', '?next=not-ours'],
      ['a forged next', `?next=${Buffer.from('2020-01-01T00:00:00Z|abc').toString('base64url')}`],
      [
        'a next beyond any position',
        `?next=${Buffer.from('2020-01-01T00:00:00Z|9999999999999999999').toString('base64url')}`,
      ],
      ['limit 0', '?limit=0'],
      ['a negative limit', '?limit=-5'],
      ['a limit that is no number', '?limit=ten'],
      ['added_after that is no timestamp', '?added_after=yesterday'],
      ['added_after on 30 February', '?added_after=2027-02-30T00:00:00Z'],
      ['added_after twice', '?added_after=2020-01-01T00:00:00Z&added_after=2021-01-01T00:00:00Z'],
      ['a repeated match field', '?match[type]=indicator&match[type]=malware'],
      ['match[version]=all with another value', '?match[version]=all,last'],
      ['a repeated version value', '?match[version]=last,last'],
      ['a malformed version', '?match[version]=latest'],
      ['a space in a list', '?match[type]=indicator, malware'],
      ['a malformed id', '?match[id]=indicator'],
      ['a malformed spec version', '?match[spec_version]=two'],
    ])('answers 400 to %s', async (_name, query) => {
      expectTaxiiError(await partnerClient().get(`${objectsUrl}${query}`), 400);
    });

    it('caps the page at the server limit', async () => {
      const { body } = await objects('?limit=100000');
      expect(body.objects).toHaveLength(5);
    });
  });

  describe('one object, its versions and the manifest', () => {
    it('serves the latest version of one object, or the versions asked for', async () => {
      const url = `${objectsUrl}${INDICATOR}/`;
      const latest = await objects('', partnerClient(), url);
      expect(keysOf(latest.body)).toEqual([`${INDICATOR}@2017-01-27T13:49:53.935Z`]);
      expect(latest.response.headers['x-taxii-date-added-last']).toBe('2017-12-31T13:49:53.935000Z');
      expect((await objects('?match[version]=all', partnerClient(), url)).body.objects).toHaveLength(3);
      expect((await objects('?match[version]=all&limit=2', partnerClient(), url)).body).toMatchObject({
        more: true,
      });
      const none = await objects('?match[version]=2000-01-01T00:00:00.000Z', partnerClient(), url);
      expect(none.body).toEqual({ more: false });
    });

    it('answers 404 for an object the collection does not hold', async () => {
      expectTaxiiError(await partnerClient().get(`${objectsUrl}indicator--${randomUUID()}/`), 404);
      expectTaxiiError(await partnerClient().get(`${objectsUrl}indicator--${randomUUID()}/versions/`), 404);
    });

    it('lists the versions of an object in the order they were added', async () => {
      const response = await partnerClient().get(`${objectsUrl}${INDICATOR}/versions/`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        more: false,
        versions: ['2016-11-03T12:30:59.000Z', '2016-12-25T12:30:59.444Z', '2017-01-27T13:49:53.935Z'],
      });
      expect(response.headers['x-taxii-date-added-first']).toBe('2016-11-03T12:30:59.001000Z');
      expect(response.headers['x-taxii-date-added-last']).toBe('2017-12-31T13:49:53.935000Z');
      const paged = await partnerClient().get(`${objectsUrl}${INDICATOR}/versions/?limit=2`);
      expect(paged.json()).toEqual({
        more: true,
        versions: ['2016-11-03T12:30:59.000Z', '2016-12-25T12:30:59.444Z'],
      });
      const malware = await partnerClient().get(`${objectsUrl}${MALWARE}/versions/`);
      expect((malware.json() as { versions: string[] }).versions).toEqual(['2017-01-27T13:49:53.997Z']);
      const both = await partnerClient().get(`${objectsUrl}${MALWARE}/versions/?match[spec_version]=2.0,2.1`);
      expect((both.json() as { versions: string[] }).versions).toHaveLength(2);
    });

    it('lists the manifest with microsecond dates, filtered like the objects', async () => {
      const response = await partnerClient().get(`${collectionUrl}manifest/`);
      expect(response.statusCode).toBe(200);
      const manifest = response.json() as { more: boolean; objects: Record<string, string>[] };
      expect(manifest.more).toBe(false);
      expect(manifest.objects).toHaveLength(5);
      expect(manifest.objects[4]).toEqual({
        id: INDICATOR,
        date_added: '2017-12-31T13:49:53.935000Z',
        version: '2017-01-27T13:49:53.935Z',
        media_type: 'application/stix+json;version=2.1',
      });
      const versions = await partnerClient().get(
        `${collectionUrl}manifest/?match[id]=${INDICATOR}&match[version]=all`,
      );
      expect((versions.json() as { objects: unknown[] }).objects).toHaveLength(3);
    });

    it('pages the manifest with added_after from X-TAXII-Date-Added-Last', async () => {
      const first = await partnerClient().get(`${collectionUrl}manifest/?match[version]=all&limit=4`);
      const page1 = first.json() as { more: boolean; objects: { id: string }[] };
      expect(page1.more).toBe(true);
      const rest = await partnerClient().get(
        `${collectionUrl}manifest/?match[version]=all&added_after=${first.headers['x-taxii-date-added-last'] as string}`,
      );
      const page2 = rest.json() as { more: boolean; objects: { id: string }[] };
      expect(page1.objects.length + page2.objects.length).toBe(7);
      expect(page2.more).toBe(false);
    });
  });

  describe('markings above the agreement', () => {
    const amber = { id: `indicator--${randomUUID()}`, tlp: 'amber' as const };
    const green = { id: `indicator--${randomUUID()}`, tlp: 'green' as const };
    const red = { id: `indicator--${randomUUID()}`, tlp: 'red' as const };
    const indicator = (id: string) => ({
      type: 'indicator',
      spec_version: '2.1',
      id,
      created: '2027-04-01T10:00:00.000Z',
      modified: '2027-04-01T10:00:00.000Z',
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: 'stix',
      valid_from: '2027-04-01T10:00:00Z',
    });

    beforeAll(async () => {
      await storeTaxiiObjects(
        t,
        outboundOf(greenPartner).id,
        [amber, green].map((o, i) => ({
          object: indicator(o.id),
          dateAdded: `2027-04-0${i + 1}T10:00:00Z`,
          tlp: o.tlp,
        })),
      );
      await storeTaxiiObjects(t, outboundOf(partner).id, [
        { object: indicator(red.id), dateAdded: '2027-04-05T10:00:00Z', tlp: red.tlp },
      ]);
    });

    it('never serves an object above the ceiling, even when the collection holds it', async () => {
      const url = `${API_ROOT}/collections/${outboundOf(greenPartner).id}/`;
      const client = taxiiClient(t, greenToken);
      const listed = await objects('?match[version]=all', client, `${url}objects/`);
      expect((listed.body.objects ?? []).map((o) => o.id)).toEqual([green.id]);
      expectTaxiiError(await client.get(`${url}objects/${amber.id}/`), 404);
      expectTaxiiError(await client.get(`${url}objects/${amber.id}/versions/`), 404);
      const manifest = (await client.get(`${url}manifest/`)).json() as { objects: { id: string }[] };
      expect(manifest.objects.map((o) => o.id)).toEqual([green.id]);
    });

    it('never serves RED, whatever the ceiling', async () => {
      const { body } = await objects('?match[version]=all&match[spec_version]=2.0,2.1');
      expect((body.objects ?? []).map((o) => o.id)).not.toContain(red.id);
      expectTaxiiError(await partnerClient().get(`${objectsUrl}${red.id}/`), 404);
    });
  });

  describe('adding objects and their status', () => {
    const inboundUrl = () => `${API_ROOT}/collections/${inboundOf(partner)!.id}/objects/`;
    const validIndicator = () => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${randomUUID()}`,
      created: '2027-04-10T08:00:00.000Z',
      modified: '2027-04-10T08:00:00.000Z',
      name: 'Phishing site imitating the election authority',
      pattern: "[url:value = 'http://vaalit.example.invalid/']",
      pattern_type: 'stix',
      valid_from: '2027-04-10T08:00:00Z',
    });

    it('imports what the partner sends and answers 202 with a status resource', async () => {
      const good = validIndicator();
      const response = await partnerClient().post(inboundUrl(), {
        objects: [good, { type: 'indicator', id: 'indicator--not-a-uuid' }],
      });
      expect(response.statusCode, response.body).toBe(202);
      expect(response.headers['content-type']).toBe(TAXII);
      const status = response.json() as Record<string, unknown>;
      expect(status).toMatchObject({
        id: expect.any(String),
        status: 'complete',
        request_timestamp: expect.stringMatching(/\.\d{6}Z$/),
        total_count: 2,
        success_count: 1,
        successes: [{ id: good.id, version: good.modified, message: expect.any(String) }],
        failure_count: 1,
        failures: [{ id: 'indicator--not-a-uuid', version: '', message: expect.any(String) }],
        pending_count: 0,
      });
      expect(status.pendings).toBeUndefined();
      const again = await partnerClient().get(`${API_ROOT}/status/${status.id as string}/`);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(status);
      const provenance = await sql<{ n: number }>`
        select count(*)::int as n from audit_events where action = 'taxii.objects_received' and target_id = ${partner.id}`.execute(
        t.deps.db,
      );
      expect(provenance.rows[0]!.n).toBe(1);
    });

    it('accepts an exact duplicate without an error', async () => {
      const object = validIndicator();
      await partnerClient().post(inboundUrl(), { objects: [object] });
      const response = await partnerClient().post(inboundUrl(), { objects: [object] });
      expect(response.statusCode).toBe(202);
      expect(response.json()).toMatchObject({ success_count: 1, failure_count: 0 });
    });

    it('shows a status to its partner only', async () => {
      const response = await partnerClient().post(inboundUrl(), { objects: [validIndicator()] });
      const { id } = response.json() as { id: string };
      expectTaxiiError(await taxiiClient(t, foreignToken).get(`${API_ROOT}/status/${id}/`), 404);
      expectTaxiiError(await partnerClient().get(`${API_ROOT}/status/${randomUUID()}/`), 404);
      expectTaxiiError(await partnerClient().get(`${API_ROOT}/status/not-a-uuid/`), 404);
    });

    it('refuses writing to a read-only collection (403) and reading a write-only one (403)', async () => {
      const before = await rowCounts(t, ['taxii_statuses']);
      expectTaxiiError(await partnerClient().post(objectsUrl, { objects: [validIndicator()] }), 403);
      expectTaxiiError(await partnerClient().get(inboundUrl()), 403);
      expectTaxiiError(
        await partnerClient().get(`${API_ROOT}/collections/${inboundOf(partner)!.id}/manifest/`),
        403,
      );
      expect(await rowCounts(t, ['taxii_statuses'])).toEqual(before);
    });

    it.each([
      ['application/json', 'application/json'],
      ['TAXII 2.0', 'application/taxii+json;version=2.0'],
      ['STIX', 'application/stix+json;version=2.1'],
    ])('answers 415 to a body sent as %s', async (_name, contentType) => {
      const before = await rowCounts(t, ['taxii_statuses']);
      expectTaxiiError(
        await partnerClient().post(
          inboundUrl(),
          { objects: [validIndicator()] },
          { 'content-type': contentType },
        ),
        415,
      );
      expect(await rowCounts(t, ['taxii_statuses'])).toEqual(before);
    });

    it('answers 400 to a body that is not JSON and 422 to one that is no envelope', async () => {
      expectTaxiiError(await partnerClient().post(inboundUrl(), '{"objects": ['), 400);
      expectTaxiiError(await partnerClient().post(inboundUrl(), '[1, 2]'), 422);
      expectTaxiiError(await partnerClient().post(inboundUrl(), { objects: 'all of them' }), 422);
      expectTaxiiError(await partnerClient().post(inboundUrl(), Buffer.from([0x7b, 0xff, 0x7d])), 400);
    });

    it('answers 413 to a body above max_content_length', async () => {
      const big = JSON.stringify({ objects: [{ type: 'note', content: 'x'.repeat(21 * 1024 * 1024) }] });
      expectTaxiiError(await partnerClient().post(inboundUrl(), big), 413);
    });

    it('accepts a body larger than the API’s own limit, within max_content_length', async () => {
      const object = { ...validIndicator(), description: 'x'.repeat(2 * 1024 * 1024) };
      const response = await partnerClient().post(inboundUrl(), { objects: [object] });
      expect(response.statusCode, response.body).toBe(202);
    });
  });

  describe('deleting', () => {
    it('refuses a partner deleting an object (403), and hides other partners’ collections (404)', async () => {
      const before = await rowCounts(t, ['taxii_objects']);
      expectTaxiiError(await partnerClient().delete(`${objectsUrl}${INDICATOR}/`), 403);
      expectTaxiiError(
        await partnerClient().delete(
          `${API_ROOT}/collections/${inboundOf(partner)!.id}/objects/${INDICATOR}/`,
        ),
        403,
      );
      expectTaxiiError(
        await partnerClient().delete(
          `${API_ROOT}/collections/${outboundOf(foreignPartner).id}/objects/${INDICATOR}/`,
        ),
        404,
      );
      expect(await rowCounts(t, ['taxii_objects'])).toEqual(before);
    });
  });
});
