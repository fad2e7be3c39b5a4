import { z } from 'zod';
import { tlpLevels } from '../access/tlp.js';
import { categoryByKey } from '../taxonomy/incident-categories.js';
import { cursorSchema, idSchema, lineText, limitSchema, timestampSchema } from './common.js';
import {
  closingReasons,
  impactLevels,
  incidentDomains,
  incidentStatuses,
  informationCredibilities,
  INCIDENT_PREFIX,
  reportedVia,
  sourceReliabilities,
} from './incident-enums.js';

export * from './incident-enums.js';

const uuidPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const incidentIdSchema = z
  .string()
  .regex(new RegExp(`^${INCIDENT_PREFIX}${uuidPattern}$`), 'Expected incident--<uuid>.')
  .describe('Incident id in STIX form: incident--<uuid>');
export const incidentParamsSchema = z.strictObject({ id: incidentIdSchema });

export const tlpSchema = z.enum(tlpLevels).describe('TLP 2.0 marking');
export const domainSchema = z.enum(incidentDomains).describe('Threat domain');
export const statusSchema = z.enum(incidentStatuses).describe('Workflow status');
export const closingReasonSchema = z.enum(closingReasons).describe('Why the incident was closed');
export const impactSchema = z.enum(impactLevels).describe('Impact: none, minor, moderate, major, critical');
export const severitySchema = z.number().int().min(1).max(5).describe('Severity 1 (low) – 5 (critical)');
export const sourceReliabilitySchema = z
  .enum(sourceReliabilities)
  .describe('Admiralty source reliability A–F');
export const informationCredibilitySchema = z
  .union(informationCredibilities.map((n) => z.literal(n)))
  .describe('Admiralty information credibility 1–6');
export const categorySchema = z
  .string()
  .refine((key) => categoryByKey.has(key), 'Unknown category.')
  .describe('Category key from the taxonomy (shared/taxonomy/incident-categories.ts)');
export const areaCodeSchema = z
  .string()
  .regex(/^(KU\d{3}|VP\d{2}|HV\d{2}|MK\d{2})$/, 'Expected an area code such as KU091 or VP06.')
  .describe('Area code: KU (municipality), VP (electoral district), HV (wellbeing county), MK (region)');

export const sharedWithSchema = z
  .strictObject({
    organisations: z.array(idSchema).max(200).default([]),
    communities: z.array(idSchema).max(100).default([]),
    users: z.array(idSchema).max(200).default([]),
  })
  .describe('Who the record is shared with, beyond the owner');
export type SharedWith = z.infer<typeof sharedWithSchema>;

const markdown = z.string().max(50_000).describe('Markdown (rendered sanitised)');

/** The editable fields, shared by create and update. */
const incidentFields = {
  title: lineText(300).describe('Short title'),
  description: markdown,
  domains: z
    .array(domainSchema)
    .min(1)
    .max(4)
    .refine((d) => new Set(d).size === d.length, 'A domain appears twice.'),
  category: categorySchema,
  severity: severitySchema,
  impactOnConduct: impactSchema.describe('Impact on the conduct of the election'),
  impactOnConfidence: impactSchema.describe('Impact on public confidence in the election'),
  sourceReliability: sourceReliabilitySchema,
  informationCredibility: informationCredibilitySchema,
  leadOrganisationId: idSchema.nullable().describe('Lead authority'),
  supportingOrganisationIds: z.array(idSchema).max(50),
  electionId: idSchema.nullable(),
  phaseKey: z.string().max(80).nullable().describe('Election phase key, e.g. advance_voting_finland'),
  areaCodes: z.array(areaCodeSchema).max(400),
  firstSeen: timestampSchema.nullable(),
  lastSeen: timestampSchema.nullable(),
  tlp: tlpSchema,
  sharedWith: sharedWithSchema,
};

export const createIncidentSchema = z
  .strictObject({
    ...incidentFields,
    description: markdown.default(''),
    impactOnConduct: incidentFields.impactOnConduct.default('none'),
    impactOnConfidence: incidentFields.impactOnConfidence.default('none'),
    sourceReliability: incidentFields.sourceReliability.default('F'),
    informationCredibility: incidentFields.informationCredibility.default(6),
    leadOrganisationId: incidentFields.leadOrganisationId.default(null),
    supportingOrganisationIds: incidentFields.supportingOrganisationIds.default([]),
    electionId: incidentFields.electionId.default(null),
    phaseKey: incidentFields.phaseKey.default(null),
    areaCodes: incidentFields.areaCodes.default([]),
    firstSeen: incidentFields.firstSeen.default(null),
    lastSeen: incidentFields.lastSeen.default(null),
    tlp: tlpSchema.default('amber'),
    sharedWith: sharedWithSchema.default({ organisations: [], communities: [], users: [] }),
  })
  .describe('A new incident');
export type CreateIncident = z.input<typeof createIncidentSchema>;

export const updateIncidentSchema = z
  .strictObject(incidentFields)
  .partial()
  .extend({
    status: statusSchema.optional(),
    closingReason: closingReasonSchema.nullable().optional(),
    duplicateOfId: incidentIdSchema.nullable().optional(),
    version: z.number().int().min(1).describe('The version you edited; a newer one answers 409'),
  })
  .describe('Changes to an incident: only the fields given change');
export type UpdateIncident = z.input<typeof updateIncidentSchema>;

/** The reporter's guided form: plain language, no TLP vocabulary. */
export const intakeSchema = z
  .strictObject({
    whatHappened: z.string().trim().min(10).max(10_000).describe('What happened, in your own words'),
    where: z.strictObject({
      areaCodes: z.array(areaCodeSchema).max(20).default([]),
      place: z.string().trim().max(300).default('').describe('Polling station, address, website …'),
    }),
    when: timestampSchema.describe('When it happened or was first noticed'),
    howDoYouKnow: z
      .enum(['saw_myself', 'told_by_someone', 'online', 'media', 'other'])
      .describe('How you know about it'),
    howDoYouKnowDetails: z.string().trim().max(2000).default(''),
    links: z
      .array(z.url({ protocol: /^https?$/ }).max(2000))
      .max(20)
      .default([]),
    electionId: idSchema.nullable().default(null),
  })
  .describe('A report from an election official');
export type Intake = z.input<typeof intakeSchema>;

export const incidentSchema = z
  .object({
    id: incidentIdSchema,
    title: z.string(),
    description: z.string(),
    domains: z.array(domainSchema),
    category: z.string(),
    severity: z.number().int(),
    impactOnConduct: impactSchema,
    impactOnConfidence: impactSchema,
    sourceReliability: sourceReliabilitySchema,
    informationCredibility: z.number().int(),
    status: statusSchema,
    closingReason: closingReasonSchema.nullable(),
    duplicateOfId: incidentIdSchema.nullable(),
    leadOrganisationId: idSchema.nullable(),
    supportingOrganisationIds: z.array(idSchema),
    electionId: idSchema.nullable(),
    phaseKey: z.string().nullable(),
    areaCodes: z.array(z.string()),
    firstSeen: timestampSchema.nullable(),
    lastSeen: timestampSchema.nullable(),
    tlp: tlpSchema,
    ownerOrganisationId: idSchema,
    authorUserId: idSchema,
    sharedWith: z.object({
      organisations: z.array(idSchema),
      communities: z.array(idSchema),
      users: z.array(idSchema),
    }),
    reportedVia: z.enum(reportedVia),
    intake: z.record(z.string(), z.unknown()).nullable().describe('The reporter’s own answers'),
    corroborationCount: z.number().int(),
    version: z.number().int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    permissions: z
      .object({
        edit: z.boolean(),
        changeMarking: z.boolean().describe('May lower the marking or widen the sharing lists'),
        route: z
          .boolean()
          .describe('May assign the lead and supporting organisations (which shares with them)'),
      })
      .describe('What the caller may do with it'),
  })
  .describe('An incident');
export type Incident = z.infer<typeof incidentSchema>;

/** Several values of a filter: repeated (?domain=a&domain=b) or comma-separated. */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(','))),
    z.array(item).max(50).optional(),
  );

export const incidentSorts = ['created', 'updated', 'severity', 'first_seen'] as const;

export const incidentListQuerySchema = z
  .strictObject({
    q: z.string().trim().max(300).optional().describe('Full-text search (Finnish, Swedish, English)'),
    domain: many(domainSchema),
    status: many(statusSchema),
    severity: many(z.coerce.number().int().min(1).max(5)),
    tlp: many(tlpSchema),
    category: many(categorySchema),
    impactOnConduct: many(impactSchema),
    impactOnConfidence: many(impactSchema),
    electionId: idSchema.optional(),
    area: many(areaCodeSchema).describe('Area codes; a district or region includes its municipalities'),
    leadOrganisationId: many(idSchema),
    ownerOrganisationId: many(idSchema),
    reportedVia: many(z.enum(reportedVia)),
    mine: z.enum(['true', 'false']).optional().describe('Only what I reported'),
    createdFrom: timestampSchema.optional(),
    createdTo: timestampSchema.optional(),
    sort: z.enum(incidentSorts).default('created'),
    order: z.enum(['asc', 'desc']).default('desc'),
    cursor: cursorSchema.optional(),
    limit: limitSchema,
  })
  .describe('Filters of the incident list');
export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;
export type IncidentFilters = Omit<IncidentListQuery, 'sort' | 'order' | 'cursor' | 'limit'>;

export const incidentListSchema = z.object({
  items: z.array(incidentSchema),
  nextCursor: z.string().nullable(),
});

const facetCounts = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const incidentFacetsSchema = z
  .object({
    total: z.number().int(),
    domain: facetCounts,
    status: facetCounts,
    severity: facetCounts,
    tlp: facetCounts,
    category: facetCounts,
    impactOnConduct: facetCounts,
    impactOnConfidence: facetCounts,
    leadOrganisationId: facetCounts,
  })
  .describe('Counts per value of each filter, over what the caller may see');

export const incidentEventSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  actorUserId: idSchema.nullable(),
  actorOrganisationId: idSchema.nullable(),
  occurredAt: timestampSchema,
  data: z.record(z.string(), z.unknown()),
});
export const incidentEventListSchema = z.object({ items: z.array(incidentEventSchema) });

export const bulkActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('set_status'),
    status: statusSchema,
    closingReason: closingReasonSchema.optional(),
  }),
  z.strictObject({ type: z.literal('set_severity'), severity: severitySchema }),
  z.strictObject({ type: z.literal('add_domain'), domain: domainSchema }),
  z.strictObject({ type: z.literal('assign_lead'), organisationId: idSchema }),
  z.strictObject({
    type: z.literal('share'),
    organisations: z.array(idSchema).max(200),
    communities: z.array(idSchema).max(100).default([]),
  }),
  z.strictObject({ type: z.literal('merge_into'), survivorId: incidentIdSchema }),
]);
export const bulkRequestSchema = z
  .strictObject({ ids: z.array(incidentIdSchema).min(1).max(500), action: bulkActionSchema })
  .describe('One action on many incidents, all or nothing');
export type BulkRequest = z.input<typeof bulkRequestSchema>;
export const bulkResultSchema = z.object({ updated: z.number().int(), ids: z.array(incidentIdSchema) });

export const lockSchema = z
  .object({
    incidentId: incidentIdSchema,
    userId: idSchema,
    userName: z.string(),
    expiresAt: timestampSchema,
    mine: z.boolean(),
  })
  .describe('Who is editing the incident now');
export const lockStateSchema = z.object({ lock: lockSchema.nullable() });

export const savedFilterSchema = z.object({
  id: idSchema,
  name: z.string(),
  query: z.record(z.string(), z.unknown()),
  createdAt: timestampSchema,
});
export const createSavedFilterSchema = z.strictObject({
  name: lineText(100),
  query: z.record(z.string(), z.union([z.string().max(300), z.array(z.string().max(100)).max(50)])),
});
export const savedFilterListSchema = z.object({ items: z.array(savedFilterSchema) });
