import { z } from 'zod';
import { MAX_RATIONALE_LENGTH, MIN_RATIONALE_LENGTH, threatLevels } from '../threat-levels.js';
import { cursorSchema, idSchema, localisedNameSchema, timestampSchema } from './common.js';
import { daySchema, electionSlugSchema, electionTypeSchema } from './elections.js';
import { domainSchema } from './incidents.js';

/**
 * Threat levels per election and domain, and analysts' proposals of them.
 *
 * Visibility: a threat level is the cooperation group's shared assessment, not a TLP-marked record.
 * Every user who may read content (coordinator, analyst, reporter, viewer) sees every election's
 * levels, their history and the proposals; an account with no reading role (admin only) gets 403.
 * Coordinators set levels and decide proposals; analysts and coordinators propose.
 * The history is append-only: the current level is the latest one set for the election and
 * domain, and a domain whose level was never set has no assessment yet (not level 1).
 */
const POLICY =
  'Group-level assessment, not TLP-marked: visible to every user who may read content; admin-only accounts get 403.';

export const threatLevelSchema = z
  .number()
  .int()
  .min(threatLevels[0])
  .max(threatLevels[threatLevels.length - 1]!)
  .describe('Threat level 1 (low) – 5 (severe)');

export const rationaleSchema = z
  .string()
  .trim()
  .min(MIN_RATIONALE_LENGTH, `At least ${MIN_RATIONALE_LENGTH} characters`)
  .max(MAX_RATIONALE_LENGTH)
  .describe(`Why: Markdown, at least ${MIN_RATIONALE_LENGTH} characters`);

export const threatLevelParamsSchema = z.strictObject({
  id: z.union([idSchema, electionSlugSchema]).describe('Identifier (UUID) or slug of the election'),
});

export const proposalParamsSchema = z.strictObject({ id: idSchema.describe('Proposal id') });

export const personSchema = z
  .object({
    userId: idSchema,
    name: z.string().describe("The person's name"),
    organisationId: idSchema,
    organisationShortName: z.string().describe('Short name of their organisation'),
  })
  .describe('Who did it, and for which organisation');
export type ThreatLevelPerson = z.infer<typeof personSchema>;

export const threatLevelEntrySchema = z
  .object({
    id: z.number().int().describe('Entry id: increasing in the order the levels were set'),
    electionId: idSchema,
    domain: domainSchema,
    level: threatLevelSchema,
    name: localisedNameSchema.describe('Name of the level in Finnish, Swedish and English'),
    rationale: z.string().describe('Why (Markdown)'),
    setBy: personSchema,
    setAt: timestampSchema,
    previousLevel: threatLevelSchema.nullable().describe('The level before this one; null for the first'),
    trend: z
      .enum(['up', 'down', 'steady'])
      .nullable()
      .describe('Compared with the previous level; null for the first assessment'),
    proposalId: idSchema.nullable().describe('The accepted proposal this level came from, if any'),
  })
  .describe(`A threat level set for an election and domain. ${POLICY}`);
export type ThreatLevelEntry = z.infer<typeof threatLevelEntrySchema>;

export const currentThreatLevelsSchema = z
  .object({
    electionId: idSchema,
    items: z
      .array(
        z.object({
          domain: domainSchema,
          current: threatLevelEntrySchema
            .nullable()
            .describe('The latest level set; null while the domain has no assessment yet'),
          pendingProposals: z.number().int().describe('Proposals for this domain waiting for a decision'),
        }),
      )
      .describe('Every domain, in a fixed order'),
  })
  .describe(`The current threat level per domain of an election. ${POLICY}`);
export type CurrentThreatLevels = z.infer<typeof currentThreatLevelsSchema>;

export const setThreatLevelSchema = z
  .strictObject({ domain: domainSchema, level: threatLevelSchema, rationale: rationaleSchema })
  .describe('A new threat level with its rationale (coordinator)');
export type SetThreatLevel = z.input<typeof setThreatLevelSchema>;

export const historyQuerySchema = z.strictObject({
  domain: domainSchema.optional().describe('Only this domain'),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
});
export type HistoryQuery = z.input<typeof historyQuerySchema>;

export const historyPageSchema = z
  .object({
    items: z.array(threatLevelEntrySchema).describe('This page, newest first'),
    nextCursor: z.string().nullable().describe('Cursor of the next page, or null on the last'),
  })
  .describe(`Every threat level set for the election, newest first. ${POLICY}`);
export type ThreatLevelHistoryPage = z.infer<typeof historyPageSchema>;

export const proposalStatuses = ['pending', 'accepted', 'rejected'] as const;
export const proposalStatusSchema = z
  .enum(proposalStatuses)
  .describe('pending: waiting for a coordinator; accepted: the level was set from it; rejected');

export const proposalSchema = z
  .object({
    id: idSchema,
    electionId: idSchema,
    domain: domainSchema,
    level: threatLevelSchema,
    name: localisedNameSchema.describe('Name of the proposed level'),
    rationale: z.string().describe('Why (Markdown)'),
    proposedBy: personSchema,
    proposedAt: timestampSchema,
    status: proposalStatusSchema,
    decidedBy: personSchema.nullable(),
    decidedAt: timestampSchema.nullable(),
    decisionReason: z.string().nullable().describe("The coordinator's reason (always given for a rejection)"),
    threatLevelId: z
      .number()
      .int()
      .nullable()
      .describe('The threat-level entry set by accepting it; null unless accepted'),
  })
  .describe(`A threat level an analyst proposed. ${POLICY}`);
export type ThreatLevelProposal = z.infer<typeof proposalSchema>;

export const createProposalSchema = z
  .strictObject({ domain: domainSchema, level: threatLevelSchema, rationale: rationaleSchema })
  .describe('A proposed threat level with its rationale (analyst or coordinator)');
export type CreateProposal = z.input<typeof createProposalSchema>;

export const proposalListQuerySchema = z.strictObject({
  status: proposalStatusSchema.optional().describe('Only proposals in this state'),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
});
export type ProposalListQuery = z.input<typeof proposalListQuerySchema>;

export const proposalPageSchema = z.object({
  items: z.array(proposalSchema).describe('This page, newest first'),
  nextCursor: z.string().nullable().describe('Cursor of the next page, or null on the last'),
});
export type ProposalPage = z.infer<typeof proposalPageSchema>;

export const decideProposalSchema = z
  .strictObject({
    accept: z.boolean().describe('true: set the proposed level; false: reject the proposal'),
    reason: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .describe('Why; required when rejecting, optional when accepting'),
  })
  .refine((d) => d.accept || (d.reason !== undefined && d.reason.length > 0), {
    message: 'Give a reason for rejecting',
    path: ['reason'],
  })
  .describe("A coordinator's decision on a pending proposal");
export type DecideProposal = z.input<typeof decideProposalSchema>;

const levelByDomainSchema = z
  .object({
    information_influence: threatLevelSchema.nullable(),
    cyber: threatLevelSchema.nullable(),
    physical: threatLevelSchema.nullable(),
    process: threatLevelSchema.nullable(),
  })
  .describe('A level per domain; null where none was ever set');

const countByDomainSchema = z.object({
  information_influence: z.number().int(),
  cyber: z.number().int(),
  physical: z.number().int(),
  process: z.number().int(),
});

export const electionOverviewSchema = z
  .object({
    id: idSchema,
    slug: electionSlugSchema,
    type: electionTypeSchema,
    round: z.number().int().nullable(),
    name: localisedNameSchema,
    electionDay: daySchema,
    advanceVoting: z
      .object({ startsOn: daySchema, endsOn: daySchema })
      .nullable()
      .describe('Advance voting in Finland; null if the election has no such phase'),
    advanceVotingAbroad: z
      .object({ startsOn: daySchema, endsOn: daySchema })
      .nullable()
      .describe('Advance voting abroad; null if the election has no such phase'),
    peakLevels: levelByDomainSchema.describe('The highest level ever set per domain'),
    currentLevels: levelByDomainSchema.describe('The level set last per domain'),
    incidents: z
      .object({
        total: z.number().int(),
        byDomain: countByDomainSchema.describe('An incident spanning several domains counts in each'),
        severe: z.number().int().describe('Severity 4 or 5'),
        closed: z.number().int(),
      })
      .describe('Counts of the incidents of the election that you may see, and of no others'),
  })
  .describe('One election in the overview');
export type ElectionOverview = z.infer<typeof electionOverviewSchema>;

export const overviewQuerySchema = z.strictObject({}).describe('No parameters');

export const electionsOverviewSchema = z
  .object({ items: z.array(electionOverviewSchema).describe('Elections by election day') })
  .describe('Every election with its dates, peak threat levels and the counts of the incidents you may see');
export type ElectionsOverview = z.infer<typeof electionsOverviewSchema>;
