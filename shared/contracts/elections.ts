import { z } from 'zod';
import { isDay } from '../elections/calendar.js';
import { electionTypes, MAX_YEAR, MIN_YEAR } from '../elections/schedule.js';
import { idSchema, localisedNameSchema, timestampSchema } from './common.js';

export { electionTypes, type ElectionType } from '../elections/schedule.js';

export const electionTypeSchema = z
  .enum(electionTypes)
  .describe(
    'parliamentary, presidential (with rounds), municipal, county, european_parliament, referendum, by_election',
  );

export const daySchema = z
  .string()
  .refine(isDay, 'A calendar day YYYY-MM-DD')
  .describe('Calendar day (YYYY-MM-DD) in Finnish local time: election law counts whole days');

export const phaseKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, 'Lower-case letters, digits and _')
  .describe('Phase key, such as advance_voting_finland or election_day');

export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(-([01]\d|2[0-3]):[0-5]\d)?$/, 'HH:MM or HH:MM-HH:MM')
  .describe('Local time (Europe/Helsinki) the law sets: a deadline "16:00" or a span "09:00-20:00"');

export const electionSlugSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{2,79}$/, 'Lower-case letters, digits and hyphens')
  .describe('Readable stable identifier, such as parliamentary-2027 or presidential-2024-2');

export const phaseStatusSchema = z
  .enum(['official', 'computed', 'adjusted'])
  .describe(
    'official: published by the Ministry of Justice; computed: from the rules; adjusted: changed here',
  );

export const electionPhaseSchema = z
  .object({
    key: phaseKeySchema,
    label: localisedNameSchema,
    startsOn: daySchema,
    endsOn: daySchema.describe('Last day (the same as startsOn for a one-day phase or a deadline)'),
    timeOfDay: timeOfDaySchema.nullable(),
    status: phaseStatusSchema,
    source: z.string().nullable().describe('Where the date was published'),
  })
  .describe('A statutory phase of an election');
export type ElectionPhase = z.infer<typeof electionPhaseSchema>;

export const electionSchema = z
  .object({
    id: idSchema,
    slug: electionSlugSchema,
    type: electionTypeSchema,
    round: z.number().int().nullable().describe('Round of a presidential election (1 or 2)'),
    name: localisedNameSchema,
    electionDay: daySchema,
    phases: z.array(electionPhaseSchema).describe('Phases in time order'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('An election with its statutory phases');
export type Election = z.infer<typeof electionSchema>;

export const electionListSchema = z.object({
  items: z.array(electionSchema).describe('Elections by election day'),
});
export type ElectionList = z.infer<typeof electionListSchema>;

export const electionParamsSchema = z.strictObject({
  id: z.union([idSchema, electionSlugSchema]).describe('Identifier (UUID) or slug of the election'),
});

const yearSchema = z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).describe('Year of the election');
const roundSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(2)
  .describe('Round of a presidential election: 1 (default) or 2');

export const scheduleQuerySchema = z.strictObject({
  type: electionTypeSchema,
  year: yearSchema,
  round: roundSchema.optional(),
  day: daySchema
    .optional()
    .describe(
      'Election day: needed for european_parliament in a year the Council has not fixed, referendum and by_election; overrides the rules otherwise',
    ),
});
export type ScheduleQuery = z.infer<typeof scheduleQuerySchema>;

export const computedPhaseSchema = z.object({
  key: phaseKeySchema,
  label: localisedNameSchema,
  startsOn: daySchema,
  endsOn: daySchema,
  timeOfDay: timeOfDaySchema.nullable(),
  movedFrom: daySchema
    .nullable()
    .describe('The day the rule gave, when it fell on a weekend or public holiday'),
});

export const scheduleSchema = z
  .object({
    type: electionTypeSchema,
    year: z.number().int(),
    round: z.number().int().nullable(),
    electionDay: daySchema,
    regularYear: z.boolean().nullable().describe('Whether the year is in the statutory cycle of the type'),
    name: localisedNameSchema.describe('The name an election created from this schedule gets by default'),
    slug: electionSlugSchema.describe('The slug it gets by default'),
    phases: z.array(computedPhaseSchema),
  })
  .describe('Election day and phases computed from the Election Act rules');
export type ScheduleResult = z.infer<typeof scheduleSchema>;

const phaseInputSchema = z
  .strictObject({
    key: phaseKeySchema,
    startsOn: daySchema,
    endsOn: daySchema,
    timeOfDay: timeOfDaySchema.nullable().optional(),
    label: localisedNameSchema.optional().describe('Needed for a phase the rules do not know'),
  })
  .refine((p) => p.endsOn >= p.startsOn, {
    message: 'A phase cannot end before it starts',
    path: ['endsOn'],
  });

const distinctKeys = (phases: readonly { key: string }[]) =>
  new Set(phases.map((p) => p.key)).size === phases.length;

export const createElectionSchema = z
  .strictObject({
    type: electionTypeSchema,
    year: yearSchema.optional().describe('Year of the election; needed unless the day is given'),
    round: roundSchema.optional(),
    day: daySchema.optional().describe('Election day; computed from the rules when left out'),
    name: localisedNameSchema.optional().describe('Name; the usual name of the type and year when left out'),
    slug: electionSlugSchema.optional(),
    phases: z
      .array(phaseInputSchema)
      .max(60)
      .refine(distinctKeys, 'Each phase key once')
      .optional()
      .describe('Dates to use instead of the computed ones (status adjusted); other phases are computed'),
  })
  .refine((e) => e.year !== undefined || e.day !== undefined, {
    message: 'Give the year or the day',
    path: ['year'],
  });
export type CreateElection = z.input<typeof createElectionSchema>;

export const updateElectionSchema = z
  .strictObject({
    name: localisedNameSchema,
    phases: z
      .array(
        z
          .strictObject({
            key: phaseKeySchema,
            startsOn: daySchema.optional(),
            endsOn: daySchema.optional(),
            timeOfDay: timeOfDaySchema.nullable().optional(),
            label: localisedNameSchema.optional(),
          })
          .refine((p) => p.startsOn === undefined || p.endsOn === undefined || p.endsOn >= p.startsOn, {
            message: 'A phase cannot end before it starts',
            path: ['endsOn'],
          }),
      )
      .min(1)
      .max(60)
      .refine(distinctKeys, 'Each phase key once')
      .describe('Phases to change (by key) or add; a changed phase becomes adjusted'),
  })
  .partial()
  .refine((u) => u.name !== undefined || u.phases !== undefined, 'Nothing to change');
export type UpdateElection = z.input<typeof updateElectionSchema>;
