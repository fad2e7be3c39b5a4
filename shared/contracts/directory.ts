import { z } from 'zod';
import { idSchema, limitSchema } from './common.js';

export const peopleQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional().describe('Part of a name or e-mail address'),
  organisationId: idSchema.optional(),
  limit: limitSchema,
});

export const personSchema = z
  .object({ id: idSchema, name: z.string(), organisationId: idSchema })
  .describe('A colleague you can share with or mention');
export const peopleListSchema = z.object({ items: z.array(personSchema) });
