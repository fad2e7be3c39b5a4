import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Actor, type Role } from '../../../shared/access/roles.js';
import { canSee, tlpLevels, type Shareable, type Tlp } from '../../../shared/access/tlp.js';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import {
  createTestApp,
  makeCommunity,
  makeOrganisation,
  makeUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { appendIncidentEvent } from '../incidents/incident-events.js';
import { connectSse, type SseClient } from './sse-client.js';
import { streamHubOf } from './stream-routes.js';

let t: TestApp;
let base: string;
const orgs: string[] = [];
const communityOf = new Map<string, string[]>();

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (let i = 0; i < 3; i += 1) orgs.push(await makeOrganisation(t));
  const shared = await makeCommunity(t, [orgs[0]!, orgs[1]!]);
  const alone = await makeCommunity(t, [orgs[2]!]);
  communityOf.set(orgs[0]!, [shared]).set(orgs[1]!, [shared]).set(orgs[2]!, [alone]);
});
afterAll(() => t?.close());

const index = (n: number) => fc.integer({ min: 0, max: n - 1 });
const arbUser = fc.record({
  org: index(3),
  roles: fc.uniqueArray(fc.constantFrom<Role>(...roles), { minLength: 1, maxLength: 2 }),
});
const arbIncident = fc.record({
  tlp: fc.constantFrom<Tlp>(...tlpLevels),
  owner: index(3),
  author: index(4),
  organisations: fc.uniqueArray(index(3), { maxLength: 2 }),
  communities: fc.uniqueArray(index(2), { maxLength: 2 }),
  users: fc.uniqueArray(index(4), { maxLength: 2 }),
});

describe('the live stream, for random users and incidents', () => {
  it('gives every connected user exactly the changes of the incidents canSee lets them see', async () => {
    const communities = [communityOf.get(orgs[0]!)![0]!, communityOf.get(orgs[2]!)![0]!];
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbUser, { minLength: 4, maxLength: 4 }),
        fc.array(arbIncident, { minLength: 1, maxLength: 6 }),
        async (userSeeds, incidentSeeds) => {
          const actors: Actor[] = [];
          const streams: SseClient[] = [];
          for (const seed of userSeeds) {
            const organisationId = orgs[seed.org]!;
            const user = await makeUser(t, { organisationId, roles: seed.roles });
            actors.push({
              userId: user.id,
              organisationId,
              roles: seed.roles,
              communityIds: communityOf.get(organisationId)!,
            });
            const client = await t.signIn(user.email);
            const stream = await connectSse(`${base}/api/v1/stream`, { headers: { cookie: client.cookie! } });
            await stream.waitFor((m) => m.event === 'ready');
            streams.push(stream);
          }
          try {
            const incidents: { id: string; record: Shareable }[] = [];
            for (const seed of incidentSeeds) {
              const record = {
                tlp: seed.tlp,
                ownerOrganisationId: orgs[seed.owner]!,
                authorUserId: actors[seed.author]!.userId,
                sharedWith: {
                  organisations: seed.organisations.map((i) => orgs[i]!),
                  communities: seed.communities.map((i) => communities[i]!),
                  users: seed.users.map((i) => actors[i]!.userId),
                },
              };
              const id = await makeIncident(t, {
                ...record,
                sharedOrganisationIds: [...record.sharedWith.organisations],
                sharedCommunityIds: [...record.sharedWith.communities],
                sharedUserIds: [...record.sharedWith.users],
              });
              incidents.push({ id, record });
            }
            const events = new Map<string, number[]>();
            let last = 0;
            for (const { id } of incidents) {
              const created = await t.deps.db
                .selectFrom('incidentEvents')
                .select('id')
                .where('incidentId', '=', fromIncidentId(id))
                .execute();
              last = await t.deps.db.transaction().execute((tx) =>
                appendIncidentEvent(tx, null, {
                  incidentId: fromIncidentId(id),
                  type: 'updated',
                  data: {},
                }),
              );
              events.set(id, [...created.map((row) => row.id), last]);
            }
            const hub = streamHubOf(t.app);
            while (hub.dispatchedUpTo < last) await new Promise((resolve) => setTimeout(resolve, 10));
            await new Promise((resolve) => setTimeout(resolve, 150));

            actors.forEach((actor, i) => {
              const expected = incidents
                .filter(({ record }) => canSee(actor, record))
                .flatMap(({ id }) => events.get(id)!)
                .sort((a, b) => a - b);
              const received = streams[i]!.messages.filter((m) => m.event === 'incident').map((m) =>
                Number(m.id),
              );
              expect(received, `user ${i} (${actor.roles.join(', ')})`).toEqual(expected);
            });
          } finally {
            for (const stream of streams) stream.close();
          }
        },
      ),
      { numRuns: 6 },
    );
  });
});
