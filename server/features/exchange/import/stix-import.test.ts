import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tlp } from '../../../../shared/access/tlp.js';
import {
  createTestApp,
  makeOrganisation,
  refuseAuditOf,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../../test/helpers/app.js';
import { observableStixId } from '../../observables/observable-stix-id.js';
import { openCtiAmberStrictId, tlp2MarkingId } from '../stix/stix-markings.js';
import type { StixObject } from '../stix/stix-types.js';
import { importStixObjects, type ImportInput, type ImportResult } from './stix-import.js';

const FIXTURES = path.resolve('test/fixtures/stix');
const DISARM = path.resolve('test/fixtures/disarm/DISARM.json');
const STORE = ['stix_object_versions', 'stix_current_objects', 'workbench_items', 'imported_incident_links'];

const jsonFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? jsonFiles(path.join(dir, entry.name))
        : entry.name.endsWith('.json')
          ? [path.join(dir, entry.name)]
          : [],
    )
    .sort();

/**
 * The STIX objects a fixture file holds, whatever its shape: a bundle (with or without its
 * "type"), a list of objects, one object, medallion's TAXII server data (objects per collection),
 * or the deterministic-id vectors (turned into the cyber-observables they describe).
 */
const objectsOf = (file: string, json: unknown): unknown[] => {
  const value = json as Record<string, unknown>;
  if (Array.isArray(json)) return json;
  if (Array.isArray(value.objects)) return value.objects;
  if (file.endsWith('sco-deterministic-id-vectors.json')) {
    const vectors = [
      ...(value.reference_vectors as Record<string, unknown>[]),
      ...(value.generated_vectors as Record<string, unknown>[]),
    ];
    return vectors.map((v) => ({
      type: v.type,
      spec_version: '2.1',
      id: v.expected_id,
      ...(v.id_contributing_properties as object),
    }));
  }
  if (file.endsWith('taxii-server/default_data.json'))
    return Object.values(value).flatMap((root) =>
      ((root as { collections?: { objects?: unknown[] }[] }).collections ?? []).flatMap(
        (c) => c.objects ?? [],
      ),
    );
  return [json];
};

/** STIX 2.0 objects (no spec_version) in the python-stix2 and medallion data: refused, with the reason. */
const stix20 = (o: StixObject) => o.spec_version === undefined && 'created' in o;

/** The files whose objects must be refused, and which objects. */
const expectedInvalid: Record<string, (object: StixObject) => boolean> = {
  'validator-examples/invalid_timestamp.json': () => true,
  'validator-examples/invalid_identity.json': () => true,
  // A typo'd created ("2022-101-27…") on the one relationship; the other objects are fine.
  'common-objects/tlp-2.0/examples/using-tlp2.0-green.json': (o) => o.type === 'relationship',
  // python-stix2's example artifact has a payload cut short with " ...": not base64.
  'python-stix2/sco-examples-bundle.json': (o) =>
    o.type === 'artifact' && String(o.payload_bin).includes(' '),
};
const notJson = ['validator-examples/invalid_braces.json', 'validator-examples/invalid_comma.json'];

describe('importing STIX objects', () => {
  let t: TestApp;
  let userId: string;
  let organisationId: string;

  const run = (
    objects: unknown[],
    provenance: Partial<ImportInput['provenance']> = {},
  ): Promise<ImportResult> =>
    importStixObjects(t.deps.db, {
      objects,
      provenance: {
        source: 'file',
        partnerId: null,
        bundleId: null,
        receivedByUserId: userId,
        ownerOrganisationId: organisationId,
        defaultTlp: 'amber',
        ...provenance,
      },
    });
  const storedIds = async (owner: string) =>
    new Set(
      (
        await t.deps.db
          .selectFrom('stixCurrentObjects')
          .select('stixId')
          .where('ownerOrganisationId', '=', owner)
          .execute()
      ).map((r) => r.stixId),
    );
  const currentTlp = async (owner: string, stixId: string) =>
    (
      await t.deps.db
        .selectFrom('stixCurrentObjects')
        .select('tlp')
        .where('ownerOrganisationId', '=', owner)
        .where('stixId', '=', stixId)
        .executeTakeFirstOrThrow()
    ).tlp;

  beforeAll(async () => {
    t = await createTestApp();
    const analyst = await signedInUser(t, ['analyst']);
    userId = analyst.id;
    organisationId = analyst.organisationId;
  });
  afterAll(async () => t.close());

  describe('every file of the standards fixtures', () => {
    const files = jsonFiles(FIXTURES);

    it('has the files we expect to exercise', () => {
      expect(files.length).toBeGreaterThanOrEqual(70);
      for (const name of [...Object.keys(expectedInvalid), ...notJson])
        expect(files).toContain(path.join(FIXTURES, name));
    });

    it.each(files.map((f) => path.relative(FIXTURES, f)))('%s', async (name) => {
      const text = readFileSync(path.join(FIXTURES, name), 'utf8');
      if (notJson.includes(name)) {
        expect(() => JSON.parse(text) as unknown).toThrow();
        return;
      }
      const objects = objectsOf(name, JSON.parse(text));
      expect(objects.length).toBeGreaterThan(0);
      // Each file into an organisation of its own: what is stored is exactly this file's valid objects.
      const owner = await makeOrganisation(t);
      const { results, counts } = await run(objects, { ownerOrganisationId: owner });
      const refuse = (o: StixObject) => stix20(o) || (expectedInvalid[name]?.(o) ?? false);
      results.forEach((result, index) => {
        const object = objects[index] as StixObject;
        expect(result.index).toBe(index);
        if (refuse(object)) {
          expect(result.outcome, JSON.stringify(result)).toBe('invalid');
          expect(result.reasons!.length).toBeGreaterThan(0);
        } else {
          expect(result.outcome, JSON.stringify(result)).not.toBe('invalid');
        }
      });
      expect(counts.invalid).toBe(objects.filter((o) => refuse(o as StixObject)).length);
      const validIds = new Set(
        objects.filter((o) => !refuse(o as StixObject)).map((o) => (o as StixObject).id),
      );
      expect(await storedIds(owner)).toEqual(validIds);
    });

    it('names the reason of the relationship with the typo and keeps its siblings', async () => {
      const owner = await makeOrganisation(t);
      const bundle = JSON.parse(
        readFileSync(path.join(FIXTURES, 'common-objects/tlp-2.0/examples/using-tlp2.0-green.json'), 'utf8'),
      ) as { objects: StixObject[] };
      const { results } = await run(bundle.objects, { ownerOrganisationId: owner });
      expect(results.map((r) => r.outcome)).toEqual(['created', 'created', 'invalid']);
      expect(results[2]!.reasons!.join(' ')).toMatch(/created/);
      expect(await storedIds(owner)).toEqual(new Set(bundle.objects.slice(0, 2).map((o) => o.id)));
    });
  });

  it('imports the DISARM bundle cleanly and recognises every attack-pattern as a DISARM technique', async () => {
    const owner = await makeOrganisation(t);
    const bundle = JSON.parse(readFileSync(DISARM, 'utf8')) as { id: string; objects: StixObject[] };
    expect(bundle.objects).toHaveLength(698);
    const result = await run(bundle.objects, { ownerOrganisationId: owner, bundleId: bundle.id });
    expect(result.counts).toEqual({ created: 698, updated: 0, unchanged: 0, older_ignored: 0, invalid: 0 });
    const techniques = await t.deps.db
      .selectFrom('disarmTechniques')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(result.disarmTechniqueCount).toBe(391);
    expect(result.disarmTechniqueCount).toBe(techniques.n);
    const types = await t.deps.db
      .selectFrom('stixCurrentObjects')
      .select(['type', sql<number>`count(*)::int`.as('n')])
      .where('ownerOrganisationId', '=', owner)
      .groupBy('type')
      .execute();
    expect(Object.fromEntries(types.map((r) => [r.type, r.n]))).toEqual({
      'x-mitre-tactic': 16,
      'attack-pattern': 391,
      relationship: 288,
      identity: 1,
      'marking-definition': 1,
      'x-mitre-matrix': 1,
    });
    // Unmarked-by-TLP framework content takes the import's default marking; its statement marking is no TLP.
    expect(await currentTlp(owner, bundle.objects.find((o) => o.type === 'attack-pattern')!.id)).toBe(
      'amber',
    );
    const provenance = await t.deps.db
      .selectFrom('stixImports')
      .selectAll()
      .where('id', '=', result.importId)
      .executeTakeFirstOrThrow();
    expect(provenance).toMatchObject({
      source: 'file',
      bundleId: bundle.id,
      receivedByUserId: userId,
      ownerOrganisationId: owner,
      objectCount: 698,
      disarmTechniqueCount: 391,
    });
  });

  describe('idempotence and versions', () => {
    const fimi = () =>
      (
        JSON.parse(readFileSync(path.join(FIXTURES, 'example-election-fimi-bundle.json'), 'utf8')) as {
          objects: StixObject[];
        }
      ).objects;

    it('changes nothing when the same bundle arrives twice', async () => {
      const owner = await makeOrganisation(t);
      const first = await run(fimi(), { ownerOrganisationId: owner });
      expect(first.counts.created).toBe(20);
      expect(first.workbenchItemIds).toHaveLength(2);
      const before = await rowCounts(t, STORE);
      const second = await run(fimi(), { ownerOrganisationId: owner });
      expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 20, older_ignored: 0, invalid: 0 });
      expect(second.workbenchItemIds).toEqual([]);
      expect(await rowCounts(t, STORE)).toEqual(before);
    });

    it('keeps the stores of two organisations apart', async () => {
      const a = await makeOrganisation(t);
      const b = await makeOrganisation(t);
      await run(fimi(), { ownerOrganisationId: a });
      const forB = await run(fimi(), { ownerOrganisationId: b });
      expect(forB.counts.created).toBe(20);
      expect(forB.workbenchItemIds).toHaveLength(2);
    });

    it('updates with a newer modified, ignores an older one, and renews the review item', async () => {
      const owner = await makeOrganisation(t);
      const incident = (modified: string, name: string): StixObject => ({
        type: 'incident',
        spec_version: '2.1',
        id: 'incident--0d5f3a0e-0000-4000-8000-00000000000a',
        created: '2024-12-01T00:00:00.000Z',
        modified,
        name,
      });
      const v1 = await run([incident('2025-03-01T00:00:00.000Z', 'v1')], { ownerOrganisationId: owner });
      // The same instant written with microseconds: the same version.
      const again = await run([incident('2025-03-01T00:00:00.000000Z', 'v1')], {
        ownerOrganisationId: owner,
      });
      const v2 = await run([incident('2025-03-01T00:00:00.000001Z', 'v2')], { ownerOrganisationId: owner });
      expect([v1, again, v2].map((r) => r.results[0]!.outcome)).toEqual(['created', 'unchanged', 'updated']);
      const older = await run([incident('2024-12-31T00:00:00.000Z', 'v0')], { ownerOrganisationId: owner });
      expect(older.results[0]!.outcome).toBe('older_ignored');
      expect(older.workbenchItemIds).toEqual([]);
      const items = await t.deps.db
        .selectFrom('workbenchItems')
        .select(['title', 'status', 'modified'])
        .where('ownerOrganisationId', '=', owner)
        .orderBy('createdAt')
        .execute();
      expect(items).toEqual([
        { title: 'v1', status: 'superseded', modified: '2025-03-01T00:00:00.000Z' },
        { title: 'v2', status: 'pending', modified: '2025-03-01T00:00:00.000001Z' },
      ]);
      const versions = await t.deps.db
        .selectFrom('stixObjectVersions')
        .select('modified')
        .where('ownerOrganisationId', '=', owner)
        .orderBy('versionKey')
        .execute();
      // Every version is kept, the older one too; microseconds as the sender wrote them.
      expect(versions.map((v) => v.modified)).toEqual([
        '2024-12-31T00:00:00.000Z',
        '2025-03-01T00:00:00.000Z',
        '2025-03-01T00:00:00.000001Z',
      ]);
    });

    it('imports nothing at all when any part of the import fails', async () => {
      const owner = await makeOrganisation(t);
      const before = await rowCounts(t, [...STORE, 'stix_imports']);
      const allow = await refuseAuditOf(t, 'stix.imported');
      try {
        await expect(run(fimi(), { ownerOrganisationId: owner })).rejects.toThrow();
      } finally {
        await allow();
      }
      expect(await rowCounts(t, [...STORE, 'stix_imports'])).toEqual(before);
    });

    it('reports the database failure in the middle of a large import, and keeps none of it', async () => {
      // A large import streams its versions in with COPY: a row refused in the middle must roll
      // back every part, the ones streamed before it too, and the database's reason must surface.
      const owner = await makeOrganisation(t);
      const urls: StixObject[] = Array.from({ length: 7000 }, (_, i) => ({
        type: 'url',
        spec_version: '2.1',
        id: `url--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        value: `https://pipeline-${i}.example/`,
      }));
      const poisoned = urls[4321]!.id;
      const before = await rowCounts(t, [...STORE, 'stix_imports']);
      await sql`create or replace function test_refuse_version() returns trigger language plpgsql as $$
        begin raise exception 'version refused by the test'; end $$`.execute(t.deps.db);
      await sql`create trigger test_refuse_version before insert on stix_object_versions for each row
        when (new.stix_id = ${sql.lit(poisoned)}) execute function test_refuse_version()`.execute(t.deps.db);
      try {
        await expect(run(urls, { ownerOrganisationId: owner })).rejects.toThrow(
          'version refused by the test',
        );
      } finally {
        await sql`drop trigger if exists test_refuse_version on stix_object_versions`.execute(t.deps.db);
      }
      expect(await rowCounts(t, [...STORE, 'stix_imports'])).toEqual(before);
      // The same objects import once the fault is gone.
      expect((await run(urls, { ownerOrganisationId: owner })).counts.created).toBe(7000);
    });
  });

  describe('markings', () => {
    const incidentMarked = (n: number, extra: Partial<StixObject>): StixObject => ({
      type: 'incident',
      spec_version: '2.1',
      id: `incident--0d5f3a0e-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
      created: '2025-03-01T00:00:00.000Z',
      modified: '2025-03-01T00:00:00.000Z',
      name: `Marked ${n}`,
      ...extra,
    });
    const cases: [string, Partial<StixObject>, Tlp][] = [
      [
        'TLP 1.0 WHITE',
        { object_marking_refs: ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'] },
        'clear',
      ],
      [
        'TLP 1.0 GREEN',
        { object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'] },
        'green',
      ],
      [
        'TLP 1.0 AMBER',
        { object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'] },
        'amber',
      ],
      [
        'TLP 1.0 RED',
        { object_marking_refs: ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'] },
        'red',
      ],
      ['TLP 2.0 CLEAR', { object_marking_refs: [tlp2MarkingId('clear')] }, 'clear'],
      ['TLP 2.0 GREEN', { object_marking_refs: [tlp2MarkingId('green')] }, 'green'],
      ['TLP 2.0 AMBER+STRICT', { object_marking_refs: [tlp2MarkingId('amber+strict')] }, 'amber+strict'],
      ["OpenCTI's AMBER+STRICT", { object_marking_refs: [openCtiAmberStrictId] }, 'amber+strict'],
      [
        'a granular RED part of a GREEN object',
        {
          object_marking_refs: [tlp2MarkingId('green')],
          description: 'secret',
          granular_markings: [{ marking_ref: tlp2MarkingId('red'), selectors: ['description'] }],
        },
        'red',
      ],
      ['no marking: the default', {}, 'green'],
    ];

    it.each(cases.map((c, i) => [...c, i] as const))('maps %s', async (_label, extra, tlp, i) => {
      const owner = await makeOrganisation(t);
      const object = incidentMarked(i, extra);
      const result = await run([object], { ownerOrganisationId: owner, defaultTlp: 'green' });
      expect(result.results[0]!.outcome).toBe('created');
      expect(await currentTlp(owner, object.id)).toBe(tlp);
      const item = await t.deps.db
        .selectFrom('workbenchItems')
        .select('tlp')
        .where('id', '=', result.workbenchItemIds[0]!)
        .executeTakeFirstOrThrow();
      expect(item.tlp).toBe(tlp);
    });

    it('marks by a partner’s own TLP definition even though the definition itself is refused', async () => {
      const owner = await makeOrganisation(t);
      // Only the standard ids are valid TLP marking definitions; a copy under another id is not,
      // but what it says is never ignored: under-protecting would be the worse error.
      const definition: StixObject = {
        type: 'marking-definition',
        spec_version: '2.1',
        id: 'marking-definition--0d5f3a0e-0000-4000-8000-000000000777',
        created: '2024-01-01T00:00:00.000Z',
        definition_type: 'tlp',
        definition: { tlp: 'red' },
      };
      const object = incidentMarked(99, { object_marking_refs: [definition.id] });
      const result = await run([definition, object], { ownerOrganisationId: owner, defaultTlp: 'clear' });
      expect(result.results.map((r) => r.outcome)).toEqual(['invalid', 'created']);
      expect(await currentTlp(owner, object.id)).toBe('red');
    });
  });

  it('recognises a cyber-observable by its value whatever its id', async () => {
    const owner = await makeOrganisation(t);
    const url = 'https://vaalit-example.test/ennakkoaanestys';
    const sco = (id: string, value: string) => ({ type: 'url', spec_version: '2.1', id, value });
    const deterministic = observableStixId('url', url);
    const result = await run(
      [
        sco('url--0d5f3a0e-0000-4000-8000-000000000001', url),
        sco('url--0d5f3a0e-0000-4000-8000-000000000002', 'HTTPS://VAALIT-EXAMPLE.TEST/ennakkoaanestys#top'),
        sco(deterministic, url),
      ],
      { ownerOrganisationId: owner },
    );
    expect(result.results.map((r) => [r.outcome, r.duplicateOf])).toEqual([
      ['created', deterministic],
      ['created', deterministic],
      ['created', undefined],
    ]);
    const mapped = await t.deps.db
      .selectFrom('stixCurrentObjects')
      .select(['observableType', 'observableValue'])
      .distinct()
      .where('ownerOrganisationId', '=', owner)
      .execute();
    expect(mapped).toEqual([{ observableType: 'url', observableValue: url }]);
  });

  it('reports objects that are no STIX at all one by one', async () => {
    const owner = await makeOrganisation(t);
    const result = await run(
      [
        'text',
        null,
        [],
        { type: 'url' },
        { type: 'url', id: 'url--1', value: 'x' },
        { type: 'x-custom', id: 'x-custom--0d5f3a0e-0000-4000-8000-000000000001', name: 'bad\u0000text' },
        // Not even an id the database could be asked about.
        { type: 'url', id: 'url--\u0000', value: 'https://example.com/' },
      ],
      {
        ownerOrganisationId: owner,
      },
    );
    expect(result.results.map((r) => r.outcome)).toEqual(Array(7).fill('invalid'));
    for (const r of result.results) expect(r.reasons!.length).toBeGreaterThan(0);
    expect(result.results[4]).toMatchObject({ id: 'url--1', type: 'url' });
    expect(await storedIds(owner)).toEqual(new Set());
  });
});
