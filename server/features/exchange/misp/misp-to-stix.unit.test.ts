import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tlpLevels, type Tlp } from '../../../../shared/access/tlp.js';
import { observableStixId } from '../../observables/observable-stix-id.js';
import { readReferenceFile } from '../../areas/reference-data.js';
import { tlp2MarkingId } from '../stix/stix-markings.js';
import type { StixObject } from '../stix/stix-types.js';
import { validateStixObject } from '../stix/stix-validate.js';
import { vaalivahtiExtensionId } from '../stix/vaalivahti-extension.js';
import { mispCoreFormatErrors } from './misp-core-schema.js';
import { parseMispEvent, type MispEventIn } from './misp-event.js';
import { mispEventToStix } from './misp-to-stix.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../test/fixtures/misp');
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));

const disarm = new Map(
  (
    JSON.parse(readReferenceFile('disarm/disarm-red-framework.json')) as {
      techniques: { id: string; stixId: string }[];
    }
  ).techniques.map((t) => [t.id, t.stixId]),
);

const parsed = (document: unknown): MispEventIn => {
  const result = parseMispEvent(document);
  if (!result.ok) throw new Error(result.reasons.join('; '));
  return result.event;
};

const FIMI = '8c5b7f0e-2a41-4d7c-9f3e-6b1d2c3a4e5f';
const fimi = () => mispEventToStix(parsed(fixture(`feed/${FIMI}.json`)), { disarm });

const byType = (objects: StixObject[], type: string) => objects.filter((o) => o.type === type);
const incidentOf = (objects: StixObject[]) => byType(objects, 'incident')[0]!;

const minimal = (tags: string[], attributeTags: string[] = []) => ({
  Event: {
    uuid: '4b8e2d6f-1a3c-4e5b-9d7f-0a2c4e6b8d1f',
    info: 'TLP test',
    date: '2027-04-01',
    timestamp: '1714000000',
    Tag: tags.map((name) => ({ name })),
    Attribute: [
      {
        uuid: '5c9f3e70-2b4d-4f6c-8e80-1b3d5f7a9c2e',
        type: 'domain',
        value: 'bad.example',
        Tag: attributeTags.map((name) => ({ name })),
      },
    ],
  },
});

describe('MISP event → STIX 2.1', () => {
  it('makes every object valid against its OASIS schema', () => {
    const { objects } = fimi();
    for (const object of objects)
      expect(validateStixObject(object), object.id).toMatchObject({ valid: true });
  });

  it('makes the event an incident with its uuid, info, text and times', () => {
    const { objects, incidentId } = fimi();
    const incident = incidentOf(objects);
    expect(incidentId).toBe(`incident--${FIMI}`);
    expect(incident).toMatchObject({
      id: `incident--${FIMI}`,
      name: 'Fabricated claim: advance votes cast abroad will not be counted',
      description:
        'Coordinated accounts spread a fabricated claim that advance votes cast abroad would not be counted.',
      created: '2024-05-01T10:45:00.000Z',
      modified: '2024-05-01T10:45:00.000Z',
      confidence: 70,
    });
  });

  it('takes created from the date when the date is earlier than the timestamp', () => {
    const incident = incidentOf(
      mispEventToStix(
        parsed({ Event: { ...minimal([]).Event, date: '2024-04-01', timestamp: '1714000000' } }),
        {
          disarm,
        },
      ).objects,
    );
    expect(incident.created).toBe('2024-04-01T00:00:00.000Z');
    expect(incident.modified).toBe('2024-04-24T23:06:40.000Z');
  });

  it('puts the Admiralty tags, severity and domain into our extension', () => {
    const extension = incidentOf(fimi().objects).extensions![vaalivahtiExtensionId]!;
    expect(extension).toMatchObject({
      extension_type: 'property-extension',
      source_reliability: 'B',
      information_credibility: 2,
      severity: 3,
      domains: ['information_influence'],
      first_seen: '2027-04-10T00:00:00.000Z',
    });
  });

  it('maps the observables to deterministic cyber-observables related to the incident', () => {
    const { objects, incidentId } = fimi();
    const expected = [
      observableStixId('url', 'https://news-fi24.example/2027/04/aanet-hylataan'),
      observableStixId('domain', 'news-fi24.example'),
      observableStixId('ipv4', '198.51.100.23'),
      observableStixId('email', 'Press@news-fi24.example'),
      observableStixId('sha256', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'),
      observableStixId('social_account', 'twitter:vaali_totuus'),
      observableStixId('domain', 'mirror.example'),
      observableStixId('ipv4', '203.0.113.7'),
      observableStixId('social_account', 'telegram:vaalitotuus_fi'),
      observableStixId('md5', 'd41d8cd98f00b204e9800998ecf8427e'),
    ].sort();
    const scoIds = objects
      .filter((o) => !('created' in o) && o.type !== 'marking-definition')
      .map((o) => o.id);
    expect([...scoIds].sort()).toEqual(expected);
    const related = byType(objects, 'relationship').filter((r) => r.relationship_type === 'related-to');
    expect(related.map((r) => r.target_ref).sort()).toEqual(expected);
    expect(related.every((r) => r.source_ref === incidentId)).toBe(true);
    expect(related.find((r) => r.target_ref === expected.find((id) => id.startsWith('url--')))).toMatchObject(
      {
        description: 'Article carrying the claim',
      },
    );
  });

  it('drops deleted attributes and keeps links as external references', () => {
    const { objects } = fimi();
    expect(objects.some((o) => o.value === 'https://old.example/removed')).toBe(false);
    expect(incidentOf(objects).external_references).toEqual([
      { source_name: 'misp', external_id: FIMI, description: `MISP event ${FIMI}` },
      {
        source_name: 'misp-link',
        url: 'https://example.org/analysis/advance-votes',
        description: 'Public analysis',
      },
    ]);
  });

  it('turns DISARM galaxy tags into uses relationships to the DISARM attack-patterns', () => {
    const { objects, unknownTechniques } = fimi();
    const uses = byType(objects, 'relationship').filter((r) => r.relationship_type === 'uses');
    expect(uses.map((r) => r.target_ref).sort()).toEqual(
      [disarm.get('T0002'), disarm.get('T0049.001')].sort(),
    );
    expect(unknownTechniques).toEqual(['T0007']);
  });

  it('keeps what has no counterpart in a note on the incident, and other tags as labels', () => {
    const { objects, unmapped, incidentId } = fimi();
    expect(unmapped.map((u) => u.type).sort()).toEqual(['btc', 'filename']);
    const [note] = byType(objects, 'note');
    expect(note).toMatchObject({ object_refs: [incidentId] });
    expect(note!.content).toContain('btc: 1BoatSLRHtKNngkdXEeobR76b53LETtpyT (Donations)');
    expect(note!.content).toContain('DISARM technique T0007');
    expect(incidentOf(objects).labels).toEqual([
      'PAP:AMBER',
      'DFRLab-dichotomies-of-disinformation:target-concurrent-events="federal-election"',
    ]);
  });

  it('names the creator organisation as an identity that created the objects', () => {
    const { objects } = fimi();
    const [creator] = byType(objects, 'identity').filter((i) => i.name === 'CERT-EX');
    expect(creator).toMatchObject({
      id: 'identity--5f1c2e3a-7b4d-4c8e-9a1b-2c3d4e5f6a7b',
      identity_class: 'organization',
    });
    expect(incidentOf(objects).created_by_ref).toBe(creator!.id);
  });

  it('gives the same objects for the same event (deterministic ids)', () => {
    expect(fimi()).toEqual(fimi());
  });

  it('derives the incident id when the event uuid is not one STIX accepts', () => {
    const event = minimal([]);
    event.Event.uuid = '00000000-0000-0000-0000-000000000000';
    const { incidentId, objects } = mispEventToStix(parsed(event), { disarm });
    expect(incidentId).toMatch(/^incident--[0-9a-f-]{36}$/);
    expect(incidentId).not.toBe('incident--00000000-0000-0000-0000-000000000000');
    for (const object of objects)
      expect(validateStixObject(object), object.id).toMatchObject({ valid: true });
  });
});

describe('MISP tlp: tags', () => {
  const cases: [string, Tlp][] = [
    ['tlp:white', 'clear'],
    ['tlp:clear', 'clear'],
    ['tlp:green', 'green'],
    ['tlp:amber', 'amber'],
    ['tlp:amber+strict', 'amber+strict'],
    ['tlp:red', 'red'],
    ['TLP:AMBER', 'amber'],
  ];
  it.each(cases)('%s → TLP 2.0 %s on every object', (tag, tlp) => {
    const { objects } = mispEventToStix(parsed(minimal([tag])), { disarm });
    const marked = objects.filter(
      (o) =>
        o.type !== 'marking-definition' &&
        o.type !== 'extension-definition' &&
        o.id !== 'identity--67bdab1c-b49d-460e-ac84-8e8217a886fd',
    );
    for (const object of marked) expect(object.object_marking_refs, object.id).toEqual([tlp2MarkingId(tlp)]);
    expect(objects.some((o) => o.id === tlp2MarkingId(tlp))).toBe(true);
  });

  it('takes the strictest of the event and attribute tags', () => {
    const { objects } = mispEventToStix(parsed(minimal(['tlp:green'], ['tlp:red'])), { disarm });
    expect(incidentOf(objects).object_marking_refs).toEqual([tlp2MarkingId('red')]);
  });

  it('leaves an event without a TLP level unmarked (the import gives the default) and keeps tlp:ex:chr as a label', () => {
    const { objects } = mispEventToStix(parsed(minimal(['tlp:ex:chr'])), { disarm });
    const incident = incidentOf(objects);
    expect(incident.object_marking_refs).toBeUndefined();
    expect(incident.labels).toEqual(['tlp:ex:chr']);
    expect(objects.some((o) => o.type === 'marking-definition')).toBe(false);
  });

  it('knows every level of ours', () => {
    for (const tlp of tlpLevels) {
      const { objects } = mispEventToStix(parsed(minimal([`tlp:${tlp}`])), { disarm });
      expect(incidentOf(objects).object_marking_refs).toEqual([tlp2MarkingId(tlp)]);
    }
  });
});

describe('reading MISP events', () => {
  const cases = fixture('invalid-events.json') as { case: string; document: unknown; expect: string }[];
  it.each(cases.map((c) => [c.case, c] as const))('refuses an event with %s', (_name, c) => {
    const result = parseMispEvent(c.document);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reasons.join('\n')).toContain(c.expect);
  });

  it('reads the event assembled from the RFC samples, which the RFC JSON Schema itself refuses', () => {
    const document = fixture('rfc/assembled-event.json');
    expect(mispCoreFormatErrors(document).length).toBeGreaterThan(0);
    const { objects, unmapped } = mispEventToStix(parsed(document), { disarm });
    const incident = incidentOf(objects);
    expect(incident).toMatchObject({
      name: "Hello world (assembled from the RFC's samples)",
      description: 'Hello world',
    });
    expect(incident.object_marking_refs).toEqual([tlp2MarkingId('clear')]);
    expect(unmapped.map((u) => u.value)).toEqual(['object file / filename: StarCraft.exe']);
    for (const object of objects)
      expect(validateStixObject(object), object.id).toMatchObject({ valid: true });
  });
});
