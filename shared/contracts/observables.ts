import { z } from 'zod';
import { observableTypes, socialPlatforms } from '../observables/types.js';
import { cursorSchema, idSchema, limitSchema, timestampSchema } from './common.js';
import { incidentIdSchema, incidentParamsSchema, statusSchema, tlpSchema } from './incidents.js';

export const observableTypeSchema = z
  .enum(observableTypes)
  .describe('Kind of observable; md5, sha1, sha256 and sha512 are file hashes');

const noteSchema = z.string().trim().max(2000).describe('Why the observable matters to this incident');

/** Body of POST /incidents/{id}/observables: a value, or a platform and handle for an account. */
export const addObservableSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('social_account'),
      platform: z.enum(socialPlatforms).describe('Platform of the account'),
      handle: z.string().max(300).describe('Account name (handle), with or without a leading @'),
      note: noteSchema.default(''),
    }),
    z.strictObject({
      type: observableTypeSchema.exclude(['social_account']),
      value: z
        .string()
        .max(4096)
        .describe('The value as seen; it is normalised (lower-case host, punycode, canonical URL …)'),
      note: noteSchema.default(''),
    }),
  ])
  .describe('An observable to add to the incident');
export type AddObservable = z.input<typeof addObservableSchema>;

export const observableSchema = z
  .object({
    id: idSchema,
    type: observableTypeSchema,
    value: z.string().describe('Normalised value; for an account `platform:handle`'),
    platform: z.string().nullable().describe('Platform of a social-media account, else null'),
    handle: z.string().nullable().describe('Handle of a social-media account, else null'),
    stixId: z.string().describe('Deterministic STIX 2.1 id of the cyber-observable'),
    createdAt: timestampSchema,
  })
  .describe('An observable: the same normalised value is one observable across incidents');
export type Observable = z.infer<typeof observableSchema>;

export const incidentObservableSchema = observableSchema
  .extend({
    note: z.string(),
    addedByUserId: idSchema.nullable(),
    addedAt: timestampSchema,
    otherIncidentCount: z
      .number()
      .int()
      .describe('Other incidents with this observable that the caller may see'),
  })
  .describe('An observable of an incident');
export type IncidentObservable = z.infer<typeof incidentObservableSchema>;

export const incidentObservableListSchema = z.object({ items: z.array(incidentObservableSchema) });

export const incidentObservableParamsSchema = z.strictObject({
  id: incidentIdSchema,
  observableId: idSchema,
});
export { incidentParamsSchema };

export const observableParamsSchema = z.strictObject({ observableId: idSchema });

export const observableIncidentsQuerySchema = z.strictObject({
  excludeIncidentId: incidentIdSchema.optional().describe('Leave this incident out (the one being viewed)'),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
});

export const observableIncidentSchema = z
  .object({
    id: incidentIdSchema,
    title: z.string(),
    status: statusSchema,
    severity: z.number().int(),
    tlp: tlpSchema,
    createdAt: timestampSchema,
    addedAt: timestampSchema.describe('When the observable was added to that incident'),
  })
  .describe('An incident that has the observable');

export const observableIncidentPageSchema = z.object({
  observable: observableSchema,
  items: z.array(observableIncidentSchema),
  nextCursor: z.string().nullable(),
});
