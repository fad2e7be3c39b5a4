import { z } from 'zod';

/** STIX 2.1 downloads (GET /api/v1/incidents/{id}/stix, GET /api/v1/sitreps/{id}/stix). */

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

export const sitrepStixQuerySchema = z.strictObject({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Default: the latest version the caller may read'),
});
export type SitrepStixQuery = z.infer<typeof sitrepStixQuerySchema>;
