import { z } from 'zod';
import { roles } from '../access/roles.js';
import { cursorSchema, idSchema, limitSchema, lineText, localeSchema, timestampSchema } from './common.js';

export const passwordSchema = z
  .string()
  .min(12, 'Use at least 12 characters.')
  .max(256)
  .describe('Password, at least 12 characters');

export const emailSchema = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase())
  .describe('E-mail address (sign-in name)');

export const roleSchema = z.enum(roles).describe('Role');
export const rolesSchema = z
  .array(roleSchema)
  .min(1)
  .max(roles.length)
  .refine((list) => new Set(list).size === list.length, 'Each role once.')
  .describe('One or more roles');

export const userSchema = z
  .object({
    id: idSchema,
    name: z.string().describe('Full name'),
    email: z.string().describe('E-mail address'),
    organisationId: idSchema.describe('Home organisation'),
    roles: z.array(roleSchema),
    active: z.boolean().describe('Deactivated users cannot sign in and lose their sessions at once'),
    locale: localeSchema,
    twoFactorEnabled: z.boolean(),
    mustChangePassword: z.boolean().describe('Signs in with a one-time password that must be changed'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('A user account');
export type User = z.infer<typeof userSchema>;

export const createUserSchema = z.strictObject({
  name: lineText(200),
  email: emailSchema,
  organisationId: idSchema,
  roles: rolesSchema,
  locale: localeSchema.default('fi'),
  password: passwordSchema
    .optional()
    .describe('Initial password; when omitted a one-time password is generated and returned once'),
});
export type CreateUser = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    name: lineText(200),
    organisationId: idSchema,
    roles: rolesSchema,
    active: z.boolean(),
    locale: localeSchema,
  })
  .partial();
export type UpdateUser = z.input<typeof updateUserSchema>;

export const userListQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional().describe('Search in name and e-mail'),
  organisationId: idSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
});

export const userListSchema = z.object({ items: z.array(userSchema), nextCursor: z.string().nullable() });

export const oneTimePasswordSchema = z.object({
  user: userSchema,
  oneTimePassword: z
    .string()
    .nullable()
    .describe('Shown once: the user must change it at first sign-in. Null when a password was given.'),
});
