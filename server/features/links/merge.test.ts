import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIncidentId } from '../../../shared/contracts/incident-enums.js';
import {
  type Client,
  createTestApp,
  expectError,
  makeOrganisation,
  rowCounts,
  signedInUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { makeIncident } from '../../../test/helpers/incidents.js';

const TABLES = [
  'incidents',
  'incident_links',
  'incident_events',
  'incident_observables',
  'comments',
  'attachments',
  'corroborations',
  'audit_events',
];

describe('merging a duplicate into its survivor', () => {
  let t: TestApp;
  let ownOrg: string;
  let otherOrg: string;
  let thirdOrg: string;
  let analyst: { id: string; client: Client };
  let viewer: Client;
  let outsider: { id: string; client: Client; organisationId: string };
  let third: { id: string; client: Client; organisationId: string };

  const incident = (
    values: { tlp?: 'clear' | 'amber' | 'red'; owner?: string; author?: string; shared?: string[] } = {},
  ) =>
    makeIncident(t, {
      ownerOrganisationId: values.owner ?? ownOrg,
      authorUserId: values.author ?? analyst.id,
      tlp: values.tlp ?? 'amber',
      sharedOrganisationIds: values.shared ?? [otherOrg, thirdOrg],
    });
  const merge = (client: Client, duplicate: string, survivor: string) =>
    client.post(`/api/v1/incidents/${duplicate}/merge`, { survivorId: survivor });
  const row = (id: string) =>
    t.deps.db
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', fromIncidentId(id))
      .executeTakeFirstOrThrow();
  const addObservable = async (incidentId: string, value: string) => {
    const { rows } = await sql<{ id: string }>`
      insert into observables (type, value, stix_id) values ('domain', ${value}, ${`domain-name--${crypto.randomUUID()}`})
      on conflict (type, value) do update set value = excluded.value returning id`.execute(t.deps.db);
    await sql`insert into incident_observables (incident_id, observable_id)
      values (${fromIncidentId(incidentId)}::uuid, ${rows[0]!.id}::uuid)`.execute(t.deps.db);
  };

  beforeAll(async () => {
    t = await createTestApp({ attachmentMaxBytes: 1024 });
    [ownOrg, otherOrg, thirdOrg] = [
      await makeOrganisation(t),
      await makeOrganisation(t),
      await makeOrganisation(t),
    ];
    const a = await signedInUser(t, ['analyst'], ownOrg);
    analyst = { id: a.id, client: a.client };
    viewer = (await signedInUser(t, ['viewer'], ownOrg)).client;
    outsider = await signedInUser(t, ['analyst'], otherOrg);
    third = await signedInUser(t, ['analyst'], thirdOrg);
  });
  afterAll(() => t.close());

  it('moves observables, comments, attachments, corroborations and links, and leaves a tombstone', async () => {
    const [duplicate, survivor, neighbour, campaign] = [
      await incident(),
      await incident(),
      await incident(),
      await incident(),
    ];
    await addObservable(duplicate, 'only-on-duplicate.example');
    await addObservable(duplicate, 'on-both.example');
    await addObservable(survivor, 'on-both.example');
    expect(
      (await analyst.client.post(`/api/v1/incidents/${duplicate}/comments`, { body: 'first' })).statusCode,
    ).toBe(201);
    const upload = await analyst.client.request({
      method: 'POST',
      url: `/api/v1/incidents/${duplicate}/attachments?filename=a.txt`,
      headers: { 'content-type': 'text/plain' },
      payload: 'evidence',
    });
    expect(upload.statusCode, upload.body).toBe(201);
    // Two corroborations by the same organisation: the earlier one (on the duplicate) stays.
    const early = await outsider.client.post(`/api/v1/incidents/${duplicate}/corroborations`, {
      note: 'early',
    });
    expect(early.statusCode, early.body).toBe(201);
    expect(
      (await outsider.client.post(`/api/v1/incidents/${survivor}/corroborations`, { note: 'late' }))
        .statusCode,
    ).toBe(201);
    expect(
      (await third.client.post(`/api/v1/incidents/${duplicate}/corroborations`, { note: 'third' }))
        .statusCode,
    ).toBe(201);
    for (const [from, to, kind] of [
      [duplicate, neighbour, 'related_to'],
      [duplicate, survivor, 'related_to'],
      [survivor, neighbour, 'related_to'],
      [campaign, duplicate, 'part_of_campaign'],
    ] as const) {
      expect(
        (await analyst.client.post(`/api/v1/incidents/${from}/links`, { targetId: to, kind })).statusCode,
      ).toBe(201);
    }
    const techniques = await analyst.client.request({
      method: 'PUT',
      url: `/api/v1/incidents/${duplicate}/techniques`,
      payload: { techniqueIds: ['T0002', 'T0003'] },
    });
    expect(techniques.statusCode, techniques.body).toBe(200);
    const versionBefore = (await row(duplicate)).version;

    const merged = await merge(analyst.client, duplicate, survivor);
    expect(merged.statusCode, merged.body).toBe(204);

    const tomb = await row(duplicate);
    expect(tomb).toMatchObject({
      status: 'closed',
      closingReason: 'duplicate',
      duplicateOfId: fromIncidentId(survivor),
      version: versionBefore + 1,
      corroborationCount: 0,
    });
    expect((await row(survivor)).corroborationCount).toBe(2);
    const observables = await sql<{
      n: number;
    }>`select count(*)::int as n from incident_observables where incident_id = ${fromIncidentId(survivor)}::uuid`.execute(
      t.deps.db,
    );
    expect(observables.rows[0]!.n).toBe(2);
    const leftover = await sql<{
      n: number;
    }>`select count(*)::int as n from incident_observables where incident_id = ${fromIncidentId(duplicate)}::uuid`.execute(
      t.deps.db,
    );
    expect(leftover.rows[0]!.n).toBe(0);
    const movedTechniques = (await analyst.client.get(`/api/v1/incidents/${survivor}/techniques`)).json();
    expect(JSON.stringify(movedTechniques)).toContain('T0002');
    expect(
      JSON.stringify((await analyst.client.get(`/api/v1/incidents/${duplicate}/techniques`)).json()),
    ).not.toContain('T0002');

    const comments = (await analyst.client.get(`/api/v1/incidents/${survivor}/comments`)).json().items;
    expect(comments.map((c: { body: string }) => c.body)).toEqual(['first']);
    const files = (await analyst.client.get(`/api/v1/incidents/${survivor}/attachments`)).json().items;
    expect(files.map((f: { filename: string }) => f.filename)).toEqual(['a.txt']);
    const corroborations = (await analyst.client.get(`/api/v1/incidents/${survivor}/corroborations`)).json()
      .items;
    expect(corroborations.map((c: { note: string }) => c.note).sort()).toEqual(['early', 'third']);

    const links = (await analyst.client.get(`/api/v1/incidents/${survivor}/links`)).json().items;
    expect(
      links
        .map((l: { kind: string; direction: string; other: { id: string } }) => [
          l.kind,
          l.direction,
          l.other.id,
        ])
        .sort(),
    ).toEqual(
      [
        ['related_to', 'outgoing', neighbour],
        ['part_of_campaign', 'incoming', campaign],
      ].sort(),
    );
    expect((await analyst.client.get(`/api/v1/incidents/${duplicate}/links`)).json().items).toEqual([]);

    const events = await t.deps.db
      .selectFrom('incidentEvents')
      .select(['incidentId', 'type'])
      .where('type', 'in', ['merged_into', 'merged_from'])
      .where('incidentId', 'in', [fromIncidentId(duplicate), fromIncidentId(survivor)])
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['merged_from', 'merged_into']);
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .select('action')
      .where('targetId', '=', duplicate)
      .execute();
    expect(audit.map((a) => a.action)).toContain('incident.merge');
  });

  it('refuses to merge an incident into itself, changing nothing', async () => {
    const a = await incident();
    const before = await rowCounts(t, TABLES);
    expectError(await merge(analyst.client, a, a), 400, 'bad_request');
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('refuses a merge into an incident that is itself merged, so that no cycle can form', async () => {
    const [a, b, c] = [await incident(), await incident(), await incident()];
    expect((await merge(analyst.client, a, b)).statusCode).toBe(204);
    const before = await rowCounts(t, TABLES);
    const tombBefore = await row(a);
    expectError(await merge(analyst.client, b, a), 400, 'bad_request');
    expectError(await merge(analyst.client, c, a), 400, 'bad_request');
    expectError(await merge(analyst.client, a, c), 400, 'bad_request');
    expect(await rowCounts(t, TABLES)).toEqual(before);
    expect(await row(a)).toEqual(tombBefore);
  });

  it('refuses a merge that would close a cycle through duplicate_of links', async () => {
    const [duplicate, survivor, middle] = [await incident(), await incident(), await incident()];
    for (const [from, to] of [
      [survivor, middle],
      [middle, duplicate],
    ]) {
      const linked = await analyst.client.post(`/api/v1/incidents/${from}/links`, {
        targetId: to,
        kind: 'duplicate_of',
      });
      expect(linked.statusCode).toBe(201);
    }
    const before = await rowCounts(t, TABLES);
    expectError(await merge(analyst.client, duplicate, survivor), 400, 'bad_request');
    expect(await rowCounts(t, TABLES)).toEqual(before);
    expect((await row(duplicate)).duplicateOfId).toBeNull();
  });

  it('drops a duplicate_of link between the two instead of making it a self-link', async () => {
    const [a, b] = [await incident(), await incident()];
    expect(
      (await analyst.client.post(`/api/v1/incidents/${b}/links`, { targetId: a, kind: 'duplicate_of' }))
        .statusCode,
    ).toBe(201);
    expect((await merge(analyst.client, a, b)).statusCode).toBe(204);
    expect((await analyst.client.get(`/api/v1/incidents/${b}/links`)).json().items).toEqual([]);
  });

  it('answers 404 for an invisible survivor or duplicate, and changes nothing', async () => {
    const mine = await incident();
    const secret = await incident({ owner: otherOrg, author: outsider.id, shared: [] });
    const before = await rowCounts(t, TABLES);
    expectError(await merge(analyst.client, mine, secret), 404, 'not_found');
    expectError(await merge(analyst.client, secret, mine), 404, 'not_found');
    expectError(
      await merge(analyst.client, mine, 'incident--6b0f1e2c-0000-4000-8000-000000000000'),
      404,
      'not_found',
    );
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('forbids a viewer, and refuses to widen who may read the duplicate unless its owner merges', async () => {
    const [a, b] = [await incident(), await incident()];
    expectError(await merge(viewer, a, b), 403, 'forbidden');
    const amberOfOwn = await incident({ shared: [otherOrg] });
    const clearOfOther = await incident({ owner: otherOrg, author: outsider.id, tlp: 'clear' });
    const before = await rowCounts(t, TABLES);
    expectError(await merge(outsider.client, amberOfOwn, clearOfOther), 403, 'forbidden');
    expect(await rowCounts(t, TABLES)).toEqual(before);
    expect((await merge(analyst.client, amberOfOwn, clearOfOther)).statusCode).toBe(204);
  });

  it('refuses invalid input and an anonymous caller', async () => {
    const a = await incident();
    expectError(await analyst.client.post(`/api/v1/incidents/${a}/merge`, {}), 400, 'validation_failed');
    expectError(
      await analyst.client.post(`/api/v1/incidents/${a}/merge`, { survivorId: 'x' }),
      400,
      'validation_failed',
    );
    expectError(
      await analyst.client.post(`/api/v1/incidents/${a}/merge`, { survivorId: a, extra: true }),
      400,
      'validation_failed',
    );
    expectError(
      await t.anonymous.post(`/api/v1/incidents/${a}/merge`, { survivorId: a }),
      401,
      'unauthenticated',
    );
  });
});
