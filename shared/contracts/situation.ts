import { z } from 'zod';
import { areaCodeSchema } from './areas.js';
import { idSchema, localisedNameSchema, timestampSchema } from './common.js';
import { daySchema, electionPhaseSchema, electionSlugSchema, electionTypeSchema } from './elections.js';
import { domainSchema, incidentIdSchema, statusSchema } from './incidents.js';

/**
 * The situation picture of one election: GET /api/v1/elections/{id}/situation.
 * Everything in it is computed only from the incidents the caller may see.
 */

export const situationMapLevels = ['municipality', 'electoral_district', 'wellbeing_county'] as const;
export type SituationMapLevel = (typeof situationMapLevels)[number];
export const situationBuckets = ['hour', 'day'] as const;
export type SituationBucket = (typeof situationBuckets)[number];

/** Threat level 1 (low) – 5 (severe). */
export const threatLevelValueSchema = z
  .number()
  .int()
  .min(1)
  .max(5)
  .describe('Threat level 1 (low) – 5 (severe)');

export const situationQuerySchema = z
  .strictObject({
    area: areaCodeSchema
      .optional()
      .describe('Only incidents in this area (a district, county or region includes its municipalities)'),
    domain: domainSchema.optional().describe('Only incidents of this domain'),
    since: timestampSchema
      .optional()
      .describe('Start of "what changed"; default: your previous visit, or 24 hours ago'),
    mapLevel: z
      .enum(situationMapLevels)
      .default('electoral_district')
      .describe('Areas of the map: municipality, electoral_district (default) or wellbeing_county'),
    bucket: z
      .enum(situationBuckets)
      .optional()
      .describe('Timeline bucket; default day, or hour when election day is within two days of today'),
  })
  .describe('Filters of the situation picture');
export type SituationQuery = z.infer<typeof situationQuerySchema>;
export type SituationQueryInput = z.input<typeof situationQuerySchema>;

/** Where the election stands today (shared/elections/current-phase.ts `phaseStatus`). */
export const phaseStatusResultSchema = z.object({
  today: daySchema,
  stage: z.enum(['before', 'during', 'after']),
  current: z.array(
    z.object({
      key: z.string(),
      startsOn: daySchema,
      endsOn: daySchema,
      timeOfDay: z.string().nullable(),
      dayNumber: z.number().int().describe('1-based: day 3 of 7'),
      totalDays: z.number().int(),
    }),
  ),
  next: z
    .object({
      key: z.string(),
      startsOn: daySchema,
      endsOn: daySchema,
      timeOfDay: z.string().nullable(),
      daysUntil: z.number().int(),
    })
    .nullable(),
  daysUntilElectionDay: z.number().int().nullable(),
});

export const situationElectionSchema = z
  .object({
    id: idSchema,
    slug: electionSlugSchema,
    type: electionTypeSchema,
    round: z.number().int().nullable(),
    name: localisedNameSchema,
    electionDay: daySchema,
    phases: z.array(electionPhaseSchema).describe('Phases in time order'),
    phaseStatus: phaseStatusResultSchema.describe('Current phase(s) today, for "day 3 of 7"'),
  })
  .describe('The election the picture is of');

/**
 * Counts per value. Every value of the vocabulary is listed, in vocabulary order, zeros included.
 * `value` is exactly what the incident list filter takes: /incidents?electionId=…&domain=<value>
 * (severity as "1"–"5").
 */
export const valueCountsSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));
export type ValueCounts = z.infer<typeof valueCountsSchema>;

export const situationCountsSchema = z
  .object({
    total: z.number().int().describe('Incidents in the picture (after the area and domain filters)'),
    domain: valueCountsSchema.describe('An incident of two domains counts in both'),
    status: valueCountsSchema,
    severity: valueCountsSchema,
    impactOnConduct: valueCountsSchema,
    impactOnConfidence: valueCountsSchema,
  })
  .describe('Counts by domain, status, severity and impact');

export const situationMapSchema = z
  .object({
    level: z.enum(situationMapLevels),
    counts: z
      .record(z.string(), z.number().int())
      .describe('Area code → incidents touching the area (an incident counts once per area); only non-zero'),
    max: z.number().int().describe('Largest count (0 when none)'),
    withoutArea: z.number().int().describe('Incidents with no area of this level'),
  })
  .describe('Incidents per area, for the choropleth');

export const threatLevelMarkerSchema = z.object({
  at: timestampSchema,
  domain: domainSchema,
  from: threatLevelValueSchema.nullable().describe('Previous level; null for the first one set'),
  to: threatLevelValueSchema,
});
export type ThreatLevelMarker = z.infer<typeof threatLevelMarkerSchema>;

export const situationTimelineSchema = z
  .object({
    bucket: z.enum(situationBuckets),
    from: timestampSchema.describe('Start of the first bucket'),
    to: timestampSchema.describe('End of the timeline: the last phase end, or now if earlier'),
    buckets: z
      .array(timestampSchema)
      .describe('Start of each bucket (days start at midnight Europe/Helsinki); may be empty'),
    series: z
      .array(
        z.object({
          domain: domainSchema,
          counts: z
            .array(z.number().int())
            .describe('Incidents created in each bucket, aligned with buckets'),
        }),
      )
      .describe('One series per domain, every domain listed'),
    phases: z
      .array(
        z.object({
          key: z.string(),
          label: localisedNameSchema,
          startsAt: timestampSchema.describe('Midnight Europe/Helsinki of the first day'),
          endsAt: timestampSchema.describe('Midnight Europe/Helsinki after the last day'),
        }),
      )
      .describe('The phases as background bands'),
    threatLevelChanges: z.array(threatLevelMarkerSchema).describe('Markers, in time order'),
  })
  .describe('Incidents per domain over time, against the election calendar');

export const changedIncidentSchema = z.object({
  id: incidentIdSchema,
  title: z.string(),
  severity: z.number().int().describe('Severity now'),
  status: statusSchema.describe('Status now'),
  at: timestampSchema.describe('When it was created / escalated / de-escalated / closed (the latest)'),
  fromSeverity: z.number().int().nullable().describe('Escalated/de-escalated: severity before the change'),
  toSeverity: z.number().int().nullable().describe('Escalated/de-escalated: severity after the change'),
});
export type ChangedIncident = z.infer<typeof changedIncidentSchema>;

const changedList = z.object({
  total: z.number().int().describe('All of them'),
  items: z.array(changedIncidentSchema).describe('The latest first, at most 50'),
});

export const threatLevelChangeSchema = threatLevelMarkerSchema.extend({
  rationale: z.string().nullable(),
});
export type ThreatLevelChange = z.infer<typeof threatLevelChangeSchema>;

export const situationChangesSchema = z
  .object({
    since: timestampSchema,
    sinceSource: z
      .enum(['query', 'previous_visit', 'default'])
      .describe('Where `since` came from: the query, your previous visit, or 24 hours ago'),
    created: changedList.describe('Incidents created after `since`'),
    escalated: changedList.describe('Incidents whose severity was raised after `since` (each once)'),
    deescalated: changedList.describe('Incidents whose severity was lowered after `since` (each once)'),
    closed: changedList.describe('Incidents closed after `since` (each once)'),
    threatLevelChanges: z.object({
      total: z.number().int(),
      items: z.array(threatLevelChangeSchema).describe('The latest first, at most 50'),
    }),
  })
  .describe('What changed since a time');

export const situationSchema = z
  .object({
    election: situationElectionSchema,
    filters: z.object({
      area: areaCodeSchema.nullable(),
      domain: domainSchema.nullable(),
      mapLevel: z.enum(situationMapLevels),
      bucket: z.enum(situationBuckets),
    }),
    counts: situationCountsSchema,
    map: situationMapSchema,
    timeline: situationTimelineSchema,
    changes: situationChangesSchema,
    generatedAt: timestampSchema,
  })
  .describe('The situation picture of an election, from the incidents you may see');
export type Situation = z.infer<typeof situationSchema>;

export const situationVisitSchema = z
  .object({
    visitedAt: timestampSchema.describe('Now'),
    previousVisitedAt: timestampSchema.nullable().describe('Your visit before this one'),
  })
  .describe('Your visit to the situation picture was recorded');
export type SituationVisit = z.infer<typeof situationVisitSchema>;

/** Situation changes are limited to this many items per list. */
export const SITUATION_CHANGES_LIMIT = 50;
