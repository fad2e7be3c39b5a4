import { z } from 'zod';
import { idSchema, lineText, timestampSchema } from './common.js';
import { areaCodeSchema, incidentIdSchema, tlpSchema } from './incidents.js';

/** Links, merge, corroborations, comments with mentions and attachments of an incident. */

const uuidPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const linkParamsSchema = z.strictObject({ id: incidentIdSchema, linkId: idSchema });
export const corroborationParamsSchema = z.strictObject({ id: incidentIdSchema, corroborationId: idSchema });
export const commentParamsSchema = z.strictObject({ id: incidentIdSchema, commentId: idSchema });
export const attachmentParamsSchema = z.strictObject({ id: incidentIdSchema, attachmentId: idSchema });

/** A short view of another incident, shown where one incident refers to another. */
export const incidentRefSchema = z
  .object({
    id: incidentIdSchema,
    title: z.string(),
    status: z.string().describe('Workflow status'),
    tlp: tlpSchema,
  })
  .describe('Another incident, as the caller may see it');
export type IncidentRef = z.infer<typeof incidentRefSchema>;

// ---------------------------------------------------------------------------------------------- links

export const linkKinds = ['related_to', 'duplicate_of', 'part_of_campaign'] as const;
export type LinkKind = (typeof linkKinds)[number];
export const linkKindSchema = z
  .enum(linkKinds)
  .describe('related_to, duplicate_of (source duplicates target) or part_of_campaign');

export const incidentLinkSchema = z
  .object({
    id: idSchema,
    kind: linkKindSchema,
    direction: z
      .enum(['outgoing', 'incoming'])
      .describe('outgoing: this incident is the source ("this is a duplicate of …"); incoming: the target'),
    other: incidentRefSchema,
    createdByUserId: idSchema.nullable(),
    createdAt: timestampSchema,
  })
  .describe('A link between two incidents');
export type IncidentLink = z.infer<typeof incidentLinkSchema>;

export const incidentLinkListSchema = z.object({ items: z.array(incidentLinkSchema) });

export const createLinkSchema = z.strictObject({
  targetId: incidentIdSchema.describe('The other incident'),
  kind: linkKindSchema,
});
export type CreateLink = z.infer<typeof createLinkSchema>;

export const mergeIncidentSchema = z.strictObject({
  survivorId: incidentIdSchema.describe('The incident that remains; this one becomes its duplicate'),
});
export type MergeIncident = z.infer<typeof mergeIncidentSchema>;

// ------------------------------------------------------------------------------------- corroborations

const corroborationFields = {
  note: z.string().trim().max(2000).describe("The corroborating organisation's own observation"),
  observedAt: timestampSchema.nullable().describe('When the corroborating organisation saw it'),
  areaCode: areaCodeSchema.nullable().describe('Where they saw it'),
};

export const createCorroborationSchema = z.strictObject({
  note: corroborationFields.note.default(''),
  observedAt: corroborationFields.observedAt.default(null),
  areaCode: corroborationFields.areaCode.default(null),
});
export type CreateCorroboration = z.input<typeof createCorroborationSchema>;

export const updateCorroborationSchema = z.strictObject(corroborationFields).partial();
export type UpdateCorroboration = z.input<typeof updateCorroborationSchema>;

export const corroborationSchema = z
  .object({
    id: idSchema,
    organisation: z.object({
      id: idSchema,
      shortName: z.string(),
      name: z.object({ fi: z.string(), sv: z.string(), en: z.string() }),
    }),
    user: z.object({ id: idSchema, name: z.string() }).nullable(),
    note: z.string(),
    observedAt: timestampSchema.nullable(),
    areaCode: z.string().nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('"Seen it too": another organisation confirms it observed the incident');
export type Corroboration = z.infer<typeof corroborationSchema>;

export const corroborationListSchema = z.object({ items: z.array(corroborationSchema) });

// ------------------------------------------------------------------------------------------- comments

export const COMMENT_MAX_LENGTH = 20_000;
export const MAX_MENTIONS = 50;

/**
 * A mention inside a comment body: `@[Display name](user:<uuid>)`. The name is what readers see;
 * the uuid is who is notified. Names may not contain `[`, `]` or line breaks.
 */
export const mentionPattern = new RegExp(`@\\[([^\\[\\]\\n\\r]{1,200})\\]\\(user:(${uuidPattern})\\)`, 'g');

export const mentionToken = (name: string, userId: string): string =>
  `@[${name.replace(/[[\]\r\n]/g, ' ').trim() || '?'}](user:${userId})`;

/** The users a body mentions, each once, in order of first appearance. */
export const mentionedUserIds = (body: string): string[] => [
  ...new Set([...body.matchAll(mentionPattern)].map((m) => m[2]!)),
];

/** The body with mention tokens shown as `@Name`, for excerpts and plain text. */
export const mentionsAsText = (body: string): string =>
  body.replace(mentionPattern, (_m, name: string) => `@${name}`);

const commentBody = z
  .string()
  .max(COMMENT_MAX_LENGTH)
  .refine((body) => body.trim().length > 0, 'The comment is empty.')
  .describe('Markdown; mentions as @[Name](user:<uuid>)');

export const createCommentSchema = z.strictObject({ body: commentBody });
export const updateCommentSchema = z.strictObject({ body: commentBody });
export type CreateComment = z.infer<typeof createCommentSchema>;

export const commentSchema = z
  .object({
    id: idSchema,
    author: z.object({ id: idSchema, name: z.string(), organisationShortName: z.string() }),
    body: z.string().describe('Markdown; empty when deleted'),
    mentionedUserIds: z.array(idSchema),
    createdAt: timestampSchema,
    editedAt: timestampSchema.nullable(),
    deletedAt: timestampSchema.nullable(),
  })
  .describe('A comment on an incident');
export type Comment = z.infer<typeof commentSchema>;

export const commentListSchema = z.object({ items: z.array(commentSchema) });

export const mentionableUsersQuerySchema = z.strictObject({
  q: z.string().trim().max(100).default('').describe('Part of the name'),
});
export const mentionableUserSchema = z.object({
  id: idSchema,
  name: z.string(),
  organisationShortName: z.string(),
});
export type MentionableUser = z.infer<typeof mentionableUserSchema>;
export const mentionableUserListSchema = z.object({ items: z.array(mentionableUserSchema) });

// ---------------------------------------------------------------------------------------- attachments

export const attachmentUploadQuerySchema = z.strictObject({
  filename: lineText(255).optional().describe('File name (or send it in the X-Filename header)'),
});

export const attachmentSchema = z
  .object({
    id: idSchema,
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int().describe('Size in bytes'),
    sha256: z.string().describe('SHA-256 of the content, hex'),
    uploadedBy: z.object({ id: idSchema, name: z.string() }).nullable(),
    createdAt: timestampSchema,
  })
  .describe('A file attached to an incident; downloaded from …/attachments/{attachmentId}');
export type Attachment = z.infer<typeof attachmentSchema>;

export const attachmentListSchema = z.object({ items: z.array(attachmentSchema) });
