import { z } from 'zod';
import { idSchema, lineText, localisedNameSchema, timestampSchema } from './common.js';

export const organisationKinds = [
  'operator',
  'ministry',
  'security_service',
  'cyber_security_centre',
  'police',
  'defence',
  'election_authority',
  'government_office',
  'agency',
  'partner',
  'other',
] as const;

export const organisationSchema = z
  .object({
    id: idSchema,
    shortName: z.string().describe('Short name or acronym, unique (for example "OM", "NCSC-FI")'),
    name: localisedNameSchema,
    kind: z.enum(organisationKinds).describe('What kind of body this is'),
    requireTwoFactor: z.boolean().describe('Members must use two-factor authentication'),
    active: z.boolean().describe('Inactive organisations are kept for history but cannot be chosen'),
    memberCount: z.number().int().describe('Active users in the organisation'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('An organisation of the cooperation group or a partner');
export type Organisation = z.infer<typeof organisationSchema>;

export const createOrganisationSchema = z.strictObject({
  shortName: lineText(40).describe('Short name or acronym, unique'),
  name: localisedNameSchema,
  kind: z.enum(organisationKinds).default('other'),
  requireTwoFactor: z.boolean().default(false),
});
export type CreateOrganisation = z.input<typeof createOrganisationSchema>;

export const updateOrganisationSchema = z
  .strictObject({
    shortName: lineText(40),
    name: localisedNameSchema,
    kind: z.enum(organisationKinds),
    requireTwoFactor: z.boolean(),
    active: z.boolean(),
  })
  .partial();
export type UpdateOrganisation = z.input<typeof updateOrganisationSchema>;

export const organisationListSchema = z.object({ items: z.array(organisationSchema) });

/** The short form anyone signed in may list, to choose sharing targets. */
export const organisationSummarySchema = organisationSchema.pick({
  id: true,
  shortName: true,
  name: true,
  kind: true,
});
