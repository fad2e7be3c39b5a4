import { z } from 'zod';
import {
  cursorSchema,
  idSchema,
  limitSchema,
  lineText,
  localeSchema,
  localisedNameSchema,
  timestampSchema,
} from './common.js';
import { domainSchema, incidentIdSchema, severitySchema, statusSchema, tlpSchema } from './incidents.js';

/**
 * Situation reports (issue 5; PRODUCT.md "Situation report"; public contract `GET /api/v1/sitreps`,
 * `GET /api/v1/sitreps/{id}`, `GET /api/v1/sitreps/{id}/export.pdf`).
 *
 * Two audiences, both TLP-marked (server/features/sitreps/sitrep-access.ts):
 * - the draft: the drafting organisation (owner) and the organisations assigned sections, at the
 *   report's marking; coordinators of the owner draft, approve and distribute;
 * - each approved version: its recipients (organisations and communities of the distribution list),
 *   once distributed, at the version's marking.
 * An approved version is immutable; a correction drafts the next version of the same report.
 */

export const sitrepKinds = ['daily', 'election_day', 'weekly', 'ad_hoc'] as const;
export const sitrepKindSchema = z.enum(sitrepKinds).describe('Template kind');
export const sitrepStatuses = ['draft', 'in_review', 'approved', 'distributed'] as const;
export const sitrepStatusSchema = z
  .enum(sitrepStatuses)
  .describe('draft → in_review → approved → distributed; a correction returns to draft as the next version');
export type SitrepStatus = z.infer<typeof sitrepStatusSchema>;

export const sectionKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,40}$/, 'Expected a section key such as cyber or key_judgements.')
  .describe('Section key');
const markdown = z.string().max(50_000).describe('Markdown (rendered sanitised)');
export const localisedTextSchema = z
  .object({ fi: z.string(), sv: z.string(), en: z.string() })
  .describe('Text in Finnish, Swedish and English (empty where not written yet)');
export type LocalisedText = z.infer<typeof localisedTextSchema>;

// ---------------------------------------------------------------- templates

export const templateSectionSchema = z
  .strictObject({
    key: sectionKeySchema,
    domain: domainSchema.nullable().describe('The domain whose analysts write it; null for general sections'),
    title: localisedNameSchema,
  })
  .describe('A section of a template');
export type TemplateSection = z.infer<typeof templateSectionSchema>;

export const sitrepTemplateSchema = z
  .object({
    id: idSchema,
    key: z.string().describe('Stable key: daily, election_day, weekly, ad_hoc'),
    kind: sitrepKindSchema,
    name: localisedNameSchema,
    periodHours: z.number().int().describe('Default length of the period a report covers'),
    sections: z.array(templateSectionSchema),
    version: z.number().int().describe('Optimistic guard: send it back when updating'),
    updatedAt: timestampSchema,
  })
  .describe('A situation report template (visible to every reading role; coordinators edit)');
export type SitrepTemplate = z.infer<typeof sitrepTemplateSchema>;

export const updateTemplateSchema = z
  .strictObject({
    version: z.number().int().min(1),
    name: localisedNameSchema.optional(),
    periodHours: z.number().int().min(1).max(744).optional(),
    sections: z
      .array(templateSectionSchema)
      .min(1)
      .max(30)
      .refine((s) => new Set(s.map((x) => x.key)).size === s.length, 'Section keys must be unique.')
      .optional(),
  })
  .describe("A coordinator's change to a template (existing reports keep their sections)");
export type UpdateTemplate = z.input<typeof updateTemplateSchema>;

// ---------------------------------------------------------------- drafts

export const sitrepParamsSchema = z.strictObject({ id: idSchema.describe('Situation report id') });
export const sectionParamsSchema = z.strictObject({ id: idSchema, key: sectionKeySchema });

export const personRefSchema = z.object({ userId: idSchema, name: z.string() });

export const sitrepSectionSchema = z.object({
  key: sectionKeySchema,
  domain: domainSchema.nullable(),
  title: localisedTextSchema,
  body: localisedTextSchema.describe('Markdown per language'),
  assigneeOrganisationId: idSchema
    .nullable()
    .describe("Whose analysts write it; null: the drafting organisation's"),
  revision: z.number().int().describe('Send it back as baseRevision when writing'),
  updatedBy: personRefSchema.nullable(),
  updatedAt: timestampSchema,
  editing: personRefSchema
    .extend({ until: timestampSchema })
    .nullable()
    .describe('Someone else has it open for editing (presence), until the time given'),
  canEdit: z.boolean().describe('Whether the caller may write this section'),
});
export type SitrepSection = z.infer<typeof sitrepSectionSchema>;

export const liveIncidentSchema = z
  .object({
    id: incidentIdSchema,
    title: z.string(),
    status: statusSchema,
    severity: severitySchema,
    tlp: tlpSchema,
    domains: z.array(domainSchema),
    summary: z.string().describe('The first paragraph of the description, at most 500 characters'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('An incident as the report includes it: live while drafting, frozen in an approved version');
export type SitrepIncident = z.infer<typeof liveIncidentSchema>;

export const blockingIssueSchema = z.object({
  code: z.enum(['recipient_may_not_see', 'marking_below_floor', 'no_recipients', 'language_missing']),
  message: z.string().describe('A plain explanation, in English (the interface words it per language)'),
  organisationId: idSchema.nullable(),
  communityId: idSchema.nullable(),
  incidentId: incidentIdSchema.nullable(),
});
export type BlockingIssue = z.infer<typeof blockingIssueSchema>;

export const sitrepCheckSchema = z
  .object({
    tlp: tlpSchema.describe("The report's marking"),
    markingFloor: tlpSchema.describe('The strictest marking of what the report includes'),
    loweredMarking: z
      .object({
        from: tlpSchema,
        to: tlpSchema,
        reason: z.string(),
        approvedBy: personRefSchema,
        approvedAt: timestampSchema,
      })
      .nullable()
      .describe('The explicit approval of a sanitised variant marked below its floor'),
    missingLanguages: z.array(localeSchema).describe('Languages in which some section is still empty'),
    blocking: z.array(blockingIssueSchema).describe('What stops approval; empty when it may be approved'),
  })
  .describe('Markings and distribution, checked against every included item');
export type SitrepCheck = z.infer<typeof sitrepCheckSchema>;

export const versionSummarySchema = z.object({
  number: z.number().int(),
  tlp: tlpSchema,
  approvedBy: personRefSchema,
  approvedAt: timestampSchema,
  distributedAt: timestampSchema.nullable(),
  languages: z.array(localeSchema),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

export const sitrepSummarySchema = z.object({
  id: idSchema,
  electionId: idSchema,
  kind: sitrepKindSchema,
  title: localisedTextSchema,
  periodStart: timestampSchema,
  periodEnd: timestampSchema,
  status: sitrepStatusSchema.nullable().describe('null for a recipient, who sees distributed versions only'),
  tlp: tlpSchema.describe('Marking of the draft (drafters) or of the latest version the caller may read'),
  versionNumber: z.number().int().describe('The version being drafted, or the latest readable version'),
  latestVersion: versionSummarySchema.nullable().describe('The latest version the caller may read'),
  ownerOrganisationId: idSchema,
  updatedAt: timestampSchema,
});
export type SitrepSummary = z.infer<typeof sitrepSummarySchema>;

export const sitrepDraftSchema = z
  .object({
    templateId: idSchema,
    status: sitrepStatusSchema,
    versionNumber: z.number().int(),
    revision: z.number().int().describe('Send it back when changing the report itself'),
    sections: z.array(sitrepSectionSchema),
    incidents: z
      .array(liveIncidentSchema)
      .describe('Notable incidents, live (only those the caller may see)'),
    hiddenIncidentCount: z.number().int().describe('Included incidents the caller may not see'),
    recipients: z.object({ organisations: z.array(idSchema), communities: z.array(idSchema) }),
    check: sitrepCheckSchema,
    sanitisedFromId: idSchema.nullable(),
    permissions: z.object({
      edit: z.boolean().describe('Change the report, its recipients and incidents'),
      approve: z.boolean().describe('Submit, approve, distribute, correct'),
    }),
  })
  .describe('The working draft: drafters only');

export const sitrepSchema = sitrepSummarySchema
  .extend({
    draft: sitrepDraftSchema.nullable().describe('null unless the caller drafts this report'),
    versions: z.array(versionSummarySchema).describe('Approved versions the caller may read, newest first'),
  })
  .describe('A situation report');
export type Sitrep = z.infer<typeof sitrepSchema>;

export const sitrepListQuerySchema = z.strictObject({
  electionId: idSchema.optional().describe('Only reports of this election'),
  q: z.string().trim().max(200).optional().describe('Search the titles and texts'),
  status: sitrepStatusSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: limitSchema,
});
export type SitrepListQuery = z.input<typeof sitrepListQuerySchema>;
export const sitrepPageSchema = z.object({
  items: z.array(sitrepSummarySchema).describe('Newest period first'),
  nextCursor: z.string().nullable(),
});

export const createSitrepSchema = z
  .strictObject({
    electionId: idSchema,
    templateId: idSchema,
    periodStart: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        'Default: the end of the previous report of this template, or periodEnd minus the template period',
      ),
    periodEnd: z.iso.datetime({ offset: true }).optional().describe('Default: now'),
    tlp: tlpSchema.default('amber'),
  })
  .describe('A new draft, pre-filled from what happened in the period');
export type CreateSitrep = z.input<typeof createSitrepSchema>;

export const updateSitrepSchema = z
  .strictObject({
    revision: z.number().int().min(1),
    title: z
      .strictObject({ fi: lineText(300), sv: lineText(300), en: lineText(300) })
      .partial()
      .optional(),
    periodStart: z.iso.datetime({ offset: true }).optional(),
    periodEnd: z.iso.datetime({ offset: true }).optional(),
    tlp: tlpSchema.optional(),
    recipients: z
      .strictObject({
        organisations: z.array(idSchema).max(200),
        communities: z.array(idSchema).max(100),
      })
      .optional(),
    assignees: z
      .record(sectionKeySchema, idSchema.nullable())
      .optional()
      .describe('Section key → organisation whose analysts write it (shares the draft with it)'),
  })
  .describe("A coordinator's change to the draft");
export type UpdateSitrep = z.input<typeof updateSitrepSchema>;

export const writeSectionSchema = z
  .strictObject({
    language: localeSchema,
    body: markdown,
    baseRevision: z
      .number()
      .int()
      .min(1)
      .describe('The revision the text was written on; a stale one gets 409'),
  })
  .describe('The text of a section in one language');
export type WriteSection = z.input<typeof writeSectionSchema>;

export const addIncidentSchema = z.strictObject({ incidentId: incidentIdSchema });
export const incidentRefParamsSchema = z.strictObject({ id: idSchema, incidentId: incidentIdSchema });

// ---------------------------------------------------------------- workflow and versions

export const approveSchema = z.strictObject({
  note: z.string().trim().max(2000).optional().describe('A note for the audit trail'),
});
export const lowerMarkingSchema = z
  .strictObject({
    tlp: tlpSchema,
    reason: z
      .string()
      .trim()
      .min(10)
      .max(2000)
      .describe('Why the sanitised text may carry the lower marking'),
  })
  .describe("A coordinator's explicit approval of a sanitised variant's lower marking (audited)");

export const versionParamsSchema = z.strictObject({ id: idSchema, number: z.coerce.number().int().min(1) });

export const versionContentSchema = z
  .object({
    title: localisedTextSchema,
    election: z.object({ id: idSchema, name: localisedTextSchema }),
    kind: sitrepKindSchema,
    templateName: localisedTextSchema,
    periodStart: timestampSchema,
    periodEnd: timestampSchema,
    sections: z.array(
      z.object({
        key: sectionKeySchema,
        domain: domainSchema.nullable(),
        title: localisedTextSchema,
        body: localisedTextSchema,
      }),
    ),
    incidents: z.array(liveIncidentSchema).describe('Frozen at approval'),
    threatLevels: z.array(
      z.object({
        domain: domainSchema,
        level: z.number().int().nullable(),
        name: localisedTextSchema.nullable(),
        setAt: timestampSchema.nullable(),
      }),
    ),
    phasesAhead: z.array(
      z.object({
        key: z.string(),
        name: localisedTextSchema,
        startsAt: timestampSchema,
        endsAt: timestampSchema,
      }),
    ),
    recipients: z.object({
      organisations: z.array(z.object({ id: idSchema, shortName: z.string(), name: localisedTextSchema })),
      communities: z.array(z.object({ id: idSchema, name: localisedTextSchema })),
    }),
    loweredMarking: sitrepCheckSchema.shape.loweredMarking,
  })
  .describe('Everything an approved version says, frozen at approval');
export type VersionContent = z.infer<typeof versionContentSchema>;

export const sitrepVersionSchema = versionSummarySchema
  .extend({ sitrepId: idSchema, content: versionContentSchema })
  .describe('An approved version of a report (immutable)');
export type SitrepVersion = z.infer<typeof sitrepVersionSchema>;

export const diffSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    sections: z.array(
      z.object({
        key: sectionKeySchema,
        language: localeSchema,
        parts: z.array(z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() })),
      }),
    ),
    incidents: z.object({ added: z.array(incidentIdSchema), removed: z.array(incidentIdSchema) }),
    tlp: z.object({ from: tlpSchema, to: tlpSchema }),
  })
  .describe('What changed between a version and the one before it (sections that changed only)');
export type SitrepDiff = z.infer<typeof diffSchema>;

export const exportQuerySchema = z.strictObject({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Default: the latest version the caller may read'),
  language: localeSchema.optional().describe("Default: the caller's language, or their fallback"),
});

export const readReceiptSchema = z.strictObject({ language: localeSchema });
export const receiptsSchema = z
  .object({
    number: z.number().int(),
    organisations: z.array(
      z.object({
        organisationId: idSchema,
        firstReadAt: timestampSchema
          .nullable()
          .describe('null: nobody of the organisation has opened it yet'),
        readers: z.number().int(),
      }),
    ),
  })
  .describe('Read receipts per recipient organisation (drafters only)');
export type Receipts = z.infer<typeof receiptsSchema>;

// ---------------------------------------------------------------- workflow answers (H2)

export const sitrepStateSchema = z
  .object({
    id: idSchema,
    status: sitrepStatusSchema,
    versionNumber: z.number().int(),
    revision: z.number().int(),
    tlp: tlpSchema,
    markingFloor: tlpSchema,
    sanitisedFromId: idSchema.nullable(),
  })
  .describe('The report after a workflow step (GET /api/v1/sitreps/{id} has the rest)');
export type SitrepState = z.infer<typeof sitrepStateSchema>;

export const approvalBlockedSchema = z
  .object({
    code: z.literal('approval_blocked'),
    message: z.string(),
    requestId: z.string(),
    issues: z.array(blockingIssueSchema).describe('Every issue that blocks approval'),
  })
  .describe('409: the report may not be approved as it is');

export const receiptsQuerySchema = z.strictObject({
  version: z.coerce.number().int().min(1).optional().describe('Default: the latest version'),
});

// ---------------------------------------------------------------- appended by the drafting routes

export const sitrepTemplateListSchema = z
  .object({ items: z.array(sitrepTemplateSchema) })
  .describe('Every template, in a stable order (daily, election day, weekly, ad hoc)');
export const templateParamsSchema = z.strictObject({ id: idSchema.describe('Template id') });
export const sectionPresenceSchema = sitrepSectionSchema.describe(
  'The section after registering presence: `editing` shows someone else if they had it open first',
);
