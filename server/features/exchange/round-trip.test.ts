import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BundleImportResult,
  Unapplied,
  WorkbenchDecision,
  WorkbenchItem,
  WorkbenchItemSummary,
} from '../../../shared/contracts/exchange-imports.js';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import {
  createTestApp,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { incidentCoreExtensionId } from './stix/incident-core.js';
import { knownTlpMarkings } from './stix/stix-markings.js';
import type { StixBundle, StixObject } from './stix/stix-types.js';
import { validateStixObject } from './stix/stix-validate.js';
import { vaalivahtiExtensionId, vaalivahtiProjectIdentityId } from './stix/vaalivahti-extension.js';

/**
 * The round trip of issue 6: instance A exports an incident with every kind of sub-record, a fresh
 * instance B imports the bundle, an analyst in B accepts it, and B's export of the accepted incident
 * is compared with A's, object by object.
 *
 * What "equal" means. Every object of A's export is exactly one of:
 *  1. published alike by every Vaalivahti instance — the TLP 2.0 marking definitions, the
 *     extension definitions and the Vaalivahti project identity: in B's export byte for byte.
 *  2. a cyber-observable: in B's export byte for byte (the same deterministic id, value, marking).
 *  3. a record of the incident that B issues again under the same id — the incident, its
 *     relationships to observables (with their notes) and to DISARM attack-patterns, the grouping of
 *     its narrative, its link to an incident B has: in B's export equal in every property, `created`
 *     and `lang` included, except what names who issues the version:
 *       - `modified`: B's version of the object, stamped when B's record last changed (later than A's);
 *       - `created_by_ref`: B's organisation (B's instance identity for links);
 *     and on the incident, in our extension, `reported_via` (`import`: how the record reached B) and
 *     what B cannot hold (item 5). The election's `id` names B's own election of the same slug (the
 *     two test databases come from one template, so here it is also A's).
 *  4. naming A's organisations or A's instance (identities and their language content): B's export
 *     names B's organisation and B's instance instead, and nothing of A's.
 *  5. what B cannot hold — the lead and supporting organisations (A's), A's corroboration (a
 *     sighting by A's organisation), the link to an incident B never received: listed, exactly, in
 *     the decision's `unapplied`, and kept verbatim in B's imported-object store.
 * B's export holds nothing else.
 */

type User = Awaited<ReturnType<typeof signedInUser>>;

const ok = <T>(response: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
};

const byId = (objects: readonly StixObject[]) => new Map(objects.map((o) => [o.id, o]));
const ours = (object: StixObject) => object.extensions![vaalivahtiExtensionId] as Record<string, unknown>;

/** Category 1: what every instance publishes alike. */
const isPublishedAlike = (o: StixObject) =>
  o.type === 'marking-definition' ||
  o.type === 'extension-definition' ||
  o.id === vaalivahtiProjectIdentityId;
const isSco = (o: StixObject) => !('created' in o) && o.type !== 'marking-definition';
/** Category 4: who speaks — organisations and instances, with their names in other languages. */
const isSpeaker = (o: StixObject, all: ReadonlyMap<string, StixObject>) =>
  (o.type === 'identity' && o.id !== vaalivahtiProjectIdentityId) ||
  (o.type === 'language-content' && all.get(String(o.object_ref))?.type === 'identity');

/** Category 3 without what names the issuer; the incident's instance-bound fields are checked apart. */
const withoutIssuer = (o: StixObject): StixObject => {
  const { modified: _modified, created_by_ref: _createdBy, ...rest } = o;
  if (o.type !== 'incident') return rest as StixObject;
  const {
    reported_via: _via,
    lead_organisation_ref: _lead,
    supporting_organisation_refs: _supporting,
    election,
    ...extension
  } = ours(o);
  const { id: _electionId, ...electionRest } = (election ?? {}) as Record<string, unknown>;
  return {
    ...rest,
    extensions: {
      ...o.extensions,
      [vaalivahtiExtensionId]: { ...extension, ...(election ? { election: electionRest } : {}) },
    },
  } as StixObject;
};

describe('round trip: export from A → import into a fresh B → accept → export from B', () => {
  let a: TestApp;
  let b: TestApp;
  let analystA: User;
  let analystB: User;
  let org: { lead: string; supporting: string; witness: string };
  let incidentId: string;
  let relatedId: string;
  let unknownId: string;
  let bundleA: StixBundle;
  let expectedUnapplied: Unapplied[];

  const exportOf = async (client: Client, id: string) => {
    const response = await client.get(`/api/v1/incidents/${id}/stix`);
    expect(response.statusCode, response.body).toBe(200);
    return JSON.parse(response.body) as StixBundle;
  };
  const importIntoB = async (bundle: StixBundle) =>
    ok<BundleImportResult>(await analystB.client.post('/api/v1/stix/bundles', bundle), 201);
  const pendingItemInB = async (stixId: string) => {
    const items = ok<{ items: WorkbenchItemSummary[] }>(
      await analystB.client.get('/api/v1/exchange/workbench?status=pending'),
    ).items.filter((i) => i.stixId === stixId);
    expect(items).toHaveLength(1);
    return items[0]!;
  };
  const acceptInB = async (itemId: string) =>
    ok<WorkbenchDecision>(await analystB.client.post(`/api/v1/exchange/workbench/${itemId}/accept`, {}));
  const storedInB = async (stixId: string) =>
    (
      await b.deps.db
        .selectFrom('stixCurrentObjects as c')
        .innerJoin('stixObjectVersions as v', (join) =>
          join
            .onRef('v.ownerOrganisationId', '=', 'c.ownerOrganisationId')
            .onRef('v.stixId', '=', 'c.stixId')
            .onRef('v.versionKey', '=', 'c.versionKey'),
        )
        .select((eb) => eb.cast<string>('v.object', 'text').as('object'))
        .where('c.ownerOrganisationId', '=', analystB.organisationId)
        .where('c.stixId', '=', stixId)
        .executeTakeFirst()
    )?.object;

  /**
   * The comparison stated at the top of this file. `unapplied` are the ids of category 5; the
   * incident's own properties that B cannot hold are checked by the callers.
   */
  const expectSameObjects = async (objectsA: readonly StixObject[], objectsB: readonly StixObject[]) => {
    const inA = byId(objectsA);
    const inB = byId(objectsB);
    expect(inA.size).toBe(objectsA.length);
    expect(inB.size).toBe(objectsB.length);
    for (const object of objectsB)
      expect(validateStixObject(object), `${object.id} is valid STIX 2.1`).toMatchObject({ valid: true });
    const unappliedIds = new Set(expectedUnapplied.filter((u) => u.property === null).map((u) => u.stixId));
    const reissued: string[] = [];
    for (const objectA of objectsA) {
      const objectB = inB.get(objectA.id);
      if (isSpeaker(objectA, inA)) {
        expect(objectB, `${objectA.id} names A`).toBeUndefined();
      } else if (unappliedIds.has(objectA.id)) {
        expect(objectB, `${objectA.id} is not held by B`).toBeUndefined();
        expect(JSON.parse((await storedInB(objectA.id))!)).toEqual(objectA);
      } else if (isPublishedAlike(objectA) || isSco(objectA)) {
        expect(objectB, objectA.id).toEqual(objectA);
      } else {
        expect(objectB, `${objectA.type} ${objectA.id} in B's export`).toBeDefined();
        expect(withoutIssuer(objectB!), objectA.id).toEqual(withoutIssuer(objectA));
        expect(objectB!.created).toBe(objectA.created);
        expect(Date.parse(objectB!.modified!)).toBeGreaterThan(Date.parse(objectA.modified!));
        reissued.push(objectA.id);
      }
    }
    // B's export names B, and holds nothing A's export does not.
    const instanceB = objectsB.find((o) => o.type === 'identity' && o.identity_class === 'system');
    const speakersB = objectsB.filter((o) => isSpeaker(o, inB));
    expect(
      speakersB
        .map((o) => o.type === 'identity' && o.id)
        .filter(Boolean)
        .sort(),
    ).toEqual([`identity--${analystB.organisationId}`, ...(instanceB ? [instanceB.id] : [])].sort());
    for (const objectB of objectsB)
      if (!isSpeaker(objectB, inB)) expect(inA.has(objectB.id), `${objectB.id} is A's too`).toBe(true);
    for (const id of reissued) {
      const objectB = inB.get(id)!;
      expect([`identity--${analystB.organisationId}`, instanceB?.id], `${id} is issued by B`).toContain(
        objectB.created_by_ref,
      );
    }
    return { reissued, inB };
  };

  /** Category 3, the incident: B's own values of what names B, and nothing of A's organisations. */
  const expectIncidentIssuedByB = async (incidentA: StixObject, incidentB: StixObject) => {
    expect(incidentB.id).toBe(incidentA.id);
    expect(incidentB.lang).toBe('fi');
    expect(ours(incidentB).reported_via).toBe('import');
    expect(ours(incidentA).reported_via).toBe('analyst');
    expect(ours(incidentB).lead_organisation_ref).toBeUndefined();
    expect(ours(incidentB).supporting_organisation_refs).toBeUndefined();
    const slug = (ours(incidentA).election as { slug: string }).slug;
    const electionB = await b.deps.db
      .selectFrom('elections')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    expect(ours(incidentB).election).toMatchObject({ id: electionB.id, slug });
    expect(incidentB.extensions![incidentCoreExtensionId]).toEqual(
      incidentA.extensions![incidentCoreExtensionId],
    );
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestApp(), createTestApp()]);
    const ownerA = await makeOrganisation(a);
    org = {
      lead: await makeOrganisation(a),
      supporting: await makeOrganisation(a),
      witness: await makeOrganisation(a),
    };
    analystA = await signedInUser(a, ['coordinator', 'analyst'], ownerA);
    const witness = await signedInUser(a, ['analyst'], org.witness);
    // B's analyst works in Swedish: the incident's language is still that of its text.
    const userB = await signedInUser(b, ['analyst']);
    await b.deps.db.updateTable('users').set({ locale: 'sv' }).where('id', '=', userB.id).execute();
    analystB = { ...userB, client: await b.signIn(userB.email) };

    const phase = await a.deps.db
      .selectFrom('electionPhases as p')
      .innerJoin('elections as e', 'e.id', 'p.electionId')
      .select(['p.electionId', 'p.key'])
      .where('e.slug', '=', 'parliamentary-2027')
      .orderBy('p.sortOrder')
      .limit(1)
      .executeTakeFirstOrThrow();
    const create = async (body: Record<string, unknown>) =>
      ok<{ id: string }>(
        await analystA.client.post('/api/v1/incidents', {
          domains: ['information_influence'],
          category: 'disinformation_narrative',
          severity: 2,
          ...body,
        }),
        201,
      ).id;
    relatedId = await create({ title: 'Sama kampanja Vaasassa', tlp: 'amber' });
    unknownId = await create({ title: 'Kampanja, jota B ei saa', tlp: 'amber' });
    incidentId = await create({
      title: 'Väärä tieto äänestyspaikkojen sulkemisesta',
      description: 'Koordinoidut viestit väittävät, että **äänestyspaikat** ovat kiinni. Åtgärder pågår.',
      domains: ['information_influence', 'cyber'],
      category: 'disinformation_narrative',
      severity: 4,
      impactOnConduct: 'moderate',
      impactOnConfidence: 'major',
      sourceReliability: 'B',
      informationCredibility: 2,
      leadOrganisationId: org.lead,
      supportingOrganisationIds: [org.supporting],
      electionId: phase.electionId,
      phaseKey: phase.key,
      // Not in code order: B keeps the sender's order.
      areaCodes: ['KU499', 'KU091'],
      firstSeen: '2027-04-10T06:00:00.123Z',
      lastSeen: '2027-04-11T18:30:00.456Z',
      tlp: 'amber',
      sharedWith: { organisations: [org.witness], communities: [], users: [] },
    });
    for (const observable of [
      { type: 'url', value: 'https://vaalit-example.test/aanestyspaikat-suljettu' },
      { type: 'domain', value: 'vaalit-example.test' },
      { type: 'ipv4', value: '198.51.100.3' },
      { type: 'ipv6', value: '2001:db8::1' },
      { type: 'email', value: 'tiedotus@vaalit-example.test' },
      { type: 'social_account', platform: 'twitter', handle: 'vaalihuijaus' },
      { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { type: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
      { type: 'sha256', value: 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c' },
      {
        type: 'sha512',
        value:
          'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
      },
    ])
      ok(
        await analystA.client.post(`/api/v1/incidents/${incidentId}/observables`, {
          ...observable,
          note: `Nähty viesteissä: ${observable.type} (ääkköset ja åäö)`,
        }),
        201,
      );
    ok(
      await analystA.client.put(`/api/v1/incidents/${incidentId}/techniques`, {
        techniqueIds: ['T0049.001', 'T0085'],
      }),
    );
    const narrative = ok<{ id: string }>(
      await analystA.client.post('/api/v1/narratives', {
        title: 'Äänestyspaikat ovat kiinni',
        description: 'Kertomus, jonka mukaan äänestys on peruttu.',
        status: 'active',
        tlp: 'green',
      }),
      201,
    );
    ok(await analystA.client.put(`/api/v1/incidents/${incidentId}/narratives/${narrative.id}`), 201);
    for (const [targetId, kind] of [
      [relatedId, 'related_to'],
      [unknownId, 'part_of_campaign'],
    ] as const)
      ok(await analystA.client.post(`/api/v1/incidents/${incidentId}/links`, { targetId, kind }), 201);
    ok(
      await witness.client.post(`/api/v1/incidents/${incidentId}/corroborations`, {
        note: 'Nähty myös meillä',
        observedAt: '2027-04-10T09:15:00.000Z',
        areaCode: 'KU091',
      }),
      201,
    );
    const { version } = ok<{ version: number }>(await analystA.client.get(`/api/v1/incidents/${incidentId}`));
    ok(await analystA.client.patch(`/api/v1/incidents/${incidentId}`, { version, status: 'investigating' }));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('B first accepts the related incident; the link to one it has not received is reported, not lost', async () => {
    const bundle = await exportOf(analystA.client, relatedId);
    const link = bundle.objects.find((o) => o.type === 'relationship')!;
    expect(link).toMatchObject({ source_ref: incidentId, target_ref: relatedId });
    const result = await importIntoB(bundle);
    expect(result.counts.invalid).toBe(0);
    const decision = await acceptInB((await pendingItemInB(relatedId)).id);
    expect(decision.incidentId).toBe(relatedId);
    expect(decision.linksAdded).toBe(0);
    expect(decision.unapplied).toEqual([
      {
        stixId: link.id,
        stixType: 'relationship',
        property: null,
        reason: 'incident_not_here',
        references: [incidentId],
      },
    ]);
  });

  it('the review item says, before anyone accepts, what B cannot hold', async () => {
    bundleA = await exportOf(analystA.client, incidentId);
    const objects = byId(bundleA.objects);
    const incident = objects.get(incidentId)!;
    const linkTo = (id: string) =>
      bundleA.objects.find((o) => o.type === 'relationship' && o.target_ref === id)!.id;
    const sighting = bundleA.objects.find((o) => o.type === 'sighting')!;
    expect(sighting.where_sighted_refs).toEqual([`identity--${org.witness}`]);
    expectedUnapplied = [
      {
        stixId: incidentId,
        stixType: 'incident',
        property: 'lead_organisation_ref',
        reason: 'organisation_not_here',
        references: [`identity--${org.lead}`],
      },
      {
        stixId: incidentId,
        stixType: 'incident',
        property: 'supporting_organisation_refs',
        reason: 'organisation_not_here',
        references: [`identity--${org.supporting}`],
      },
      {
        stixId: linkTo(unknownId),
        stixType: 'relationship',
        property: null,
        reason: 'incident_not_here',
        references: [unknownId],
      },
      {
        stixId: sighting.id,
        stixType: 'sighting',
        property: null,
        reason: 'organisation_not_here',
        references: [`identity--${org.witness}`],
      },
    ];
    expectedUnapplied.sort(
      (x, y) => x.stixId.localeCompare(y.stixId) || (x.property ?? '').localeCompare(y.property ?? ''),
    );
    expect(ours(incident)).toMatchObject({
      lead_organisation_ref: `identity--${org.lead}`,
      supporting_organisation_refs: [`identity--${org.supporting}`],
    });

    const result = await importIntoB(bundleA);
    expect(result.counts.invalid).toBe(0);
    expect(result.counts.created + result.counts.unchanged).toBe(bundleA.objects.length);
    const item = ok<WorkbenchItem>(
      await analystB.client.get(`/api/v1/exchange/workbench/${(await pendingItemInB(incidentId)).id}`),
    );
    expect(item.kind).toBe('new');
    expect(item.unapplied).toEqual(expectedUnapplied);
    expect(item.proposed).toMatchObject({
      status: 'investigating',
      closingReason: null,
      areaCodes: ['KU499', 'KU091'],
      leadOrganisationId: null,
      supportingOrganisationIds: [],
    });
  });

  it("accepted in B, B's export carries the same objects (equal as stated at the top of this file)", async () => {
    const decision = await acceptInB((await pendingItemInB(incidentId)).id);
    expect(decision).toMatchObject({
      incidentId,
      observablesAdded: 10,
      techniquesAdded: 2,
      narrativesLinked: 1,
      linksAdded: 1,
    });
    expect(decision.unapplied).toEqual(expectedUnapplied);

    const bundleB = await exportOf(analystB.client, incidentId);
    const { reissued, inB } = await expectSameObjects(bundleA.objects, bundleB.objects);
    const types = reissued.map((id) => id.slice(0, id.indexOf('--'))).sort();
    // The incident, 10 observables' and 2 techniques' relationships, the link to the related incident, the narrative.
    expect(types).toEqual(['grouping', 'incident', ...Array<string>(13).fill('relationship')]);
    expect(bundleB.objects.filter(isSco)).toHaveLength(10);
    expect(bundleB.objects.filter((o) => o.type === 'marking-definition').map((o) => o.id)).toEqual(
      bundleA.objects.filter((o) => o.type === 'marking-definition').map((o) => o.id),
    );
    for (const id of bundleB.objects.flatMap((o) => o.object_marking_refs ?? []))
      expect(knownTlpMarkings.has(id)).toBe(true);
    await expectIncidentIssuedByB(byId(bundleA.objects).get(incidentId)!, inB.get(incidentId)!);

    // The same records are in B's own tables, not only in its export.
    const uuid = fromIncidentId(incidentId);
    const notes = await b.deps.db
      .selectFrom('incidentObservables')
      .select('note')
      .where('incidentId', '=', uuid)
      .execute();
    expect(notes.map((n) => n.note).every((n) => n.startsWith('Nähty viesteissä: '))).toBe(true);
    expect(
      await b.deps.db
        .selectFrom('incidents')
        .select(['status', 'closingReason', 'areaCodes', 'leadOrganisationId', 'reportedVia'])
        .where('id', '=', uuid)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      status: 'investigating',
      closingReason: null,
      areaCodes: ['KU499', 'KU091'],
      leadOrganisationId: null,
      reportedVia: 'import',
    });
  });

  it('the same bundle imported into B again changes nothing', async () => {
    const tables = [
      'stix_object_versions',
      'stix_current_objects',
      'workbench_items',
      'imported_incident_links',
      'incidents',
      'incident_events',
      'incident_observables',
      'incident_techniques',
      'incident_links',
      'incident_narratives',
      'narratives',
      'corroborations',
      'observables',
    ];
    const before = await rowCounts(b, tables);
    const result = await importIntoB(bundleA);
    expect(result.counts).toEqual({
      created: 0,
      updated: 0,
      unchanged: bundleA.objects.length,
      older_ignored: 0,
      invalid: 0,
    });
    expect(result.workbenchItemIds).toEqual([]);
    expect(await rowCounts(b, tables)).toEqual(before);
  });

  it("A's edit reaches B as an update that, accepted, B's next export carries", async () => {
    const { version } = ok<{ version: number }>(await analystA.client.get(`/api/v1/incidents/${incidentId}`));
    ok(
      await analystA.client.patch(`/api/v1/incidents/${incidentId}`, {
        version,
        title: 'Väärä tieto äänestyspaikkojen sulkemisesta osoittautui vääräksi hälytykseksi',
        description: 'Tarkistettu: äänestyspaikat olivat auki.',
        severity: 2,
        areaCodes: ['KU091'],
        lastSeen: null,
        status: 'closed',
        closingReason: 'false_alarm',
      }),
    );
    ok(
      await analystA.client.post(`/api/v1/incidents/${incidentId}/observables`, {
        type: 'domain',
        value: 'aanestys-peruttu.example',
        note: 'Uusi verkkotunnus',
      }),
      201,
    );
    const editedA = await exportOf(analystA.client, incidentId);
    const incidentA = byId(editedA.objects).get(incidentId)!;
    expect(ours(incidentA)).toMatchObject({
      status: 'closed',
      closing_reason: 'false_alarm',
      areas: [expect.anything()],
    });
    expect(ours(incidentA).last_seen).toBeUndefined();

    const result = await importIntoB(editedA);
    expect(result.counts).toMatchObject({ created: 2, updated: 1, invalid: 0, older_ignored: 0 });
    const item = await pendingItemInB(incidentId);
    expect(item).toMatchObject({ kind: 'update', targetIncidentId: incidentId });
    const detail = ok<WorkbenchItem>(await analystB.client.get(`/api/v1/exchange/workbench/${item.id}`));
    expect(detail.changes.map((c) => c.field).sort()).toEqual(
      ['areaCodes', 'closingReason', 'description', 'lastSeen', 'severity', 'status', 'title'].sort(),
    );
    expect(detail.unapplied).toEqual(expectedUnapplied);

    const decision = await acceptInB(item.id);
    expect(decision).toMatchObject({ observablesAdded: 1, narrativesLinked: 0, linksAdded: 0 });
    expect(decision.unapplied).toEqual(expectedUnapplied);
    const exportedB = await exportOf(analystB.client, incidentId);
    const { inB } = await expectSameObjects(editedA.objects, exportedB.objects);
    const incidentB = inB.get(incidentId)!;
    await expectIncidentIssuedByB(incidentA, incidentB);
    expect(incidentB).toMatchObject({ name: incidentA.name, description: incidentA.description });
    expect(incidentB.extensions![incidentCoreExtensionId]).toMatchObject({
      determination: 'false-positive',
      investigation_status: 'closed',
    });
  });

  it('an election B has no record of is reported and kept in the store, and the rest still arrives', async () => {
    const election = ok<{ id: string; slug: string; phases: { key: string }[] }>(
      await analystA.client.post('/api/v1/elections', { type: 'municipal', year: 2029 }),
      201,
    );
    const id = ok<{ id: string }>(
      await analystA.client.post('/api/v1/incidents', {
        title: 'Ennakkoäänestyksen häirintä',
        domains: ['physical'],
        category: 'other',
        severity: 3,
        electionId: election.id,
        phaseKey: election.phases[0]!.key,
        areaCodes: ['KU091'],
        tlp: 'green',
      }),
      201,
    ).id;
    const bundle = await exportOf(analystA.client, id);
    const incidentA = byId(bundle.objects).get(id)!;
    expect(ours(incidentA).election).toMatchObject({ slug: election.slug });
    expect(ours(incidentA).phase).toMatchObject({ key: election.phases[0]!.key });
    await importIntoB(bundle);
    const decision = await acceptInB((await pendingItemInB(id)).id);
    expect(decision.unapplied).toEqual([
      {
        stixId: id,
        stixType: 'incident',
        property: 'election',
        reason: 'election_not_here',
        references: [election.slug],
      },
    ]);
    expect(JSON.parse((await storedInB(id))!)).toEqual(incidentA);

    const incidentB = byId((await exportOf(analystB.client, id)).objects).get(id)!;
    const { election: _election, phase: _phase, ...rest } = ours(incidentA);
    expect(ours(incidentB)).toEqual({ ...rest, reported_via: 'import' });
    expect(withoutIssuer({ ...incidentB, extensions: incidentA.extensions })).toEqual(
      withoutIssuer(incidentA),
    );
  });
});
