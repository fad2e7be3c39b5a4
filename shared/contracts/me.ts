import { z } from 'zod';
import { idSchema, lineText, localeSchema, localisedNameSchema, timestampSchema } from './common.js';
import { passwordSchema, roleSchema } from './users.js';

export const meSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    email: z.string(),
    locale: localeSchema,
    timeZone: z.string().describe('IANA time zone for showing times'),
    reportFallbackLanguages: z
      .array(localeSchema)
      .describe(
        "Languages to read a situation report in, in order, when it is not available in the user's own",
      ),
    roles: z.array(roleSchema),
    organisation: z.object({ id: idSchema, shortName: z.string(), name: localisedNameSchema }),
    communities: z.array(z.object({ id: idSchema, name: localisedNameSchema })),
    twoFactorEnabled: z.boolean(),
    twoFactorRequired: z.boolean().describe('The organisation requires two-factor authentication'),
    restriction: z
      .enum(['password_change_required', 'two_factor_enrolment_required'])
      .nullable()
      .describe('What the user must do before anything else'),
    authMethod: z.enum(['session', 'token']),
    demo: z.boolean().describe('This server runs the demo community'),
  })
  .describe('The signed-in user');
export type Me = z.infer<typeof meSchema>;

export const updateMeSchema = z
  .strictObject({
    name: lineText(200),
    locale: localeSchema,
    timeZone: lineText(64),
    reportFallbackLanguages: z
      .array(localeSchema)
      .min(1)
      .max(3)
      .refine((l) => new Set(l).size === l.length, 'Name each language once.'),
  })
  .partial();
export type UpdateMe = z.input<typeof updateMeSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
  signOutOtherSessions: z.boolean().default(true),
});
export type ChangePassword = z.input<typeof changePasswordSchema>;

export const sessionSchema = z.object({
  id: idSchema,
  current: z.boolean(),
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export const sessionListSchema = z.object({ items: z.array(sessionSchema) });

export const apiTokenSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    start: z.string().nullable().describe('The first characters, to recognise the token'),
    createdAt: timestampSchema,
    expiresAt: timestampSchema.nullable(),
    lastUsedAt: timestampSchema.nullable(),
  })
  .describe('A personal API token for machine clients (Authorization: Bearer)');
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createApiTokenSchema = z.strictObject({
  name: lineText(100),
  expiresInDays: z.number().int().min(1).max(366).nullable().default(90),
});
export type CreateApiToken = z.input<typeof createApiTokenSchema>;

export const createdApiTokenSchema = z.object({
  token: apiTokenSchema,
  secret: z.string().describe('The token itself: shown once, never again'),
});
export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) });
