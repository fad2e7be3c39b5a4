import { z } from 'zod';
import { idSchema } from './common.js';
import { importCountsSchema } from './exchange-imports.js';
import { tlpSchema } from './incidents.js';

/**
 * MISP (issue 6): GET /api/v1/incidents/{id}/misp (an incident as a MISP event, core format) and
 * POST /api/v1/misp/events (MISP events from a file or the MISP API into the import pipeline and
 * the review queue, like STIX imports).
 */

export const MISP_MEDIA_TYPE = 'application/json; charset=utf-8';
export const MAX_MISP_UPLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_MISP_EVENTS = 10_000;

const eventEnvelopeSchema = z
  .looseObject({ Event: z.record(z.string(), z.unknown()).describe('The event (checked on its own)') })
  .describe('A MISP event in the core format: {"Event": {…}}');

/**
 * One event, a list of events, or the MISP API's `{"response": [...]}` (restSearch). Each event is
 * checked on its own after this, so that one bad event does not refuse the others.
 */
export const mispEventsBodySchema = z
  .union([
    eventEnvelopeSchema,
    z.array(eventEnvelopeSchema).min(1).max(MAX_MISP_EVENTS),
    z.looseObject({ response: z.array(eventEnvelopeSchema).min(1).max(MAX_MISP_EVENTS) }),
  ])
  .describe('MISP events: {"Event": …}, [{"Event": …}, …] or {"response": [{"Event": …}, …]}');
export type MispEventsBody = z.input<typeof mispEventsBodySchema>;

export const mispImportQuerySchema = z
  .strictObject({
    defaultTlp: tlpSchema.default('amber').describe('Marking of events that carry no tlp: tag'),
  })
  .describe('How to mark unmarked events');

export const mispEventOutcomes = ['imported', 'invalid'] as const;

export const unmappedAttributeSchema = z
  .object({
    uuid: z.string().describe('The MISP attribute or object'),
    type: z.string().describe('Its MISP type (or "object <name>")'),
    value: z.string().describe('What it said'),
    reason: z.string().describe('Why it has no counterpart here'),
  })
  .describe('MISP content with no counterpart of ours: kept in a note on the incident');

export const mispEventResultSchema = z
  .object({
    index: z.number().int().min(0).describe('Position of the event in the upload, from 0'),
    uuid: z.string().nullable().describe('The event uuid, when it has one'),
    info: z.string().nullable().describe('The event info, when it has one'),
    outcome: z
      .enum(mispEventOutcomes)
      .describe('imported: converted and imported; invalid: refused, nothing stored'),
    reasons: z.array(z.string()).optional().describe('Why the event was refused'),
    incidentId: z.string().nullable().describe('The STIX id of the incident the event became'),
    importId: idSchema.nullable().describe('The import, in the import log'),
    counts: importCountsSchema.nullable().describe('Outcomes of the STIX objects the event became'),
    workbenchItemIds: z.array(idSchema).describe('Review-queue items made or renewed'),
    unmapped: z.array(unmappedAttributeSchema),
    unknownTechniques: z.array(z.string()).describe('DISARM technique ids our framework does not have'),
  })
  .describe('What happened to one MISP event');
export type MispEventResult = z.infer<typeof mispEventResultSchema>;

export const mispImportResultSchema = z
  .object({
    imported: z.number().int().min(0),
    invalid: z.number().int().min(0),
    events: z.array(mispEventResultSchema).describe('One result per event, in upload order'),
  })
  .describe('The outcome of a MISP upload, event by event');
export type MispImportResult = z.infer<typeof mispImportResultSchema>;
