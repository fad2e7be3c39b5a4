import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BundleImportResult,
  StixImportDetail,
  WorkbenchDecision,
  WorkbenchItem,
  WorkbenchItemSummary,
} from '../../../../shared/contracts/exchange-imports.js';
import { fromIncidentId } from '../../../../shared/contracts/incident-enums.js';
import {
  createTestApp,
  expectError,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../../test/helpers/app.js';
import { makeIncident } from '../../../../test/helpers/incidents.js';
import { observableStixId } from '../../observables/observable-stix-id.js';
import { tlp2MarkingId } from '../stix/stix-markings.js';
import type { StixObject } from '../stix/stix-types.js';
import { vaalivahtiExtensionId } from '../stix/vaalivahti-extension.js';

type User = Awaited<ReturnType<typeof signedInUser>>;

const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const TABLES = [
  'stix_imports',
  'stix_object_versions',
  'stix_current_objects',
  'workbench_items',
  'imported_incident_links',
  'incidents',
  'incident_events',
  'incident_observables',
  'incident_techniques',
  'audit_events',
];
const URL_VALUE = 'https://vaalit-example.test/aanestyspaikat-suljettu';

let counter = 0;
const uuid = () => `0d5f3a0e-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;

/** A partner's incident around one URL (twice, under two ids), a domain and a DISARM technique. */
const incidentBundle = (options: {
  incidentId?: string;
  modified?: string;
  name?: string;
  severity?: number;
  tlp?: 'clear' | 'green' | 'amber' | 'red';
  techniqueStixId: string;
}) => {
  const incidentId = options.incidentId ?? `incident--${uuid()}`;
  const modified = options.modified ?? '2025-03-02T09:15:00.000Z';
  const marking = [tlp2MarkingId(options.tlp ?? 'amber')];
  const url1 = { type: 'url', spec_version: '2.1', id: `url--${uuid()}`, value: URL_VALUE };
  const url2 = {
    type: 'url',
    spec_version: '2.1',
    id: `url--${uuid()}`,
    value: URL_VALUE.replace('vaalit-example.test', 'VAALIT-Example.TEST'),
  };
  const domain = {
    type: 'domain-name',
    spec_version: '2.1',
    id: `domain-name--${uuid()}`,
    value: 'Vaalit-Example.test',
  };
  const related = (target: string, type = 'related-to'): StixObject => ({
    type: 'relationship',
    spec_version: '2.1',
    id: `relationship--${uuid()}`,
    created: '2025-03-02T09:15:00.000Z',
    modified: '2025-03-02T09:15:00.000Z',
    relationship_type: type,
    source_ref: incidentId,
    target_ref: target,
    object_marking_refs: marking,
  });
  const incident: StixObject = {
    type: 'incident',
    spec_version: '2.1',
    id: incidentId,
    created: '2025-03-02T09:15:00.000Z',
    modified,
    name: options.name ?? 'False claims that polling stations are closed',
    description: 'Coordinated posts claim polling stations are closed.',
    object_marking_refs: marking,
    extensions: {
      [vaalivahtiExtensionId]: {
        extension_type: 'property-extension',
        domains: ['information_influence'],
        category: 'disinformation_narrative',
        severity: options.severity ?? 3,
        areas: [{ code: 'KU091' }],
      },
    },
  };
  return {
    incidentId,
    bundle: {
      type: 'bundle',
      id: `bundle--${uuid()}`,
      objects: [
        incident,
        url1,
        url2,
        domain,
        related(url1.id),
        related(url2.id),
        related(domain.id),
        related(options.techniqueStixId, 'uses'),
      ],
    },
  };
};

describe('STIX import and the review queue', () => {
  let t: TestApp;
  let om: string;
  let analyst: User;
  let coordinator: User;
  let reporter: User;
  let viewer: User;
  let otherAnalyst: User;
  let techniqueStixId: string;

  const upload = (client: Client, bundle: unknown, query = '') =>
    client.post(`/api/v1/stix/bundles${query}`, bundle);
  const imported = async (client: Client, bundle: unknown, query = '') => {
    const response = await upload(client, bundle, query);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as BundleImportResult;
  };
  const item = async (client: Client, id: string) => {
    const response = await client.get(`/api/v1/exchange/workbench/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as WorkbenchItem;
  };
  const decided = async (client: Client, id: string, action: string, body: unknown = {}) => {
    const response = await client.post(`/api/v1/exchange/workbench/${id}/${action}`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as WorkbenchDecision;
  };
  const pendingItemOf = async (result: BundleImportResult) => {
    expect(result.workbenchItemIds).toHaveLength(1);
    return result.workbenchItemIds[0]!;
  };

  beforeAll(async () => {
    t = await createTestApp();
    om = await makeOrganisation(t);
    analyst = await signedInUser(t, ['analyst'], om);
    coordinator = await signedInUser(t, ['coordinator'], om);
    reporter = await signedInUser(t, ['reporter'], om);
    viewer = await signedInUser(t, ['viewer'], om);
    otherAnalyst = await signedInUser(t, ['analyst']);
    techniqueStixId = (
      await t.deps.db
        .selectFrom('disarmTechniques')
        .select('stixId')
        .where('id', '=', 'T0002')
        .executeTakeFirstOrThrow()
    ).stixId;
  });
  afterAll(async () => t.close());

  describe('POST /api/v1/stix/bundles', () => {
    it('refuses anonymous callers and roles that do not analyse, changing nothing', async () => {
      const { bundle } = incidentBundle({ techniqueStixId });
      const before = await rowCounts(t, TABLES);
      expectError(await upload(t.anonymous, bundle), 401, 'unauthenticated');
      expectError(await upload(reporter.client, bundle), 403, 'forbidden');
      expectError(await upload(viewer.client, bundle), 403, 'forbidden');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('refuses a body that is no bundle, or no JSON, as a whole', async () => {
      const before = await rowCounts(t, TABLES);
      expectError(await upload(analyst.client, { type: 'identity', objects: [] }), 400, 'validation_failed');
      expectError(await upload(analyst.client, [{ type: 'bundle' }]), 400, 'validation_failed');
      expectError(await upload(analyst.client, { type: 'bundle', objects: {} }), 400, 'validation_failed');
      for (const name of ['invalid_braces.json', 'invalid_comma.json']) {
        const text = readFileSync(path.resolve('test/fixtures/stix/validator-examples', name), 'utf8');
        const response = await analyst.client.request({
          method: 'POST',
          url: '/api/v1/stix/bundles',
          payload: text,
          headers: { 'content-type': 'application/json' },
        });
        expectError(response, 400, 'invalid_json');
      }
      expectError(
        await upload(analyst.client, { type: 'bundle', objects: [] }, `?partnerId=${UNKNOWN_ID}`),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('takes bundles over 1 MiB (the DISARM framework) and refuses those over 50 MiB', async () => {
      const disarm = readFileSync(path.resolve('test/fixtures/disarm/DISARM.json'), 'utf8');
      expect(disarm.length).toBeGreaterThan(1024 * 1024 * 0.8);
      const padded = JSON.stringify({
        ...(JSON.parse(disarm) as object),
        x_padding: 'x'.repeat(1024 * 1024),
      });
      const response = await analyst.client.request({
        method: 'POST',
        url: '/api/v1/stix/bundles?defaultTlp=clear',
        payload: padded,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.statusCode, response.body.slice(0, 500)).toBe(201);
      const result = response.json() as BundleImportResult;
      expect(result.counts.invalid).toBe(0);
      expect(result.disarmTechniqueCount).toBe(391);
      expect(response.headers.location).toBe(`/api/v1/exchange/imports/${result.importId}`);

      const before = await rowCounts(t, TABLES);
      const huge = await analyst.client.request({
        method: 'POST',
        url: '/api/v1/stix/bundles',
        payload: `{"type":"bundle","objects":[],"x":"${'x'.repeat(50 * 1024 * 1024)}"}`,
        headers: { 'content-type': 'application/json' },
      });
      expectError(huge, 413, 'payload_too_large');
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('answers object by object, keeps the valid ones and says why the others were refused', async () => {
      const { bundle, incidentId } = incidentBundle({ techniqueStixId });
      const broken = {
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--${uuid()}`,
        name: 'no pattern',
      };
      const result = await imported(
        analyst.client,
        { ...bundle, objects: [...bundle.objects, broken] },
        '?source=file',
      );
      expect(result.results).toHaveLength(9);
      expect(result.results[0]).toEqual({ index: 0, id: incidentId, type: 'incident', outcome: 'created' });
      expect(result.results[2]!.duplicateOf).toBe(observableStixId('url', URL_VALUE));
      expect(result.results[8]).toMatchObject({
        index: 8,
        outcome: 'invalid',
        reasons: expect.arrayContaining([expect.any(String)]),
      });
      expect(result.counts).toEqual({ created: 8, updated: 0, unchanged: 0, older_ignored: 0, invalid: 1 });
      const again = await imported(analyst.client, bundle);
      expect(again.counts.unchanged).toBe(8);
      expect(again.workbenchItemIds).toEqual([]);
    });
    it('records the partner a bundle came from and takes its default marking for unmarked objects', async () => {
      const partner = async (ownerOrganisationId: string, name: string) =>
        (
          await t.deps.db
            .insertInto('partners')
            .values({ name, ownerOrganisationId, tlpCeiling: 'green', defaultImportTlp: 'green' })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const ours = await partner(om, 'Election-VIRT');
      const theirs = await partner(otherAnalyst.organisationId, 'Someone else’s partner');
      const { bundle } = incidentBundle({ techniqueStixId });
      const unmarked = bundle.objects.map((o) => {
        const { object_marking_refs: _markings, ...rest } = o as StixObject;
        return rest;
      });
      const before = await rowCounts(t, TABLES);
      expectError(
        await upload(analyst.client, { ...bundle, objects: unmarked }, `?partnerId=${theirs}`),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
      const result = await imported(analyst.client, { ...bundle, objects: unmarked }, `?partnerId=${ours}`);
      const shown = await item(analyst.client, result.workbenchItemIds[0]!);
      expect(shown).toMatchObject({
        tlp: 'green',
        provenance: { partnerId: ours, partnerName: 'Election-VIRT' },
      });
      const filtered = (await analyst.client.get(`/api/v1/exchange/workbench?partnerId=${ours}`)).json() as {
        items: { id: string }[];
      };
      expect(filtered.items.map((i) => i.id)).toEqual([shown.id]);
    });
  });

  describe('GET /api/v1/exchange/imports', () => {
    it('lists the organisation’s imports with their provenance and pages their results', async () => {
      const { bundle } = incidentBundle({ techniqueStixId });
      const result = await imported(coordinator.client, bundle, '?source=file&defaultTlp=green');
      const list = await analyst.client.get('/api/v1/exchange/imports?limit=1');
      expect(list.statusCode, list.body).toBe(200);
      const page = list.json() as { items: StixImportDetail[]; nextCursor: string | null };
      expect(page.items[0]).toMatchObject({
        id: result.importId,
        provenance: {
          source: 'file',
          bundleId: bundle.id,
          partnerId: null,
          receivedBy: { userId: coordinator.id, name: expect.any(String) },
        },
        defaultTlp: 'green',
        objectCount: 8,
        workbenchItemCount: 1,
        disarmTechniqueCount: 0,
      });
      expect(page.nextCursor).not.toBeNull();
      const next = (
        await analyst.client.get(`/api/v1/exchange/imports?limit=1&cursor=${page.nextCursor}`)
      ).json() as {
        items: { id: string }[];
      };
      expect(next.items[0]!.id).not.toBe(result.importId);

      const first = (
        await analyst.client.get(`/api/v1/exchange/imports/${result.importId}?limit=3`)
      ).json() as StixImportDetail;
      expect(first.results.map((r) => r.index)).toEqual([0, 1, 2]);
      expect(first.nextAfter).toBe(2);
      const rest = (
        await analyst.client.get(`/api/v1/exchange/imports/${result.importId}?limit=10&after=2`)
      ).json() as StixImportDetail;
      expect(rest.results.map((r) => r.index)).toEqual([3, 4, 5, 6, 7]);
      expect(rest.nextAfter).toBeNull();
    });

    it('hides imports from other organisations and refuses other roles', async () => {
      const { bundle } = incidentBundle({ techniqueStixId });
      const result = await imported(analyst.client, bundle);
      expectError(await t.anonymous.get('/api/v1/exchange/imports'), 401, 'unauthenticated');
      expectError(await reporter.client.get('/api/v1/exchange/imports'), 403, 'forbidden');
      expectError(await viewer.client.get(`/api/v1/exchange/imports/${result.importId}`), 403, 'forbidden');
      expectError(
        await otherAnalyst.client.get(`/api/v1/exchange/imports/${result.importId}`),
        404,
        'not_found',
      );
      const theirs = (await otherAnalyst.client.get('/api/v1/exchange/imports')).json() as {
        items: { id: string }[];
      };
      expect(theirs.items.map((i) => i.id)).not.toContain(result.importId);
      expectError(await analyst.client.get('/api/v1/exchange/imports/not-a-uuid'), 400, 'validation_failed');
      expectError(await analyst.client.get(`/api/v1/exchange/imports/${UNKNOWN_ID}`), 404, 'not_found');
    });
  });

  describe('the workbench', () => {
    it('shows an item with its provenance, what is around it and the incident it would become', async () => {
      const { bundle, incidentId } = incidentBundle({ techniqueStixId });
      const id = await pendingItemOf(await imported(analyst.client, bundle));
      const list = (await analyst.client.get('/api/v1/exchange/workbench?status=pending&limit=1')).json() as {
        items: WorkbenchItemSummary[];
        nextCursor: string | null;
      };
      expect(list.items.map((i) => i.id)).toEqual([id]);
      const next = (
        await analyst.client.get(
          `/api/v1/exchange/workbench?status=pending&limit=1&cursor=${list.nextCursor}`,
        )
      ).json() as { items: WorkbenchItemSummary[] };
      expect(next.items).toHaveLength(1);
      expect(next.items[0]!.id).not.toBe(id);
      const shown = await item(coordinator.client, id);
      expect(shown).toMatchObject({
        stixId: incidentId,
        stixType: 'incident',
        kind: 'new',
        status: 'pending',
        tlp: 'amber',
        version: '2025-03-02T09:15:00.000Z',
        ownerOrganisationId: om,
        targetIncidentId: null,
        provenance: { source: 'api', bundleId: bundle.id, receivedBy: { userId: analyst.id } },
        proposed: {
          title: 'False claims that polling stations are closed',
          domains: ['information_influence'],
          category: 'disinformation_narrative',
          severity: 3,
          areaCodes: ['KU091'],
          tlp: 'amber',
        },
        changes: [],
      });
      expect(shown.related.observables).toHaveLength(3);
      const values = new Set(
        shown.related.observables.flatMap((o) => o.becomes.map((b) => `${b.type} ${b.value}`)),
      );
      expect(values).toEqual(new Set([`url ${URL_VALUE}`, 'domain vaalit-example.test']));
      expect(shown.related.attackPatterns).toEqual([
        {
          stixId: techniqueStixId,
          name: 'Facilitate State Propaganda',
          externalId: 'T0002',
          techniqueId: 'T0002',
        },
      ]);
      expect(shown.related.relationships).toHaveLength(4);
      // The DISARM framework imported above brings its statement marking along with its attack-pattern.
      expect(shown.related.markings.map((m) => m.id)).toEqual([
        'marking-definition--f79f25d2-8b96-4580-b169-eb7b613a7c31',
      ]);
    });

    it('hides an AMBER item from another organisation and refuses roles that do not analyse', async () => {
      const { bundle } = incidentBundle({ techniqueStixId });
      const id = await pendingItemOf(await imported(analyst.client, bundle));
      expectError(await t.anonymous.get(`/api/v1/exchange/workbench/${id}`), 401, 'unauthenticated');
      expectError(await reporter.client.get('/api/v1/exchange/workbench'), 403, 'forbidden');
      expectError(await viewer.client.get(`/api/v1/exchange/workbench/${id}`), 403, 'forbidden');
      expectError(await otherAnalyst.client.get(`/api/v1/exchange/workbench/${id}`), 404, 'not_found');
      const theirs = (await otherAnalyst.client.get('/api/v1/exchange/workbench')).json() as {
        items: { id: string }[];
      };
      expect(theirs.items.map((i) => i.id)).not.toContain(id);
      expectError(await analyst.client.get(`/api/v1/exchange/workbench/${UNKNOWN_ID}`), 404, 'not_found');
      expectError(
        await analyst.client.get('/api/v1/exchange/workbench?status=maybe'),
        400,
        'validation_failed',
      );
    });

    it('lets another organisation read a CLEAR item but not decide on it', async () => {
      const { bundle } = incidentBundle({ techniqueStixId, tlp: 'clear' });
      const id = await pendingItemOf(await imported(analyst.client, bundle));
      await item(otherAnalyst.client, id);
      const before = await rowCounts(t, TABLES);
      expectError(
        await otherAnalyst.client.post(`/api/v1/exchange/workbench/${id}/accept`, {}),
        403,
        'forbidden',
      );
      expectError(
        await otherAnalyst.client.post(`/api/v1/exchange/workbench/${id}/reject`, { reason: 'no' }),
        403,
        'forbidden',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });
  });

  describe('accepting', () => {
    it('refuses the wrong callers and invalid input, changing nothing', async () => {
      const { bundle } = incidentBundle({ techniqueStixId });
      const id = await pendingItemOf(await imported(analyst.client, bundle));
      const before = await rowCounts(t, TABLES);
      expectError(
        await t.anonymous.post(`/api/v1/exchange/workbench/${id}/accept`, {}),
        401,
        'unauthenticated',
      );
      expectError(
        await reporter.client.post(`/api/v1/exchange/workbench/${id}/accept`, {}),
        403,
        'forbidden',
      );
      expectError(
        await otherAnalyst.client.post(`/api/v1/exchange/workbench/${id}/accept`, {}),
        404,
        'not_found',
      );
      expectError(
        await analyst.client.post(`/api/v1/exchange/workbench/${id}/accept`, { title: 'x' }),
        400,
        'validation_failed',
      );
      expectError(
        await analyst.client.post(`/api/v1/exchange/workbench/${UNKNOWN_ID}/accept`, {}),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });

    it('makes an incident with its observables de-duplicated, its technique and its provenance, and a later version an update of it', async () => {
      const first = incidentBundle({ techniqueStixId });
      const id = await pendingItemOf(await imported(analyst.client, first.bundle));
      const decision = await decided(analyst.client, id, 'accept', { note: 'Vahvistettu kumppanilta.' });
      expect(decision).toMatchObject({
        incidentId: first.incidentId,
        observablesAdded: 2,
        techniquesAdded: 1,
        item: { status: 'accepted', targetIncidentId: first.incidentId, decidedBy: { userId: analyst.id } },
      });
      const uuid = fromIncidentId(first.incidentId);
      const incident = await t.deps.db
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', uuid)
        .executeTakeFirstOrThrow();
      expect(incident).toMatchObject({
        title: 'False claims that polling stations are closed',
        tlp: 'amber',
        ownerOrganisationId: om,
        authorUserId: analyst.id,
        domains: ['information_influence'],
        category: 'disinformation_narrative',
        reportedVia: 'import',
        areaCodes: ['KU091'],
        version: 1,
      });
      const observables = await t.deps.db
        .selectFrom('incidentObservables as io')
        .innerJoin('observables as o', 'o.id', 'io.observableId')
        .select(['o.type', 'o.value'])
        .where('io.incidentId', '=', uuid)
        .orderBy('o.type')
        .execute();
      expect(observables).toEqual([
        { type: 'domain', value: 'vaalit-example.test' },
        { type: 'url', value: URL_VALUE },
      ]);
      const events = await t.deps.db
        .selectFrom('incidentEvents')
        .select(['type', 'data'])
        .where('incidentId', '=', uuid)
        .orderBy('id')
        .execute();
      expect(events.map((e) => e.type)).toEqual([
        'created',
        'observable_added',
        'observable_added',
        'techniques_changed',
        'imported',
        'comment_added',
      ]);
      expect(events[4]!.data).toMatchObject({
        mode: 'accepted',
        stixId: first.incidentId,
        bundleId: first.bundle.id,
      });
      const audit = await t.deps.db
        .selectFrom('auditEvents')
        .select('action')
        .where('targetId', '=', id)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['exchange.workbench_accepted']);
      expectError(await analyst.client.post(`/api/v1/exchange/workbench/${id}/accept`, {}), 409, 'conflict');

      // The partner's next version: a pending update of the same incident.
      const second = incidentBundle({
        techniqueStixId,
        incidentId: first.incidentId,
        modified: '2025-03-02T11:00:00.000Z',
        name: 'Polling stations falsely reported closed in two municipalities',
        severity: 4,
      });
      const updateId = await pendingItemOf(await imported(analyst.client, second.bundle));
      const update = await item(analyst.client, updateId);
      expect(update).toMatchObject({ kind: 'update', targetIncidentId: first.incidentId });
      expect(update.changes).toEqual([
        {
          field: 'title',
          from: incident.title,
          to: 'Polling stations falsely reported closed in two municipalities',
        },
        { field: 'severity', from: 3, to: 4 },
      ]);
      const applied = await decided(coordinator.client, updateId, 'accept');
      expect(applied.incidentId).toBe(first.incidentId);
      expect(applied.observablesAdded).toBe(0);
      const after = await t.deps.db
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', uuid)
        .executeTakeFirstOrThrow();
      expect(after).toMatchObject({
        title: 'Polling stations falsely reported closed in two municipalities',
        severity: 4,
        version: 2,
      });
      const updated = await t.deps.db
        .selectFrom('incidentEvents')
        .select('data')
        .where('incidentId', '=', uuid)
        .where('type', '=', 'updated')
        .executeTakeFirstOrThrow();
      expect(Object.keys(updated.data.changes as object).sort()).toEqual(['severity', 'title']);
    });

    it('keeps partner content out of an incident marked less strictly', async () => {
      const first = incidentBundle({ techniqueStixId, tlp: 'green' });
      const id = await pendingItemOf(await imported(analyst.client, first.bundle));
      await decided(analyst.client, id, 'accept');
      const second = incidentBundle({
        techniqueStixId,
        incidentId: first.incidentId,
        modified: '2025-03-03T00:00:00.000Z',
        tlp: 'amber',
      });
      const updateId = await pendingItemOf(await imported(analyst.client, second.bundle));
      const before = await rowCounts(t, TABLES);
      expectError(
        await analyst.client.post(`/api/v1/exchange/workbench/${updateId}/accept`, {}),
        400,
        'marking_below_floor',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });
  });

  describe('merging', () => {
    it('attaches the observables and technique to an existing incident and links later versions to it', async () => {
      const target = await makeIncident(t, {
        ownerOrganisationId: om,
        authorUserId: analyst.id,
        tlp: 'amber',
      });
      const { bundle, incidentId } = incidentBundle({ techniqueStixId });
      const id = await pendingItemOf(await imported(analyst.client, bundle));
      const decision = await decided(analyst.client, id, 'merge', { incidentId: target });
      expect(decision).toMatchObject({
        incidentId: target,
        observablesAdded: 2,
        techniquesAdded: 1,
        item: { status: 'merged' },
      });
      const link = await t.deps.db
        .selectFrom('importedIncidentLinks')
        .selectAll()
        .where('stixId', '=', incidentId)
        .executeTakeFirstOrThrow();
      expect(link.incidentId).toBe(fromIncidentId(target));
      const next = incidentBundle({ techniqueStixId, incidentId, modified: '2025-03-04T00:00:00.000Z' });
      const nextId = await pendingItemOf(await imported(analyst.client, next.bundle));
      expect((await item(analyst.client, nextId)).targetIncidentId).toBe(target);
    });

    it('refuses an incident the caller cannot see, one marked less strictly, and bad input, changing nothing', async () => {
      const theirs = await makeIncident(t, {
        ownerOrganisationId: otherAnalyst.organisationId,
        authorUserId: otherAnalyst.id,
        tlp: 'amber',
      });
      const clear = await makeIncident(t, {
        ownerOrganisationId: om,
        authorUserId: analyst.id,
        tlp: 'clear',
      });
      const { bundle } = incidentBundle({ techniqueStixId });
      const id = await pendingItemOf(await imported(analyst.client, bundle));
      const before = await rowCounts(t, TABLES);
      expectError(
        await analyst.client.post(`/api/v1/exchange/workbench/${id}/merge`, { incidentId: theirs }),
        404,
        'not_found',
      );
      expectError(
        await analyst.client.post(`/api/v1/exchange/workbench/${id}/merge`, { incidentId: clear }),
        400,
        'marking_below_floor',
      );
      expectError(
        await analyst.client.post(`/api/v1/exchange/workbench/${id}/merge`, { incidentId: 'nope' }),
        400,
        'validation_failed',
      );
      expectError(
        await viewer.client.post(`/api/v1/exchange/workbench/${id}/merge`, { incidentId: clear }),
        403,
        'forbidden',
      );
      expectError(
        await t.anonymous.post(`/api/v1/exchange/workbench/${id}/merge`, { incidentId: clear }),
        401,
        'unauthenticated',
      );
      expectError(
        await otherAnalyst.client.post(`/api/v1/exchange/workbench/${id}/merge`, { incidentId: theirs }),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
    });
  });

  describe('rejecting', () => {
    it('needs a reason, records it, and decides only once', async () => {
      const { bundle } = incidentBundle({ techniqueStixId });
      const id = await pendingItemOf(await imported(analyst.client, bundle));
      const before = await rowCounts(t, TABLES);
      expectError(
        await analyst.client.post(`/api/v1/exchange/workbench/${id}/reject`, { reason: '  ' }),
        400,
        'validation_failed',
      );
      expectError(
        await reporter.client.post(`/api/v1/exchange/workbench/${id}/reject`, { reason: 'x' }),
        403,
        'forbidden',
      );
      expectError(
        await otherAnalyst.client.post(`/api/v1/exchange/workbench/${id}/reject`, { reason: 'x' }),
        404,
        'not_found',
      );
      expect(await rowCounts(t, TABLES)).toEqual(before);
      const decision = await decided(coordinator.client, id, 'reject', { reason: 'Outside our remit.' });
      expect(decision).toMatchObject({
        incidentId: null,
        item: { status: 'rejected', reason: 'Outside our remit.', decidedBy: { userId: coordinator.id } },
      });
      expectError(
        await analyst.client.post(`/api/v1/exchange/workbench/${id}/reject`, { reason: 'again' }),
        409,
        'conflict',
      );
      const rejected = (await analyst.client.get('/api/v1/exchange/workbench?status=rejected')).json() as {
        items: { id: string }[];
      };
      expect(rejected.items.map((i) => i.id)).toContain(id);
    });
  });
});
