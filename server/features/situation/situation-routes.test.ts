import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Situation, SituationVisit } from '../../../shared/contracts/situation.js';
import {
  createTestApp,
  errorBody,
  makeOrganisation,
  makeUser,
  rowCounts,
  signedInUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { daysBetween } from '../../../shared/elections/calendar.js';
import { makeIncident, type IncidentSeed } from '../../../test/helpers/incidents.js';
import { areaScopeOf } from '../incidents/incident-queries.js';

const HOUR = 3_600_000;
const UNKNOWN_ID = '6b0f1e2c-0000-4000-8000-000000000000';
const URL = '/api/v1/elections/parliamentary-2027/situation';

const expectError = (response: LightMyRequestResponse, status: number, code: string) => {
  expect(response.statusCode, response.body).toBe(status);
  expect(errorBody(response)).toMatchObject({
    code,
    message: expect.any(String),
    requestId: response.headers['x-request-id'],
  });
};

const countOf = (counts: { value: string; count: number }[], value: string) =>
  counts.find((c) => c.value === value)?.count;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('the situation picture', () => {
  let t: TestApp;
  let electionId: string;
  let otherElectionId: string;
  let orgA: string;
  let orgB: string;
  let analystA: Client;
  let analystAId: string;
  let analystB: Client;
  let outsider: Client;
  let adminOnly: Client;
  let coordinatorId: string;
  const ids: Record<string, string> = {};
  let districtOf: Record<string, string>;
  const since = new Date(Date.now() - 24 * HOUR).toISOString();

  const make = async (name: string, seed: Omit<IncidentSeed, 'authorUserId'> & { authorUserId?: string }) => {
    const id = await makeIncident(t, {
      authorUserId: coordinatorId,
      electionId,
      ...seed,
    });
    const scope = await areaScopeOf(t.deps.db, seed.areaCodes ?? []);
    await t.deps.db
      .updateTable('incidents')
      .set({ areaScope: scope })
      .where('id', '=', id.replace('incident--', ''))
      .execute();
    ids[name] = id;
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const elections = await t.deps.db.selectFrom('elections').select(['id', 'slug']).execute();
    electionId = elections.find((e) => e.slug === 'parliamentary-2027')!.id;
    otherElectionId = elections.find((e) => e.slug !== 'parliamentary-2027')!.id;
    orgA = await makeOrganisation(t);
    orgB = await makeOrganisation(t);
    const a = await signedInUser(t, ['analyst'], orgA);
    analystA = a.client;
    analystAId = a.id;
    analystB = (await signedInUser(t, ['analyst'], orgB)).client;
    outsider = (await signedInUser(t, ['viewer'])).client;
    adminOnly = (await signedInUser(t, ['admin'], orgA)).client;
    coordinatorId = (await makeUser(t, { organisationId: orgB, roles: ['coordinator'] })).id;
    const areas = await t.deps.db
      .selectFrom('areas')
      .select(['code', 'electoralDistrictCode'])
      .where('code', 'in', ['KU837', 'KU091'])
      .execute();
    districtOf = Object.fromEntries(areas.map((r) => [r.code, r.electoralDistrictCode!]));

    const now = Date.now();
    // Visible to A: its own amber in Tampere, B's green shared with A in Helsinki, B's clear.
    await make('tampere', {
      ownerOrganisationId: orgA,
      authorUserId: analystAId,
      tlp: 'amber',
      domains: ['cyber'],
      severity: 3,
      areaCodes: ['KU837'],
      createdAt: new Date(now - 2 * HOUR),
    });
    await make('helsinki', {
      ownerOrganisationId: orgB,
      tlp: 'green',
      sharedOrganisationIds: [orgA],
      domains: ['information_influence', 'cyber'],
      severity: 4,
      status: 'investigating',
      areaCodes: ['KU091'],
      createdAt: new Date(now - 72 * HOUR),
    });
    await make('clear', {
      ownerOrganisationId: orgB,
      tlp: 'clear',
      domains: ['process'],
      severity: 1,
      createdAt: new Date(now - 120 * HOUR),
    });
    // Invisible to A: B's amber, and a red of A's organisation not shared with the analyst.
    await make('amberB', {
      ownerOrganisationId: orgB,
      tlp: 'amber',
      domains: ['physical'],
      severity: 5,
      areaCodes: ['KU837'],
      createdAt: new Date(now - HOUR),
    });
    await make('redA', {
      ownerOrganisationId: orgA,
      tlp: 'red',
      domains: ['physical'],
      severity: 5,
      areaCodes: ['KU091'],
      createdAt: new Date(now - HOUR),
    });
    // Another election: never counted here.
    await make('elsewhere', {
      ownerOrganisationId: orgA,
      tlp: 'amber',
      electionId: otherElectionId,
      domains: ['cyber'],
      createdAt: new Date(now - HOUR),
    });

    // Changes through the real API: A escalates its Tampere incident and closes B's Helsinki one;
    // B escalates its own amber (which A must not see in "what changed").
    for (const [client, id, body] of [
      [analystA, ids.tampere!, { version: 1, severity: 4 }],
      [analystA, ids.helsinki!, { version: 1, status: 'closed', closingReason: 'resolved' }],
      [analystB, ids.amberB!, { version: 1, severity: 2 }],
    ] as const) {
      const response = await client.patch(`/api/v1/incidents/${id}`, body);
      expect(response.statusCode, response.body).toBe(200);
    }

    // Threat levels of cyber: 2 two days ago, then 4 an hour ago.
    for (const [level, hoursAgo] of [
      [2, 48],
      [4, 1],
    ] as const) {
      await sql`insert into threat_levels (election_id, domain, level, rationale, set_by_user_id, set_by_organisation_id, set_at)
        values (${electionId}, 'cyber', ${level}, 'Perustelu tasolle', ${coordinatorId}, ${orgB},
                now() - ${hoursAgo} * interval '1 hour')`.execute(t.deps.db);
    }
  });
  afterAll(() => t.close());

  const picture = async (client: Client, query = '') => {
    const response = await client.get(`${URL}?since=${encodeURIComponent(since)}${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Situation>();
  };

  it('refuses an anonymous caller (401) and an administrator without a content role (403)', async () => {
    expectError(await t.anonymous.get(URL), 401, 'unauthenticated');
    expectError(await t.anonymous.post(`${URL}/visit`), 401, 'unauthenticated');
    expectError(await adminOnly.get(URL), 403, 'forbidden');
    expectError(await adminOnly.post(`${URL}/visit`), 403, 'forbidden');
  });

  it('counts exactly the incidents the caller may see, with the expected numbers', async () => {
    const body = await picture(analystA);
    expect(body.election).toMatchObject({
      id: electionId,
      slug: 'parliamentary-2027',
      electionDay: '2027-04-18',
    });
    expect(body.election.phases.length).toBeGreaterThan(5);
    expect(body.election.phaseStatus.daysUntilElectionDay).toBeGreaterThan(0);
    expect(body.filters).toEqual({ area: null, domain: null, mapLevel: 'electoral_district', bucket: 'day' });

    const { counts } = body;
    expect(counts.total).toBe(3);
    expect(counts.domain).toEqual([
      { value: 'information_influence', count: 1 },
      { value: 'cyber', count: 2 },
      { value: 'physical', count: 0 },
      { value: 'process', count: 1 },
    ]);
    // Tampere and the clear one are new; Helsinki was closed.
    expect(counts.status.filter((c) => c.count > 0)).toEqual([
      { value: 'new', count: 2 },
      { value: 'closed', count: 1 },
    ]);
    expect(counts.severity).toEqual([
      { value: '1', count: 1 },
      { value: '2', count: 0 },
      { value: '3', count: 0 },
      { value: '4', count: 2 },
      { value: '5', count: 0 },
    ]);
    expect(countOf(counts.impactOnConduct, 'none')).toBe(3);
    expect(countOf(counts.impactOnConfidence, 'none')).toBe(3);
    expect(counts.status.map((c) => c.value)).toEqual([
      'new',
      'triage',
      'investigating',
      'responding',
      'monitoring',
      'closed',
    ]);

    expect(body.map).toEqual({
      level: 'electoral_district',
      counts: { [districtOf.KU837!]: 1, [districtOf.KU091!]: 1 },
      max: 1,
      withoutArea: 1,
    });

    const { timeline } = body;
    expect(timeline.bucket).toBe('day');
    // The calendar of 2027 has begun (its first phase is in the past): the timeline starts there.
    const firstStart = body.election.phases.map((p) => p.startsOn).sort()[0]!;
    const started = firstStart <= body.election.phaseStatus.today;
    expect(timeline.buckets[0]).toBe(timeline.from);
    expect(timeline.buckets).toHaveLength(
      started ? daysBetween(firstStart, body.election.phaseStatus.today) + 1 : 30,
    );
    for (const s of timeline.series) expect(s.counts).toHaveLength(timeline.buckets.length);
    for (let i = 1; i < timeline.buckets.length; i += 1) {
      const hours = (Date.parse(timeline.buckets[i]!) - Date.parse(timeline.buckets[i - 1]!)) / HOUR;
      expect([23, 24, 25]).toContain(hours);
    }
    const perDomain = Object.fromEntries(timeline.series.map((s) => [s.domain, sum(s.counts)]));
    expect(perDomain).toEqual({ information_influence: 1, cyber: 2, physical: 0, process: 1 });
    expect(timeline.phases.length).toBe(body.election.phases.length);
    expect(timeline.threatLevelChanges.map((m) => [m.domain, m.from, m.to])).toEqual([
      ['cyber', null, 2],
      ['cyber', 2, 4],
    ]);

    const { changes } = body;
    expect(changes.since).toBe(since);
    expect(changes.sinceSource).toBe('query');
    expect(changes.created.total).toBe(1);
    expect(changes.created.items.map((i) => i.id)).toEqual([ids.tampere]);
    expect(changes.escalated.total).toBe(1);
    expect(changes.escalated.items[0]).toMatchObject({
      id: ids.tampere,
      severity: 4,
      status: 'new',
      fromSeverity: 3,
      toSeverity: 4,
    });
    expect(changes.deescalated).toEqual({ total: 0, items: [] });
    expect(changes.closed.total).toBe(1);
    expect(changes.closed.items[0]).toMatchObject({ id: ids.helsinki, status: 'closed', severity: 4 });
    expect(changes.threatLevelChanges.total).toBe(1);
    expect(changes.threatLevelChanges.items[0]).toMatchObject({
      domain: 'cyber',
      from: 2,
      to: 4,
      rationale: 'Perustelu tasolle',
    });
    expect(Date.parse(body.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('shows another organisation none of an amber incident: no count, area, bucket or change', async () => {
    const body = await picture(outsider);
    // The outsider sees the clear incident only.
    expect(body.counts.total).toBe(1);
    expect(countOf(body.counts.domain, 'physical')).toBe(0);
    expect(countOf(body.counts.severity, '2')).toBe(0);
    expect(countOf(body.counts.severity, '5')).toBe(0);
    expect(body.map.counts).toEqual({});
    expect(body.map.withoutArea).toBe(1);
    expect(sum(body.timeline.series.flatMap((s) => s.counts))).toBe(1);
    expect(body.changes.created.total).toBe(0);
    expect(body.changes.escalated.total).toBe(0);
    expect(body.changes.deescalated.total).toBe(0);
    expect(body.changes.closed.total).toBe(0);

    // B itself sees its amber: de-escalated 5 → 2, created an hour ago, in Tampere.
    const own = await picture(analystB);
    expect(own.changes.deescalated.items.map((i) => i.id)).toEqual([ids.amberB]);
    expect(own.changes.created.items.map((i) => i.id)).toContain(ids.amberB);
    expect(own.map.counts[districtOf.KU837!]).toBe(1);
    // And A does not, anywhere.
    const a = JSON.stringify(await picture(analystA));
    expect(a).not.toContain(ids.amberB);
    expect(a).not.toContain(ids.redA);
    expect(a).not.toContain(ids.elsewhere);
  });

  it('filters everything to an area and a domain, and switches the map level and bucket', async () => {
    const tampere = await picture(analystA, '&area=KU837&mapLevel=municipality&bucket=hour');
    expect(tampere.counts.total).toBe(1);
    expect(tampere.map).toEqual({ level: 'municipality', counts: { KU837: 1 }, max: 1, withoutArea: 0 });
    expect(tampere.timeline.bucket).toBe('hour');
    expect(tampere.timeline.buckets.length).toBeGreaterThan(29 * 24);
    expect(Date.parse(tampere.timeline.buckets[1]!) - Date.parse(tampere.timeline.buckets[0]!)).toBe(HOUR);
    expect(sum(tampere.timeline.series.flatMap((s) => s.counts))).toBe(1);
    expect(tampere.changes.escalated.total).toBe(1);
    expect(tampere.changes.closed.total).toBe(0);

    const district = await picture(analystA, `&area=${districtOf.KU091}&mapLevel=wellbeing_county`);
    expect(district.counts.total).toBe(1);
    expect(Object.keys(district.map.counts)).toHaveLength(1);
    expect(Object.keys(district.map.counts)[0]).toMatch(/^HV/);

    const cyber = await picture(analystA, '&domain=process');
    expect(cyber.counts.total).toBe(1);
    expect(cyber.changes.threatLevelChanges.total).toBe(0);
    expect(cyber.timeline.threatLevelChanges).toEqual([]);
  });

  it('accepts the election id as well as its slug', async () => {
    const response = await analystA.get(`/api/v1/elections/${electionId}/situation`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Situation>().counts.total).toBe(3);
  });

  it('refuses invalid input with 400 and an unknown election with 404', async () => {
    for (const query of [
      'area=KU999',
      'area=XX1',
      'mapLevel=region',
      'since=yesterday',
      'bucket=week',
      'domain=weather',
      'foo=1',
    ]) {
      expectError(await analystA.get(`${URL}?${query}`), 400, 'validation_failed');
    }
    expectError(await analystA.get('/api/v1/elections/no-such-election/situation'), 404, 'not_found');
    expectError(await analystA.get(`/api/v1/elections/${UNKNOWN_ID}/situation`), 404, 'not_found');
    expectError(await analystA.get('/api/v1/elections/Bad_Slug!/situation'), 400, 'validation_failed');
  });

  it('records visits: the picture shows what changed since the previous one', async () => {
    const before = await rowCounts(t, ['situation_visits']);
    expectError(await analystA.post(`${URL}/visit`, { at: 'now' }), 400, 'validation_failed');
    expectError(await analystA.post(`/api/v1/elections/${UNKNOWN_ID}/situation/visit`), 404, 'not_found');
    expect(await rowCounts(t, ['situation_visits'])).toEqual(before);

    // No visit yet: the last 24 hours.
    const first = await analystA.get(URL);
    expect(first.json<Situation>().changes.sinceSource).toBe('default');

    const visit = await analystA.post(`${URL}/visit`);
    expect(visit.statusCode, visit.body).toBe(200);
    expect(visit.json<SituationVisit>().previousVisitedAt).toBeNull();
    // A reload moments later continues the same visit.
    const reload = await analystA.post(`${URL}/visit`, {});
    expect(reload.json<SituationVisit>().previousVisitedAt).toBeNull();

    // Three days later the user comes back: "what changed" starts at the earlier visit.
    const threeDaysAgo = new Date(Date.now() - 72 * HOUR - 60_000);
    await sql`update situation_visits set visited_at = ${threeDaysAgo} where user_id = ${analystAId}`.execute(
      t.deps.db,
    );
    const back = await analystA.post(`${URL}/visit`);
    expect(back.json<SituationVisit>().previousVisitedAt).toBe(threeDaysAgo.toISOString());
    const body = (await analystA.get(URL)).json<Situation>();
    expect(body.changes.sinceSource).toBe('previous_visit');
    expect(body.changes.since).toBe(threeDaysAgo.toISOString());
    expect(body.changes.created.total).toBe(2); // Tampere (2 h) and Helsinki (72 h)

    // Visits are per user: B has none.
    expect((await analystB.get(URL)).json<Situation>().changes.sinceSource).toBe('default');
  });
});
