import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../../shared/access/roles.js';
import { canSee, tlpLevels, type Tlp } from '../../../shared/access/tlp.js';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import {
  createTestApp,
  makeCommunity,
  makeOrganisation,
  makeUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';
import { notifyUsers } from './notify.js';

const roleSets: Role[][] = [
  ['coordinator'],
  ['analyst'],
  ['reporter'],
  ['viewer'],
  ['admin'],
  ['admin', 'analyst'],
  ['reporter', 'viewer'],
];

describe('notifyUsers', () => {
  let t: TestApp;
  let organisations: string[];
  let communities: string[];
  let actors: Actor[];

  const notifiedUsers = async (incidentId: string) =>
    (
      await t.deps.db
        .selectFrom('notifications')
        .select('userId')
        .where('incidentId', '=', fromIncidentId(incidentId))
        .execute()
    ).map((r) => r.userId);

  beforeAll(async () => {
    t = await createTestApp();
    organisations = [await makeOrganisation(t), await makeOrganisation(t), await makeOrganisation(t)];
    communities = [
      await makeCommunity(t, [organisations[0]!, organisations[1]!]),
      await makeCommunity(t, [organisations[2]!]),
    ];
    actors = [];
    for (const [o, organisationId] of organisations.entries()) {
      for (const [r, roles] of roleSets.entries()) {
        if ((o + r) % 2 === 1 && roles.length === 1 && roles[0] !== 'reporter') continue;
        const { id } = await makeUser(t, { organisationId, roles });
        actors.push({
          userId: id,
          organisationId,
          roles,
          communityIds: communities.filter((_, c) => (c === 0 ? o < 2 : o === 2)),
        });
      }
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('never notifies a user who cannot see the incident, and notifies each one who can exactly once', async () => {
    const subset = <T>(items: readonly T[]) => fc.subarray([...items]);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          tlp: fc.constantFrom<Tlp>(...tlpLevels),
          owner: fc.nat(organisations.length - 1),
          author: fc.nat(actors.length - 1),
          sharedOrganisations: subset(organisations),
          sharedCommunities: subset(communities),
          sharedUsers: fc.subarray(actors.map((a) => a.userId)),
          recipients: fc.array(fc.nat(actors.length - 1), { maxLength: 30 }),
        }),
        async (record) => {
          const author = actors[record.author]!;
          const ownerOrganisationId = organisations[record.owner]!;
          const incidentId = await makeIncident(t, {
            tlp: record.tlp,
            ownerOrganisationId,
            authorUserId: author.userId,
            sharedOrganisationIds: record.sharedOrganisations,
            sharedCommunityIds: record.sharedCommunities,
            sharedUserIds: record.sharedUsers,
          });
          const recipients = record.recipients.map((i) => actors[i]!);
          await t.deps.db.transaction().execute((tx) =>
            notifyUsers(tx, {
              userIds: recipients.map((a) => a.userId),
              kind: 'incident_created',
              incidentId: fromIncidentId(incidentId),
              data: {},
            }),
          );
          const shareable = {
            tlp: record.tlp,
            ownerOrganisationId,
            authorUserId: author.userId,
            sharedWith: {
              organisations: record.sharedOrganisations,
              communities: record.sharedCommunities,
              users: record.sharedUsers,
            },
          };
          const expected = [...new Set(recipients.filter((a) => canSee(a, shareable)).map((a) => a.userId))];
          const notified = await notifiedUsers(incidentId);
          expect(notified.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 60 },
    );
  });

  it('accepts the incident id in its API form too', async () => {
    const owner = actors.find((a) => a.roles.includes('analyst'))!;
    const id = await makeIncident(t, {
      tlp: 'amber',
      ownerOrganisationId: owner.organisationId,
      authorUserId: owner.userId,
    });
    await t.deps.db.transaction().execute((tx) =>
      notifyUsers(tx, {
        userIds: [owner.userId, owner.userId],
        kind: 'mention',
        incidentId: id,
        data: { commentId: 'c' },
      }),
    );
    expect(await notifiedUsers(id)).toEqual([owner.userId]);
  });

  it('notifies nobody about an incident that does not exist or an id that is not one', async () => {
    const user = actors[0]!;
    for (const incidentId of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      await t.deps.db
        .transaction()
        .execute((tx) => notifyUsers(tx, { userIds: [user.userId], kind: 'mention', incidentId, data: {} }));
    }
    const rows = await t.deps.db
      .selectFrom('notifications')
      .select('id')
      .where('kind', '=', 'mention')
      .where('userId', '=', user.userId)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('notifies no deactivated user, even about a clear incident or none', async () => {
    const { id } = await makeUser(t, { organisationId: organisations[0]!, roles: ['analyst'] });
    await t.deps.db.updateTable('users').set({ active: false }).where('id', '=', id).execute();
    const clear = await makeIncident(t, {
      tlp: 'clear',
      ownerOrganisationId: organisations[0]!,
      authorUserId: actors[0]!.userId,
    });
    await t.deps.db.transaction().execute(async (tx) => {
      await notifyUsers(tx, { userIds: [id], kind: 'incident_created', incidentId: clear, data: {} });
      await notifyUsers(tx, { userIds: [id], kind: 'system', incidentId: null, data: {} });
    });
    expect(
      await t.deps.db.selectFrom('notifications').select('id').where('userId', '=', id).execute(),
    ).toHaveLength(0);
  });

  it('records a notification about no incident for every active user named', async () => {
    const admin = actors.find((a) => a.roles.length === 1 && a.roles[0] === 'admin')!;
    await t.deps.db
      .transaction()
      .execute((tx) =>
        notifyUsers(tx, { userIds: [admin.userId], kind: 'system', incidentId: null, data: { note: 'x' } }),
      );
    const rows = await t.deps.db
      .selectFrom('notifications')
      .selectAll()
      .where('userId', '=', admin.userId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.incidentId).toBeNull();
    expect(rows[0]!.data).toEqual({ note: 'x' });
  });
});
