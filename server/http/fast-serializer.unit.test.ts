import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { incidentListSchema, type Incident } from '../../shared/contracts/incidents.js';
import { fastSerializer } from './fast-serializer.js';

const incident = (overrides: Partial<Incident> = {}): Incident => ({
  id: 'incident--a2c8de3f-49a0-446c-b559-709f7455e2f2',
  title: 'Havainto: "vaalimainos" </script> ja\nrivinvaihto ✓',
  description: 'Sivusto ei vastannut **20 minuuttiin**.\t\\',
  domains: ['cyber', 'information_influence'],
  category: 'denial_of_service',
  severity: 3,
  impactOnConduct: 'minor',
  impactOnConfidence: 'none',
  sourceReliability: 'B',
  informationCredibility: 2,
  status: 'closed',
  closingReason: 'duplicate',
  duplicateOfId: 'incident--6b0f1e2c-0000-4000-8000-000000000000',
  leadOrganisationId: 'a59a2811-7dc8-4fd1-945f-40cf83183ed3',
  supportingOrganisationIds: ['67e9acb3-eb47-4d2b-89b7-cde304a3ee8a'],
  electionId: '527059d2-6439-42eb-9c9b-fa4c2ab4736e',
  phaseKey: 'advance_voting_finland',
  areaCodes: ['KU837', 'VP07'],
  firstSeen: '2027-04-10T08:00:00.000Z',
  lastSeen: '2027-04-10T09:30:00.000Z',
  tlp: 'amber',
  ownerOrganisationId: 'a59a2811-7dc8-4fd1-945f-40cf83183ed3',
  authorUserId: '527059d2-6439-42eb-9c9b-fa4c2ab4736e',
  sharedWith: { organisations: [], communities: [], users: ['527059d2-6439-42eb-9c9b-fa4c2ab4736e'] },
  reportedVia: 'intake',
  intake: { place: 'Koulu', links: ['https://example.test/a'], nested: { n: 1, ok: true, none: null } },
  corroborationCount: 2,
  version: 4,
  createdAt: '2027-04-10T08:01:00.000Z',
  updatedAt: '2027-04-10T09:31:00.000Z',
  permissions: { edit: true, changeMarking: false, route: true },
  ...overrides,
});

const nulled = incident({
  closingReason: null,
  status: 'new',
  duplicateOfId: null,
  leadOrganisationId: null,
  electionId: null,
  phaseKey: null,
  firstSeen: null,
  lastSeen: null,
  intake: null,
  domains: [],
  areaCodes: [],
});

describe('fastSerializer', () => {
  const fast = fastSerializer(incidentListSchema)();
  const viaZod = (page: unknown) => JSON.parse(JSON.stringify(z.encode(incidentListSchema, page as never)));

  it('writes a page of incidents exactly as zod and JSON.stringify do', () => {
    for (const page of [
      { items: [incident(), nulled], nextCursor: 'WyJpbmNpZGVudHMiXQ' },
      { items: [], nextCursor: null },
    ]) {
      expect(JSON.parse(fast(page))).toEqual(viaZod(page));
    }
  });

  it('writes only what the contract declares: properties outside it never leave', () => {
    const leaky = {
      items: [
        {
          ...incident(),
          search: "'vaalimainos':1A",
          sharedWith: { organisations: [], communities: [], users: [], secret: 'x' },
          permissions: { edit: false, changeMarking: false, route: false, admin: true },
        },
      ],
      nextCursor: null,
      debug: { sql: 'select …' },
    };
    const written = JSON.parse(fast(leaky)) as Record<string, unknown>;
    expect(written).toEqual(viaZod(leaky));
    expect(JSON.stringify(written)).not.toMatch(/search|secret|admin|debug|select/);
  });

  it('agrees with zod on any text in any field', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'grapheme' }),
        fc.option(fc.string(), { nil: null }),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (title, description, phaseKey, intake) => {
          const page = { items: [incident({ title, description, phaseKey, intake })], nextCursor: null };
          expect(JSON.parse(fast(page))).toEqual(viaZod(page));
        },
      ),
    );
  });
});
