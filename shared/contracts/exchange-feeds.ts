import { z } from 'zod';
import { idSchema, lineText, timestampSchema } from './common.js';

/**
 * Partner feeds: what this instance polls from a partner's server on a schedule, into the import
 * pipeline (and so into the workbench). A TAXII 2.1 feed reads one collection; a MISP feed reads a
 * MISP feed (manifest + event files). Feeds belong to a partner agreement and are managed by the
 * coordinators of the agreement's organisation; everyone else gets 404 (other organisations) or
 * 403 (other roles). The remote server's token is write-only: it is stored encrypted and never
 * returned, only whether one is set.
 */

export const feedKinds = ['taxii', 'misp'] as const;
export type FeedKind = (typeof feedKinds)[number];
export const feedKindSchema = z
  .enum(feedKinds)
  .describe('taxii: a TAXII 2.1 collection; misp: a MISP feed (manifest.json + event files)');

export const MIN_FEED_INTERVAL_MINUTES = 1;
export const MAX_FEED_INTERVAL_MINUTES = 7 * 24 * 60;
export const DEFAULT_FEED_INTERVAL_MINUTES = 15;

export const feedUrlSchema = z
  .url({ protocol: /^https?$/, normalize: true })
  .max(2000)
  .refine((value) => {
    if (!URL.canParse(value)) return true; // reported by the check above
    const url = new URL(value);
    return url.username === '' && url.password === '' && url.hash === '' && url.search === '';
  }, 'No credentials, query or fragment in the address: the token goes in its own field')
  .describe(
    "TAXII: the collection's address, the API root followed by collections/{id}/ (the client reads its objects/); MISP: the feed's base address (where manifest.json is)",
  );

export const feedTokenSchema = z
  .string()
  .trim()
  .min(8)
  .max(4000)
  .regex(/^[\x21-\x7e]+$/, 'Printable ASCII characters without spaces')
  .describe("The remote server's bearer token (write-only: stored encrypted and never returned)");

export const feedIntervalSchema = z
  .number()
  .int()
  .min(MIN_FEED_INTERVAL_MINUTES)
  .max(MAX_FEED_INTERVAL_MINUTES)
  .describe('Minutes between polls');

export const partnerFeedsParamsSchema = z.strictObject({ partnerId: idSchema.describe('Partner agreement') });
export const partnerFeedParamsSchema = z.strictObject({
  partnerId: idSchema.describe('Partner agreement'),
  feedId: idSchema.describe('Feed'),
});

export const partnerFeedSchema = z
  .object({
    id: idSchema,
    partnerId: idSchema,
    kind: feedKindSchema,
    title: z.string().describe('Name of the feed'),
    url: z.string().describe('Address polled'),
    hasToken: z.boolean().describe('Whether a token is stored (the token itself is never returned)'),
    intervalMinutes: feedIntervalSchema,
    enabled: z.boolean().describe('Polled on schedule'),
    cursor: z
      .string()
      .nullable()
      .describe(
        'Where the next poll continues: TAXII, the date_added of the last object received; MISP, the timestamp of the newest event read',
      ),
    lastPolledAt: timestampSchema.nullable().describe('When the last poll ended, whatever its outcome'),
    lastSuccessAt: timestampSchema.nullable().describe('When the last successful poll ended'),
    lastError: z.string().nullable().describe('Why the last poll failed; null after a success'),
    consecutiveFailures: z.number().int().describe('Failed polls since the last success'),
    nextPollAt: timestampSchema.nullable().describe('When the feed is due (backs off after failures)'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe("A partner feed polled into the workbench. The remote server's token is never returned.");
export type PartnerFeed = z.infer<typeof partnerFeedSchema>;

export const partnerFeedListSchema = z.object({ items: z.array(partnerFeedSchema) });

export const createPartnerFeedSchema = z
  .strictObject({
    kind: feedKindSchema,
    title: lineText(200).describe('Name of the feed'),
    url: feedUrlSchema,
    token: feedTokenSchema.optional(),
    intervalMinutes: feedIntervalSchema.default(DEFAULT_FEED_INTERVAL_MINUTES),
    enabled: z.boolean().default(true),
  })
  .describe('A new feed: polled for the first time as soon as it is enabled');
export type CreatePartnerFeed = z.input<typeof createPartnerFeedSchema>;

export const updatePartnerFeedSchema = z
  .strictObject({
    title: lineText(200).optional(),
    url: feedUrlSchema
      .optional()
      .describe('A new address also starts over from the beginning (cursor cleared)'),
    token: feedTokenSchema.nullable().optional().describe('A new token, or null to remove the stored one'),
    intervalMinutes: feedIntervalSchema.optional(),
    enabled: z.boolean().optional(),
    resetCursor: z
      .literal(true)
      .optional()
      .describe('Read everything again from the beginning (re-import is idempotent)'),
  })
  .refine((value) => Object.keys(value).length > 0, 'Nothing to change')
  .describe('Changes to a feed; fields left out stay as they are');
export type UpdatePartnerFeed = z.infer<typeof updatePartnerFeedSchema>;

export const feedPollCountsSchema = z
  .object({
    pages: z.number().int().describe('Pages (TAXII) or events (MISP) read'),
    objects: z.number().int().describe('Objects handed to the import pipeline'),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    olderIgnored: z.number().int(),
    invalid: z.number().int(),
  })
  .describe('What this poll brought in');
export type FeedPollCounts = z.infer<typeof feedPollCountsSchema>;

export const feedPollOutcomeSchema = z
  .object({
    status: z
      .enum(['succeeded', 'failed'])
      .describe('failed: the error is recorded on the feed and the next poll backs off'),
    complete: z
      .boolean()
      .describe('Everything available was read; false when the poll stopped early and continues soon'),
    counts: feedPollCountsSchema,
    importIds: z.array(idSchema).describe('The imports this poll made (one per page or event)'),
    error: z.string().nullable().describe('Why it failed'),
    feed: partnerFeedSchema,
  })
  .describe('The outcome of a poll');
export type FeedPollOutcome = z.infer<typeof feedPollOutcomeSchema>;
