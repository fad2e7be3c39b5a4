import type {
  CreateProposal,
  CurrentThreatLevels,
  DecideProposal,
  HistoryQuery,
  ProposalListQuery,
  ProposalPage,
  SetThreatLevel,
  ThreatLevelEntry,
  ThreatLevelHistoryPage,
  ThreatLevelPerson,
  ThreatLevelProposal,
} from '../../../shared/contracts/threat-levels.js';
import {
  createProposalSchema,
  decideProposalSchema,
  historyQuerySchema,
  proposalListQuerySchema,
  setThreatLevelSchema,
} from '../../../shared/contracts/threat-levels.js';
import type { IncidentDomain } from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import { threatDomains, threatLevelNames, trendOf, type ThreatLevel } from '../../../shared/threat-levels.js';
import type { ServiceContext } from '../../context.js';
import type { Db, Tx } from '../../db/connection.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { appendAudit } from '../audit/audit-log.js';
import { findElectionRow } from '../elections/election-queries.js';
import { announceThreatLevel } from './threat-level-live.js';
import { onProposalDecided, onThreatLevelSet, type ElectionRef } from './threat-level-notify.js';
import {
  countPendingByDomain,
  findEntry,
  findProposal,
  insertLevel,
  insertProposal,
  latestLevel,
  listCurrent,
  listHistory,
  listProposals,
  lockElectionDomain,
  lockProposal,
  recordDecision,
  type EntryRow,
  type ProposalRow,
} from './threat-level-queries.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const person = (
  userId: string,
  name: string,
  organisationId: string,
  organisationShortName: string,
): ThreatLevelPerson => ({ userId, name, organisationId, organisationShortName });

const presentEntry = (row: EntryRow): ThreatLevelEntry => ({
  id: Number(row.id),
  electionId: row.electionId,
  domain: row.domain as IncidentDomain,
  level: row.level,
  name: threatLevelNames[row.level as ThreatLevel],
  rationale: row.rationale,
  setBy: person(row.setByUserId, row.setByName, row.setByOrganisationId, row.setByOrganisationShortName),
  setAt: new Date(row.setAt).toISOString(),
  previousLevel: row.previousLevel,
  trend: trendOf(row.level, row.previousLevel),
  proposalId: row.proposalId,
});

const presentProposal = (row: ProposalRow): ThreatLevelProposal => ({
  id: row.id,
  electionId: row.electionId,
  domain: row.domain as IncidentDomain,
  level: row.level,
  name: threatLevelNames[row.level as ThreatLevel],
  rationale: row.rationale,
  proposedBy: person(
    row.proposedByUserId,
    row.proposedByName,
    row.proposedByOrganisationId,
    row.proposedByOrganisationShortName,
  ),
  proposedAt: row.proposedAt.toISOString(),
  status: row.status,
  decidedBy:
    row.decidedByUserId && row.decidedByName !== null && row.decidedByOrganisationId
      ? person(
          row.decidedByUserId,
          row.decidedByName,
          row.decidedByOrganisationId,
          row.decidedByOrganisationShortName ?? '',
        )
      : null,
  decidedAt: row.decidedAt?.toISOString() ?? null,
  decisionReason: row.decisionReason,
  threatLevelId: row.threatLevelId === null ? null : Number(row.threatLevelId),
});

/** The election by uuid or slug, as the elections feature names it; 404 when there is none. */
const loadElection = async (db: Db | Tx, idOrSlug: string): Promise<ElectionRef> => {
  const row = await findElectionRow(db, uuidPattern.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
  if (!row) throw new AppError('not_found', 'No such election.');
  return row;
};

export const getCurrentThreatLevels = async (
  ctx: Pick<ServiceContext, 'db'>,
  idOrSlug: string,
): Promise<CurrentThreatLevels> => {
  const election = await loadElection(ctx.db, idOrSlug);
  const current = new Map((await listCurrent(ctx.db, election.id)).map((row) => [row.domain, row]));
  const pending = await countPendingByDomain(ctx.db, election.id);
  return {
    electionId: election.id,
    items: threatDomains.map((domain) => {
      const row = current.get(domain);
      return { domain, current: row ? presentEntry(row) : null, pendingProposals: pending.get(domain) ?? 0 };
    }),
  };
};

const afterId = (cursor: string | undefined): number | undefined => {
  const key = decodeCursor<[number]>(cursor, ['number']);
  if (key && !(Number.isSafeInteger(key[0]) && key[0] > 0))
    throw new AppError('bad_request', 'The cursor is not valid.');
  return key?.[0];
};

export const getThreatLevelHistory = async (
  ctx: Pick<ServiceContext, 'db'>,
  idOrSlug: string,
  query: HistoryQuery,
): Promise<ThreatLevelHistoryPage> => {
  const q = historyQuerySchema.parse(query);
  const beforeId = afterId(q.cursor);
  const election = await loadElection(ctx.db, idOrSlug);
  const rows = await listHistory(ctx.db, election.id, { domain: q.domain, beforeId, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentEntry),
    nextCursor: rows.length > q.limit && last ? encodeCursor([Number(last.id)]) : null,
  };
};

/** Appends a level, audits it, tells the subscribers and the live stream; all in the caller's transaction. */
const appendLevel = async (
  tx: Tx,
  ctx: ServiceContext,
  election: ElectionRef,
  input: { domain: string; level: number; rationale: string; proposalId: string | null },
): Promise<number> => {
  await lockElectionDomain(tx, election.id, input.domain);
  const previousLevel = await latestLevel(tx, election.id, input.domain);
  const id = await insertLevel(tx, {
    electionId: election.id,
    domain: input.domain,
    level: input.level,
    rationale: input.rationale,
    setByUserId: ctx.actor.userId,
    setByOrganisationId: ctx.actor.organisationId,
    proposalId: input.proposalId,
  });
  await appendAudit(tx, ctx.audit, {
    action: 'threat_level.set',
    targetType: 'election',
    targetId: election.id,
    details: {
      threatLevelId: id,
      domain: input.domain,
      level: input.level,
      previousLevel,
      proposalId: input.proposalId,
      rationale: input.rationale,
    },
  });
  await onThreatLevelSet(
    tx,
    election,
    { domain: input.domain, level: input.level, previousLevel, threatLevelId: id },
    ctx.actor.userId,
  );
  await announceThreatLevel(tx, { electionId: election.id, domain: input.domain });
  return id;
};

export const setThreatLevel = async (
  ctx: ServiceContext,
  idOrSlug: string,
  input: SetThreatLevel,
): Promise<ThreatLevelEntry> => {
  const data = setThreatLevelSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const election = await loadElection(tx, idOrSlug);
    const id = await appendLevel(tx, ctx, election, { ...data, proposalId: null });
    return presentEntry((await findEntry(tx, election.id, id))!);
  });
};

export const getProposals = async (
  ctx: Pick<ServiceContext, 'db'>,
  idOrSlug: string,
  query: ProposalListQuery,
): Promise<ProposalPage> => {
  const q = proposalListQuerySchema.parse(query);
  const beforeSeq = afterId(q.cursor);
  const election = await loadElection(ctx.db, idOrSlug);
  const rows = await listProposals(ctx.db, election.id, { status: q.status, beforeSeq, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentProposal),
    nextCursor: rows.length > q.limit && last ? encodeCursor([Number(last.seq)]) : null,
  };
};

export const proposeThreatLevel = async (
  ctx: ServiceContext,
  idOrSlug: string,
  input: CreateProposal,
): Promise<ThreatLevelProposal> => {
  const data = createProposalSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const election = await loadElection(tx, idOrSlug);
    const id = await insertProposal(tx, {
      electionId: election.id,
      domain: data.domain,
      level: data.level,
      rationale: data.rationale,
      proposedByUserId: ctx.actor.userId,
      proposedByOrganisationId: ctx.actor.organisationId,
    });
    await appendAudit(tx, ctx.audit, {
      action: 'threat_level_proposal.create',
      targetType: 'threat_level_proposal',
      targetId: id,
      details: { electionId: election.id, ...data },
    });
    await announceThreatLevel(tx, { electionId: election.id, domain: data.domain });
    return presentProposal((await findProposal(tx, id))!);
  });
};

/**
 * Accepting sets the proposed level (with the proposal's rationale, linked to it); rejecting needs
 * a reason. A proposal is decided once: a second decision is a conflict, whoever makes it.
 */
export const decideProposal = async (
  ctx: ServiceContext,
  proposalId: string,
  input: DecideProposal,
): Promise<ThreatLevelProposal> => {
  const data = decideProposalSchema.parse(input);
  const reason = data.reason && data.reason.length > 0 ? data.reason : null;
  return ctx.db.transaction().execute(async (tx) => {
    const proposal = await lockProposal(tx, proposalId);
    if (!proposal) throw new AppError('not_found', 'No such threat level proposal.');
    if (proposal.status !== 'pending')
      throw new AppError('conflict', `The proposal has been ${proposal.status} already.`);
    const election = await loadElection(tx, proposal.electionId);
    await recordDecision(tx, proposal.id, {
      status: data.accept ? 'accepted' : 'rejected',
      decidedByUserId: ctx.actor.userId,
      decidedByOrganisationId: ctx.actor.organisationId,
      decidedAt: ctx.now(),
      decisionReason: reason,
    });
    const threatLevelId = data.accept
      ? await appendLevel(tx, ctx, election, {
          domain: proposal.domain,
          level: proposal.level,
          rationale: proposal.rationale,
          proposalId: proposal.id,
        })
      : null;
    await appendAudit(tx, ctx.audit, {
      action: data.accept ? 'threat_level_proposal.accept' : 'threat_level_proposal.reject',
      targetType: 'threat_level_proposal',
      targetId: proposal.id,
      details: {
        electionId: election.id,
        domain: proposal.domain,
        level: proposal.level,
        reason,
        threatLevelId,
      },
    });
    await onProposalDecided(
      tx,
      election,
      {
        proposalId: proposal.id,
        proposerUserId: proposal.proposedByUserId,
        domain: proposal.domain,
        level: proposal.level,
        accepted: data.accept,
        reason,
      },
      ctx.actor.userId,
    );
    if (!data.accept) await announceThreatLevel(tx, { electionId: election.id, domain: proposal.domain });
    return presentProposal((await findProposal(tx, proposal.id))!);
  });
};
