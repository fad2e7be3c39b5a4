import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../../shared/access/roles.js';
import { canSee, tlpLevels, type Tlp } from '../../../shared/access/tlp.js';
import {
  impactLevels,
  incidentDomains,
  incidentStatuses,
  toIncidentId,
  type IncidentDomain,
} from '../../../shared/contracts/incident-enums.js';
import type { Situation, SituationMapLevel } from '../../../shared/contracts/situation.js';
import { addDays, dayInZone } from '../../../shared/elections/calendar.js';
import {
  createTestApp,
  makeCommunity,
  makeOrganisation,
  makeUser,
  type Client,
  type TestApp,
} from '../../../test/helpers/app.js';
import { areaScopeOf } from '../incidents/incident-queries.js';
import { midnightIn } from './situation-service.js';

/**
 * The property the situation picture must hold: for random users and incidents (markings, sharing
 * lists, areas, domains, severities, creation times, escalations, de-escalations and closings
 * recorded as the incident service records them), every count, the map, the timeline and "what
 * changed" equal exactly what JavaScript computes over the incidents `canSee` allows.
 */

const HOUR = 3_600_000;
const MUNICIPALITIES = ['KU837', 'KU091', 'KU049', 'KU853', 'KU564'];
const LEVEL_PREFIX: Record<SituationMapLevel, string> = {
  municipality: 'KU',
  electoral_district: 'VP',
  wellbeing_county: 'HV',
};

interface Change {
  kind: 'severity' | 'close';
  severity: number;
  hoursAgo: number;
}

interface Seed {
  tlp: Tlp;
  owner: number;
  author: number;
  sharedOrganisations: number[];
  sharedCommunities: number[];
  sharedUsers: number[];
  domains: IncidentDomain[];
  severity: number;
  status: 'new' | 'triage' | 'investigating' | 'monitoring';
  conduct: (typeof impactLevels)[number];
  confidence: (typeof impactLevels)[number];
  areas: string[];
  createdHoursAgo: number;
  changes: Change[];
}

interface Model {
  id: string;
  tlp: Tlp;
  ownerOrganisationId: string;
  authorUserId: string;
  sharedWith: { organisations: string[]; communities: string[]; users: string[] };
  domains: IncidentDomain[];
  severity: number;
  status: string;
  conduct: string;
  confidence: string;
  scope: string[];
  createdAt: Date;
  /** The events after creation, as the service writes them. */
  events: { at: Date; severityFrom?: number; severityTo?: number; closes: boolean }[];
}

describe('the situation picture counts exactly what the viewer may see', () => {
  let t: TestApp;
  const orgs: string[] = [];
  const communities: string[] = [];
  const users: { actor: Actor; client: Client }[] = [];
  const scopes = new Map<string, string[]>();
  let runs = 0;

  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 3; i += 1) orgs.push(await makeOrganisation(t));
    communities.push(await makeCommunity(t, [orgs[0]!, orgs[1]!]), await makeCommunity(t, [orgs[2]!]));
    const communitiesOf = (org: number) => (org === 2 ? [communities[1]!] : [communities[0]!]);
    const people: [number, Role[]][] = [
      [0, ['analyst']],
      [0, ['reporter']],
      [1, ['viewer']],
      [2, ['coordinator']],
      [2, ['reporter', 'viewer']],
    ];
    for (const [org, roles] of people) {
      const user = await makeUser(t, { organisationId: orgs[org]!, roles });
      users.push({
        actor: { userId: user.id, organisationId: orgs[org]!, roles, communityIds: communitiesOf(org) },
        client: await t.signIn(user.email),
      });
    }
    for (const code of MUNICIPALITIES) scopes.set(code, await areaScopeOf(t.deps.db, [code]));
  });
  afterAll(() => t.close());

  const index = (n: number) => fc.integer({ min: 0, max: n - 1 });
  const arbChange = fc.record({
    kind: fc.constantFrom<Change['kind']>('severity', 'severity', 'close'),
    severity: fc.integer({ min: 1, max: 5 }),
    hoursAgo: fc.integer({ min: 0, max: 120 }),
  });
  const arbSeed: fc.Arbitrary<Seed> = fc.record({
    tlp: fc.constantFrom<Tlp>(...tlpLevels),
    owner: index(3),
    author: index(5),
    sharedOrganisations: fc.uniqueArray(index(3), { maxLength: 2 }),
    sharedCommunities: fc.uniqueArray(index(2), { maxLength: 2 }),
    sharedUsers: fc.uniqueArray(index(5), { maxLength: 2 }),
    domains: fc.uniqueArray(fc.constantFrom<IncidentDomain>(...incidentDomains), {
      minLength: 1,
      maxLength: 3,
    }),
    severity: fc.integer({ min: 1, max: 5 }),
    status: fc.constantFrom('new', 'triage', 'investigating', 'monitoring'),
    conduct: fc.constantFrom(...impactLevels),
    confidence: fc.constantFrom(...impactLevels),
    areas: fc.uniqueArray(fc.constantFrom(...MUNICIPALITIES), { maxLength: 2 }),
    createdHoursAgo: fc.integer({ min: 0, max: 150 }),
    changes: fc.array(arbChange, { maxLength: 3 }),
  });
  const arbQuery = fc.record({
    sinceHoursAgo: fc.integer({ min: 0, max: 160 }),
    mapLevel: fc.constantFrom<SituationMapLevel>('municipality', 'electoral_district', 'wellbeing_county'),
    area: fc.option(fc.constantFrom(...MUNICIPALITIES, 'district'), { nil: undefined }),
    domain: fc.option(fc.constantFrom(...incidentDomains), { nil: undefined }),
    bucket: fc.option(fc.constantFrom('hour' as const, 'day' as const), { nil: undefined }),
  });

  /** Writes the incidents as the service would: current row, `created` and `updated` events. */
  const seed = async (electionId: string, seeds: Seed[], now: number): Promise<Model[]> => {
    const models: Model[] = [];
    await t.deps.db.transaction().execute(async (tx) => {
      for (const s of seeds) {
        const createdAt = new Date(now - s.createdHoursAgo * HOUR - 1000);
        const scope = [...new Set(s.areas.flatMap((code) => scopes.get(code)!))].sort();
        const row = {
          tlp: s.tlp,
          ownerOrganisationId: orgs[s.owner]!,
          authorUserId: users[s.author]!.actor.userId,
          sharedOrganisationIds: s.sharedOrganisations.map((i) => orgs[i]!),
          sharedCommunityIds: s.sharedCommunities.map((i) => communities[i]!),
          sharedUserIds: s.sharedUsers.map((i) => users[i]!.actor.userId),
          title: 'Ominaisuustesti',
          domains: s.domains,
          category: 'other',
          severity: s.severity,
          status: s.status,
          impactConduct: s.conduct,
          impactConfidence: s.confidence,
          electionId,
          areaCodes: s.areas,
          areaScope: scope,
          createdAt,
          updatedAt: createdAt,
        };
        const { id } = await tx.insertInto('incidents').values(row).returning('id').executeTakeFirstOrThrow();
        await tx
          .insertInto('incidentEvents')
          .values({
            incidentId: id,
            type: 'created',
            actorUserId: row.authorUserId,
            actorOrganisationId: row.ownerOrganisationId,
            occurredAt: createdAt,
            data: { state: { ...row, createdAt: undefined, updatedAt: undefined } },
          })
          .execute();
        const model: Model = {
          id,
          tlp: s.tlp,
          ownerOrganisationId: row.ownerOrganisationId,
          authorUserId: row.authorUserId,
          sharedWith: {
            organisations: row.sharedOrganisationIds,
            communities: row.sharedCommunityIds,
            users: row.sharedUserIds,
          },
          domains: s.domains,
          severity: s.severity,
          status: s.status,
          conduct: s.conduct,
          confidence: s.confidence,
          scope,
          createdAt,
          events: [],
        };
        // Changes after creation, oldest first, each from the state the one before left.
        const changes = s.changes
          .filter((c) => c.hoursAgo <= s.createdHoursAgo)
          .sort((a, b) => b.hoursAgo - a.hoursAgo);
        for (const [n, change] of changes.entries()) {
          const at = new Date(now - change.hoursAgo * HOUR - 500 + n);
          let data: Record<string, { from: unknown; to: unknown }>;
          if (change.kind === 'close') {
            if (model.status === 'closed') continue;
            data = {
              status: { from: model.status, to: 'closed' },
              closingReason: { from: null, to: 'resolved' },
            };
          } else {
            if (change.severity === model.severity) continue;
            data = { severity: { from: model.severity, to: change.severity } };
          }
          await tx
            .updateTable('incidents')
            .set(
              change.kind === 'close'
                ? { status: 'closed', closingReason: 'resolved', updatedAt: at }
                : { severity: change.severity, updatedAt: at },
            )
            .where('id', '=', id)
            .execute();
          await tx
            .insertInto('incidentEvents')
            .values({
              incidentId: id,
              type: 'updated',
              actorUserId: row.authorUserId,
              actorOrganisationId: row.ownerOrganisationId,
              occurredAt: at,
              data: { changes: data },
            })
            .execute();
          model.events.push({
            at,
            closes: change.kind === 'close',
            ...(change.kind === 'severity'
              ? { severityFrom: model.severity, severityTo: change.severity }
              : {}),
          });
          if (change.kind === 'close') model.status = 'closed';
          else model.severity = change.severity;
        }
        models.push(model);
      }
    });
    return models;
  };

  it('for every user: counts, map, timeline and what changed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbSeed, { minLength: 0, maxLength: 20 }),
        fc.integer({ min: -4, max: 40 }),
        arbQuery,
        async (seeds, electionDayOffset, query) => {
          const now = Date.now();
          const today = dayInZone(new Date(now));
          const electionDay = addDays(today, electionDayOffset);
          runs += 1;
          const { id: electionId } = await t.deps.db
            .insertInto('elections')
            .values({
              slug: `property-${runs}-${now.toString(36)}`,
              type: 'by_election',
              round: null,
              nameFi: 'Testivaalit',
              nameSv: 'Testval',
              nameEn: 'Test election',
              electionDay,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const models = await seed(electionId, seeds, now);

          const since = new Date(now - query.sinceHoursAgo * HOUR);
          const area =
            query.area === 'district' ? scopes.get('KU837')!.find((c) => c.startsWith('VP')) : query.area;
          const params = new URLSearchParams({ since: since.toISOString(), mapLevel: query.mapLevel });
          if (area) params.set('area', area);
          if (query.domain) params.set('domain', query.domain);
          if (query.bucket) params.set('bucket', query.bucket);

          for (const { actor, client } of users) {
            const response = await client.get(`/api/v1/elections/${electionId}/situation?${params}`);
            expect(response.statusCode, response.body).toBe(200);
            const body = response.json<Situation>();

            const visible = models.filter(
              (m) =>
                canSee(actor, m) &&
                (!area || m.scope.includes(area)) &&
                (!query.domain || m.domains.includes(query.domain)),
            );
            const tally = (values: readonly (string | number)[], of: (m: Model) => (string | number)[]) =>
              values.map((value) => ({
                value: String(value),
                count: visible.filter((m) => of(m).includes(value)).length,
              }));
            expect(body.counts).toEqual({
              total: visible.length,
              domain: tally(incidentDomains, (m) => m.domains),
              status: tally(incidentStatuses, (m) => [m.status]),
              severity: tally([1, 2, 3, 4, 5], (m) => [m.severity]),
              impactOnConduct: tally(impactLevels, (m) => [m.conduct]),
              impactOnConfidence: tally(impactLevels, (m) => [m.confidence]),
            });

            const prefix = LEVEL_PREFIX[query.mapLevel];
            const mapCounts: Record<string, number> = {};
            for (const m of visible) {
              for (const code of m.scope.filter((c) => c.startsWith(prefix))) {
                mapCounts[code] = (mapCounts[code] ?? 0) + 1;
              }
            }
            expect(body.map).toEqual({
              level: query.mapLevel,
              counts: mapCounts,
              max: Math.max(0, ...Object.values(mapCounts)),
              withoutArea: visible.filter((m) => !m.scope.some((c) => c.startsWith(prefix))).length,
            });

            const { timeline } = body;
            const from = Date.parse(timeline.from);
            const to = Date.parse(timeline.to);
            const expectedSeries = incidentDomains.map((domain) => ({
              domain,
              counts: timeline.buckets.map(() => 0),
            }));
            for (const m of visible) {
              const at = m.createdAt.getTime();
              if (at < from || at >= to) continue;
              const key =
                timeline.bucket === 'day'
                  ? midnightIn(dayInZone(m.createdAt)).toISOString()
                  : new Date(Math.floor(at / HOUR) * HOUR).toISOString();
              const bucket = timeline.buckets.indexOf(key);
              expect(bucket).toBeGreaterThanOrEqual(0);
              for (const d of m.domains) {
                const counts = expectedSeries.find((s) => s.domain === d)!.counts;
                counts[bucket] = (counts[bucket] ?? 0) + 1;
              }
            }
            expect(timeline.series).toEqual(expectedSeries);
            expect(timeline.from).toBe(midnightIn(addDays(electionDay, -60)).toISOString());

            const after = (m: Model, test: (e: Model['events'][number]) => boolean) =>
              m.events.some((e) => e.at > since && test(e));
            const expectChanged = (
              list: { total: number; items: { id: string }[] },
              matches: (m: Model) => boolean,
            ) => {
              const expected = visible.filter(matches).map((m) => toIncidentId(m.id));
              expect(list.total).toBe(expected.length);
              expect(list.items.map((i) => i.id).sort()).toEqual(expected.sort());
            };
            expectChanged(body.changes.created, (m) => m.createdAt > since);
            expectChanged(body.changes.escalated, (m) => after(m, (e) => e.severityTo! > e.severityFrom!));
            expectChanged(body.changes.deescalated, (m) => after(m, (e) => e.severityTo! < e.severityFrom!));
            expectChanged(body.changes.closed, (m) => after(m, (e) => e.closes));
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
