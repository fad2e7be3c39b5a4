import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observableStixId } from '../../observables/observable-stix-id.js';
import { incidentCoreExtensionId } from '../stix/incident-core.js';
import type { StixObject } from '../stix/stix-types.js';
import { vaalivahtiExtensionId } from '../stix/vaalivahti-extension.js';
import { observablesOfSco } from './sco-observables.js';
import {
  importCandidateOf,
  ImportPlanner,
  outcomeAgainst,
  planImport,
  type ImportCandidate,
  type StoredVersion,
} from './stix-import-plan.js';
import { edgesOf, refsOf } from './stix-refs.js';
import { contentHashOf, versionKeyOf } from './stix-version.js';
import { draftIncident } from './workbench-proposal.js';

const ID = 'indicator--4d5e6f70-8192-4a3b-b4c5-d6e7f8091a2b';

const version = (modified: string, extra: Record<string, unknown> = {}, id = ID): StixObject => ({
  type: 'indicator',
  spec_version: '2.1',
  id,
  created: '2025-01-01T00:00:00.000Z',
  modified,
  pattern: "[url:value = 'http://example.com/']",
  pattern_type: 'stix',
  valid_from: '2025-01-01T00:00:00Z',
  ...extra,
});

const candidate = (object: StixObject, index = 0): ImportCandidate =>
  importCandidateOf(object, index, contentHashOf(object));

describe('versions of STIX objects', () => {
  it('treats milliseconds and microseconds of the same instant as the same version', () => {
    expect(versionKeyOf(version('2024-11-22T16:43:58.079Z'))).toBe(
      versionKeyOf(version('2024-11-22T16:43:58.079000Z')),
    );
    expect(versionKeyOf(version('2024-11-22T16:43:58Z'))).toBe('2024-11-22T16:43:58.000000000Z');
  });

  it('orders microsecond versions that milliseconds would confuse', () => {
    const earlier = versionKeyOf(version('2024-11-22T16:43:58.079782Z'));
    const later = versionKeyOf(version('2024-11-22T16:43:58.079783Z'));
    expect(later > earlier).toBe(true);
    expect(
      outcomeAgainst(candidate(version('2024-11-22T16:43:58.079783Z')), {
        versionKey: earlier,
        contentHash: 'x',
      }),
    ).toBe('updated');
  });

  it('versions objects without modified by their content, whatever the key order', () => {
    const a = { type: 'url', id: 'url--9ac32501-6752-5db9-8370-5b1b0db12ae7', value: 'https://example.com/' };
    const b = { value: 'https://example.com/', id: a.id, type: 'url' };
    expect(versionKeyOf(a)).toMatch(/^c:[0-9a-f]{64}$/);
    expect(versionKeyOf(a)).toBe(versionKeyOf(b));
    const stored: StoredVersion = { versionKey: versionKeyOf(a), contentHash: contentHashOf(a) };
    expect(outcomeAgainst(candidate(b), stored)).toBe('unchanged');
    expect(outcomeAgainst(candidate({ ...a, value: 'https://example.org/' }), stored)).toBe('updated');
  });

  it('decides created, updated, unchanged and older_ignored against the stored version', () => {
    const stored = candidate(version('2025-03-02T09:00:00.000Z'));
    const current = { versionKey: stored.versionKey, contentHash: stored.contentHash };
    expect(outcomeAgainst(stored, undefined)).toBe('created');
    expect(outcomeAgainst(stored, current)).toBe('unchanged');
    expect(outcomeAgainst(candidate(version('2025-03-02T10:00:00.000Z')), current)).toBe('updated');
    expect(outcomeAgainst(candidate(version('2025-03-02T08:00:00.000Z')), current)).toBe('older_ignored');
  });

  it('makes the later version current when a bundle carries both, in either order', () => {
    const older = version('2025-03-02T09:00:00.000Z', { name: 'old' });
    const newer = version('2025-03-02T10:00:00.000Z', { name: 'new' });
    const forward = planImport([candidate(older, 0), candidate(newer, 1)], new Map());
    const backward = planImport([candidate(newer, 0), candidate(older, 1)], new Map());
    expect(forward.outcomes.map((o) => o.outcome)).toEqual(['created', 'updated']);
    expect(backward.outcomes.map((o) => o.outcome)).toEqual(['created', 'older_ignored']);
    expect(forward.current.get(ID)!.object.name).toBe('new');
    expect(backward.current.get(ID)!.object.name).toBe('new');
    expect(backward.versions).toHaveLength(2);
  });

  it('keeps the first content of a version received twice with different content, and says so', () => {
    const first = candidate(version('2025-03-02T09:00:00.000Z', { name: 'first' }), 0);
    const second = candidate(version('2025-03-02T09:00:00.000Z', { name: 'second' }), 1);
    const plan = planImport([first, second], new Map());
    expect(plan.outcomes[1]).toMatchObject({
      outcome: 'unchanged',
      reasons: [expect.stringContaining('first')],
    });
    expect(plan.current.get(ID)!.object.name).toBe('first');
  });

  it('decides a bundle fed in parts exactly as it decides it whole', () => {
    const ids = [ID, 'indicator--00000000-0000-4000-8000-000000000001'];
    // Few instants and names, so that repeats, equal versions with other content and older ones abound.
    const arbitraryObject = fc.record({
      id: fc.constantFrom(...ids),
      second: fc.integer({ min: 0, max: 3 }),
      name: fc.constantFrom('a', 'b'),
      timed: fc.boolean(),
    });
    const objectOf = (o: { id: string; second: number; name: string; timed: boolean }): StixObject => {
      const object = version(`2025-03-02T09:00:0${o.second}.000Z`, { name: o.name }, o.id);
      if (!o.timed) delete object.modified;
      return object;
    };
    fc.assert(
      fc.property(
        fc.array(arbitraryObject, { maxLength: 25 }),
        fc.array(arbitraryObject, { maxLength: 2 }),
        fc.array(fc.integer({ min: 1, max: 25 }), { maxLength: 5 }),
        (bundle, storedObjects, cuts) => {
          const candidates = bundle.map((o, index) => candidate(objectOf(o), index));
          const stored = new Map<string, StoredVersion>(
            storedObjects.map((o) => {
              const c = candidate(objectOf(o));
              return [c.stixId, { versionKey: c.versionKey, contentHash: c.contentHash }];
            }),
          );
          const whole = planImport(candidates, stored);
          const planner = new ImportPlanner();
          const outcomes = [];
          const versions = [];
          let from = 0;
          for (const to of [...new Set(cuts)].sort((a, b) => a - b).concat(candidates.length)) {
            if (to <= from) continue;
            const part = planner.plan(candidates.slice(from, to), stored);
            outcomes.push(...part.outcomes);
            versions.push(...part.versions);
            from = to;
          }
          expect(outcomes).toEqual(whole.outcomes);
          expect(versions.map((c) => c.index)).toEqual(whole.versions.map((c) => c.index));
          expect([...planner.current].map(([id, c]) => [id, c.index])).toEqual(
            [...whole.current].map(([id, c]) => [id, c.index]),
          );
        },
      ),
    );
  });

  it('ends with the latest version of every id, whatever order and batches the versions arrive in', () => {
    const ids = [
      ID,
      'indicator--00000000-0000-4000-8000-000000000001',
      'indicator--00000000-0000-4000-8000-000000000002',
    ];
    const arbitraryVersion = fc.record({
      id: fc.constantFrom(...ids),
      // Distinct instants, down to the microsecond.
      micros: fc.integer({ min: 0, max: 10_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(arbitraryVersion, {
          minLength: 1,
          maxLength: 20,
          selector: (v) => `${v.id} ${v.micros}`,
        }),
        fc.infiniteStream(fc.integer({ min: 0, max: 3 })),
        (versions, splits) => {
          const objects = versions.map(({ id, micros }) => {
            const at = new Date(Date.UTC(2025, 0, 1) + Math.floor(micros / 1000)).toISOString().slice(0, 23);
            return version(`${at}${String(micros % 1000).padStart(3, '0')}Z`, { name: `${micros}` }, id);
          });
          // Apply in random batches, carrying the store's state between them.
          const stored = new Map<string, StoredVersion>();
          const finals = new Map<string, string>();
          let batch: ImportCandidate[] = [];
          const flush = () => {
            const plan = planImport(batch, stored);
            for (const [id, c] of plan.current) {
              stored.set(id, { versionKey: c.versionKey, contentHash: c.contentHash });
              finals.set(id, String(c.object.name));
            }
            batch = [];
          };
          const iterator = splits[Symbol.iterator]();
          objects.forEach((object, index) => {
            batch.push(candidate(object, index));
            if (iterator.next().value === 0) flush();
          });
          flush();
          for (const id of new Set(versions.map((v) => v.id))) {
            const latest = Math.max(...versions.filter((v) => v.id === id).map((v) => v.micros));
            expect(finals.get(id)).toBe(String(latest));
          }
        },
      ),
    );
  });
});

describe('cyber-observables as our observables', () => {
  it('recognises the same URL under two different ids as one observable', () => {
    const a = observablesOfSco({
      type: 'url',
      id: 'url--11111111-1111-4111-8111-111111111111',
      value: 'HTTPS://Example.COM/a#x',
    });
    const b = observablesOfSco({
      type: 'url',
      id: 'url--22222222-2222-4222-8222-222222222222',
      value: 'https://example.com/a',
    });
    expect(a).toEqual(b);
    expect(a).toEqual([
      {
        type: 'url',
        value: 'https://example.com/a',
        stixId: observableStixId('url', 'https://example.com/a'),
      },
    ]);
  });

  it('maps domains, addresses, e-mail, social-media accounts and every known hash of a file', () => {
    expect(
      observablesOfSco({ type: 'domain-name', id: 'domain-name--x', value: 'Example.COM.' })[0]?.value,
    ).toBe('example.com');
    expect(
      observablesOfSco({ type: 'ipv6-addr', id: 'ipv6-addr--x', value: '2001:DB8:0:0:0:0:0:1' })[0]?.value,
    ).toBe('2001:db8::1');
    expect(
      observablesOfSco({ type: 'email-addr', id: 'email-addr--x', value: 'Someone@Example.COM' })[0]?.value,
    ).toBe('Someone@example.com');
    expect(
      observablesOfSco({
        type: 'user-account',
        id: 'user-account--x',
        account_type: 'twitter',
        account_login: '@Vaali',
      })[0]?.value,
    ).toBe('twitter:vaali');
    const file = observablesOfSco({
      type: 'file',
      id: 'file--x',
      hashes: { 'SHA-256': 'A'.repeat(64), MD5: 'b'.repeat(32), 'SHA3-256': 'c'.repeat(64) },
    });
    expect(file.map((o) => [o.type, o.value])).toEqual([
      ['md5', 'b'.repeat(32)],
      ['sha256', 'a'.repeat(64)],
    ]);
    expect(observablesOfSco({ type: 'mutex', id: 'mutex--x', name: 'm' })).toEqual([]);
    expect(observablesOfSco({ type: 'url', id: 'url--x', value: 'not a url' })).toEqual([]);
  });
});

describe('references between objects', () => {
  it('finds every referenced id, nested ones too, and what relationships and sightings point at', () => {
    const sighting: StixObject = {
      type: 'sighting',
      id: 'sighting--6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c',
      sighting_of_ref: ID,
      observed_data_refs: ['observed-data--2b7e1f0a-8c4d-4a5b-9e6f-1a2b3c4d5e6f'],
      granular_markings: [
        { marking_ref: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', selectors: ['x'] },
      ],
      created_by_ref: 'not an id',
    };
    expect(refsOf(sighting).sort()).toEqual(
      [
        ID,
        'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
        'observed-data--2b7e1f0a-8c4d-4a5b-9e6f-1a2b3c4d5e6f',
      ].sort(),
    );
    expect(edgesOf(sighting)).toEqual({ sourceRef: ID, targetRef: null });
  });
});

describe('what an imported incident becomes', () => {
  const incident: StixObject = {
    type: 'incident',
    spec_version: '2.1',
    id: 'incident--9c3f4a1e-7b2d-4e8f-a6c5-0d1e2f3a4b5c',
    created: '2025-03-02T09:15:00.000Z',
    modified: '2025-03-02T09:15:00.000Z',
    name: 'False claims that polling stations are closed',
    description: 'Coordinated posts.',
    confidence: 70,
  };

  it('takes STIX properties and the defaults of an untriaged record from a foreign tool', () => {
    const draft = draftIncident(
      {
        ...incident,
        extensions: { [incidentCoreExtensionId]: { extension_type: 'property-extension', criticality: 80 } },
      },
      'amber',
    );
    expect(draft.values).toMatchObject({
      title: incident.name,
      description: 'Coordinated posts.',
      domains: [],
      category: 'other',
      severity: 4,
      informationCredibility: 2,
      tlp: 'amber',
    });
    expect([...draft.given].sort()).toEqual(['description', 'informationCredibility', 'severity', 'title']);
  });

  it('takes our own fields from the Vaalivahti extension', () => {
    const draft = draftIncident(
      {
        ...incident,
        extensions: {
          [vaalivahtiExtensionId]: {
            extension_type: 'property-extension',
            domains: ['information_influence', 'nonsense'],
            category: 'disinformation_narrative',
            severity: 5,
            impact_conduct: 'minor',
            source_reliability: 'B',
            information_credibility: 3,
            areas: [{ code: 'KU091' }],
            first_seen: '2025-03-02T06:00:00Z',
          },
        },
      },
      'green',
    );
    expect(draft.values).toMatchObject({
      domains: ['information_influence'],
      severity: 5,
      impactOnConduct: 'minor',
      impactOnConfidence: 'none',
      sourceReliability: 'B',
      informationCredibility: 3,
      areaCodes: ['KU091'],
      firstSeen: '2025-03-02T06:00:00.000Z',
    });
    expect(draft.given.has('impactOnConfidence')).toBe(false);
  });
});
