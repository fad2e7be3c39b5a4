import { z } from 'zod';
import { cursorSchema, idSchema, lineText, timestampSchema } from './common.js';
import { partnerTlpCeilingSchema, redactableFieldSchema, releasableRecordTypeSchema } from './exchange.js';
import { tlpSchema } from './incidents.js';

/**
 * Partner agreements, their tokens and TAXII collections, and the release queue (issue 6).
 * Routes: /api/v1/exchange/partners…, /api/v1/exchange/releases….
 *
 * Access: an agreement belongs to the organisation of the coordinator who made it; coordinators of
 * that organisation manage it and its releases. Other organisations get 404 for its id; users
 * without the coordinator role get 403. Partners themselves are not users: they read and write
 * their TAXII collections (/taxii2/) with partner tokens.
 */

const ACCESS = 'Coordinators of the owning organisation only.';

export const partnerParamsSchema = z.strictObject({ id: idSchema.describe('Partner agreement id') });
export const partnerTokenParamsSchema = z.strictObject({
  id: idSchema.describe('Partner agreement id'),
  tokenId: idSchema.describe('Partner token id'),
});
export const releaseParamsSchema = z.strictObject({ id: idSchema.describe('Release id') });

export const personRefSchema = z
  .object({ userId: idSchema, name: z.string().describe("The person's name") })
  .describe('Who did it');
export type PersonRef = z.infer<typeof personRefSchema>;

// ---------------------------------------------------------------- agreements

export const importTlpSchema = tlpSchema.describe(
  'Marking given to imported objects that carry no TLP marking of their own',
);

const agreementFields = {
  name: lineText(200).describe('Name of the partner (e.g. "Election-VIRT network")'),
  description: z.string().trim().max(5000).default('').describe('What the agreement covers'),
  contact: z.string().trim().max(1000).default('').describe('Contact person, address, phone'),
  tlpCeiling: partnerTlpCeilingSchema.describe('Highest marking that may flow to the partner'),
  recordTypes: z
    .array(releasableRecordTypeSchema)
    .max(2)
    .refine((v) => new Set(v).size === v.length, 'Record types must be unique.')
    .describe('Kinds of records that may flow to the partner'),
  redactedFields: z
    .array(redactableFieldSchema)
    .max(5)
    .refine((v) => new Set(v).size === v.length, 'Fields must be unique.')
    .default([])
    .describe('Fields always taken out of what the partner receives'),
  requiresApproval: z
    .boolean()
    .default(true)
    .describe('A coordinator approves every release before it is sent'),
  defaultImportTlp: importTlpSchema.default('amber'),
  active: z
    .boolean()
    .default(true)
    .describe('An inactive agreement lets nothing flow; its tokens are refused'),
};

export const createPartnerSchema = z
  .strictObject({
    ...agreementFields,
    inboundCollection: z
      .boolean()
      .default(false)
      .describe('Also create a collection the partner may write to (its objects are imported for review)'),
  })
  .describe(`A new partner agreement; its outbound (read) collection is created with it. ${ACCESS}`);
export type CreatePartner = z.input<typeof createPartnerSchema>;

export const updatePartnerSchema = z
  .strictObject({
    name: agreementFields.name.optional(),
    description: z.string().trim().max(5000).optional(),
    contact: z.string().trim().max(1000).optional(),
    tlpCeiling: agreementFields.tlpCeiling.optional(),
    recordTypes: agreementFields.recordTypes.optional(),
    redactedFields: z
      .array(redactableFieldSchema)
      .max(5)
      .refine((v) => new Set(v).size === v.length, 'Fields must be unique.')
      .optional(),
    requiresApproval: z.boolean().optional(),
    defaultImportTlp: importTlpSchema.optional(),
    active: z.boolean().optional(),
    inboundCollection: z
      .boolean()
      .optional()
      .describe('true: create the inbound (write) collection if it does not exist yet'),
  })
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change.')
  .describe(`A change to an agreement (changes apply to future releases). ${ACCESS}`);
export type UpdatePartner = z.input<typeof updatePartnerSchema>;

export const taxiiCollectionSchema = z
  .object({
    id: idSchema.describe('TAXII collection id'),
    partnerId: idSchema,
    title: z.string(),
    description: z.string(),
    alias: z.string().nullable().describe('Short name in the TAXII API, if any'),
    canRead: z.boolean().describe('The partner may GET its objects (outbound)'),
    canWrite: z.boolean().describe('The partner may POST objects (inbound: imported for review)'),
    objectCount: z.number().int().describe('Object versions stored in the collection'),
    createdAt: timestampSchema,
  })
  .describe('A TAXII 2.1 collection of an agreement');
export type TaxiiCollection = z.infer<typeof taxiiCollectionSchema>;

export const partnerSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    description: z.string(),
    contact: z.string(),
    ownerOrganisationId: idSchema.describe('The organisation whose coordinators manage it'),
    tlpCeiling: partnerTlpCeilingSchema,
    recordTypes: z.array(releasableRecordTypeSchema),
    redactedFields: z.array(redactableFieldSchema),
    requiresApproval: z.boolean(),
    defaultImportTlp: tlpSchema,
    active: z.boolean(),
    collections: z.array(taxiiCollectionSchema),
    activeTokenCount: z.number().int().describe('Tokens not revoked'),
    pendingReleaseCount: z.number().int().describe('Releases waiting for a decision'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe(`A partner agreement. ${ACCESS}`);
export type Partner = z.infer<typeof partnerSchema>;

export const partnerListSchema = z
  .object({ items: z.array(partnerSchema).describe('Agreements of the caller’s organisation, by name') })
  .describe(`Partner agreements. ${ACCESS}`);
export type PartnerList = z.infer<typeof partnerListSchema>;

export const collectionListSchema = z.object({ items: z.array(taxiiCollectionSchema) });
export type CollectionList = z.infer<typeof collectionListSchema>;

// ---------------------------------------------------------------- tokens

export const createPartnerTokenSchema = z
  .strictObject({ name: lineText(100).describe('What the token is for (e.g. "OpenCTI connector")') })
  .describe(`A new partner token. ${ACCESS}`);
export type CreatePartnerToken = z.input<typeof createPartnerTokenSchema>;

export const partnerTokenSchema = z
  .object({
    id: idSchema,
    partnerId: idSchema,
    name: z.string(),
    start: z.string().describe('The first characters of the token, to recognise it'),
    createdBy: personRefSchema,
    createdAt: timestampSchema,
    lastUsedAt: timestampSchema.nullable(),
    revokedAt: timestampSchema.nullable(),
  })
  .describe('A partner token (the secret is never shown again)');
export type PartnerToken = z.infer<typeof partnerTokenSchema>;

export const createdPartnerTokenSchema = partnerTokenSchema
  .extend({
    token: z
      .string()
      .describe('The secret, shown once: send it as "Authorization: Bearer vvp_…" to /taxii2/'),
  })
  .describe('The new token with its secret');
export type CreatedPartnerToken = z.infer<typeof createdPartnerTokenSchema>;

export const partnerTokenListSchema = z.object({
  items: z.array(partnerTokenSchema).describe('Newest first'),
});
export type PartnerTokenList = z.infer<typeof partnerTokenListSchema>;

// ---------------------------------------------------------------- releases

export const releaseStatuses = ['pending', 'held', 'released', 'withdrawn'] as const;
export const releaseStatusSchema = z
  .enum(releaseStatuses)
  .describe(
    'pending: waiting for a coordinator; held: stopped by a coordinator; released: in the partner’s collection; withdrawn: superseded before it was released',
  );
export type ReleaseStatus = z.infer<typeof releaseStatusSchema>;

export const proposeReleaseSchema = z
  .strictObject({
    partnerId: idSchema,
    recordType: releasableRecordTypeSchema,
    recordId: z
      .string()
      .min(1)
      .max(100)
      .describe('incident--<uuid> for an incident; the report’s UUID for a situation report'),
    versionNumber: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Situation reports: the approved version to release (default: the latest)'),
  })
  .describe(
    `Propose releasing a record to a partner. Released at once when the agreement needs no approval. ${ACCESS}`,
  );
export type ProposeRelease = z.input<typeof proposeReleaseSchema>;

export const redactReleaseSchema = z
  .strictObject({
    fields: z
      .array(redactableFieldSchema)
      .max(5)
      .refine((v) => new Set(v).size === v.length, 'Fields must be unique.')
      .describe('Fields to take out in addition to the agreement’s'),
    omitObjectIds: z
      .array(z.string().min(3).max(300))
      .max(1000)
      .default([])
      .describe('STIX ids of objects to leave out'),
  })
  .describe(
    'Rebuild the preview from the record as it is now, with the agreement’s redactions and these (pending or held releases only; a held release returns to pending)',
  );
export type RedactRelease = z.input<typeof redactReleaseSchema>;

export const holdReleaseSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(2000).describe('Why the release is held') })
  .describe('Hold a pending release');
export type HoldRelease = z.input<typeof holdReleaseSchema>;

export const releaseQuerySchema = z.strictObject({
  partnerId: idSchema.optional().describe('Only this partner'),
  status: releaseStatusSchema.optional().describe('Only this status'),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
});
export type ReleaseQuery = z.input<typeof releaseQuerySchema>;

export const releaseSummarySchema = z
  .object({
    id: idSchema,
    partnerId: idSchema,
    partnerName: z.string(),
    recordType: releasableRecordTypeSchema,
    recordId: z.string().describe('incident--<uuid>, or the report’s UUID'),
    recordVersion: z
      .string()
      .describe(
        'Version of the record: the incident’s updatedAt (STIX modified) or the report’s version number',
      ),
    title: z.string().describe('Title of the record at the time of the proposal'),
    tlp: tlpSchema.describe('Marking of the record'),
    status: releaseStatusSchema,
    redactedFields: z.array(redactableFieldSchema).describe('The agreement’s plus the approver’s'),
    omittedObjectIds: z.array(z.string()),
    objectCount: z.number().int().describe('Objects the partner will receive (or received)'),
    proposedBy: personRefSchema.nullable().describe('null when proposed by the system for a new version'),
    proposedAt: timestampSchema,
    decidedBy: personRefSchema.nullable(),
    decidedAt: timestampSchema.nullable(),
    reason: z.string().nullable().describe('Why it was held or withdrawn'),
  })
  .describe('A release of one version of a record to one partner');
export type ReleaseSummary = z.infer<typeof releaseSummarySchema>;

export const stixObjectSchema = z
  .record(z.string(), z.unknown())
  .describe('A STIX 2.1 object exactly as the partner receives it');

export const releaseSchema = releaseSummarySchema
  .extend({
    objects: z.array(stixObjectSchema).describe('Exactly what the partner will receive (after redaction)'),
    availableObjectIds: z
      .array(z.object({ id: z.string(), type: z.string() }))
      .describe('Every object of the record before omissions, to choose what to omit'),
  })
  .describe(`A release with its preview. ${ACCESS}`);
export type Release = z.infer<typeof releaseSchema>;

export const releasePageSchema = z.object({
  items: z.array(releaseSummarySchema).describe('Newest first'),
  nextCursor: z.string().nullable().describe('Cursor of the next page, or null on the last'),
});
export type ReleasePage = z.infer<typeof releasePageSchema>;

export const releasedRecordSchema = z
  .object({
    recordType: releasableRecordTypeSchema,
    recordId: z.string(),
    title: z.string(),
    releases: z
      .array(
        z.object({
          releaseId: idSchema,
          recordVersion: z.string(),
          objectCount: z.number().int(),
          releasedBy: personRefSchema
            .nullable()
            .describe(
              'Who approved it (or proposed it, when the agreement needs no approval); null when the platform released a newer version by itself',
            ),
          releasedAt: timestampSchema,
        }),
      )
      .describe('Every released version, newest first'),
  })
  .describe('What was released to a partner of one record');
export type ReleasedRecord = z.infer<typeof releasedRecordSchema>;

export const releasedListSchema = z.object({
  items: z.array(releasedRecordSchema).describe('Most recent first'),
});
export type ReleasedList = z.infer<typeof releasedListSchema>;

// ---------------------------------------------------------------- partner's view

export const partnerViewQuerySchema = z.strictObject({
  collectionId: idSchema.optional().describe('The collection (default: the outbound one)'),
  version: z
    .enum(['last', 'all'])
    .default('last')
    .describe(
      'last: the latest version of each object (what a TAXII client gets by default); all: every version',
    ),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
});
export type PartnerViewQuery = z.input<typeof partnerViewQuerySchema>;

export const partnerViewObjectSchema = z.object({
  collectionId: idSchema,
  id: z.string().describe('STIX id'),
  type: z.string(),
  version: z.string().describe('modified (or created, or date added)'),
  dateAdded: z.string().describe('When it entered the collection: microseconds, as TAXII shows it'),
  object: stixObjectSchema,
});
export type PartnerViewObject = z.infer<typeof partnerViewObjectSchema>;

export const partnerViewSchema = z
  .object({
    collections: z.array(taxiiCollectionSchema).describe('Collections the partner may read'),
    items: z
      .array(partnerViewObjectSchema)
      .describe('Objects in the order TAXII serves them (by date added)'),
    nextCursor: z.string().nullable(),
  })
  .describe(`Exactly what the partner sees in its collections (the same filtering as TAXII). ${ACCESS}`);
export type PartnerView = z.infer<typeof partnerViewSchema>;
