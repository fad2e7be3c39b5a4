import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, timestampSchema } from './common.js';

export const auditEventSchema = z
  .object({
    seq: z.number().int().describe('Position in the hash chain'),
    occurredAt: timestampSchema,
    actorUserId: idSchema.nullable(),
    actorEmail: z.string().nullable(),
    actorOrganisationId: idSchema.nullable(),
    action: z.string().describe('What happened, for example "user.create" or "auth.sign_in_failed"'),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    targetLabel: z
      .string()
      .nullable()
      .describe(
        "A readable name of the target: the user's e-mail, the organisation's short name or the community's English name, when it still exists",
      ),
    requestId: z.string().nullable(),
    sourceIp: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string().describe('SHA-256 over the entry and the previous hash'),
  })
  .describe('An entry of the append-only audit trail');
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditQuerySchema = z.strictObject({
  action: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('Action, or a prefix ending in "." (for example "auth.")'),
  actorUserId: idSchema.optional(),
  targetId: z.string().trim().max(200).optional(),
  from: timestampSchema.optional(),
  to: timestampSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
});

export const auditListSchema = z.object({
  items: z.array(auditEventSchema),
  nextCursor: z.string().nullable(),
});

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  head: z
    .object({ seq: z.number().int(), hash: z.string() })
    .nullable()
    .describe('The newest entry and its hash; recorded elsewhere, it reveals a rewritten or truncated tail'),
  problems: z.array(
    z.object({
      seq: z.number().int(),
      kind: z.enum(['changed', 'removed', 'inserted', 'reordered']),
      message: z.string(),
    }),
  ),
});
