import { z } from 'zod';
import { cursorSchema, idSchema, lineText, timestampSchema } from './common.js';
import { importSourceSchema } from './exchange.js';
import {
  closingReasonSchema,
  domainSchema,
  impactSchema,
  incidentIdSchema,
  informationCredibilitySchema,
  severitySchema,
  sourceReliabilitySchema,
  statusSchema,
  tlpSchema,
} from './incidents.js';

/**
 * STIX 2.1 imports and the review queue ("workbench"), issue 6.
 * Routes: POST /api/v1/stix/bundles, GET /api/v1/exchange/imports[/{id}],
 * GET /api/v1/exchange/workbench[/{id}], POST /api/v1/exchange/workbench/{id}/accept|merge|reject.
 *
 * Access: analysts and coordinators (others 403). An import belongs to the importing organisation
 * (the uploader's, or the agreement owner's for partner feeds): other organisations get 404. A
 * workbench item is a TLP-marked record of that organisation at the marking of its object; an
 * item the caller may not see answers 404.
 */

// ---------------------------------------------------------------- per-object results

export const importOutcomes = ['created', 'updated', 'unchanged', 'older_ignored', 'invalid'] as const;
export type ImportOutcome = (typeof importOutcomes)[number];
export const importOutcomeSchema = z
  .enum(importOutcomes)
  .describe(
    'created: first version of the object; updated: a newer version (or, for objects without `modified`, other content); unchanged: this version is already stored; older_ignored: an older version than the one stored (kept in the history, not current); invalid: refused, see reasons',
  );

export const importObjectResultSchema = z
  .object({
    index: z.number().int().min(0).describe('Position of the object in the bundle, from 0'),
    id: z.string().nullable().describe("The object's STIX id, when it has one"),
    type: z.string().nullable().describe("The object's STIX type, when it has one"),
    outcome: importOutcomeSchema,
    reasons: z.array(z.string()).optional().describe('Why the object was refused (or a note on the outcome)'),
    duplicateOf: z
      .string()
      .optional()
      .describe(
        'For a cyber-observable: the deterministic STIX id of the observable its value stands for, when that differs from its own id (the same value under another id is the same observable)',
      ),
  })
  .describe('What happened to one object of the bundle');
export type ImportObjectResult = z.infer<typeof importObjectResultSchema>;

export const importCountsSchema = z
  .object(
    Object.fromEntries(importOutcomes.map((o) => [o, z.number().int().min(0)])) as Record<
      ImportOutcome,
      z.ZodNumber
    >,
  )
  .describe('How many objects had each outcome');
export type ImportCounts = z.infer<typeof importCountsSchema>;

// ---------------------------------------------------------------- POST /api/v1/stix/bundles

export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024;

export const bundleImportQuerySchema = z
  .strictObject({
    source: z
      .enum(['file', 'api'])
      .default('api')
      .describe('How the bundle arrived: an uploaded file (the web app) or the API'),
    defaultTlp: tlpSchema
      .optional()
      .describe(
        "Marking given to objects that carry no TLP marking (default: the partner agreement's, else AMBER)",
      ),
    partnerId: idSchema
      .optional()
      .describe('The partner agreement (of your organisation) the bundle came from, if any'),
  })
  .describe('Where the bundle came from');
export type BundleImportQuery = z.input<typeof bundleImportQuerySchema>;

/**
 * A STIX 2.1 bundle. Objects are checked one by one after this (each against its OASIS per-type
 * schema), so that one bad object does not refuse the rest; only a body that is not a bundle is
 * refused as a whole. A bundle without `"type": "bundle"` is accepted when its id is `bundle--…`
 * (some OASIS examples are written so).
 */
export const stixBundleBodySchema = z
  .looseObject({
    type: z.literal('bundle').optional().describe('"bundle"'),
    id: z
      .string()
      .regex(
        /^bundle--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        'Expected bundle--<uuid>.',
      )
      .optional()
      .describe('bundle--<uuid>'),
    objects: z
      .array(z.unknown())
      .max(500_000)
      .default([])
      .describe('The STIX objects, each checked on its own'),
  })
  .refine((bundle) => bundle.type === 'bundle' || bundle.id !== undefined, {
    message: 'The body is not a STIX bundle: it needs "type": "bundle".',
    path: ['type'],
  })
  .describe('A STIX 2.1 bundle');
export type StixBundleBody = z.input<typeof stixBundleBodySchema>;

export const bundleImportResultSchema = z
  .object({
    importId: idSchema.describe('The import, in the import log'),
    counts: importCountsSchema,
    workbenchItemIds: z.array(idSchema).describe('Review-queue items made or renewed by this import'),
    disarmTechniqueCount: z
      .number()
      .int()
      .min(0)
      .describe('Attack-patterns of the bundle recognised as DISARM techniques (by id or external id)'),
    results: z.array(importObjectResultSchema).describe('One result per object, in bundle order'),
  })
  .describe('The outcome of an import, object by object');
export type BundleImportResult = z.infer<typeof bundleImportResultSchema>;

// ---------------------------------------------------------------- import log

export const personSchema = z
  .object({ userId: idSchema, name: z.string().describe("The person's name") })
  .describe('A person');

export const importProvenanceSchema = z
  .object({
    importId: idSchema,
    source: importSourceSchema,
    partnerId: idSchema.nullable().describe('The partner agreement it came through, if any'),
    partnerName: z.string().nullable().describe('Name of that partner'),
    bundleId: z.string().nullable().describe('The bundle id as the sender gave it'),
    receivedBy: personSchema.nullable().describe('Who uploaded it (null for a partner feed)'),
    receivedAt: timestampSchema,
  })
  .describe('Where imported content came from: which partner or person, when, in which bundle');
export type ImportProvenance = z.infer<typeof importProvenanceSchema>;

export const stixImportSchema = z
  .object({
    id: idSchema,
    provenance: importProvenanceSchema,
    ownerOrganisationId: idSchema.describe('The organisation the import belongs to'),
    defaultTlp: tlpSchema.describe('Marking given to unmarked objects'),
    objectCount: z.number().int().min(0),
    counts: importCountsSchema,
    workbenchItemCount: z.number().int().min(0).describe('Review-queue items it made or renewed'),
    disarmTechniqueCount: z.number().int().min(0).describe('Attack-patterns recognised as DISARM techniques'),
  })
  .describe('One import: a bundle from a file, the API, a partner feed or MISP');
export type StixImport = z.infer<typeof stixImportSchema>;

export const importListQuerySchema = z
  .strictObject({
    source: importSourceSchema.optional(),
    partnerId: idSchema.optional(),
    cursor: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
  })
  .describe('Imports of your organisation, newest first');

export const importPageSchema = z.object({
  items: z.array(stixImportSchema),
  nextCursor: z.string().nullable().describe('Cursor of the next page, or null on the last'),
});

export const importParamsSchema = z.strictObject({ id: idSchema.describe('Import id') });

export const importResultsQuerySchema = z
  .strictObject({
    outcome: importOutcomeSchema.optional().describe('Only objects with this outcome'),
    after: z.coerce.number().int().min(-1).default(-1).describe('Results after this bundle index'),
    limit: z.coerce.number().int().min(1).max(5000).default(500).describe('Page size'),
  })
  .describe('A page of the per-object results, in bundle order');

export const stixImportDetailSchema = stixImportSchema
  .extend({
    results: z.array(importObjectResultSchema).describe('This page of per-object results'),
    nextAfter: z.number().int().nullable().describe('`after` of the next page, or null on the last'),
  })
  .describe('An import with its per-object results');
export type StixImportDetail = z.infer<typeof stixImportDetailSchema>;

// ---------------------------------------------------------------- workbench

/**
 * pending: waits for a decision; accepted: became an incident (or, for an update, changed the
 * incident it came from); merged: attached to an existing incident; rejected: with a reason;
 * superseded: a newer version of the same object arrived before anyone decided.
 */
export const workbenchStatuses = ['pending', 'accepted', 'merged', 'rejected', 'superseded'] as const;
export type WorkbenchStatus = (typeof workbenchStatuses)[number];
export const workbenchStatusSchema = z.enum(workbenchStatuses).describe('Review status');

/** new: not yet in the picture; update: a newer version of an object already accepted or merged. */
export const workbenchKinds = ['new', 'update'] as const;
export type WorkbenchKind = (typeof workbenchKinds)[number];
export const workbenchKindSchema = z
  .enum(workbenchKinds)
  .describe('A new object, or an update of one accepted');

export const workbenchParamsSchema = z.strictObject({ id: idSchema.describe('Workbench item id') });

export const workbenchListQuerySchema = z
  .strictObject({
    status: workbenchStatusSchema.optional().describe('Only items with this status (default: all)'),
    kind: workbenchKindSchema.optional(),
    partnerId: idSchema.optional(),
    cursor: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
  })
  .describe('Items of your organisation’s review queue, newest first');

export const workbenchItemSummarySchema = z
  .object({
    id: idSchema,
    stixId: z.string().describe('The STIX id of the imported incident or report'),
    stixType: z.string().describe('incident or report'),
    version: z.string().nullable().describe("The object's `modified`, as the sender wrote it"),
    kind: workbenchKindSchema,
    status: workbenchStatusSchema,
    title: z.string().describe("The object's name"),
    tlp: tlpSchema.describe(
      "Marking of the item: the strictest of the object's markings, or the import's default",
    ),
    ownerOrganisationId: idSchema,
    provenance: importProvenanceSchema,
    targetIncidentId: incidentIdSchema
      .nullable()
      .describe('The incident it became, was merged into, or (for an update) would change'),
    decidedBy: personSchema.nullable(),
    decidedAt: timestampSchema.nullable(),
    reason: z.string().nullable().describe('Why it was rejected'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('One imported incident or report in the review queue');
export type WorkbenchItemSummary = z.infer<typeof workbenchItemSummarySchema>;

export const workbenchPageSchema = z.object({
  items: z.array(workbenchItemSummarySchema),
  nextCursor: z.string().nullable().describe('Cursor of the next page, or null on the last'),
});

const stixObjectSchema = z.record(z.string(), z.unknown()).describe('A STIX object as received');

export const observableProposalSchema = z
  .object({
    type: z.string().describe('Our observable type (url, domain, ipv4, …, sha256)'),
    value: z.string().describe('The value in our normal form'),
    stixId: z.string().describe('Its deterministic STIX id'),
    existingObservableId: idSchema.nullable().describe('Our observable with the same value, if one exists'),
  })
  .describe('An observable a cyber-observable becomes');

export const relatedObservableSchema = z
  .object({
    stixId: z.string(),
    stixType: z.string(),
    becomes: z
      .array(observableProposalSchema)
      .describe(
        'The observables it becomes (a file with several hashes: one per hash); empty if we have no such kind',
      ),
  })
  .describe('A cyber-observable related to the item');

export const relatedTechniqueSchema = z
  .object({
    stixId: z.string(),
    name: z.string(),
    externalId: z.string().nullable().describe('e.g. T0002'),
    techniqueId: z.string().nullable().describe('Our DISARM technique, when the attack-pattern is one'),
  })
  .describe('An attack-pattern related to the item');

export const proposedIncidentSchema = z
  .object({
    title: z.string(),
    description: z.string(),
    domains: z.array(domainSchema),
    category: z.string(),
    severity: severitySchema,
    impactOnConduct: impactSchema,
    impactOnConfidence: impactSchema,
    sourceReliability: sourceReliabilitySchema,
    informationCredibility: informationCredibilitySchema,
    electionId: idSchema.nullable().describe('Our election of the same slug, if any'),
    phaseKey: z.string().nullable(),
    areaCodes: z.array(z.string()).describe('Areas we know, of those the object names, in its order'),
    firstSeen: timestampSchema.nullable(),
    lastSeen: timestampSchema.nullable(),
    status: statusSchema.describe("The sender's workflow status (closing as a duplicate is not taken over)"),
    closingReason: closingReasonSchema.nullable(),
    leadOrganisationId: idSchema.nullable().describe('The lead organisation, when it is one of ours'),
    supportingOrganisationIds: z
      .array(idSchema)
      .describe('Supporting organisations that are ours, of those the object names'),
    tlp: tlpSchema,
  })
  .describe(
    'The incident the item would become: from the Vaalivahti extension when the sender is a Vaalivahti instance, else from STIX (name, description, confidence, Incident Core criticality) and defaults',
  );
export type ProposedIncident = z.infer<typeof proposedIncidentSchema>;

/**
 * Why something the sender said is kept only in the imported-object store (verbatim, with its
 * provenance) and not in the incident: organisation_not_here (an organisation of the sender:
 * lead, supporting, or the one that corroborated), incident_not_here (the other end of a link is
 * not here, or not visible to you), election_not_here, phase_not_here, area_not_here,
 * not_applicable (no record of ours holds it: a closing as a duplicate, which is a merge here, a
 * narrative you may not see, a link that would make duplicates a cycle, objects of other kinds).
 */
export const unappliedReasons = [
  'organisation_not_here',
  'incident_not_here',
  'election_not_here',
  'phase_not_here',
  'area_not_here',
  'not_applicable',
] as const;
export type UnappliedReason = (typeof unappliedReasons)[number];

export const unappliedSchema = z
  .object({
    stixId: z.string().describe('The object, or the object whose property it is'),
    stixType: z.string(),
    property: z
      .string()
      .nullable()
      .describe('The property of the imported object, when only that is left out'),
    reason: z.enum(unappliedReasons),
    references: z
      .array(z.string())
      .describe('What is not here: STIX ids, election slugs, phase keys or area codes'),
  })
  .describe('Something of the imported content that accepting does not put in the incident');
export type Unapplied = z.infer<typeof unappliedSchema>;

export const fieldChangeSchema = z
  .object({ field: z.string(), from: z.unknown(), to: z.unknown() })
  .describe('One field an update would change');

export const workbenchItemSchema = workbenchItemSummarySchema
  .extend({
    object: stixObjectSchema,
    related: z
      .object({
        observables: z.array(relatedObservableSchema),
        attackPatterns: z.array(relatedTechniqueSchema),
        relationships: z.array(stixObjectSchema),
        sightings: z.array(stixObjectSchema),
        markings: z.array(stixObjectSchema),
        other: z.array(stixObjectSchema).describe('Identities, notes, observed-data and the rest'),
      })
      .describe('The objects around it in the imported store'),
    proposed: proposedIncidentSchema,
    changes: z
      .array(fieldChangeSchema)
      .describe('For an update: what would change in the incident; empty otherwise'),
    unapplied: z
      .array(unappliedSchema)
      .describe('What accepting would leave in the imported-object store only, and why'),
  })
  .describe('A review-queue item with its object and everything around it');
export type WorkbenchItem = z.infer<typeof workbenchItemSchema>;

export const acceptWorkbenchSchema = z
  .strictObject({
    note: z.string().trim().max(2000).optional().describe('A note kept with the decision'),
  })
  .describe('Accept into the picture: a new incident, or the update applied to the linked one');
export const mergeWorkbenchSchema = z
  .strictObject({
    incidentId: incidentIdSchema.describe('The existing incident to attach it to'),
    note: z.string().trim().max(2000).optional(),
  })
  .describe('Attach to an existing incident: its observables, techniques and a provenance note');
export const rejectWorkbenchSchema = z
  .strictObject({ reason: lineText(2000).describe('Why it is rejected') })
  .describe('Reject, with a reason');
export type AcceptWorkbench = z.input<typeof acceptWorkbenchSchema>;
export type MergeWorkbench = z.input<typeof mergeWorkbenchSchema>;
export type RejectWorkbench = z.input<typeof rejectWorkbenchSchema>;

export const workbenchDecisionSchema = z
  .object({
    item: workbenchItemSummarySchema,
    incidentId: incidentIdSchema.nullable().describe('The incident made or changed'),
    observablesAdded: z.number().int().min(0),
    techniquesAdded: z.number().int().min(0),
    narrativesLinked: z.number().int().min(0),
    linksAdded: z.number().int().min(0),
    unapplied: z
      .array(unappliedSchema)
      .describe('What was left in the imported-object store only, and why (empty for a rejection)'),
  })
  .describe('The decision and what it did');
export type WorkbenchDecision = z.infer<typeof workbenchDecisionSchema>;
