import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roles, type Actor, type Role } from './roles.js';
import {
  canChangeMarking,
  canSee,
  compareTlp,
  strictestTlp,
  tlpLevels,
  type Shareable,
  type Tlp,
} from './tlp.js';

const ORG_A = 'org-a';
const ORG_B = 'org-b';
const ORG_C = 'org-c';
const COMMUNITY = 'community-1';

const actor = (overrides: Partial<Actor> = {}): Actor => ({
  userId: 'user-1',
  organisationId: ORG_A,
  roles: ['analyst'],
  communityIds: [],
  ...overrides,
});

const record = (overrides: Partial<Shareable> = {}): Shareable => ({
  tlp: 'amber',
  ownerOrganisationId: ORG_B,
  authorUserId: 'author',
  sharedWith: { organisations: [], communities: [], users: [] },
  ...overrides,
});

const shared = (lists: Partial<Shareable['sharedWith']>) => ({
  organisations: [],
  communities: [],
  users: [],
  ...lists,
});

describe('the TLP 2.0 table', () => {
  it.each<[string, Actor, Shareable, boolean]>([
    ['clear is seen by any reader', actor(), record({ tlp: 'clear' }), true],
    [
      'green is seen by a member of a community it is shared with',
      actor({ communityIds: [COMMUNITY] }),
      record({ tlp: 'green', sharedWith: shared({ communities: [COMMUNITY] }) }),
      true,
    ],
    [
      'green is hidden from an organisation outside its communities',
      actor({ communityIds: ['other'] }),
      record({ tlp: 'green', sharedWith: shared({ communities: [COMMUNITY] }) }),
      false,
    ],
    [
      'green is seen by the owning organisation',
      actor({ organisationId: ORG_B }),
      record({ tlp: 'green' }),
      true,
    ],
    [
      'amber is seen by the owning organisation',
      actor({ organisationId: ORG_B }),
      record({ tlp: 'amber' }),
      true,
    ],
    [
      'amber is seen by an organisation it is shared with',
      actor(),
      record({ tlp: 'amber', sharedWith: shared({ organisations: [ORG_A] }) }),
      true,
    ],
    [
      'amber is hidden from an organisation it was not shared with',
      actor({ organisationId: ORG_C }),
      record({ tlp: 'amber', sharedWith: shared({ organisations: [ORG_A] }) }),
      false,
    ],
    [
      'amber is hidden from a community member when shared only with the community',
      actor({ communityIds: [COMMUNITY] }),
      record({ tlp: 'amber', sharedWith: shared({ communities: [COMMUNITY] }) }),
      false,
    ],
    [
      'amber+strict follows amber',
      actor(),
      record({ tlp: 'amber+strict', sharedWith: shared({ organisations: [ORG_A] }) }),
      true,
    ],
    [
      'red is hidden from the rest of the owning organisation',
      actor({ organisationId: ORG_B }),
      record({ tlp: 'red' }),
      false,
    ],
    [
      'red is seen by a named user',
      actor(),
      record({ tlp: 'red', sharedWith: shared({ users: ['user-1'] }) }),
      true,
    ],
    ['red is seen by its author', actor({ userId: 'author' }), record({ tlp: 'red' }), true],
    [
      'nothing is seen by an admin who holds no reading role',
      actor({ roles: ['admin'], organisationId: ORG_B }),
      record({ tlp: 'clear' }),
      false,
    ],
    [
      'red is hidden from an admin even in the owning organisation',
      actor({ roles: ['admin'], organisationId: ORG_B }),
      record({ tlp: 'red' }),
      false,
    ],
    [
      'a reporter sees their own report',
      actor({ roles: ['reporter'], userId: 'author', organisationId: ORG_B }),
      record({ tlp: 'amber' }),
      true,
    ],
    [
      "a reporter does not see colleagues' amber records by default",
      actor({ roles: ['reporter'], organisationId: ORG_B }),
      record({ tlp: 'amber' }),
      false,
    ],
    [
      'a reporter sees amber shared explicitly with their organisation',
      actor({ roles: ['reporter'] }),
      record({ tlp: 'amber', sharedWith: shared({ organisations: [ORG_A] }) }),
      true,
    ],
    [
      'a reporter does not see green shared only with their community',
      actor({ roles: ['reporter'], communityIds: [COMMUNITY] }),
      record({ tlp: 'green', sharedWith: shared({ communities: [COMMUNITY] }) }),
      false,
    ],
    ['a reporter sees clear', actor({ roles: ['reporter'] }), record({ tlp: 'clear' }), true],
    [
      'a viewer sees amber shared with their organisation',
      actor({ roles: ['viewer'] }),
      record({ tlp: 'amber', sharedWith: shared({ organisations: [ORG_A] }) }),
      true,
    ],
  ])('%s', (_name, who, what, expected) => {
    expect(canSee(who, what)).toBe(expected);
  });
});

describe('changing a marking', () => {
  const owner = actor({ organisationId: ORG_B });
  const partner = actor({ organisationId: ORG_A });
  const amberShared = record({ tlp: 'amber', sharedWith: shared({ organisations: [ORG_A] }) });

  it('lets anyone who can see a record raise its marking', () => {
    expect(canChangeMarking(partner, amberShared, { tlp: 'red', sharedWith: amberShared.sharedWith })).toBe(
      true,
    );
  });
  it('lets only the owning organisation lower a marking', () => {
    expect(canChangeMarking(partner, amberShared, { tlp: 'green', sharedWith: amberShared.sharedWith })).toBe(
      false,
    );
    expect(canChangeMarking(owner, amberShared, { tlp: 'green', sharedWith: amberShared.sharedWith })).toBe(
      true,
    );
  });
  it('lets only the owning organisation widen a sharing list', () => {
    const wider = { tlp: 'amber' as Tlp, sharedWith: shared({ organisations: [ORG_A, ORG_C] }) };
    expect(canChangeMarking(partner, amberShared, wider)).toBe(false);
    expect(canChangeMarking(owner, amberShared, wider)).toBe(true);
  });
  it('lets a steward organisation (an incident’s lead) act for the owner, and nobody it cannot see', () => {
    const wider = { tlp: 'amber' as Tlp, sharedWith: shared({ organisations: [ORG_A, ORG_C] }) };
    expect(canChangeMarking(partner, amberShared, wider, { stewardOrganisationIds: [ORG_A] })).toBe(true);
    expect(
      canChangeMarking(actor({ organisationId: ORG_C }), amberShared, wider, {
        stewardOrganisationIds: [ORG_C],
      }),
    ).toBe(false);
  });
  it('lets nobody change what they cannot see', () => {
    expect(
      canChangeMarking(actor({ organisationId: ORG_C }), amberShared, {
        tlp: 'red',
        sharedWith: amberShared.sharedWith,
      }),
    ).toBe(false);
  });
  it('does not let a viewer lower a marking even in the owning organisation', () => {
    expect(
      canChangeMarking(actor({ organisationId: ORG_B, roles: ['viewer'] }), amberShared, {
        tlp: 'clear',
        sharedWith: amberShared.sharedWith,
      }),
    ).toBe(false);
  });
});

describe('properties of the access rules', () => {
  const ids = fc.constantFrom('u1', 'u2', 'u3');
  const orgs = fc.constantFrom('o1', 'o2', 'o3');
  const communities = fc.constantFrom('c1', 'c2');
  const arbActor = fc.record({
    userId: ids,
    organisationId: orgs,
    roles: fc.uniqueArray(fc.constantFrom<Role>(...roles), { minLength: 1 }),
    communityIds: fc.uniqueArray(communities),
  });
  const arbRecord = fc.record({
    tlp: fc.constantFrom<Tlp>(...tlpLevels),
    ownerOrganisationId: orgs,
    authorUserId: ids,
    sharedWith: fc.record({
      organisations: fc.uniqueArray(orgs),
      communities: fc.uniqueArray(communities),
      users: fc.uniqueArray(ids),
    }),
  });

  it('never lets a stricter marking show a record to someone the looser one hid it from', () => {
    fc.assert(
      fc.property(arbActor, arbRecord, fc.constantFrom<Tlp>(...tlpLevels), (a, r, stricter) => {
        fc.pre(compareTlp(stricter, r.tlp) > 0 && stricter !== 'red');
        if (!canSee(a, r)) expect(canSee(a, { ...r, tlp: stricter })).toBe(false);
      }),
    );
  });

  it('shows red only to its author and named users', () => {
    fc.assert(
      fc.property(arbActor, arbRecord, (a, r) => {
        if (canSee(a, { ...r, tlp: 'red' })) {
          expect(a.userId === r.authorUserId || r.sharedWith.users.includes(a.userId)).toBe(true);
        }
      }),
    );
  });

  it('never shows anything to a user whose only role is admin', () => {
    fc.assert(
      fc.property(arbActor, arbRecord, (a, r) => {
        expect(canSee({ ...a, roles: ['admin'] }, r)).toBe(false);
      }),
    );
  });

  it('keeps the strictest marking of a set', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Tlp>(...tlpLevels), { minLength: 1 }), (levels) => {
        const strictest = strictestTlp(levels);
        expect(levels.every((l) => compareTlp(l, strictest) <= 0)).toBe(true);
      }),
    );
  });
});
