import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../../shared/access/roles.js';
import { canSee, tlpLevels, type Shareable, type Tlp } from '../../../shared/access/tlp.js';
import { fromIncidentId, incidentDomains } from '../../../shared/contracts/incident-enums.js';
import type { ElectionOverview } from '../../../shared/contracts/threat-levels.js';
import {
  createTestApp,
  expectError,
  makeCommunity,
  makeOrganisation,
  makeUser,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';

const OVERVIEW = '/api/v1/elections/overview';

interface Made {
  record: Shareable;
  electionId: string | null;
  domains: string[];
  severity: number;
  status: string;
}

describe('GET /api/v1/elections/overview', () => {
  let t: TestApp;
  const organisations: string[] = [];
  const communities: string[] = [];
  const users: { actor: Actor; client: Client }[] = [];
  let elections: { id: string; slug: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 3; i += 1) organisations.push(await makeOrganisation(t));
    communities.push(await makeCommunity(t, [organisations[0]!, organisations[1]!]));
    const roleSets: Role[][] = [['analyst'], ['viewer'], ['reporter'], ['coordinator'], ['admin']];
    for (let i = 0; i < 8; i += 1) {
      const organisationId = organisations[i % organisations.length]!;
      const roles = roleSets[i % roleSets.length]!;
      const user = await makeUser(t, { organisationId, roles });
      users.push({
        actor: { userId: user.id, organisationId, roles, communityIds: i % 3 < 2 ? [communities[0]!] : [] },
        client: await t.signIn(user.email),
      });
    }
    elections = await t.deps.db
      .selectFrom('elections')
      .select(['id', 'slug'])
      .orderBy('electionDay')
      .orderBy('slug')
      .execute();
  });
  afterAll(() => t.close());

  it('answers 401 to an anonymous caller, 403 to an admin-only account and 400 to unknown parameters', async () => {
    expectError(await t.anonymous.get(OVERVIEW), 401, 'unauthenticated');
    const admin = users.find((u) => u.actor.roles.includes('admin'))!;
    expectError(await admin.client.get(OVERVIEW), 403, 'forbidden');
    const { client } = await signedInUser(t, ['viewer']);
    expectError(await client.get(`${OVERVIEW}?year=2027`), 400, 'validation_failed');
  });

  it('lists every election with its dates and its peak and latest threat level per domain', async () => {
    const { client } = await signedInUser(t, ['coordinator']);
    const slug = 'parliamentary-2027';
    for (const [domain, level] of [
      ['cyber', 2],
      ['cyber', 5],
      ['cyber', 3],
      ['physical', 1],
    ] as const)
      expect(
        (
          await client.post(`/api/v1/elections/${slug}/threat-levels`, {
            domain,
            level,
            rationale: 'A rationale long enough.',
          })
        ).statusCode,
      ).toBe(201);
    const response = await client.get(OVERVIEW);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as ElectionOverview[];
    expect(items.map((i) => i.slug)).toEqual(elections.map((e) => e.slug));
    const parliamentary = items.find((i) => i.slug === slug)!;
    expect(parliamentary).toMatchObject({
      electionDay: '2027-04-18',
      advanceVoting: { startsOn: expect.any(String), endsOn: expect.any(String) },
      peakLevels: { information_influence: null, cyber: 5, physical: 1, process: null },
      currentLevels: { information_influence: null, cyber: 3, physical: 1, process: null },
    });
    expect(parliamentary.advanceVoting!.endsOn < parliamentary.electionDay).toBe(true);
    expect(items.find((i) => i.slug === 'county-2025')!.peakLevels).toEqual({
      information_influence: null,
      cyber: null,
      physical: null,
      process: null,
    });
  });

  it('counts exactly the incidents each user may see, per election, domain, severity and status (property)', async () => {
    const made: Made[] = [];
    const spec = fc.record({
      tlp: fc.constantFrom<Tlp>(...tlpLevels),
      owner: fc.nat({ max: organisations.length - 1 }),
      author: fc.nat({ max: users.length - 1 }),
      sharedOrganisations: fc.subarray(organisations, { maxLength: 2 }),
      sharedCommunities: fc.subarray(communities),
      sharedUsers: fc.subarray([...users.keys()], { maxLength: 2 }),
      election: fc.nat({ max: 3 }),
      domains: fc.subarray([...incidentDomains], { minLength: 1 }),
      severity: fc.integer({ min: 1, max: 5 }),
      closed: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 6 }), async (specs) => {
        for (const s of specs) {
          const record: Shareable = {
            tlp: s.tlp,
            ownerOrganisationId: organisations[s.owner]!,
            authorUserId: users[s.author]!.actor.userId,
            sharedWith: {
              organisations: s.sharedOrganisations,
              communities: s.sharedCommunities,
              users: s.sharedUsers.map((u) => users[u]!.actor.userId),
            },
          };
          // Index 3 stands for "no election": such an incident is in no election's counts.
          const electionId = s.election < 3 ? elections[s.election]!.id : null;
          const id = await makeIncident(t, {
            ownerOrganisationId: record.ownerOrganisationId,
            authorUserId: record.authorUserId,
            tlp: record.tlp,
            sharedOrganisationIds: [...record.sharedWith.organisations],
            sharedCommunityIds: [...record.sharedWith.communities],
            sharedUserIds: [...record.sharedWith.users],
            electionId,
            domains: s.domains,
            severity: s.severity,
            status: 'investigating',
          });
          // makeIncident has no closing reason, which a closed incident needs.
          if (s.closed)
            await t.deps.db
              .updateTable('incidents')
              .set({ status: 'closed', closingReason: 'resolved' })
              .where('id', '=', fromIncidentId(id))
              .execute();
          made.push({
            record,
            electionId,
            domains: s.domains,
            severity: s.severity,
            status: s.closed ? 'closed' : 'investigating',
          });
        }
        for (const { actor, client } of users) {
          const response = await client.get(OVERVIEW);
          if (actor.roles.every((r) => r === 'admin')) {
            expect(response.statusCode).toBe(403);
            continue;
          }
          expect(response.statusCode, response.body).toBe(200);
          const items = response.json().items as ElectionOverview[];
          for (const election of elections) {
            const visible = made.filter((m) => m.electionId === election.id && canSee(actor, m.record));
            const got = items.find((i) => i.id === election.id)!.incidents;
            expect(got).toEqual({
              total: visible.length,
              byDomain: Object.fromEntries(
                incidentDomains.map((d) => [d, visible.filter((v) => v.domains.includes(d)).length]),
              ),
              severe: visible.filter((v) => v.severity >= 4).length,
              closed: visible.filter((v) => v.status === 'closed').length,
            });
          }
        }
      }),
      { numRuns: 8 },
    );
    // The markings did hide something from someone: the property was not trivially true.
    const readers = users.filter((u) => !u.actor.roles.every((r) => r === 'admin'));
    expect(made.some((m) => m.electionId && readers.some((u) => !canSee(u.actor, m.record)))).toBe(true);
  });
});
