import type { Actor } from '../../../shared/access/roles.js';
import {
  impactLevels,
  incidentDomains,
  incidentStatuses,
  toIncidentId,
  type IncidentDomain,
  type IncidentStatus,
} from '../../../shared/contracts/incident-enums.js';
import {
  SITUATION_CHANGES_LIMIT,
  type ChangedIncident,
  type Situation,
  type SituationBucket,
  type SituationQuery,
  type SituationVisit,
  type ThreatLevelChange,
  type ValueCounts,
} from '../../../shared/contracts/situation.js';
import { addDays, dayInZone, daysBetween, type Day } from '../../../shared/elections/calendar.js';
import { phaseStatus } from '../../../shared/elections/current-phase.js';
import { AppError } from '../../../shared/errors.js';
import { instantOfWallClock } from '../../../shared/time-zone.js';
import type { Db } from '../../db/connection.js';
import { getElection } from '../elections/election-service.js';
import {
  areaExists,
  findVisit,
  mapLevelPrefixes,
  runSituationSql,
  situationScope,
  threatLevelChanges,
  upsertVisit,
  type ChangedItemJson,
  type SituationSqlRow,
  type ThreatLevelChangeRow,
} from './situation-queries.js';

export interface SituationContext {
  db: Db;
  actor: Actor;
  now: () => Date;
}

const ZONE = 'Europe/Helsinki';
const HOUR_MS = 3_600_000;
/** Without a previous visit, "what changed" covers the last day. */
const DEFAULT_SINCE_MS = 24 * HOUR_MS;
/** A visit within this time of the last one continues it (a reload, a second tab). */
export const VISIT_CONTINUES_MS = 30 * 60_000;
/** Before an election's calendar has begun, the timeline shows this many days up to today. */
const LEAD_IN_DAYS = 30;
/** The default bucket is the hour from this many days before election day to as many after. */
const HOURLY_DAYS = 2;

/** The instant a local day begins in the zone (midnight; Finland never shifts its clocks at midnight). */
export const midnightIn = (day: Day, timeZone = ZONE): Date => {
  return new Date(instantOfWallClock(Date.parse(`${day}T00:00:00Z`), timeZone));
};

export interface TimelineWindow {
  from: Date;
  to: Date;
  buckets: Date[];
}

/**
 * The timeline runs from the first phase (or 60 days before election day) to the last phase's
 * end, or now if that is earlier. Before the calendar has begun (an election months ahead), it
 * shows the last 30 days instead, so that early activity is not hidden.
 */
export const timelineWindow = (
  election: { electionDay: Day; phases: readonly { startsOn: Day; endsOn: Day }[] },
  bucket: SituationBucket,
  now: Date,
): TimelineWindow => {
  const starts = election.phases.map((p) => p.startsOn).sort();
  const ends = election.phases.map((p) => p.endsOn).sort();
  let firstDay = starts[0] ?? addDays(election.electionDay, -60);
  const lastDay = ends[ends.length - 1] ?? election.electionDay;
  let from = midnightIn(firstDay);
  let to = new Date(Math.min(now.getTime(), midnightIn(addDays(lastDay, 1)).getTime()));
  if (to <= from) {
    firstDay = addDays(dayInZone(now, ZONE), -(LEAD_IN_DAYS - 1));
    from = midnightIn(firstDay);
    to = now;
  }
  const buckets: Date[] = [];
  if (bucket === 'hour') {
    for (let t = from.getTime(); t < to.getTime(); t += HOUR_MS) buckets.push(new Date(t));
  } else {
    for (let day = firstDay, at = from; at < to; day = addDays(day, 1), at = midnightIn(day)) {
      buckets.push(at);
    }
  }
  return { from, to, buckets };
};

export const defaultBucket = (electionDay: Day, now: Date): SituationBucket =>
  Math.abs(daysBetween(dayInZone(now, ZONE), electionDay)) <= HOURLY_DAYS ? 'hour' : 'day';

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', message, [{ path, message }]);

const iso = (value: string | Date): string => new Date(value).toISOString();

const valueCounts = (
  rows: SituationSqlRow['counts'],
  facet: string,
  values: readonly (string | number)[],
): ValueCounts => {
  const counts = new Map(rows.filter((r) => r.f === facet).map((r) => [r.v, r.n]));
  return values.map((value) => ({ value: String(value), count: counts.get(String(value)) ?? 0 }));
};

const changedItem = (item: ChangedItemJson): ChangedIncident => ({
  id: toIncidentId(item.id),
  title: item.title,
  severity: item.s,
  status: item.st as IncidentStatus,
  at: iso(item.at),
  fromSeverity: item.f,
  toSeverity: item.to,
});

const threatLevelChange = (row: ThreatLevelChangeRow): ThreatLevelChange => ({
  at: row.at.toISOString(),
  domain: row.domain as IncidentDomain,
  from: row.fromLevel,
  to: row.toLevel,
  rationale: row.rationale,
});

const resolveSince = async (
  ctx: SituationContext,
  electionId: string,
  query: SituationQuery,
  now: Date,
): Promise<{ since: Date; source: Situation['changes']['sinceSource'] }> => {
  if (query.since) return { since: new Date(query.since), source: 'query' };
  const visit = await findVisit(ctx.db, ctx.actor.userId, electionId);
  if (visit?.previousVisitedAt) return { since: visit.previousVisitedAt, source: 'previous_visit' };
  return { since: new Date(now.getTime() - DEFAULT_SINCE_MS), source: 'default' };
};

/** The situation picture of one election, from the incidents the actor may see and nothing else. */
export const getSituation = async (
  ctx: SituationContext,
  idOrSlug: string,
  query: SituationQuery,
): Promise<Situation> => {
  const now = ctx.now();
  const election = await getElection(ctx, idOrSlug);
  if (query.area && !(await areaExists(ctx.db, query.area))) {
    throw invalid('querystring.area', `Unknown area: ${query.area}`);
  }
  const { since, source } = await resolveSince(ctx, election.id, query, now);
  const bucket = query.bucket ?? defaultBucket(election.electionDay, now);
  const window = timelineWindow(election, bucket, now);
  const domain = query.domain ?? null;

  const [row, history] = await Promise.all([
    runSituationSql(ctx.db, {
      electionId: election.id,
      scope: situationScope(ctx.actor, 'i'),
      area: query.area ?? null,
      domain,
      mapPrefix: mapLevelPrefixes[query.mapLevel],
      buckets: window.buckets,
      to: window.to,
      since,
      limit: SITUATION_CHANGES_LIMIT,
    }),
    // Threat levels are set a few times per election: the whole history, filtered here.
    threatLevelChanges(ctx.db, election.id, null, { domain }),
  ]);
  const markers = history.filter((h) => h.at >= window.from && h.at <= window.to);
  const changes = history.filter((h) => h.at > since);

  const areas = row.map;
  const series = incidentDomains.map(() => window.buckets.map(() => 0));
  for (const [bucketNumber, ...perDomain] of row.timeline) {
    perDomain.forEach((n, d) => {
      series[d]![bucketNumber! - 1] = n;
    });
  }

  return {
    election: {
      id: election.id,
      slug: election.slug,
      type: election.type,
      round: election.round,
      name: election.name,
      electionDay: election.electionDay,
      phases: election.phases,
      phaseStatus: phaseStatus(election.phases, now, election.electionDay),
    },
    filters: { area: query.area ?? null, domain, mapLevel: query.mapLevel, bucket },
    counts: {
      total: row.totals[0]!,
      domain: incidentDomains.map((value, d) => ({ value, count: row.totals[d + 1]! })),
      status: valueCounts(row.counts, 'status', incidentStatuses),
      severity: valueCounts(row.counts, 'severity', [1, 2, 3, 4, 5]),
      impactOnConduct: valueCounts(row.counts, 'conduct', impactLevels),
      impactOnConfidence: valueCounts(row.counts, 'confidence', impactLevels),
    },
    map: {
      level: query.mapLevel,
      counts: Object.fromEntries(areas.map((m) => [m.c, m.n])),
      max: areas.reduce((max, m) => Math.max(max, m.n), 0),
      withoutArea: row.totals[incidentDomains.length + 1]!,
    },
    timeline: {
      bucket,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      buckets: window.buckets.map((b) => b.toISOString()),
      series: incidentDomains.map((domain, d) => ({ domain, counts: series[d]! })),
      phases: election.phases.map((p) => ({
        key: p.key,
        label: p.label,
        startsAt: midnightIn(p.startsOn).toISOString(),
        endsAt: midnightIn(addDays(p.endsOn, 1)).toISOString(),
      })),
      threatLevelChanges: markers.map((m) => {
        const { rationale: _rationale, ...marker } = threatLevelChange(m);
        return marker;
      }),
    },
    changes: {
      since: since.toISOString(),
      sinceSource: source,
      created: { total: row.createdTotal, items: row.createdItems.map(changedItem) },
      escalated: { total: row.escalatedTotal, items: row.escalatedItems.map(changedItem) },
      deescalated: { total: row.deescalatedTotal, items: row.deescalatedItems.map(changedItem) },
      closed: { total: row.closedTotal, items: row.closedItems.map(changedItem) },
      threatLevelChanges: {
        total: changes.length,
        items: changes.slice(-SITUATION_CHANGES_LIMIT).reverse().map(threatLevelChange),
      },
    },
    generatedAt: now.toISOString(),
  };
};

/** Records the actor's visit of the election's picture; the next picture starts "what changed" at it. */
export const recordVisit = async (ctx: SituationContext, idOrSlug: string): Promise<SituationVisit> => {
  const election = await getElection(ctx, idOrSlug);
  const visit = await upsertVisit(ctx.db, ctx.actor.userId, election.id, ctx.now(), VISIT_CONTINUES_MS);
  return {
    visitedAt: visit.visitedAt.toISOString(),
    previousVisitedAt: visit.previousVisitedAt?.toISOString() ?? null,
  };
};
