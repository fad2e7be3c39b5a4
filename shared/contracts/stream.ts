import { z } from 'zod';
import { timestampSchema } from './common.js';
import { incidentIdSchema } from './incidents.js';

/**
 * GET /api/v1/stream (Server-Sent Events). Events say what changed, never the content: the
 * client refetches through the access-checked API.
 *
 *   event: incident      id: <event id>   data: IncidentStreamEvent
 *   event: notification                   data: {}   (a notification for this user was created)
 *   event: ready         id: <event id>   data: { lastEventId }   (connected; resume from here)
 *   event: reset         id: <event id>   data: { lastEventId }   (too much was missed: refetch everything)
 *
 * A heartbeat comment arrives every 25 s. Reconnecting with the `Last-Event-ID` header (browsers
 * send it by themselves) or `?lastEventId=` replays what was missed, in order and without duplicates.
 */
export const STREAM_PATH = '/api/v1/stream';

/** An event id as the client sends it back: the header or the query parameter. */
export const streamEventIdPattern = /^\d{1,15}$/;

export const streamQuerySchema = z.strictObject({
  lastEventId: z
    .string()
    .regex(streamEventIdPattern)
    .optional()
    .describe('For clients that cannot send the Last-Event-ID header: resume after this event id'),
});

export const incidentStreamEventSchema = z
  .object({
    id: z.number().int().describe('Event id: global, increasing in commit order'),
    incidentId: incidentIdSchema,
    type: z.string().describe('Kind of change, as in the incident history (created, updated, commented …)'),
    occurredAt: timestampSchema,
  })
  .describe('An incident the user may see has changed');
export type IncidentStreamEvent = z.infer<typeof incidentStreamEventSchema>;

export const streamPositionSchema = z
  .object({ lastEventId: z.number().int().describe('Resume after this event id') })
  .describe('Where the stream stands');
export type StreamPosition = z.infer<typeof streamPositionSchema>;

export const streamEventNames = ['incident', 'notification', 'threat_level', 'ready', 'reset'] as const;
export type StreamEventName = (typeof streamEventNames)[number];
