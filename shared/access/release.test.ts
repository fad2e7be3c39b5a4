import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partnerTlpCeilings, releasableRecordTypes } from '../contracts/exchange.js';
import {
  markingMayLeave,
  mayRelease,
  recordReleaseRefusal,
  releaseRefusal,
  type ReleasableRecord,
  type ReleaseAgreement,
} from './release.js';
import { roles, type Actor } from './roles.js';
import { canSee, compareTlp, tlpLevels } from './tlp.js';

const ORG_A = 'org-a';
const ORG_B = 'org-b';
const LEAD = 'org-lead';

const coordinator = (overrides: Partial<Actor> = {}): Actor => ({
  userId: 'user-1',
  organisationId: ORG_A,
  roles: ['coordinator'],
  communityIds: [],
  ...overrides,
});

const record = (overrides: Partial<ReleasableRecord> = {}): ReleasableRecord => ({
  tlp: 'green',
  ownerOrganisationId: ORG_A,
  authorUserId: 'author',
  sharedWith: { organisations: [], communities: [], users: [] },
  stewardOrganisationIds: [],
  ...overrides,
});

const agreement = (overrides: Partial<ReleaseAgreement> = {}): ReleaseAgreement => ({
  ownerOrganisationId: ORG_A,
  tlpCeiling: 'amber',
  recordTypes: ['incident', 'sitrep'],
  active: true,
  ...overrides,
});

describe('who may release a record to a partner', () => {
  it('lets a coordinator of the agreement organisation release a record it owns within the ceiling', () => {
    expect(mayRelease(coordinator(), record({ tlp: 'amber' }), 'incident', agreement())).toBe(true);
  });

  it.each([
    ['an analyst', coordinator({ roles: ['analyst'] }), 'not_coordinator'],
    ['an admin', coordinator({ roles: ['admin'] }), 'not_coordinator'],
    ['a coordinator of another organisation', coordinator({ organisationId: ORG_B }), 'not_agreement_owner'],
  ] as const)('refuses %s', (_name, actor, refusal) => {
    expect(releaseRefusal(actor, record(), 'incident', agreement())).toBe(refusal);
  });

  it('never lets amber+strict or red leave, whatever the ceiling', () => {
    for (const tlp of ['amber+strict', 'red'] as const) {
      const r = record({ tlp, sharedWith: { organisations: [], communities: [], users: ['user-1'] } });
      expect(releaseRefusal(coordinator(), r, 'incident', agreement())).toBe('marking_never_leaves');
    }
  });

  it('refuses a marking above the ceiling', () => {
    expect(
      releaseRefusal(coordinator(), record({ tlp: 'amber' }), 'incident', agreement({ tlpCeiling: 'green' })),
    ).toBe('above_ceiling');
    expect(
      releaseRefusal(coordinator(), record({ tlp: 'green' }), 'incident', agreement({ tlpCeiling: 'clear' })),
    ).toBe('above_ceiling');
  });

  it('lets amber go only from its owner or its lead organisation', () => {
    const sharedAmber = record({
      tlp: 'amber',
      ownerOrganisationId: ORG_B,
      sharedWith: { organisations: [ORG_A], communities: [], users: [] },
    });
    expect(releaseRefusal(coordinator(), sharedAmber, 'incident', agreement())).toBe('amber_not_owner');
    const led = { ...sharedAmber, stewardOrganisationIds: [ORG_A] };
    expect(mayRelease(coordinator(), led, 'incident', agreement())).toBe(true);
    const sharedGreen = { ...sharedAmber, tlp: 'green' as const };
    expect(mayRelease(coordinator(), sharedGreen, 'incident', agreement())).toBe(true);
  });

  it('refuses a record the coordinator cannot see', () => {
    const hidden = record({ tlp: 'amber', ownerOrganisationId: ORG_B, stewardOrganisationIds: [LEAD] });
    expect(releaseRefusal(coordinator(), hidden, 'incident', agreement())).toBe('not_visible');
  });

  it('refuses record types the agreement does not allow and inactive agreements', () => {
    expect(releaseRefusal(coordinator(), record(), 'sitrep', agreement({ recordTypes: ['incident'] }))).toBe(
      'record_type_not_allowed',
    );
    expect(releaseRefusal(coordinator(), record(), 'incident', agreement({ active: false }))).toBe(
      'agreement_inactive',
    );
  });
});

const ids = fc.constantFrom(ORG_A, ORG_B, LEAD, 'org-x');
const arbitraryActor = fc.record({
  userId: fc.constantFrom('user-1', 'user-2', 'author'),
  organisationId: ids,
  roles: fc.subarray([...roles]),
  communityIds: fc.subarray(['c1', 'c2']),
});
const arbitraryRecord = fc.record({
  tlp: fc.constantFrom(...tlpLevels),
  ownerOrganisationId: ids,
  authorUserId: fc.constantFrom('user-1', 'author'),
  sharedWith: fc.record({
    organisations: fc.subarray([ORG_A, ORG_B, LEAD, 'org-x']),
    communities: fc.subarray(['c1', 'c2']),
    users: fc.subarray(['user-1', 'user-2']),
  }),
  stewardOrganisationIds: fc.subarray([ORG_A, ORG_B, LEAD]),
});
const arbitraryAgreement = fc.record({
  ownerOrganisationId: ids,
  tlpCeiling: fc.constantFrom(...partnerTlpCeilings),
  recordTypes: fc.subarray([...releasableRecordTypes]),
  active: fc.boolean(),
});
const arbitraryType = fc.constantFrom(...releasableRecordTypes);

describe('release rules for random actors, records and agreements', () => {
  it('never releases what the marking forbids, what the ceiling exceeds or what the actor cannot see', () => {
    fc.assert(
      fc.property(arbitraryActor, arbitraryRecord, arbitraryType, arbitraryAgreement, (actor, r, type, a) => {
        if (!mayRelease(actor, r, type, a)) return;
        expect(markingMayLeave(r.tlp)).toBe(true);
        expect(compareTlp(r.tlp, a.tlpCeiling)).toBeLessThanOrEqual(0);
        expect(canSee(actor, r)).toBe(true);
        expect(actor.roles).toContain('coordinator');
        expect(actor.organisationId).toBe(a.ownerOrganisationId);
        expect(a.active && a.recordTypes.includes(type)).toBe(true);
        if (r.tlp === 'amber') {
          expect(
            r.ownerOrganisationId === actor.organisationId ||
              r.stewardOrganisationIds.includes(actor.organisationId),
          ).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the rule for the agreement organisation whenever the actor is its coordinator and sees the record', () => {
    fc.assert(
      fc.property(arbitraryActor, arbitraryRecord, arbitraryType, arbitraryAgreement, (actor, r, type, a) => {
        const asCoordinator = {
          ...actor,
          roles: ['coordinator' as const],
          organisationId: a.ownerOrganisationId,
        };
        if (!canSee(asCoordinator, r)) return;
        const organisationRule = recordReleaseRefusal(r, type, a, asCoordinator) === null;
        expect(mayRelease(asCoordinator, r, type, a)).toBe(organisationRule);
      }),
      { numRuns: 2000 },
    );
  });
});
