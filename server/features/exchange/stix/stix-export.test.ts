import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedactableField } from '../../../../shared/contracts/exchange.js';
import { redactableFields } from '../../../../shared/contracts/exchange.js';
import type { VersionContent } from '../../../../shared/contracts/sitreps.js';
import {
  type Client,
  createTestApp,
  makeOrganisation,
  signedInUser,
  type TestApp,
} from '../../../../test/helpers/app.js';
import { sampleContent } from '../../sitreps/export/sitrep-sample.js';
import { loadIncidentForExchange } from '../incident-exchange-data.js';
import { incidentCoreExtensionId } from './incident-core.js';
import { incidentStixObjects, sitrepStixObjects, stixBundle } from './stix-export.js';
import { tlp2MarkingId } from './stix-markings.js';
import type { StixObject } from './stix-types.js';
import { validateStixObject } from './stix-validate.js';
import { vaalivahtiExtensionId } from './vaalivahti-extension.js';

interface Vector {
  type: string;
  id_contributing_properties: Record<string, unknown>;
  expected_id: string;
}
const vectors = (
  JSON.parse(
    readFileSync(
      new URL('../../../../test/fixtures/stix/sco-deterministic-id-vectors.json', import.meta.url),
      'utf8',
    ),
  ) as { generated_vectors: Vector[] }
).generated_vectors;

/** Our observables whose STIX objects are in the vectors file. */
const observableInputs = [
  { type: 'url', value: 'https://example.com/research/index.html' },
  { type: 'domain', value: 'vaalit.example.fi' },
  { type: 'ipv4', value: '198.51.100.3' },
  { type: 'ipv6', value: '2001:db8::1' },
  { type: 'email', value: 'john@example.com' },
  { type: 'social_account', platform: 'twitter', handle: 'thegrugq_ebooks' },
  { type: 'sha256', value: 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c' },
];

const byType = (objects: StixObject[], type: string) => objects.filter((o) => o.type === type);
const one = (objects: StixObject[], id: string) => {
  const found = objects.filter((o) => o.id === id);
  expect(found, id).toHaveLength(1);
  return found[0]!;
};
const ours = (object: StixObject) => object.extensions?.[vaalivahtiExtensionId] as Record<string, unknown>;

/** Every object valid on its own; every marking, extension and identity it names is in the list. */
const expectValidAndComplete = (objects: StixObject[]) => {
  for (const object of objects) {
    const result = validateStixObject(object);
    expect(result, `${object.id}: ${JSON.stringify(result)}`).toMatchObject({ valid: true });
  }
  const ids = new Set(objects.map((o) => o.id));
  for (const object of objects) {
    for (const ref of [
      ...(object.object_marking_refs ?? []),
      ...(object.granular_markings ?? []).map((g) => g.marking_ref!),
      ...Object.keys(object.extensions ?? {}),
      ...(typeof object.created_by_ref === 'string' && !object.created_by_ref.startsWith('identity--8ce3f695')
        ? [object.created_by_ref]
        : []),
      ...((object.where_sighted_refs as string[] | undefined) ?? []),
    ]) {
      if (ref === 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01') continue; // OASIS, creator of TLP 2.0
      expect(ids.has(ref), `${object.id} refers to ${ref}`).toBe(true);
    }
  }
  const versions = objects.map((o) => `${o.id}|${o.modified ?? ''}`);
  expect(new Set(versions).size).toBe(versions.length);
};

describe('STIX 2.1 export', () => {
  let t: TestApp;
  let ownerOrg: string;
  let leadOrg: string;
  let supportingOrg: string;
  let witnessOrg: string;
  let analyst: { id: string; client: Client };
  let witness: { client: Client };
  let electionId: string;
  let phaseKey: string;
  let incidentId: string;
  let uuid: string;
  let related: { green: string; campaign: string; duplicate: string; red: string };
  let narratives: { green: string; red: string };

  const create = async (client: Client, body: Record<string, unknown>) => {
    const response = await client.post('/api/v1/incidents', {
      title: 'Test',
      domains: ['information_influence'],
      category: 'disinformation_narrative',
      severity: 2,
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { id: string }).id;
  };

  const ok = (response: { statusCode: number; body: string }) =>
    expect(response.statusCode, response.body).toBeLessThan(300);

  beforeAll(async () => {
    t = await createTestApp();
    ownerOrg = await makeOrganisation(t);
    leadOrg = await makeOrganisation(t);
    supportingOrg = await makeOrganisation(t);
    witnessOrg = await makeOrganisation(t);
    analyst = await signedInUser(t, ['coordinator', 'analyst'], ownerOrg);
    witness = await signedInUser(t, ['analyst'], witnessOrg);
    const phase = await t.deps.db
      .selectFrom('electionPhases')
      .select(['electionId', 'key'])
      .orderBy('electionId')
      .orderBy('sortOrder')
      .limit(1)
      .executeTakeFirstOrThrow();
    electionId = phase.electionId;
    phaseKey = phase.key;

    incidentId = await create(analyst.client, {
      title: 'Väärä tieto äänestyspaikkojen sulkemisesta',
      description: 'Koordinoidut viestit väittävät, että **äänestyspaikat** ovat kiinni.',
      domains: ['information_influence', 'cyber'],
      category: 'disinformation_narrative',
      severity: 4,
      impactOnConduct: 'moderate',
      impactOnConfidence: 'major',
      sourceReliability: 'B',
      informationCredibility: 2,
      leadOrganisationId: leadOrg,
      supportingOrganisationIds: [supportingOrg],
      electionId,
      phaseKey,
      areaCodes: ['KU091', 'KU499'],
      firstSeen: '2027-04-10T06:00:00.123Z',
      lastSeen: '2027-04-11T18:30:00.456Z',
      tlp: 'amber',
      sharedWith: { organisations: [witnessOrg], communities: [], users: [] },
    });
    uuid = incidentId.slice('incident--'.length);
    for (const observable of observableInputs) {
      ok(
        await analyst.client.post(`/api/v1/incidents/${incidentId}/observables`, {
          ...observable,
          note: `seen in ${observable.type}`,
        }),
      );
    }
    ok(
      await analyst.client.put(`/api/v1/incidents/${incidentId}/techniques`, {
        techniqueIds: ['T0049.001', 'T0085'],
      }),
    );
    const narrative = async (tlp: string) => {
      const response = await analyst.client.post('/api/v1/narratives', {
        title: `Äänestyspaikat ovat kiinni (${tlp})`,
        description: 'Kertomus, jonka mukaan äänestys on peruttu.',
        tlp,
      });
      expect(response.statusCode, response.body).toBe(201);
      const { id } = response.json() as { id: string };
      ok(await analyst.client.put(`/api/v1/incidents/${incidentId}/narratives/${id}`));
      return id;
    };
    narratives = { green: await narrative('green'), red: await narrative('red') };
    related = {
      green: await create(analyst.client, { tlp: 'green', title: 'Related' }),
      campaign: await create(analyst.client, { tlp: 'amber', title: 'Campaign' }),
      duplicate: await create(analyst.client, { tlp: 'amber', title: 'Duplicate' }),
      red: await create(analyst.client, { tlp: 'red', title: 'Red' }),
    };
    const link = async (targetId: string, kind: string) =>
      ok(await analyst.client.post(`/api/v1/incidents/${incidentId}/links`, { targetId, kind }));
    await link(related.green, 'related_to');
    await link(related.campaign, 'part_of_campaign');
    ok(
      await analyst.client.post(`/api/v1/incidents/${related.duplicate}/links`, {
        targetId: incidentId,
        kind: 'duplicate_of',
      }),
    );
    await link(related.red, 'related_to');
    ok(
      await witness.client.post(`/api/v1/incidents/${incidentId}/corroborations`, {
        note: 'Nähty myös meillä',
        observedAt: '2027-04-10T09:15:00.000Z',
        areaCode: 'KU091',
      }),
    );
  });
  afterAll(() => t.close());

  it('loads every field and sub-record of the incident', async () => {
    const data = await loadIncidentForExchange(t.deps.db, uuid);
    expect(data).toMatchObject({
      id: uuid,
      title: 'Väärä tieto äänestyspaikkojen sulkemisesta',
      language: 'fi',
      domains: ['information_influence', 'cyber'],
      severity: 4,
      impactConduct: 'moderate',
      impactConfidence: 'major',
      sourceReliability: 'B',
      informationCredibility: 2,
      status: 'new',
      election: { id: electionId },
      phase: { key: phaseKey },
      owner: { id: ownerOrg },
      lead: { id: leadOrg },
      supporting: [{ id: supportingOrg }],
      tlp: 'amber',
    });
    expect(data.areas.map((a) => a.code)).toEqual(['KU091', 'KU499']);
    expect(data.areas[0]!.electoralDistrict).toMatchObject({ code: expect.stringMatching(/^VP/) });
    expect(data.observables).toHaveLength(observableInputs.length);
    expect(data.techniques.map((x) => x.id)).toEqual(['T0049.001', 'T0085']);
    expect(data.techniques[0]!.stixId).toMatch(/^attack-pattern--/);
    expect(data.narratives).toHaveLength(2);
    expect(data.links).toHaveLength(4);
    expect(data.links.find((l) => l.kind === 'duplicate_of')).toMatchObject({ direction: 'incoming' });
    expect(data.corroborations).toEqual([
      expect.objectContaining({
        note: 'Nähty myös meillä',
        organisation: expect.objectContaining({ id: witnessOrg }),
      }),
    ]);
  });

  it('exports every kind of sub-record, and every object validates against its OASIS schema', async () => {
    const objects = await incidentStixObjects(t.deps.db, uuid);
    expectValidAndComplete(objects);
    const incident = one(objects, incidentId);
    expect(incident).toMatchObject({
      name: 'Väärä tieto äänestyspaikkojen sulkemisesta',
      description: expect.stringContaining('äänestyspaikat'),
      lang: 'fi',
      confidence: 70,
      created_by_ref: `identity--${ownerOrg}`,
      object_marking_refs: [tlp2MarkingId('amber')],
    });
    expect(incident.extensions?.[incidentCoreExtensionId]).toEqual({
      extension_type: 'property-extension',
      determination: 'successful-attempt',
      investigation_status: 'new',
      criticality: 80,
      detection_methods: ['human-review'],
    });
    expect(ours(incident)).toMatchObject({
      extension_type: 'property-extension',
      domains: ['information_influence', 'cyber'],
      category: 'disinformation_narrative',
      severity: 4,
      impact_conduct: 'moderate',
      impact_confidence: 'major',
      source_reliability: 'B',
      information_credibility: 2,
      status: 'new',
      election: { id: electionId },
      phase: { key: phaseKey },
      first_seen: '2027-04-10T06:00:00.123Z',
      last_seen: '2027-04-11T18:30:00.456Z',
      lead_organisation_ref: `identity--${leadOrg}`,
      supporting_organisation_refs: [`identity--${supportingOrg}`],
    });
    expect((ours(incident).areas as { code: string }[]).map((a) => a.code)).toEqual(['KU091', 'KU499']);

    for (const org of [ownerOrg, leadOrg, supportingOrg, witnessOrg]) {
      expect(one(objects, `identity--${org}`)).toMatchObject({ identity_class: 'organization' });
    }
    expect(
      byType(objects, 'language-content').find((l) => l.object_ref === `identity--${ownerOrg}`),
    ).toMatchObject({ contents: { fi: { name: expect.stringMatching(/ fi$/) } } });

    const relationships = byType(objects, 'relationship');
    const uses = relationships.filter((r) => r.relationship_type === 'uses');
    expect(uses).toHaveLength(2);
    for (const r of uses) expect(r.target_ref).toMatch(/^attack-pattern--/);
    expect(byType(objects, 'attack-pattern')).toEqual([]);

    const scoIds = byType(objects, 'relationship')
      .filter((r) => r.source_ref === incidentId && r.relationship_type === 'related-to')
      .map((r) => r.target_ref as string)
      .filter((id) => !id.startsWith('incident--'));
    expect(scoIds).toHaveLength(observableInputs.length);
    for (const id of scoIds) one(objects, id);

    const groupings = byType(objects, 'grouping');
    expect(groupings).toHaveLength(1);
    expect(groupings[0]).toMatchObject({
      context: 'narrative',
      object_refs: [incidentId],
      object_marking_refs: [tlp2MarkingId('amber')],
    });
    expect(ours(groupings[0]!)).toMatchObject({ narrative_id: narratives.green });

    const links = relationships.filter(
      (r) => r.source_ref !== incidentId || r.target_ref?.toString().startsWith('incident--'),
    );
    const linkOf = (other: string) => links.find((r) => r.source_ref === other || r.target_ref === other);
    expect(linkOf(related.green)).toMatchObject({ relationship_type: 'related-to', source_ref: incidentId });
    expect(linkOf(related.campaign)).toMatchObject({ relationship_type: 'related-to' });
    expect(ours(linkOf(related.campaign)!)).toMatchObject({ link_kind: 'part_of_campaign' });
    expect(linkOf(related.duplicate)).toMatchObject({
      relationship_type: 'duplicate-of',
      source_ref: related.duplicate,
      target_ref: incidentId,
    });
    expect(linkOf(related.red), 'a red incident is not named by default').toBeUndefined();

    const sightings = byType(objects, 'sighting');
    expect(sightings).toEqual([
      expect.objectContaining({
        sighting_of_ref: incidentId,
        where_sighted_refs: [`identity--${witnessOrg}`],
        created_by_ref: `identity--${witnessOrg}`,
        first_seen: '2027-04-10T09:15:00.000Z',
        last_seen: '2027-04-10T09:15:00.000Z',
        description: 'Nähty myös meillä',
      }),
    ]);
    expect(ours(sightings[0]!)).toMatchObject({ area: { code: 'KU091' } });

    for (const id of [
      tlp2MarkingId('amber'),
      tlp2MarkingId('clear'),
      vaalivahtiExtensionId,
      incidentCoreExtensionId,
    ])
      one(objects, id);
    for (const object of objects) {
      for (const key of ['created', 'modified']) {
        if (object[key] !== undefined) expect(object[key]).toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    }
  });

  it('names linked records the caller may see when asked to', async () => {
    const objects = await incidentStixObjects(t.deps.db, uuid, { fields: [] }, { mayName: () => true });
    expectValidAndComplete(objects);
    const redLink = byType(objects, 'relationship').find((r) => r.target_ref === related.red);
    expect(redLink).toMatchObject({ object_marking_refs: [tlp2MarkingId('red')] });
    const redNarrative = byType(objects, 'grouping').find((g) => ours(g).narrative_id === narratives.red);
    expect(redNarrative).toMatchObject({ object_marking_refs: [tlp2MarkingId('red')] });
  });

  it('gives the cyber-observables the deterministic ids of the vectors file', async () => {
    const objects = await incidentStixObjects(t.deps.db, uuid);
    const scos = objects.filter((o) => o.created === undefined && !o.type.includes('definition'));
    expect(scos).toHaveLength(observableInputs.length);
    for (const sco of scos) {
      const { type, id, spec_version: _v, object_marking_refs: _m, ...properties } = sco;
      const vector = vectors.find(
        (v) => v.type === type && JSON.stringify(v.id_contributing_properties) === JSON.stringify(properties),
      );
      expect(vector, `${id} ${JSON.stringify(properties)}`).toBeDefined();
      expect(id).toBe(vector!.expected_id);
    }
  });

  it('gives the same objects in two exports; an edit keeps the id and makes a newer version', async () => {
    const first = await incidentStixObjects(t.deps.db, uuid);
    const second = await incidentStixObjects(t.deps.db, uuid);
    expect(second).toEqual(first);
    const before = one(first, incidentId);
    const { version } = (await analyst.client.get(`/api/v1/incidents/${incidentId}`)).json() as {
      version: number;
    };
    await new Promise((resolve) => setTimeout(resolve, 5));
    const edited = await analyst.client.patch(`/api/v1/incidents/${incidentId}`, { version, severity: 5 });
    expect(edited.statusCode, edited.body).toBe(200);
    const after = await incidentStixObjects(t.deps.db, uuid);
    const incident = one(after, incidentId);
    expect(incident.created).toBe(before.created);
    expect(Date.parse(incident.modified!)).toBeGreaterThan(Date.parse(before.modified!));
    expect(ours(incident)).toMatchObject({ severity: 5 });
    expect(after.map((o) => o.id).sort()).toEqual(first.map((o) => o.id).sort());
    const unchanged = after.filter((o) => o.id !== incidentId);
    expect(unchanged).toEqual(first.filter((o) => o.id !== incidentId));
  });

  describe('redaction', () => {
    const exportWith = async (...fields: RedactableField[]) => {
      const objects = await incidentStixObjects(t.deps.db, uuid, { fields });
      expectValidAndComplete(objects);
      return objects;
    };

    it('description: no free text of the incident, the notes or the narratives', async () => {
      const objects = await exportWith('description');
      expect(one(objects, incidentId).description).toBeUndefined();
      for (const o of objects) {
        if (['sighting', 'grouping'].includes(o.type)) expect(o.description).toBeUndefined();
        if (o.type === 'relationship' && o.relationship_type === 'related-to')
          expect(o.description ?? '').not.toMatch(/seen in/);
      }
      expect(JSON.stringify(objects)).not.toContain('Nähty myös meillä');
      expect(JSON.stringify(objects)).not.toContain('äänestyspaikat** ovat');
    });

    it('personal_data: no social-media accounts or e-mail addresses', async () => {
      const objects = await exportWith('personal_data');
      expect(byType(objects, 'user-account')).toEqual([]);
      expect(byType(objects, 'email-addr')).toEqual([]);
      expect(JSON.stringify(objects)).not.toContain('john@example.com');
      expect(JSON.stringify(objects)).not.toContain('thegrugq');
      expect(byType(objects, 'url')).toHaveLength(1);
    });

    it('organisations: the instance speaks for them and none of ours is named', async () => {
      const objects = await exportWith('organisations');
      const text = JSON.stringify(objects);
      for (const org of [ownerOrg, leadOrg, supportingOrg, witnessOrg]) expect(text).not.toContain(org);
      const instance = byType(objects, 'identity').find((i) => i.identity_class === 'system');
      expect(instance).toBeDefined();
      expect(one(objects, incidentId).created_by_ref).toBe(instance!.id);
      expect(byType(objects, 'sighting')[0]).toMatchObject({ where_sighted_refs: [instance!.id] });
      expect(ours(one(objects, incidentId)).lead_organisation_ref).toBeUndefined();
    });

    it('areas: municipalities become their electoral districts', async () => {
      const objects = await exportWith('areas');
      const areas = ours(one(objects, incidentId)).areas as { code: string; area_type: string }[];
      expect(areas.length).toBeGreaterThan(0);
      for (const area of areas) expect(area.area_type).toBe('electoral_district');
      expect(JSON.stringify(objects)).not.toContain('KU091');
      expect(ours(byType(objects, 'sighting')[0]!)).toMatchObject({
        area: { area_type: 'electoral_district' },
      });
    });

    it('corroborations: no sightings', async () => {
      const objects = await exportWith('corroborations');
      expect(byType(objects, 'sighting')).toEqual([]);
      expect(objects.some((o) => o.id === `identity--${witnessOrg}`)).toBe(false);
    });

    it('every field at once, and objects left out with what depends on them', async () => {
      const all = await incidentStixObjects(t.deps.db, uuid);
      const sco = all.find((o) => o.type === 'url')!;
      const objects = await incidentStixObjects(t.deps.db, uuid, {
        fields: [...redactableFields],
        omitObjectIds: [sco.id, related.green],
      });
      expectValidAndComplete(objects);
      expect(objects.some((o) => o.id === sco.id || o.target_ref === sco.id)).toBe(false);
      expect(objects.some((o) => o.target_ref === related.green)).toBe(false);
      one(objects, incidentId);
    });
  });

  describe('situation report version', () => {
    const makeVersion = async (content: VersionContent, distributed: boolean) =>
      t.deps.db.transaction().execute(async (tx) => {
        const template = await tx
          .selectFrom('sitrepTemplates')
          .select('id')
          .where('key', '=', 'daily')
          .executeTakeFirstOrThrow();
        const { id } = await tx
          .insertInto('sitreps')
          .values({
            electionId,
            templateId: template.id,
            kind: 'daily',
            periodStart: new Date('2027-04-17T06:00:00Z'),
            periodEnd: new Date('2027-04-18T06:00:00Z'),
            status: 'distributed',
            tlp: 'amber',
            ownerOrganisationId: ownerOrg,
            authorUserId: analyst.id,
            versionNumber: 2,
            createdAt: new Date('2027-04-17T07:00:00Z'),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const number of [1, 2]) {
          await tx
            .insertInto('sitrepVersions')
            .values({
              sitrepId: id,
              number,
              tlp: 'amber',
              ownerOrganisationId: ownerOrg,
              authorUserId: analyst.id,
              content: JSON.stringify(content),
              languages: ['fi', 'sv', 'en'],
              approvedByUserId: analyst.id,
              approvedByOrganisationId: ownerOrg,
              approvedAt: new Date(`2027-04-18T0${4 + number}:30:00Z`),
              distributedByUserId: distributed ? analyst.id : null,
              distributedAt: distributed ? new Date(`2027-04-18T0${4 + number}:45:00Z`) : null,
            })
            .execute();
        }
        return id;
      });

    it('is a report, its translations and its markings, every object valid', async () => {
      const content = sampleContent({ paragraphs: 2, incidents: 3 });
      content.incidents[1]!.tlp = 'green';
      const sitrepId = await makeVersion(content, true);
      const objects = await sitrepStixObjects(t.deps.db, sitrepId, 2);
      expectValidAndComplete(objects);
      const report = one(objects, `report--${sitrepId}`);
      expect(report).toMatchObject({
        name: 'Daily situation report',
        lang: 'en',
        created: '2027-04-17T07:00:00.000Z',
        modified: '2027-04-18T06:30:00.000Z',
        published: '2027-04-18T06:45:00.000Z',
        report_types: ['threat-report', 'incident'],
        object_refs: content.incidents.map((i) => i.id),
        created_by_ref: `identity--${ownerOrg}`,
        object_marking_refs: [tlp2MarkingId('amber')],
        granular_markings: [
          {
            marking_ref: tlp2MarkingId('green'),
            selectors: [`extensions.${vaalivahtiExtensionId}.incidents.[1]`],
          },
        ],
      });
      expect(report.description).toContain('## Key judgements');
      expect(ours(report)).toMatchObject({
        version_number: 2,
        sitrep_kind: 'daily',
        languages: ['fi', 'sv', 'en'],
      });
      const translation = byType(objects, 'language-content').find((l) => l.object_ref === report.id);
      expect(translation).toMatchObject({
        object_modified: report.modified,
        contents: {
          fi: { name: content.title.fi, description: expect.stringContaining('## Keskeiset arviot') },
          sv: { name: content.title.sv, description: expect.stringContaining('## Huvudsakliga bedömningar') },
        },
      });
      one(objects, tlp2MarkingId('green'));

      const earlier = await sitrepStixObjects(t.deps.db, sitrepId, 1);
      expectValidAndComplete(earlier);
      const first = one(earlier, report.id);
      expect(first.created).toBe(report.created);
      expect(Date.parse(first.modified!)).toBeLessThan(Date.parse(report.modified!));
      expect(await sitrepStixObjects(t.deps.db, sitrepId, 2)).toEqual(objects);
    });

    it('redacts the text and the drafting organisation when asked', async () => {
      const sitrepId = await makeVersion(sampleContent({ paragraphs: 1, incidents: 0 }), false);
      const objects = await sitrepStixObjects(t.deps.db, sitrepId, 1, {
        fields: ['description', 'organisations'],
      });
      expectValidAndComplete(objects);
      const report = one(objects, `report--${sitrepId}`);
      expect(report.description).toBeUndefined();
      expect(report.published).toBe(report.modified);
      expect(JSON.stringify(objects)).not.toContain('Kappale 1');
      expect(JSON.stringify(objects)).not.toContain(ownerOrg);
      expect(report.object_refs).toEqual([report.created_by_ref]);
    });
  });

  it('makes a new version of everything under the marking when the marking changes', async () => {
    const before = await incidentStixObjects(t.deps.db, uuid);
    const { version } = (await analyst.client.get(`/api/v1/incidents/${incidentId}`)).json() as {
      version: number;
    };
    await new Promise((resolve) => setTimeout(resolve, 5));
    const raised = await analyst.client.patch(`/api/v1/incidents/${incidentId}`, {
      version,
      tlp: 'amber+strict',
    });
    expect(raised.statusCode, raised.body).toBe(200);
    const after = await incidentStixObjects(t.deps.db, uuid);
    expectValidAndComplete(after);
    const strict = tlp2MarkingId('amber+strict');
    for (const object of after.filter((o) => ['relationship', 'sighting', 'grouping'].includes(o.type))) {
      const earlier = before.find((o) => o.id === object.id)!;
      expect(object.object_marking_refs, object.id).toEqual([strict]);
      expect(Date.parse(object.modified!), object.id).toBeGreaterThan(Date.parse(earlier.modified!));
      expect(object.created).toBe(earlier.created);
    }
    expect(one(after, incidentId).object_marking_refs).toEqual([strict]);
  });

  it('makes a bundle with each version of an object once', () => {
    const object = { type: 'identity', id: 'identity--67bdab1c-b49d-460e-ac84-8e8217a886fd', modified: 'x' };
    const bundle = stixBundle([object, { ...object }, { ...object, modified: 'y' }]);
    expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    expect(bundle.objects).toHaveLength(2);
    expect(stixBundle([]).id).not.toBe(bundle.id);
  });
});
