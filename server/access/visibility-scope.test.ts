import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Actor, type Role } from '../../shared/access/roles.js';
import { canSee, tlpLevels, type Shareable, type Tlp } from '../../shared/access/tlp.js';
import {
  createTestApp,
  makeCommunity,
  makeOrganisation,
  makeUser,
  type TestApp,
} from '../../test/helpers/app.js';
import { actorsRelation, shareableColumnsDdl, visibleTo, visibleToActors } from './visibility-scope.js';

describe('the SQL visibility scope', () => {
  let t: TestApp;
  const orgs: string[] = [];
  const users: string[] = [];
  const communities: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 3; i += 1) orgs.push(await makeOrganisation(t));
    for (let i = 0; i < 4; i += 1)
      users.push((await makeUser(t, { organisationId: orgs[i % 3]!, roles: ['analyst'] })).id);
    communities.push(await makeCommunity(t, [orgs[0]!, orgs[1]!]), await makeCommunity(t, [orgs[2]!]));
    await sql`create table shareable_probes (id int primary key, ${shareableColumnsDdl})`.execute(t.deps.db);
  });
  afterAll(() => t.close());

  it('returns exactly the records that canSee allows, for random users and records', async () => {
    const pick = <T>(list: T[]) => fc.constantFrom(...list);
    const arbActor = fc.record({
      userId: pick(users),
      organisationId: pick(orgs),
      roles: fc.uniqueArray(fc.constantFrom<Role>(...roles), { minLength: 1, maxLength: 3 }),
      communityIds: fc.uniqueArray(pick(communities)),
    });
    const arbRecord = fc.record({
      tlp: fc.constantFrom<Tlp>(...tlpLevels),
      ownerOrganisationId: pick(orgs),
      authorUserId: pick(users),
      sharedWith: fc.record({
        organisations: fc.uniqueArray(pick(orgs)),
        communities: fc.uniqueArray(pick(communities)),
        users: fc.uniqueArray(pick(users)),
      }),
    });

    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRecord, { minLength: 1, maxLength: 25 }),
        arbActor,
        async (records: Shareable[], actor: Actor) => {
          await sql`truncate shareable_probes`.execute(t.deps.db);
          await t.deps.db
            .insertInto('shareableProbes' as never)
            .values(
              records.map((r, id) => ({
                id,
                tlp: r.tlp,
                ownerOrganisationId: r.ownerOrganisationId,
                authorUserId: r.authorUserId,
                sharedOrganisationIds: [...r.sharedWith.organisations],
                sharedCommunityIds: [...r.sharedWith.communities],
                sharedUserIds: [...r.sharedWith.users],
              })) as never,
            )
            .execute();
          const visible = await sql<{
            id: number;
          }>`select p.id from shareable_probes p where ${visibleTo(actor, 'p')} order by p.id`.execute(
            t.deps.db,
          );
          const expected = records.flatMap((r, id) => (canSee(actor, r) ? [id] : []));
          expect(visible.rows.map((row) => row.id)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives, in its set form, exactly the (record, actor) pairs that canSee allows, in one query', async () => {
    const pick = <T>(list: T[]) => fc.constantFrom(...list);
    const arbActor = fc.record({
      userId: pick(users),
      organisationId: pick(orgs),
      roles: fc.uniqueArray(fc.constantFrom<Role>(...roles), { minLength: 1, maxLength: 3 }),
      communityIds: fc.uniqueArray(pick(communities)),
    });
    const arbRecord = fc.record({
      tlp: fc.constantFrom<Tlp>(...tlpLevels),
      ownerOrganisationId: pick(orgs),
      authorUserId: pick(users),
      sharedWith: fc.record({
        organisations: fc.uniqueArray(pick(orgs)),
        communities: fc.uniqueArray(pick(communities)),
        users: fc.uniqueArray(pick(users)),
      }),
    });

    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRecord, { minLength: 1, maxLength: 15 }),
        fc.array(arbActor, { minLength: 1, maxLength: 12 }),
        async (records: Shareable[], actors: Actor[]) => {
          await sql`truncate shareable_probes`.execute(t.deps.db);
          await t.deps.db
            .insertInto('shareableProbes' as never)
            .values(
              records.map((r, id) => ({
                id,
                tlp: r.tlp,
                ownerOrganisationId: r.ownerOrganisationId,
                authorUserId: r.authorUserId,
                sharedOrganisationIds: [...r.sharedWith.organisations],
                sharedCommunityIds: [...r.sharedWith.communities],
                sharedUserIds: [...r.sharedWith.users],
              })) as never,
            )
            .execute();
          const pairs = await sql<{ id: number; key: number }>`select p.id, a.key
            from shareable_probes p cross join ${actorsRelation(actors, 'a')}
            where ${visibleToActors('a', 'p')} order by p.id, a.key`.execute(t.deps.db);
          const expected = records.flatMap((r, id) =>
            actors.flatMap((actor, key) => (canSee(actor, r) ? [{ id, key }] : [])),
          );
          expect(pairs.rows).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('hides everything from a user whose only role is admin, in SQL too', async () => {
    const result = await sql<{
      n: number;
    }>`select count(*)::int as n from shareable_probes p where ${visibleTo(
      { userId: users[0]!, organisationId: orgs[0]!, roles: ['admin'], communityIds: communities },
      'p',
    )}`.execute(t.deps.db);
    expect(result.rows[0]!.n).toBe(0);
  });
});
