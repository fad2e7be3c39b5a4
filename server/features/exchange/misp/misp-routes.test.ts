import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/roles.js';
import type { MispImportResult } from '../../../../shared/contracts/exchange-misp.js';
import { fromIncidentId } from '../../../../shared/contracts/incident-enums.js';
import {
  type Client,
  createTestApp,
  expectError,
  errorBody,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../../test/helpers/app.js';
import { makeIncident, type IncidentSeed } from '../../../../test/helpers/incidents.js';
import { sql } from 'kysely';
import { observablesOfSco } from '../import/sco-observables.js';
import { acceptWorkbenchItem } from '../import/workbench-service.js';
import { draftIncident } from '../import/workbench-proposal.js';
import type { StixObject } from '../stix/stix-types.js';
import { mispCoreFormatErrors } from './misp-core-schema.js';
import { importMispEvents } from './misp-import.js';
import type { MispEvent } from './misp-event.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../test/fixtures/misp');
const fixture = <T = unknown>(name: string): T =>
  JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as T;

const FIMI = '8c5b7f0e-2a41-4d7c-9f3e-6b1d2c3a4e5f';
const PHISHING = '3a7e9c21-5b8d-4f06-a1c3-9d2e4f6b8a10';
const TABLES = [
  'stix_imports',
  'stix_object_versions',
  'stix_current_objects',
  'workbench_items',
  'audit_events',
];

interface Member {
  id: string;
  organisationId: string;
  client: Client;
}

describe('MISP routes', () => {
  let t: TestApp;
  let analystA: Member;
  let analystB: Member;
  let viewerA: Member;
  let reporterA: Member;
  let adminOnly: { client: Client };

  beforeAll(async () => {
    t = await createTestApp();
    analystA = await signedInUser(t, ['analyst']);
    analystB = await signedInUser(t, ['analyst']);
    viewerA = await signedInUser(t, ['viewer'], analystA.organisationId);
    reporterA = await signedInUser(t, ['reporter'], analystA.organisationId);
    adminOnly = await signedInUser(t, ['admin'], analystA.organisationId);
  });
  afterAll(() => t.close());

  const post = (member: { client: Client }, body: unknown, query = '') =>
    member.client.post(`/api/v1/misp/events${query}`, body);

  const actorOf = (member: Member): Actor => ({
    userId: member.id,
    organisationId: member.organisationId,
    roles: ['analyst'],
    communityIds: [],
  });

  const incidentOfA = async (values: Partial<IncidentSeed> = {}) => {
    const id = await makeIncident(t, {
      ownerOrganisationId: analystA.organisationId,
      authorUserId: analystA.id,
      title: 'Fabricated claim about advance voting abroad',
      description: 'Accounts claim that votes cast abroad are not counted.',
      domains: ['information_influence'],
      category: 'disinformation_narrative',
      severity: 4,
      tlp: 'green',
      ...values,
    });
    for (const body of [
      { type: 'url', value: 'https://news-fi24.example/2027/04/aanet', note: 'Article carrying the claim' },
      { type: 'domain', value: 'news-fi24.example' },
      { type: 'ipv4', value: '198.51.100.23' },
      { type: 'email', value: 'press@news-fi24.example' },
      { type: 'sha256', value: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
      { type: 'social_account', platform: 'telegram', handle: '@VaaliTotuus_FI' },
    ]) {
      const response = await analystA.client.post(`/api/v1/incidents/${id}/observables`, body);
      expect(response.statusCode, response.body).toBe(201);
    }
    const techniques = await analystA.client.put(`/api/v1/incidents/${id}/techniques`, {
      techniqueIds: ['T0002', 'T0097.100'],
    });
    expect(techniques.statusCode, techniques.body).toBe(200);
    return id;
  };

  describe('GET /api/v1/incidents/{id}/misp', () => {
    it('answers 401 without a session', async () => {
      const id = await incidentOfA();
      expectError(await t.anonymous.get(`/api/v1/incidents/${id}/misp`), 401, 'unauthenticated');
    });

    it('answers 404 to another organisation and for an unknown incident', async () => {
      const id = await incidentOfA({ tlp: 'amber' });
      expectError(await analystB.client.get(`/api/v1/incidents/${id}/misp`), 404, 'not_found');
      expectError(
        await analystA.client.get('/api/v1/incidents/incident--6b0f1e2c-0000-4000-8000-000000000000/misp'),
        404,
        'not_found',
      );
    });

    it('answers 403 to an account without a reading role', async () => {
      const id = await incidentOfA();
      expectError(await adminOnly.client.get(`/api/v1/incidents/${id}/misp`), 403, 'forbidden');
    });

    it('answers 400 to an id that is not an incident id', async () => {
      expectError(await analystA.client.get('/api/v1/incidents/not-an-id/misp'), 400, 'validation_failed');
    });

    it('sends the incident as a MISP event that validates against the core format, as an attachment', async () => {
      const id = await incidentOfA();
      const response = await viewerA.client.get(`/api/v1/incidents/${id}/misp`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${id}.misp.json"`);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      const document = response.json<MispEvent>();
      expect(mispCoreFormatErrors(document)).toEqual([]);
      expect(document.Event.uuid).toBe(fromIncidentId(id));
      expect(document.Event.Tag.map((tag) => tag.name)).toEqual([
        'tlp:green',
        'admiralty-scale:source-reliability="f"',
        'admiralty-scale:information-credibility="6"',
        'misp-galaxy:disarm-techniques="Facilitate State Propaganda"',
        'vaalivahti:disarm-technique="T0097.100"',
        'vaalivahti:domain="information_influence"',
        'vaalivahti:category="disinformation_narrative"',
        'vaalivahti:severity="4"',
      ]);
      expect(document.Event.Attribute.map((a) => a.type).sort()).toEqual([
        'domain',
        'email',
        'ip-dst',
        'sha256',
        'text',
        'url',
      ]);
      expect(document.Event.Object.map((o) => o.Attribute.map((a) => a.value))).toEqual([
        ['telegram', 'vaalitotuus_fi'],
      ]);
    });

    it('audits a read of a red incident, and only red ones', async () => {
      const audits = () =>
        t.deps.db
          .selectFrom('auditEvents')
          .select('targetId')
          .where('action', '=', 'record.read_red')
          .execute();
      const before = (await audits()).length;
      const green = await incidentOfA();
      expect((await analystA.client.get(`/api/v1/incidents/${green}/misp`)).statusCode).toBe(200);
      expect(await audits()).toHaveLength(before);
      const red = await incidentOfA({ tlp: 'red' });
      const response = await analystA.client.get(`/api/v1/incidents/${red}/misp`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<MispEvent>().Event.Tag[0]!.name).toBe('tlp:red');
      expect((await audits()).map((a) => a.targetId)).toContain(red);
      expect(await audits()).toHaveLength(before + 1);
    });
  });

  describe('POST /api/v1/misp/events', () => {
    const fimi = () => fixture<MispEvent>(`feed/${FIMI}.json`);
    const phishing = () => fixture<MispEvent>(`feed/${PHISHING}.json`);

    it('answers 401 without a session, and changes nothing', async () => {
      const before = await rowCounts(t, TABLES);
      expectError(await post({ client: t.anonymous }, fimi()), 401, 'unauthenticated');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('answers 403 to viewers, reporters and admin-only accounts, and changes nothing', async () => {
      const before = await rowCounts(t, TABLES);
      for (const member of [viewerA, reporterA, adminOnly])
        expectError(await post(member, fimi()), 403, 'forbidden');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('refuses a body that is not MISP events, and an invalid event with its reason, changing nothing', async () => {
      const before = await rowCounts(t, TABLES);
      expectError(await post(analystA, { events: [] }), 400, 'validation_failed');
      expectError(await post(analystA, []), 400, 'validation_failed');
      const noInfo = fimi();
      delete (noInfo.Event as Partial<MispEvent['Event']>).info;
      const response = await post(analystA, noInfo);
      expectError(response, 400, 'validation_failed');
      expect(errorBody(response).message).toBe(
        'The MISP event is not valid: Event.info: Invalid input: expected string, received undefined',
      );
      expect(errorBody(response).issues).toEqual([
        { path: 'events[0]', message: 'Event.info: Invalid input: expected string, received undefined' },
      ]);
      const badDate = phishing();
      badDate.Event.date = '2027-13-01';
      expectError(await post(analystA, [badDate, noInfo]), 400, 'validation_failed');
      expectError(await post(analystA, fimi(), '?defaultTlp=purple'), 400, 'validation_failed');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('imports an event into the review queue of the uploader’s organisation, at its marking', async () => {
      const response = await post(analystA, fimi());
      expect(response.statusCode, response.body).toBe(200);
      const result = response.json<MispImportResult>();
      expect(result).toMatchObject({ imported: 1, invalid: 0 });
      const [event] = result.events;
      expect(event).toMatchObject({
        index: 0,
        uuid: FIMI,
        outcome: 'imported',
        incidentId: `incident--${FIMI}`,
        unknownTechniques: ['T0007'],
      });
      expect(event!.counts!.invalid).toBe(0);
      expect(event!.unmapped.map((u) => u.type).sort()).toEqual(['btc', 'filename']);
      expect(event!.workbenchItemIds).toHaveLength(1);
      const item = await t.deps.db
        .selectFrom('workbenchItems')
        .selectAll()
        .where('id', '=', event!.workbenchItemIds[0]!)
        .executeTakeFirstOrThrow();
      expect(item).toMatchObject({
        stixId: `incident--${FIMI}`,
        tlp: 'amber+strict',
        ownerOrganisationId: analystA.organisationId,
        title: 'Fabricated claim: advance votes cast abroad will not be counted',
        status: 'pending',
      });
      const imported = await t.deps.db
        .selectFrom('stixImports')
        .selectAll()
        .where('id', '=', event!.importId!)
        .executeTakeFirstOrThrow();
      expect(imported).toMatchObject({ source: 'misp', receivedByUserId: analystA.id, defaultTlp: 'amber' });
    });

    it('changes nothing when the same event comes again, and makes a newer event a new version', async () => {
      const first = (await post(analystA, phishing())).json<MispImportResult>();
      expect(first.events[0]!.counts!.created).toBeGreaterThan(0);
      const before = await rowCounts(t, ['stix_object_versions', 'stix_current_objects', 'workbench_items']);
      const again = await post(analystA, phishing());
      expect(again.statusCode, again.body).toBe(200);
      const counts = again.json<MispImportResult>().events[0]!.counts!;
      expect(counts).toMatchObject({ created: 0, updated: 0, invalid: 0 });
      const total = Object.values(first.events[0]!.counts!).reduce((sum, n) => sum + n, 0);
      expect(counts.unchanged).toBe(total);
      expect(await rowCounts(t, ['stix_object_versions', 'stix_current_objects', 'workbench_items'])).toEqual(
        before,
      );

      const newer = phishing();
      newer.Event.timestamp = String(Number(newer.Event.timestamp) + 60);
      newer.Event.info = 'Phishing page imitating the election authority (taken down)';
      const updated = (await post(analystA, newer)).json<MispImportResult>();
      const incident = (
        await t.deps.db
          .selectFrom('stixImports')
          .select('results')
          .where('id', '=', updated.events[0]!.importId!)
          .executeTakeFirstOrThrow()
      ).results.find((r) => r.type === 'incident');
      expect(incident).toMatchObject({ id: `incident--${PHISHING}`, outcome: 'updated' });
    });

    it('reports each event of a MISP API response on its own', async () => {
      const invalid = phishing();
      invalid.Event.uuid = 'not-a-uuid';
      const response = await post(analystA, { response: [fimi(), invalid] });
      expect(response.statusCode, response.body).toBe(200);
      const result = response.json<MispImportResult>();
      expect(result).toMatchObject({ imported: 1, invalid: 1 });
      expect(result.events[1]).toMatchObject({
        index: 1,
        uuid: 'not-a-uuid',
        outcome: 'invalid',
        reasons: ['Event.uuid: must be a UUID'],
        importId: null,
      });
    });

    it('keeps another organisation’s import of the same event apart', async () => {
      const response = await post(analystB, fimi(), '?defaultTlp=green');
      expect(response.statusCode, response.body).toBe(200);
      const [event] = response.json<MispImportResult>().events;
      expect(event!.counts!.created).toBeGreaterThan(0);
      const items = await t.deps.db
        .selectFrom('workbenchItems')
        .select(['ownerOrganisationId'])
        .where('stixId', '=', `incident--${FIMI}`)
        .execute();
      expect(items.map((i) => i.ownerOrganisationId).sort()).toEqual(
        [analystA.organisationId, analystB.organisationId].sort(),
      );
    });

    it('gives an unmarked event the default marking', async () => {
      const unmarked = phishing();
      unmarked.Event.uuid = '9b1c3d5e-7f80-4a2b-8c4d-6e8f0a2b4c6d';
      unmarked.Event.Tag = [];
      const [event] = (await post(analystA, unmarked, '?defaultTlp=green')).json<MispImportResult>().events;
      const item = await t.deps.db
        .selectFrom('workbenchItems')
        .select('tlp')
        .where('id', '=', event!.workbenchItemIds[0]!)
        .executeTakeFirstOrThrow();
      expect(item.tlp).toBe('green');
    });

    it('takes bodies above the 1 MiB of other routes, up to 50 MiB', async () => {
      const large = phishing();
      large.Event.uuid = '2e4f6a8b-0c1d-4e3f-a5b7-c9d1e3f5a7b9';
      large.Event.Attribute.push({
        ...large.Event.Attribute[0]!,
        uuid: '3f5a7b9c-1d2e-4f40-b6c8-d0e2f4a6b8c0',
        type: 'text',
        category: 'Other',
        value: 'x'.repeat(2 * 1024 * 1024),
      });
      const response = await post(analystA, large);
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const tooLarge = await analystA.client.request({
        method: 'POST',
        url: '/api/v1/misp/events',
        headers: { 'content-type': 'application/json' },
        payload: Buffer.alloc(50 * 1024 * 1024 + 1, 0x20),
      });
      expectError(tooLarge, 413, 'payload_too_large');
    });
  });

  it('imports events given directly (a feed), refusing one with a control character and storing nothing of it', async () => {
    const bad = fixture<MispEvent>(`feed/${PHISHING}.json`);
    bad.Event.uuid = '7d9f1b3c-5e6a-4b8c-9d0e-2f4a6b8c0d1e';
    bad.Event.info = 'Bell \u0007 in the title';
    const good = fixture<MispEvent>('feed/6d0f2a4c-8e1b-4c37-b5d9-0f2a4c6e8b21.json');
    const result = await importMispEvents(t.deps.db, {
      events: [bad, good],
      provenance: {
        partnerId: null,
        receivedByUserId: null,
        ownerOrganisationId: analystB.organisationId,
        defaultTlp: 'amber',
      },
    });
    expect(result).toMatchObject({ imported: 1, invalid: 1 });
    expect(result.events[0]).toMatchObject({
      outcome: 'invalid',
      reasons: ['Event.info contains a control character'],
    });
    const stored = await t.deps.db
      .selectFrom('stixCurrentObjects')
      .select('stixId')
      .where('stixId', 'in', [
        'incident--7d9f1b3c-5e6a-4b8c-9d0e-2f4a6b8c0d1e',
        'incident--6d0f2a4c-8e1b-4c37-b5d9-0f2a4c6e8b21',
      ])
      .execute();
    expect(stored.map((s) => s.stixId)).toEqual(['incident--6d0f2a4c-8e1b-4c37-b5d9-0f2a4c6e8b21']);
  });

  it('documents both routes in the OpenAPI description', async () => {
    const response = await t.anonymous.get('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const paths = Object.keys((response.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/incidents/{id}/misp', '/api/v1/misp/events']));
  });

  describe('round trip', () => {
    /** Exports an incident of organisation A and imports the event as an analyst of organisation B. */
    const exportAndImport = async () => {
      const id = await incidentOfA({ tlp: 'green' });
      const exported = await analystA.client.get(`/api/v1/incidents/${id}/misp`);
      expect(exported.statusCode).toBe(200);
      const imported = await post(analystB, exported.json());
      expect(imported.statusCode, imported.body).toBe(200);
      const [event] = imported.json<MispImportResult>().events;
      expect(event).toMatchObject({
        outcome: 'imported',
        incidentId: id,
        unmapped: [],
        unknownTechniques: [],
      });
      expect(event!.counts!.invalid).toBe(0);
      return { id, event: event! };
    };

    const sourceOf = async (id: string) => {
      const uuid = fromIncidentId(id);
      const incident = await t.deps.db
        .selectFrom('incidents')
        .select(['title', 'description', 'tlp', 'domains', 'category', 'severity'])
        .where('id', '=', uuid)
        .executeTakeFirstOrThrow();
      const observables = await t.deps.db
        .selectFrom('incidentObservables as io')
        .innerJoin('observables as o', 'o.id', 'io.observableId')
        .select(['o.type', 'o.value', 'o.stixId'])
        .where('io.incidentId', '=', uuid)
        .orderBy('o.stixId')
        .execute();
      const techniques = await t.deps.db
        .selectFrom('incidentTechniques as it')
        .innerJoin('disarmTechniques as d', 'd.id', 'it.techniqueId')
        .select(['d.id', 'd.stixId'])
        .where('it.incidentId', '=', uuid)
        .orderBy('d.id')
        .execute();
      return { incident, observables, techniques };
    };

    it('incident → MISP event → import: the stored objects give back the title, marking, observables and techniques', async () => {
      const { id, event } = await exportAndImport();
      const source = await sourceOf(id);
      // Raw JSON text: the stored STIX objects exactly as imported.
      const stored = (
        await sql<{ object: string; tlp: string }>`
          select v.object::text as object, c.tlp from stix_current_objects c
          join stix_object_versions v on v.owner_organisation_id = c.owner_organisation_id
            and v.stix_id = c.stix_id and v.version_key = c.version_key
          where c.owner_organisation_id = ${analystB.organisationId} and c.import_id = ${event.importId}`.execute(
          t.deps.db,
        )
      ).rows.map((r) => ({ object: JSON.parse(r.object) as StixObject, tlp: r.tlp }));
      const incident = stored.find((s) => s.object.id === id)!;
      expect(incident.tlp).toBe('green');
      const draft = draftIncident(incident.object, 'green').values;
      expect(draft).toMatchObject({
        title: source.incident.title,
        description: source.incident.description,
        domains: source.incident.domains,
        category: source.incident.category,
        severity: source.incident.severity,
        tlp: source.incident.tlp,
      });
      const relationships = stored
        .map((s) => s.object)
        .filter((o) => o.type === 'relationship' && o.source_ref === id);
      const related = relationships
        .filter((r) => r.relationship_type === 'related-to')
        .map((r) => r.target_ref as string);
      const observables = stored
        .map((s) => s.object)
        .filter((o) => related.includes(o.id))
        .flatMap((o) => observablesOfSco(o))
        .sort((a, b) => a.stixId.localeCompare(b.stixId));
      expect(observables).toEqual(source.observables);
      const uses = relationships.filter((r) => r.relationship_type === 'uses').map((r) => r.target_ref);
      expect(uses.sort()).toEqual(source.techniques.map((t) => t.stixId).sort());
    });

    // The accept step is H2's workbench (import/workbench-service.ts).
    it('… → accept in the review queue gives an incident with the same title, marking, observables and techniques', async () => {
      const { id, event } = await exportAndImport();
      const source = await sourceOf(id);
      const decision = await acceptWorkbenchItem(
        {
          db: t.deps.db,
          actor: actorOf(analystB),
          audit: {
            requestId: null,
            sourceIp: null,
            actorUserId: analystB.id,
            actorOrganisationId: analystB.organisationId,
          },
          now: () => new Date(),
        },
        event.workbenchItemIds[0]!,
        {},
      );
      const copy = await sourceOf(decision.incidentId!);
      expect(copy.incident).toEqual(source.incident);
      expect(copy.observables).toEqual(source.observables);
      expect(copy.techniques).toEqual(source.techniques);
      expect(copy.observables).toHaveLength(6);
      expect(copy.techniques.map((t) => t.id)).toEqual(['T0002', 'T0097.100']);
    });
  });
});
