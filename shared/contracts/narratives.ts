import { z } from 'zod';
import { cursorSchema, idSchema, lineText, limitSchema, timestampSchema } from './common.js';
import { incidentIdSchema, sharedWithSchema, statusSchema, tlpSchema } from './incidents.js';

export const narrativeStatuses = ['active', 'dormant', 'closed'] as const;
export const narrativeStatusSchema = z
  .enum(narrativeStatuses)
  .describe('active: spreading now; dormant: quiet but may return; closed: no longer followed');

const markdown = z.string().max(50_000).describe('Markdown (rendered sanitised)');

export const createNarrativeSchema = z
  .strictObject({
    title: lineText(300).describe('The storyline in a sentence, e.g. "postal votes are being destroyed"'),
    description: markdown.default(''),
    status: narrativeStatusSchema.default('active'),
    tlp: tlpSchema.default('amber'),
    sharedWith: sharedWithSchema.default({ organisations: [], communities: [], users: [] }),
  })
  .describe('A new narrative');
export type CreateNarrative = z.input<typeof createNarrativeSchema>;

export const updateNarrativeSchema = z
  .strictObject({
    title: lineText(300),
    description: markdown,
    status: narrativeStatusSchema,
    tlp: tlpSchema,
    sharedWith: sharedWithSchema,
  })
  .partial()
  .describe('Changes to a narrative: only the fields given change');
export type UpdateNarrative = z.input<typeof updateNarrativeSchema>;

export const narrativeSchema = z
  .object({
    id: idSchema,
    title: z.string(),
    description: z.string(),
    status: narrativeStatusSchema,
    tlp: tlpSchema,
    ownerOrganisationId: idSchema,
    authorUserId: idSchema,
    sharedWith: z.object({
      organisations: z.array(idSchema),
      communities: z.array(idSchema),
      users: z.array(idSchema),
    }),
    incidentCount: z.number().int().describe('Linked incidents the caller may see'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    permissions: z
      .object({
        edit: z.boolean(),
        changeMarking: z.boolean().describe('May lower the marking or widen the sharing lists'),
      })
      .describe('What the caller may do with it'),
  })
  .describe('A tracked storyline, linked to incidents');
export type Narrative = z.infer<typeof narrativeSchema>;

export const narrativeListQuerySchema = z.strictObject({
  q: z.string().trim().max(300).optional().describe('Words of the title or description'),
  status: narrativeStatusSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
});

export const narrativeListSchema = z.object({
  items: z.array(narrativeSchema),
  nextCursor: z.string().nullable(),
});

export const narrativeParamsSchema = z.strictObject({ id: idSchema });

export const narrativeIncidentsQuerySchema = z.strictObject({
  cursor: cursorSchema.optional(),
  limit: limitSchema,
});

export const linkedIncidentSchema = z.object({
  id: incidentIdSchema,
  title: z.string(),
  status: statusSchema,
  severity: z.number().int(),
  tlp: tlpSchema,
  firstSeen: timestampSchema.nullable(),
  createdAt: timestampSchema,
  linkedAt: timestampSchema,
});
export const linkedIncidentPageSchema = z.object({
  items: z.array(linkedIncidentSchema),
  nextCursor: z.string().nullable(),
});

export const timelineQuerySchema = z.strictObject({
  bucket: z
    .enum(['day', 'week'])
    .default('day')
    .describe('Width of a bucket (UTC days; ISO weeks from Monday)'),
  by: z
    .enum(['created_at', 'first_seen'])
    .default('created_at')
    .describe('Count by when the incident was recorded, or first seen (recorded when not known)'),
});

export const narrativeTimelineSchema = z.object({
  bucket: z.enum(['day', 'week']),
  by: z.enum(['created_at', 'first_seen']),
  points: z
    .array(z.object({ start: z.iso.date().describe('First day of the bucket'), count: z.number().int() }))
    .describe('Consecutive buckets from the first to the last with an incident; empty ones count 0'),
});
export type NarrativeTimeline = z.infer<typeof narrativeTimelineSchema>;

export const incidentNarrativeParamsSchema = z.strictObject({ id: incidentIdSchema, narrativeId: idSchema });

export const incidentNarrativeSchema = z.object({
  id: idSchema,
  title: z.string(),
  status: narrativeStatusSchema,
  tlp: tlpSchema,
  linkedByUserId: idSchema.nullable(),
  linkedAt: timestampSchema,
});
export const incidentNarrativeListSchema = z.object({ items: z.array(incidentNarrativeSchema) });
