import { describe, expect, it } from 'vitest';
import type { Tlp } from '../../../../shared/access/tlp.js';
import { observableStixId } from '../../observables/observable-stix-id.js';
import { tlp2MarkingId } from '../stix/stix-markings.js';
import { validateStixObject } from '../stix/stix-validate.js';
import { vaalivahtiExtensionId } from '../stix/vaalivahti-extension.js';
import type { ExchangeObservable, IncidentExchangeData } from '../incident-exchange-data.js';
import { mispCoreFormatErrors } from './misp-core-schema.js';
import { parseMispEvent } from './misp-event.js';
import { mispEventOf } from './misp-export.js';
import { mispEventToStix } from './misp-to-stix.js';

const INCIDENT = '0f3c8a2e-5b71-4d9a-8e64-2c1b3a4d5e6f';
const OWNER = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const added = new Date('2027-04-12T08:30:15.250Z');

const observable = (type: ExchangeObservable['type'], value: string, note = ''): ExchangeObservable => ({
  id: crypto.randomUUID(),
  type,
  value,
  stixId: observableStixId(type, value),
  note,
  addedAt: added,
});

const technique = (id: string, stixId: string, name: string) => ({
  id,
  name,
  stixId,
  tacticId: 'TA00',
  url: `https://example.org/${id}`,
  addedAt: added,
});

/** The fields of the exchange data the MISP export reads; the rest as a real incident would have them. */
const sample = (overrides: Partial<IncidentExchangeData> = {}): IncidentExchangeData =>
  ({
    id: INCIDENT,
    tlp: 'amber',
    ownerOrganisationId: OWNER,
    authorUserId: crypto.randomUUID(),
    sharedWith: { organisations: [], communities: [], users: [] },
    title: 'Fabricated claim about advance voting abroad',
    description: 'Accounts claim that votes cast abroad are not counted.',
    language: 'en',
    domains: ['information_influence', 'cyber'],
    category: 'disinformation_narrative',
    severity: 4,
    impactConduct: 'minor',
    impactConfidence: 'moderate',
    sourceReliability: 'B',
    informationCredibility: 2,
    status: 'investigating',
    closingReason: null,
    duplicateOf: null,
    reportedVia: 'analyst',
    election: { id: crypto.randomUUID(), slug: 'eduskuntavaalit-2027', name: { fi: 'E', sv: 'R', en: 'P' } },
    phase: null,
    areas: [],
    firstSeen: new Date('2027-04-10T06:00:00Z'),
    lastSeen: null,
    version: 3,
    createdAt: new Date('2027-04-11T09:00:00Z'),
    updatedAt: new Date('2027-04-12T10:00:00.900Z'),
    markedAt: new Date('2027-04-11T09:00:00Z'),
    owner: {
      id: OWNER,
      shortName: 'KRP',
      name: {
        fi: 'Keskusrikospoliisi',
        sv: 'Centralkriminalpolisen',
        en: 'National Bureau of Investigation',
      },
      kind: 'police',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      updatedAt: new Date('2026-01-01T00:00:00Z'),
    },
    lead: null,
    supporting: [],
    observables: [
      observable('url', 'https://news-fi24.example/2027/04/aanet', 'Article carrying the claim'),
      observable('domain', 'news-fi24.example'),
      observable('ipv4', '198.51.100.23'),
      observable('ipv6', '2001:db8::17'),
      observable('email', 'press@news-fi24.example'),
      observable('md5', 'd41d8cd98f00b204e9800998ecf8427e'),
      observable('sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'),
      observable('sha256', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'),
      observable(
        'sha512',
        'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
      ),
      observable('social_account', 'telegram:vaalitotuus_fi', 'Amplifier'),
    ],
    techniques: [
      technique(
        'T0002',
        'attack-pattern--70717452-f7e3-4ce8-956f-39a4d34c5cfb',
        'Facilitate State Propaganda',
      ),
      technique('T0097', 'attack-pattern--7a4a5e4e-0000-4000-8000-000000000097', 'Present Persona'),
      technique('T0097.100', 'attack-pattern--fb1bfbf4-811d-49b6-bc78-bbd49c909d56', 'Individual Persona'),
    ],
    narratives: [],
    links: [],
    corroborations: [],
    ...overrides,
  }) as unknown as IncidentExchangeData;

describe('an incident as a MISP event', () => {
  it('validates against the MISP core-format JSON Schema', () => {
    expect(mispCoreFormatErrors(mispEventOf(sample()))).toEqual([]);
  });

  it('the schema check can fail', () => {
    const event = mispEventOf(sample()) as unknown as { Event: Record<string, unknown> };
    event.Event.notAField = 'x';
    (event.Event.Attribute as Record<string, unknown>[])[0]!.to_ids = 'no';
    expect(mispCoreFormatErrors(event)).toEqual([
      '/Event: must NOT have additional properties (notAField)',
      '/Event/Attribute/0/to_ids: must be boolean',
    ]);
  });

  it('carries the incident uuid, title, date, times, analysis, threat level and organisation', () => {
    const { Event } = mispEventOf(sample());
    expect(Event).toMatchObject({
      uuid: INCIDENT,
      info: 'Fabricated claim about advance voting abroad',
      date: '2027-04-10',
      timestamp: String(Date.parse('2027-04-12T10:00:00Z') / 1000),
      published: false,
      publish_timestamp: '0',
      analysis: '1',
      threat_level_id: '1',
      distribution: '0',
      sharing_group_id: '0',
      attribute_count: '12',
      Org: { uuid: OWNER, name: 'National Bureau of Investigation' },
      Orgc: { uuid: OWNER, name: 'National Bureau of Investigation' },
    });
  });

  it('tags TLP, Admiralty, DISARM (the galaxy cluster value) and our own fields exactly', () => {
    expect(mispEventOf(sample()).Event.Tag.map((t) => t.name)).toEqual([
      'tlp:amber',
      'admiralty-scale:source-reliability="b"',
      'admiralty-scale:information-credibility="2"',
      'misp-galaxy:disarm-techniques="Facilitate State Propaganda"',
      'misp-galaxy:disarm-techniques="Create Personas"',
      'vaalivahti:disarm-technique="T0097.100"',
      'vaalivahti:domain="information_influence"',
      'vaalivahti:domain="cyber"',
      'vaalivahti:category="disinformation_narrative"',
      'vaalivahti:severity="4"',
      'vaalivahti:election="eduskuntavaalit-2027"',
    ]);
    expect(mispEventOf(sample()).Event.Tag[0]).toEqual({
      name: 'tlp:amber',
      colour: '#FFC000',
      exportable: true,
    });
  });

  it.each([
    ['clear', 'tlp:clear', '3'],
    ['green', 'tlp:green', '1'],
    ['amber', 'tlp:amber', '0'],
    ['amber+strict', 'tlp:amber+strict', '0'],
    ['red', 'tlp:red', '0'],
  ] as [Tlp, string, string][])('writes TLP %s as %s with distribution %s', (tlp, tag, distribution) => {
    const { Event } = mispEventOf(sample({ tlp }));
    expect(Event.Tag.filter((t) => t.name.startsWith('tlp:')).map((t) => t.name)).toEqual([tag]);
    expect(Event.distribution).toBe(distribution);
  });

  it.each([
    [1, '3'],
    [2, '3'],
    [3, '2'],
    [4, '1'],
    [5, '1'],
  ])('writes severity %i as threat level %s', (severity, level) => {
    expect(mispEventOf(sample({ severity })).Event.threat_level_id).toBe(level);
  });

  it.each([
    ['new', '0'],
    ['triage', '0'],
    ['investigating', '1'],
    ['responding', '1'],
    ['monitoring', '1'],
    ['closed', '2'],
  ])('writes status %s as analysis %s', (status, analysis) => {
    expect(mispEventOf(sample({ status })).Event.analysis).toBe(analysis);
  });

  it('writes observables as attributes of the RFC types and accounts as user-account objects', () => {
    const { Event } = mispEventOf(sample());
    expect(Event.Attribute.map((a) => [a.type, a.category, a.value])).toEqual([
      ['text', 'Other', 'Accounts claim that votes cast abroad are not counted.'],
      ['url', 'Network activity', 'https://news-fi24.example/2027/04/aanet'],
      ['domain', 'Network activity', 'news-fi24.example'],
      ['ip-dst', 'Network activity', '198.51.100.23'],
      ['ip-dst', 'Network activity', '2001:db8::17'],
      ['email', 'Social network', 'press@news-fi24.example'],
      ['md5', 'Payload delivery', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['sha1', 'Payload delivery', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
      ['sha256', 'Payload delivery', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
      [
        'sha512',
        'Payload delivery',
        'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
      ],
    ]);
    expect(Event.Attribute.every((a) => a.to_ids === false && a.timestamp !== '')).toBe(true);
    expect(Event.Attribute[1]).toMatchObject({
      comment: 'Article carrying the claim',
      timestamp: '1807518615',
    });
    expect(Event.Object).toHaveLength(1);
    expect(Event.Object[0]).toMatchObject({
      name: 'user-account',
      template_uuid: '49606b06-22f0-4ac8-8eee-2f12ad46f3d3',
      template_version: '6',
      comment: 'Amplifier',
    });
    expect(Event.Object[0]!.Attribute.map((a) => [a.object_relation, a.type, a.value])).toEqual([
      ['account-type', 'text', 'telegram'],
      ['username', 'text', 'vaalitotuus_fi'],
    ]);
  });

  it('gives attributes and objects the same uuids on every export, different per incident', () => {
    const first = mispEventOf(sample());
    const again = mispEventOf(sample());
    expect(again).toEqual(first);
    const other = mispEventOf(sample({ id: '1e2d3c4b-5a69-4877-8695-a4b3c2d1e0f9' }));
    expect(other.Event.Attribute.map((a) => a.uuid)).not.toContain(first.Event.Attribute[1]!.uuid);
    expect(new Set(first.Event.Attribute.map((a) => a.uuid)).size).toBe(first.Event.Attribute.length);
  });

  it('adds the DISARM galaxy with the clusters of the techniques it has', () => {
    const [galaxy] = mispEventOf(sample()).Event.Galaxy;
    expect(galaxy).toMatchObject({ type: 'disarm-techniques', uuid: 'a90f2bb6-11e1-58a7-9962-ba37886720ec' });
    expect(galaxy!.GalaxyCluster.map((c) => [c.uuid, c.value, c.meta.external_id])).toEqual([
      ['782afafa-e997-571a-9b25-d04bb322480c', 'Facilitate State Propaganda', 'T0002'],
      ['7f984091-41b3-5e8f-b723-1d5eb9150d1d', 'Create Personas', 'T0097'],
    ]);
    expect(mispEventOf(sample({ techniques: [] })).Event.Galaxy).toEqual([]);
  });
});

describe('incident → MISP event → STIX', () => {
  const disarm = new Map([
    ['T0002', 'attack-pattern--70717452-f7e3-4ce8-956f-39a4d34c5cfb'],
    ['T0097', 'attack-pattern--7a4a5e4e-0000-4000-8000-000000000097'],
    ['T0097.100', 'attack-pattern--fb1bfbf4-811d-49b6-bc78-bbd49c909d56'],
  ]);

  it('gives back the title, marking, observables, techniques and our fields', () => {
    const data = sample({ tlp: 'amber+strict' });
    const document = JSON.parse(JSON.stringify(mispEventOf(data))) as unknown;
    const parsed = parseMispEvent(document);
    if (!parsed.ok) throw new Error(parsed.reasons.join('; '));
    const { objects, incidentId, unmapped, unknownTechniques } = mispEventToStix(parsed.event, { disarm });
    for (const object of objects)
      expect(validateStixObject(object), object.id).toMatchObject({ valid: true });
    expect(unmapped).toEqual([]);
    expect(unknownTechniques).toEqual([]);
    const incident = objects.find((o) => o.type === 'incident')!;
    expect(incidentId).toBe(`incident--${INCIDENT}`);
    expect(incident).toMatchObject({
      name: data.title,
      description: data.description,
      created_by_ref: `identity--${OWNER}`,
      object_marking_refs: [tlp2MarkingId('amber+strict')],
    });
    expect(incident.extensions![vaalivahtiExtensionId]).toMatchObject({
      domains: ['information_influence', 'cyber'],
      category: 'disinformation_narrative',
      severity: 4,
      source_reliability: 'B',
      information_credibility: 2,
    });
    const related = objects.filter((o) => o.relationship_type === 'related-to').map((o) => o.target_ref);
    expect(related.sort()).toEqual(data.observables.map((o) => o.stixId).sort());
    const uses = objects.filter((o) => o.relationship_type === 'uses').map((o) => o.target_ref);
    expect(uses.sort()).toEqual(data.techniques.map((t) => t.stixId).sort());
  });
});
