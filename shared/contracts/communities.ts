import { z } from 'zod';
import { idSchema, localisedNameSchema, timestampSchema } from './common.js';

export const communitySchema = z
  .object({
    id: idSchema,
    name: localisedNameSchema,
    description: z.string().describe('What the community is for'),
    organisationIds: z.array(idSchema).describe('Member organisations'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('A named set of organisations, such as a network; green records are shared with communities');
export type Community = z.infer<typeof communitySchema>;

export const createCommunitySchema = z.strictObject({
  name: localisedNameSchema,
  description: z.string().trim().max(2000).default(''),
  organisationIds: z.array(idSchema).max(500).default([]),
});
export type CreateCommunity = z.input<typeof createCommunitySchema>;

// No defaults here: a field left out of a change must stay as it is.
export const updateCommunitySchema = z
  .strictObject({
    name: localisedNameSchema,
    description: z.string().trim().max(2000),
    organisationIds: z.array(idSchema).max(500),
  })
  .partial();
export type UpdateCommunity = z.input<typeof updateCommunitySchema>;

export const communityListSchema = z.object({ items: z.array(communitySchema) });
