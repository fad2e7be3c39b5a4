import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Actor, type Role } from '../../../shared/access/roles.js';
import { canSee, tlpLevels, type Tlp } from '../../../shared/access/tlp.js';
import { fromIncidentId, toIncidentId } from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import {
  type Client,
  createTestApp,
  errorBody,
  expectError,
  makeCommunity,
  makeOrganisation,
  makeUser,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { getIncidentObservables, getObservableIncidents } from './observable-service.js';
import { observableStixId } from './observable-stix-id.js';

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = ['observables', 'incident_observables', 'incident_events'];
const SHA256 = 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c';

describe('observables', () => {
  let t: TestApp;
  let om: string;
  let supo: string;
  let analyst: { id: string; client: Client };
  let viewer: { id: string; client: Client };
  let outsider: { id: string; client: Client };
  let admin: Client;

  const events = (incidentId: string) =>
    t.deps.db
      .selectFrom('incidentEvents')
      .selectAll()
      .where('incidentId', '=', fromIncidentId(incidentId))
      .orderBy('id')
      .execute();
  const amberIncident = () =>
    makeIncident(t, { ownerOrganisationId: om, authorUserId: analyst.id, tlp: 'amber' });
  const add = (client: Client, incidentId: string, body: unknown) =>
    client.post(`/api/v1/incidents/${incidentId}/observables`, body);

  beforeAll(async () => {
    t = await createTestApp();
    [om, supo] = [await makeOrganisation(t), await makeOrganisation(t)];
    analyst = await signedInUser(t, ['analyst'], om);
    viewer = await signedInUser(t, ['viewer'], om);
    outsider = await signedInUser(t, ['analyst'], supo);
    admin = (await signedInUser(t, ['admin'], om)).client;
  });
  afterAll(() => t.close());

  describe('access', () => {
    it('refuses every observable route to an anonymous caller', async () => {
      const incident = await amberIncident();
      for (const [method, url, payload] of [
        ['GET', `/api/v1/incidents/${incident}/observables`, undefined],
        ['POST', `/api/v1/incidents/${incident}/observables`, { type: 'domain', value: 'example.com' }],
        ['DELETE', `/api/v1/incidents/${incident}/observables/${UNKNOWN_ID}`, undefined],
        ['GET', `/api/v1/observables/${UNKNOWN_ID}/incidents`, undefined],
      ] as const) {
        expectError(
          await t.anonymous.request({ method, url, ...(payload ? { payload } : {}) }),
          401,
          'unauthenticated',
        );
      }
    });

    it('hides an amber incident and its observables from another organisation and from an admin-only account', async () => {
      const incident = await amberIncident();
      const added = (await add(analyst.client, incident, { type: 'domain', value: 'hidden.example' })).json();
      const counts = await rowCounts(t, TABLES);
      for (const client of [outsider.client, admin]) {
        expectError(await client.get(`/api/v1/incidents/${incident}/observables`), 404, 'not_found');
        expectError(
          await add(client, incident, { type: 'domain', value: 'other.example' }),
          404,
          'not_found',
        );
        expectError(
          await client.delete(`/api/v1/incidents/${incident}/observables/${added.id}`),
          404,
          'not_found',
        );
        expectError(await client.get(`/api/v1/observables/${added.id}/incidents`), 404, 'not_found');
      }
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('lets a viewer read but neither add nor remove, and changes nothing', async () => {
      const incident = await amberIncident();
      const added = (await add(analyst.client, incident, { type: 'ipv4', value: '198.51.100.3' })).json();
      const counts = await rowCounts(t, TABLES);
      expect(
        (await viewer.client.get(`/api/v1/incidents/${incident}/observables`)).json().items,
      ).toHaveLength(1);
      expectError(
        await add(viewer.client, incident, { type: 'ipv4', value: '198.51.100.4' }),
        403,
        'forbidden',
      );
      expectError(
        await viewer.client.delete(`/api/v1/incidents/${incident}/observables/${added.id}`),
        403,
        'forbidden',
      );
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('lets a reporter add observables to an incident they reported', async () => {
      const reporter = await signedInUser(t, ['reporter'], om);
      const incident = await makeIncident(t, {
        ownerOrganisationId: om,
        authorUserId: reporter.id,
        tlp: 'amber',
      });
      const response = await add(reporter.client, incident, { type: 'url', value: 'https://example.com/x' });
      expect(response.statusCode, response.body).toBe(201);
    });
  });

  describe('add', () => {
    it('normalises the value, gives it its deterministic STIX id and records an event', async () => {
      const incident = await amberIncident();
      const before = await t.deps.db
        .selectFrom('incidents')
        .select('updatedAt')
        .where('id', '=', fromIncidentId(incident))
        .executeTakeFirstOrThrow();
      const response = await add(analyst.client, incident, {
        type: 'url',
        value: 'HTTPS://Example.COM:443/research/index.html#top',
        note: 'Linked from the fake ad',
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({
        type: 'url',
        value: 'https://example.com/research/index.html',
        stixId: 'url--47c3cf9a-5027-5bf0-997a-017c7edc7c55',
        platform: null,
        note: 'Linked from the fake ad',
        addedByUserId: analyst.id,
        otherIncidentCount: 0,
      });
      const history = await events(incident);
      expect(history.at(-1)).toMatchObject({
        type: 'observable_added',
        actorUserId: analyst.id,
        data: { observableId: response.json().id, value: 'https://example.com/research/index.html' },
      });
      const after = await t.deps.db
        .selectFrom('incidents')
        .select(['updatedAt', 'version'])
        .where('id', '=', fromIncidentId(incident))
        .executeTakeFirstOrThrow();
      expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
      expect(after.version).toBe(1);
    });

    it('stores a social-media account as platform and handle', async () => {
      const incident = await amberIncident();
      const response = await add(analyst.client, incident, {
        type: 'social_account',
        platform: 'twitter',
        handle: '@TheGrugq_Ebooks',
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({
        value: 'twitter:thegrugq_ebooks',
        platform: 'twitter',
        handle: 'thegrugq_ebooks',
        stixId: 'user-account--f223e803-846b-591a-aefa-545e938f8a56',
      });
    });

    it('is one observable across incidents, and adding it twice to one incident is idempotent (200)', async () => {
      const [first, second] = [await amberIncident(), await amberIncident()];
      const a = await add(analyst.client, first, { type: 'sha256', value: SHA256.toUpperCase() });
      expect(a.statusCode).toBe(201);
      const eventsBefore = (await events(first)).length;
      const again = await add(analyst.client, first, {
        type: 'sha256',
        value: ` ${SHA256} `,
        note: 'other note',
      });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({ id: a.json().id, note: '' });
      expect(await events(first)).toHaveLength(eventsBefore);

      const b = await add(analyst.client, second, { type: 'sha256', value: SHA256 });
      expect(b.statusCode).toBe(201);
      expect(b.json()).toMatchObject({
        id: a.json().id,
        stixId: observableStixId('sha256', SHA256),
        otherIncidentCount: 1,
      });
      const list = (await analyst.client.get(`/api/v1/incidents/${first}/observables`)).json();
      expect(list.items).toEqual([expect.objectContaining({ id: a.json().id, otherIncidentCount: 1 })]);
    });

    it.each([
      ['a hash of the wrong length', { type: 'md5', value: 'abc' }, 'body.value'],
      ['a URL with a script scheme', { type: 'url', value: 'javascript:alert(1)' }, 'body.value'],
      ['a domain with a path', { type: 'domain', value: 'example.com/x' }, 'body.value'],
      ['an IPv4 with a leading zero', { type: 'ipv4', value: '010.1.1.1' }, 'body.value'],
      ['an unknown type', { type: 'phone', value: '+358' }, undefined],
      ['no value', { type: 'domain' }, undefined],
      ['an unknown field', { type: 'domain', value: 'example.com', tlp: 'red' }, undefined],
      ['an account without a handle', { type: 'social_account', platform: 'telegram' }, undefined],
      [
        'an account on an unknown platform',
        { type: 'social_account', platform: 'myspace', handle: 'x' },
        undefined,
      ],
      [
        'a value instead of a handle',
        { type: 'social_account', platform: 'telegram', value: 'x' },
        undefined,
      ],
      [
        'a note of 2001 characters',
        { type: 'domain', value: 'example.com', note: 'x'.repeat(2001) },
        undefined,
      ],
    ])('answers 400 to %s and changes nothing', async (_label, body, path) => {
      const incident = await amberIncident();
      const counts = await rowCounts(t, TABLES);
      const response = await add(analyst.client, incident, body);
      expectError(response, 400, 'validation_failed');
      if (path) expect(errorBody(response).issues).toEqual([{ path, message: expect.any(String) }]);
      expect(await rowCounts(t, TABLES)).toEqual(counts);
    });

    it('answers 400 to a malformed incident id and 404 to an unknown one', async () => {
      expectError(
        await add(analyst.client, 'incident--nope', { type: 'domain', value: 'a.example' }),
        400,
        'validation_failed',
      );
      expectError(
        await add(analyst.client, toIncidentId(UNKNOWN_ID), { type: 'domain', value: 'a.example' }),
        404,
        'not_found',
      );
    });
  });

  describe('remove', () => {
    it('removes the observable from the incident only, with an event', async () => {
      const [first, second] = [await amberIncident(), await amberIncident()];
      const { id } = (await add(analyst.client, first, { type: 'email', value: 'Leak@Example.COM' })).json();
      await add(analyst.client, second, { type: 'email', value: 'Leak@example.com' });
      const response = await analyst.client.delete(`/api/v1/incidents/${first}/observables/${id}`);
      expect(response.statusCode, response.body).toBe(204);
      expect((await analyst.client.get(`/api/v1/incidents/${first}/observables`)).json().items).toEqual([]);
      expect((await analyst.client.get(`/api/v1/incidents/${second}/observables`)).json().items).toEqual([
        expect.objectContaining({ id, value: 'Leak@example.com', otherIncidentCount: 0 }),
      ]);
      expect((await events(first)).at(-1)).toMatchObject({
        type: 'observable_removed',
        data: { observableId: id },
      });
      expectError(
        await analyst.client.delete(`/api/v1/incidents/${first}/observables/${id}`),
        404,
        'not_found',
      );
    });

    it('answers 400 to a malformed observable id', async () => {
      const incident = await amberIncident();
      expectError(
        await analyst.client.delete(`/api/v1/incidents/${incident}/observables/not-a-uuid`),
        400,
        'validation_failed',
      );
    });
  });

  describe('other incidents with an observable', () => {
    it('lists only incidents the caller may see, newest first, in pages, leaving out the one asked', async () => {
      const shared = await makeIncident(t, {
        ownerOrganisationId: om,
        authorUserId: analyst.id,
        tlp: 'amber',
        sharedOrganisationIds: [supo],
      });
      const ours = [await amberIncident(), await amberIncident(), await amberIncident()];
      let observableId = '';
      for (const incident of [shared, ...ours]) {
        observableId = (
          await add(analyst.client, incident, { type: 'domain', value: 'spread.example' })
        ).json().id;
      }
      const seenByOutsider = (
        await outsider.client.get(`/api/v1/observables/${observableId}/incidents`)
      ).json();
      expect(seenByOutsider.items.map((i: { id: string }) => i.id)).toEqual([shared]);
      expect(
        (await outsider.client.get(`/api/v1/incidents/${shared}/observables`)).json().items[0]
          .otherIncidentCount,
      ).toBe(0);
      expect(
        (await analyst.client.get(`/api/v1/incidents/${shared}/observables`)).json().items[0]
          .otherIncidentCount,
      ).toBe(3);

      const ids: string[] = [];
      let url = `/api/v1/observables/${observableId}/incidents?limit=2&excludeIncidentId=${ours[0]}`;
      for (;;) {
        const page = (await analyst.client.get(url)).json() as {
          items: { id: string }[];
          nextCursor: string | null;
        };
        ids.push(...page.items.map((i) => i.id));
        if (!page.nextCursor) break;
        url = `/api/v1/observables/${observableId}/incidents?limit=2&excludeIncidentId=${ours[0]}&cursor=${page.nextCursor}`;
      }
      expect(ids).toEqual([ours[2], ours[1], shared]);
    });

    it('answers 404 to an unknown observable, 400 to a malformed id or cursor', async () => {
      expectError(await analyst.client.get(`/api/v1/observables/${UNKNOWN_ID}/incidents`), 404, 'not_found');
      expectError(await analyst.client.get('/api/v1/observables/x/incidents'), 400, 'validation_failed');
      const incident = await amberIncident();
      const { id } = (
        await add(analyst.client, incident, { type: 'domain', value: 'cursor.example' })
      ).json();
      expectError(
        await analyst.client.get(`/api/v1/observables/${id}/incidents?cursor=bogus`),
        400,
        'bad_request',
      );
      expectError(
        await analyst.client.get(`/api/v1/observables/${id}/incidents?limit=0`),
        400,
        'validation_failed',
      );
    });
  });

  describe('property: the other-incidents list and counts contain exactly what canSee allows', () => {
    it('holds for random users, incidents and markings sharing one observable', async () => {
      const orgs = [om, supo, await makeOrganisation(t)];
      const communities = [await makeCommunity(t, [orgs[0]!, orgs[1]!]), await makeCommunity(t, [orgs[2]!])];
      const users: string[] = [];
      for (let i = 0; i < 4; i += 1)
        users.push((await makeUser(t, { organisationId: orgs[i % 3]!, roles: ['analyst'] })).id);
      const pick = <T>(list: T[]) => fc.constantFrom(...list);
      const arbActor = fc.record({
        userId: pick(users),
        organisationId: pick(orgs),
        roles: fc.uniqueArray(fc.constantFrom<Role>(...roles), { minLength: 1, maxLength: 3 }),
        communityIds: fc.uniqueArray(pick(communities)),
      });
      const arbIncident = fc.record({
        tlp: fc.constantFrom<Tlp>(...tlpLevels),
        ownerOrganisationId: pick(orgs),
        authorUserId: pick(users),
        sharedWith: fc.record({
          organisations: fc.uniqueArray(pick(orgs)),
          communities: fc.uniqueArray(pick(communities)),
          users: fc.uniqueArray(pick(users)),
        }),
      });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbIncident, { minLength: 1, maxLength: 7 }),
          arbActor,
          async (records, actor: Actor) => {
            run += 1;
            const { id: observableId } = await t.deps.db
              .insertInto('observables')
              .values({
                type: 'domain',
                value: `run${run}.property.example`,
                stixId: `domain-name--run-${run}`,
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            const incidents: string[] = [];
            for (const record of records) {
              const incident = await makeIncident(t, {
                tlp: record.tlp,
                ownerOrganisationId: record.ownerOrganisationId,
                authorUserId: record.authorUserId,
                sharedOrganisationIds: record.sharedWith.organisations,
                sharedCommunityIds: record.sharedWith.communities,
                sharedUserIds: record.sharedWith.users,
              });
              incidents.push(incident);
              await t.deps.db
                .insertInto('incidentObservables')
                .values({
                  incidentId: fromIncidentId(incident),
                  observableId,
                  addedByUserId: record.authorUserId,
                })
                .execute();
            }
            const expected = incidents.filter((_, i) => canSee(actor, records[i]!)).sort();
            const ctx = { db: t.deps.db, actor };

            const listed: string[] = [];
            try {
              let cursor: string | undefined;
              do {
                const page = await getObservableIncidents(ctx, observableId, { cursor, limit: 3 });
                listed.push(...page.items.map((i) => i.id));
                cursor = page.nextCursor ?? undefined;
              } while (cursor);
              expect(listed.sort()).toEqual(expected);
            } catch (error) {
              if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
              expect(expected).toEqual([]);
            }

            for (const [i, incident] of incidents.entries()) {
              if (!canSee(actor, records[i]!)) {
                await expect(getIncidentObservables(ctx, incident)).rejects.toMatchObject({
                  code: 'not_found',
                });
                continue;
              }
              const { items } = await getIncidentObservables(ctx, incident);
              expect(items[0]!.otherIncidentCount).toBe(expected.filter((id) => id !== incident).length);
            }
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});
