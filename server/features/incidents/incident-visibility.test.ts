import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../../shared/access/roles.js';
import { canSee, tlpLevels, type Tlp } from '../../../shared/access/tlp.js';
import {
  createTestApp,
  makeCommunity,
  makeOrganisation,
  makeUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';

/**
 * For random users, incidents, markings and sharing lists: what a user gets from get, list, search
 * and facet counts is exactly what canSee allows — nothing invisible, nothing visible missing.
 */
describe('incident visibility (property)', () => {
  let t: TestApp;
  const organisations: string[] = [];
  const communities: string[] = [];
  const users: { actor: Actor; client: Client }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 4; i += 1) organisations.push(await makeOrganisation(t));
    communities.push(await makeCommunity(t, [organisations[0]!, organisations[1]!]));
    communities.push(await makeCommunity(t, [organisations[2]!]));
    const roleSets: Role[][] = [
      ['analyst'],
      ['viewer'],
      ['reporter'],
      ['coordinator'],
      ['admin'],
      ['reporter', 'viewer'],
    ];
    for (let i = 0; i < roleSets.length * 2; i += 1) {
      const organisationId = organisations[i % organisations.length]!;
      const roles = roleSets[i % roleSets.length]!;
      const user = await makeUser(t, { organisationId, roles });
      const communityIds = communities.filter((_, c) => (c === 0 ? i % 4 < 2 : i % 4 === 2));
      users.push({
        actor: { userId: user.id, organisationId, roles, communityIds },
        client: await t.signIn(user.email),
      });
    }
  });
  afterAll(() => t.close());

  const subset = <T>(items: readonly T[]) => fc.subarray([...items], { maxLength: items.length });

  it('lists, searches and counts exactly the visible incidents', async () => {
    const incident = fc.record({
      tlp: fc.constantFrom<Tlp>(...tlpLevels),
      owner: fc.nat({ max: organisations.length - 1 }),
      author: fc.nat({ max: 11 }),
      organisations: subset(organisations),
      communities: subset(communities),
      users: fc.subarray([...Array(12).keys()], { maxLength: 3 }),
    });
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(incident, { minLength: 1, maxLength: 8 }), async (incidents) => {
        round += 1;
        const marker = `merkki${round}x`;
        const created: { id: string; record: Parameters<typeof canSee>[1] }[] = [];
        for (const spec of incidents) {
          const author = users[spec.author]!.actor;
          const record = {
            tlp: spec.tlp,
            ownerOrganisationId: organisations[spec.owner]!,
            authorUserId: author.userId,
            sharedWith: {
              organisations: spec.organisations,
              communities: spec.communities,
              users: spec.users.map((u) => users[u]!.actor.userId),
            },
          };
          const id = await makeIncident(t, {
            ownerOrganisationId: record.ownerOrganisationId,
            authorUserId: record.authorUserId,
            tlp: record.tlp,
            title: `Testi ${marker}`,
            sharedOrganisationIds: [...record.sharedWith.organisations],
            sharedCommunityIds: [...record.sharedWith.communities],
            sharedUserIds: [...record.sharedWith.users],
          });
          created.push({ id, record });
        }
        for (const { actor, client } of users) {
          const expected = created
            .filter((c) => canSee(actor, c.record))
            .map((c) => c.id)
            .sort();
          const list = await client.get(`/api/v1/incidents?q=${marker}&limit=200`);
          if (expected.length === 0 && list.statusCode === 403) continue; // admin-only: no reading role
          expect(list.statusCode).toBe(200);
          expect((list.json().items as { id: string }[]).map((i) => i.id).sort()).toEqual(expected);
          const facets = (await client.get(`/api/v1/incidents/facets?q=${marker}`)).json();
          expect(facets.total).toBe(expected.length);
          expect((facets.tlp as { count: number }[]).reduce((n, f) => n + f.count, 0)).toBe(expected.length);
          for (const c of created) {
            const status = (await client.get(`/api/v1/incidents/${c.id}`)).statusCode;
            expect(status).toBe(expected.includes(c.id) ? 200 : can403(actor) ? 403 : 404);
          }
        }
      }),
      { numRuns: 8 },
    );
  });
});

const can403 = (actor: Actor) => actor.roles.every((r) => r === 'admin');
