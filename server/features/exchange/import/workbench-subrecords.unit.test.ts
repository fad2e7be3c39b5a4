import { describe, expect, it } from 'vitest';
import type { StixObject } from '../stix/stix-types.js';
import { vaalivahtiExtensionId } from '../stix/vaalivahti-extension.js';
import { draftIncident } from './workbench-proposal.js';
import { subRecordsOf } from './workbench-subrecords.js';
import type { StoredObject } from './workbench-queries.js';

const INCIDENT = 'incident--0d5f3a0e-0000-4000-8000-000000000001';
const OTHER = 'incident--0d5f3a0e-0000-4000-8000-000000000002';
const URL_ID = 'url--0d5f3a0e-0000-4000-8000-000000000003';
const MUTEX = 'mutex--0d5f3a0e-0000-4000-8000-000000000004';
const DISARM = 'attack-pattern--0d5f3a0e-0000-4000-8000-000000000005';
const MALWARE = 'malware--0d5f3a0e-0000-4000-8000-000000000006';
const NARRATIVE = '0d5f3a0e-0000-4000-8000-000000000007';
const WITNESS = 'identity--0d5f3a0e-0000-4000-8000-000000000008';
const TIME = '2027-04-10T06:00:00.000Z';

const ext = (properties: Record<string, unknown>) => ({
  [vaalivahtiExtensionId]: { extension_type: 'property-extension', ...properties },
});
const stored = (object: Partial<StixObject> & { type: string; id: string }, tlp = 'amber'): StoredObject => ({
  stixId: object.id,
  type: object.type,
  tlp: tlp as StoredObject['tlp'],
  object: { spec_version: '2.1', ...object } as StixObject,
});
const relationship = (n: number, source: string, target: string, type = 'related-to', extra = {}) =>
  stored({
    type: 'relationship',
    id: `relationship--0d5f3a0e-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
    created: TIME,
    modified: TIME,
    relationship_type: type,
    source_ref: source,
    target_ref: target,
    ...extra,
  });
const root: StixObject = {
  type: 'incident',
  id: INCIDENT,
  spec_version: '2.1',
  created: TIME,
  modified: TIME,
};

describe('what the objects around an imported incident become', () => {
  const related = [
    stored({ type: 'url', id: URL_ID, value: 'https://vaalit-example.test/a' }),
    stored({ type: 'mutex', id: MUTEX, name: 'x' }),
    stored({ type: 'identity', id: WITNESS, name: 'Witness', created: TIME, modified: TIME }),
    stored({ type: 'incident', id: OTHER, name: 'Other', created: TIME, modified: TIME }),
    relationship(1, INCIDENT, URL_ID, 'related-to', { description: 'Nähty viesteissä' }),
    relationship(2, INCIDENT, MUTEX),
    relationship(3, INCIDENT, DISARM, 'uses'),
    relationship(4, OTHER, INCIDENT, 'related-to', { extensions: ext({ link_kind: 'part_of_campaign' }) }),
    relationship(5, INCIDENT, OTHER, 'duplicate-of'),
    relationship(6, INCIDENT, MALWARE, 'uses'),
    stored({
      type: 'sighting',
      id: 'sighting--0d5f3a0e-0000-4000-8000-000000000009',
      created: TIME,
      modified: TIME,
      sighting_of_ref: INCIDENT,
      where_sighted_refs: [WITNESS],
    }),
    stored(
      {
        type: 'grouping',
        id: 'grouping--0d5f3a0e-0000-4000-8000-000000000010',
        created: TIME,
        modified: TIME,
        name: 'Äänestyspaikat ovat kiinni',
        description: 'Kertomus',
        context: 'narrative',
        object_refs: [INCIDENT],
        extensions: ext({ narrative_id: NARRATIVE, narrative_status: 'dormant' }),
      },
      'green',
    ),
    stored({ type: 'malware', id: MALWARE, name: 'm', is_family: false, created: TIME, modified: TIME }),
  ];
  const sub = subRecordsOf(root, related, (id) => id === DISARM);

  it('keeps the note of the relationship to an observable', () => {
    expect(sub.observables).toEqual([
      expect.objectContaining({
        type: 'url',
        value: 'https://vaalit-example.test/a',
        note: 'Nähty viesteissä',
      }),
    ]);
  });

  it('proposes the narrative under its own id, at the marking it came with', () => {
    expect(sub.narratives).toEqual([
      {
        stixId: 'grouping--0d5f3a0e-0000-4000-8000-000000000010',
        narrativeId: NARRATIVE,
        title: 'Äänestyspaikat ovat kiinni',
        description: 'Kertomus',
        status: 'dormant',
        tlp: 'green',
      },
    ]);
  });

  it('proposes links with their kind and direction, under the link id', () => {
    expect(sub.links).toEqual([
      {
        stixId: related[7]!.stixId,
        linkId: '0d5f3a0e-0000-4000-8000-000000000104',
        kind: 'part_of_campaign',
        direction: 'incoming',
        otherStixId: OTHER,
      },
      {
        stixId: related[8]!.stixId,
        linkId: '0d5f3a0e-0000-4000-8000-000000000105',
        kind: 'duplicate_of',
        direction: 'outgoing',
        otherStixId: OTHER,
      },
    ]);
  });

  it('reports everything else about the incident, and no context (identities, other incidents)', () => {
    expect(sub.unapplied.map((u) => [u.stixId, u.reason, u.references])).toEqual([
      [MUTEX, 'not_applicable', []],
      [related[5]!.stixId, 'not_applicable', []],
      [related[9]!.stixId, 'not_applicable', []],
      ['sighting--0d5f3a0e-0000-4000-8000-000000000009', 'organisation_not_here', [WITNESS]],
      [MALWARE, 'not_applicable', []],
    ]);
  });
});

describe('what an incident of a Vaalivahti sender becomes', () => {
  const incident = (properties: Record<string, unknown>): StixObject => ({
    ...root,
    name: 'Väärä tieto',
    extensions: ext({ domains: ['cyber'], category: 'denial_of_service', severity: 3, ...properties }),
  });

  it('takes the status with its closing reason, but never a closing as a duplicate (a merge here)', () => {
    const closed = draftIncident(incident({ status: 'closed', closing_reason: 'false_alarm' }), 'amber');
    expect(closed.values).toMatchObject({ status: 'closed', closingReason: 'false_alarm' });
    expect(closed.given.has('status')).toBe(true);
    const duplicate = draftIncident(
      incident({ status: 'closed', closing_reason: 'duplicate', duplicate_of_ref: OTHER }),
      'amber',
    );
    expect(duplicate.values).toMatchObject({ status: 'new', closingReason: null });
    expect(duplicate.given.has('status')).toBe(false);
    expect(duplicate.closedAsDuplicateOf).toBe(OTHER);
  });

  it('reads an absent optional property as none from our extension, and as nothing from a foreign tool', () => {
    const ours = draftIncident(incident({ status: 'monitoring' }), 'amber');
    for (const field of [
      'description',
      'firstSeen',
      'lastSeen',
      'areaCodes',
      'electionId',
      'phaseKey',
    ] as const)
      expect(ours.given.has(field), field).toBe(true);
    const foreign = draftIncident({ ...root, name: 'Foreign' }, 'amber');
    expect([...foreign.given]).toEqual(['title']);
  });

  it('keeps the order of the areas and names the organisations it refers to', () => {
    const draft = draftIncident(
      incident({
        areas: [{ code: 'KU499' }, { code: 'KU091' }],
        lead_organisation_ref: WITNESS,
        supporting_organisation_refs: [WITNESS],
      }),
      'amber',
    );
    expect(draft.values).toMatchObject({
      areaCodes: ['KU499', 'KU091'],
      leadOrganisationRef: WITNESS,
      supportingOrganisationRefs: [WITNESS],
    });
  });
});
