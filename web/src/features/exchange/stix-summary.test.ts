import { describe, expect, it } from 'vitest';
import { readingRank, summariseObjects, tlpOfMarking } from './stix-summary.js';

const green = {
  type: 'marking-definition',
  id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  name: 'TLP:GREEN',
};
const red1 = {
  type: 'marking-definition',
  id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
  definition_type: 'tlp',
  definition: { tlp: 'red' },
};
const incident = {
  type: 'incident',
  id: 'incident--1',
  name: 'False claims about polling stations',
  description: 'Seen in municipal groups.',
  modified: '2026-03-01T10:00:00.000Z',
  created_by_ref: 'identity--om',
  object_marking_refs: [green.id],
  extensions: { 'extension-definition--x': { severity: 3, domains: ['information_influence'] } },
};
const url = { type: 'url', id: 'url--1', value: 'https://example.fi/x', object_marking_refs: [green.id] };
const identity = {
  type: 'identity',
  id: 'identity--om',
  name: 'Ministry of Justice',
  identity_class: 'organization',
};

describe('summariseObjects', () => {
  it('names objects by name or value, and links by what they join', () => {
    const relationship = {
      type: 'relationship',
      id: 'relationship--1',
      relationship_type: 'related-to',
      source_ref: incident.id,
      target_ref: url.id,
    };
    const [i, u, r] = summariseObjects([incident, url, relationship, identity, green]);
    expect(i).toMatchObject({ name: incident.name, tlp: 'green' });
    expect(u).toMatchObject({
      name: url.value,
      fields: expect.arrayContaining([{ key: 'value', value: url.value }]),
    });
    expect(r!.name).toBe(`${incident.name} → ${url.value}`);
    expect(r!.fields).toEqual(
      expect.arrayContaining([
        { key: 'relationship', value: 'related-to' },
        { key: 'target', value: url.value },
      ]),
    );
  });

  it('shows the description, our extension’s fields and the author by name', () => {
    const [summary] = summariseObjects([incident], [identity, green]);
    expect(summary!.fields).toEqual(
      expect.arrayContaining([
        { key: 'description', value: incident.description },
        { key: 'severity', value: '3' },
        { key: 'domains', value: 'information_influence' },
        { key: 'createdBy', value: 'Ministry of Justice' },
      ]),
    );
  });

  it('has no description field once the description is redacted', () => {
    const { description: _, ...redacted } = incident;
    const [summary] = summariseObjects([redacted, green]);
    expect(summary!.fields.map((f) => f.key)).not.toContain('description');
  });

  it('takes the strictest of object and granular markings, TLP 1.0 included', () => {
    const marked = { ...url, granular_markings: [{ marking_ref: red1.id, selectors: ['value'] }] };
    expect(summariseObjects([marked, green, red1])[0]!.tlp).toBe('red');
    expect(
      summariseObjects([{ ...url, object_marking_refs: ['marking-definition--unknown'] }])[0]!.tlp,
    ).toBeNull();
  });
});

describe('tlpOfMarking and readingRank', () => {
  it('reads TLP 2.0 names and TLP 1.0 definitions (white is clear)', () => {
    expect(tlpOfMarking({ name: 'TLP:AMBER+STRICT' })).toBe('amber+strict');
    expect(tlpOfMarking({ definition_type: 'tlp', definition: { tlp: 'white' } })).toBe('clear');
    expect(tlpOfMarking({ name: 'DISARM Foundation' })).toBeNull();
  });

  it('puts records first and definitions last', () => {
    expect(
      ['marking-definition', 'identity', 'url', 'incident'].sort((a, b) => readingRank(a) - readingRank(b)),
    ).toEqual(['incident', 'url', 'identity', 'marking-definition']);
  });
});
