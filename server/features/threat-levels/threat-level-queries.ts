import { sql } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import { permissions } from '../../../shared/access/roles.js';
import type { Db, Tx } from '../../db/connection.js';
import { visibleTo } from '../../access/visibility-scope.js';

/** Serialises the levels set for one election and domain, so "previous" is always the one before. */
const SET_LEVEL_LOCK = 7351020;

export interface EntryRow {
  id: number;
  electionId: string;
  domain: string;
  level: number;
  rationale: string;
  setAt: Date;
  proposalId: string | null;
  previousLevel: number | null;
  setByUserId: string;
  setByName: string;
  setByOrganisationId: string;
  setByOrganisationShortName: string;
}

/**
 * The election's entries, each with the level before it in its domain. The filters keep every
 * entry older than a kept one (a cursor keeps the older ids), so lag() still sees its predecessor.
 */
const entries = (
  db: Db | Tx,
  electionId: string,
  filter: { domain?: string | undefined; beforeId?: number | undefined; id?: number | undefined } = {},
) =>
  db
    .selectFrom((eb) => {
      let inner = eb
        .selectFrom('threatLevels as t')
        .selectAll('t')
        .select(
          sql<number | null>`lag(t.level) over (partition by t.domain order by t.id)`.as('previousLevel'),
        )
        .where('t.electionId', '=', electionId);
      if (filter.domain !== undefined) inner = inner.where('t.domain', '=', filter.domain);
      if (filter.beforeId !== undefined) inner = inner.where('t.id', '<', filter.beforeId);
      if (filter.id !== undefined) inner = inner.where('t.id', '<=', filter.id);
      return inner.as('h');
    })
    .innerJoin('users as u', 'u.id', 'h.setByUserId')
    .innerJoin('organisations as o', 'o.id', 'h.setByOrganisationId')
    .select([
      'h.id',
      'h.electionId',
      'h.domain',
      'h.level',
      'h.rationale',
      'h.setAt',
      'h.proposalId',
      'h.previousLevel',
      'h.setByUserId',
      'u.name as setByName',
      'h.setByOrganisationId',
      'o.shortName as setByOrganisationShortName',
    ]);

export const listHistory = (
  db: Db,
  electionId: string,
  page: { domain?: string | undefined; beforeId?: number | undefined; limit: number },
): Promise<EntryRow[]> => entries(db, electionId, page).orderBy('h.id', 'desc').limit(page.limit).execute();

export const findEntry = (db: Db | Tx, electionId: string, id: number): Promise<EntryRow | undefined> =>
  entries(db, electionId, { id }).where('h.id', '=', id).executeTakeFirst();

/** The newest entry per domain. */
export const listCurrent = (db: Db, electionId: string): Promise<EntryRow[]> =>
  db
    .selectFrom(entries(db, electionId).as('e'))
    .selectAll('e')
    .distinctOn('e.domain')
    .orderBy('e.domain')
    .orderBy('e.id', 'desc')
    .execute();

export const countPendingByDomain = async (db: Db, electionId: string): Promise<Map<string, number>> => {
  const rows = await db
    .selectFrom('threatLevelProposals')
    .select(['domain', (eb) => eb.fn.countAll<number>().as('n')])
    .where('electionId', '=', electionId)
    .where('status', '=', 'pending')
    .groupBy('domain')
    .execute();
  return new Map(rows.map((row) => [row.domain, Number(row.n)]));
};

export const lockElectionDomain = async (tx: Tx, electionId: string, domain: string): Promise<void> => {
  await sql`select pg_advisory_xact_lock(${SET_LEVEL_LOCK}, hashtext(${`${electionId}:${domain}`}))`.execute(
    tx,
  );
};

export const latestLevel = async (tx: Tx, electionId: string, domain: string): Promise<number | null> =>
  (
    await tx
      .selectFrom('threatLevels')
      .select('level')
      .where('electionId', '=', electionId)
      .where('domain', '=', domain)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
  )?.level ?? null;

export const insertLevel = async (
  tx: Tx,
  values: {
    electionId: string;
    domain: string;
    level: number;
    rationale: string;
    setByUserId: string;
    setByOrganisationId: string;
    proposalId: string | null;
  },
): Promise<number> =>
  (await tx.insertInto('threatLevels').values(values).returning('id').executeTakeFirstOrThrow()).id;

export interface ProposalRow {
  id: string;
  seq: number;
  electionId: string;
  domain: string;
  level: number;
  rationale: string;
  proposedAt: Date;
  status: 'pending' | 'accepted' | 'rejected';
  decidedAt: Date | null;
  decisionReason: string | null;
  proposedByUserId: string;
  proposedByName: string;
  proposedByOrganisationId: string;
  proposedByOrganisationShortName: string;
  decidedByUserId: string | null;
  decidedByName: string | null;
  decidedByOrganisationId: string | null;
  decidedByOrganisationShortName: string | null;
  threatLevelId: number | null;
}

const proposals = (db: Db | Tx) =>
  db
    .selectFrom('threatLevelProposals as p')
    .innerJoin('users as pu', 'pu.id', 'p.proposedByUserId')
    .innerJoin('organisations as po', 'po.id', 'p.proposedByOrganisationId')
    .leftJoin('users as du', 'du.id', 'p.decidedByUserId')
    .leftJoin('organisations as dor', 'dor.id', 'p.decidedByOrganisationId')
    .leftJoin('threatLevels as tl', 'tl.proposalId', 'p.id')
    .select([
      'p.id',
      'p.seq',
      'p.electionId',
      'p.domain',
      'p.level',
      'p.rationale',
      'p.proposedAt',
      'p.status',
      'p.decidedAt',
      'p.decisionReason',
      'p.proposedByUserId',
      'pu.name as proposedByName',
      'p.proposedByOrganisationId',
      'po.shortName as proposedByOrganisationShortName',
      'p.decidedByUserId',
      'du.name as decidedByName',
      'p.decidedByOrganisationId',
      'dor.shortName as decidedByOrganisationShortName',
      'tl.id as threatLevelId',
    ]);

export const listProposals = (
  db: Db,
  electionId: string,
  page: { status?: string | undefined; beforeSeq?: number | undefined; limit: number },
): Promise<ProposalRow[]> => {
  let query = proposals(db).where('p.electionId', '=', electionId);
  if (page.status !== undefined) query = query.where('p.status', '=', page.status as ProposalRow['status']);
  if (page.beforeSeq !== undefined) query = query.where('p.seq', '<', page.beforeSeq);
  return query.orderBy('p.seq', 'desc').limit(page.limit).execute();
};

export const findProposal = (db: Db | Tx, id: string): Promise<ProposalRow | undefined> =>
  proposals(db).where('p.id', '=', id).executeTakeFirst();

/** Locks the proposal so that two coordinators cannot both decide it. */
export const lockProposal = (tx: Tx, id: string) =>
  tx
    .selectFrom('threatLevelProposals')
    .select(['id', 'electionId', 'domain', 'level', 'rationale', 'status', 'proposedByUserId'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export const insertProposal = async (
  tx: Tx,
  values: {
    electionId: string;
    domain: string;
    level: number;
    rationale: string;
    proposedByUserId: string;
    proposedByOrganisationId: string;
  },
): Promise<string> =>
  (await tx.insertInto('threatLevelProposals').values(values).returning('id').executeTakeFirstOrThrow()).id;

export const recordDecision = (
  tx: Tx,
  id: string,
  values: {
    status: 'accepted' | 'rejected';
    decidedByUserId: string;
    decidedByOrganisationId: string;
    decidedAt: Date;
    decisionReason: string | null;
  },
) => tx.updateTable('threatLevelProposals').set(values).where('id', '=', id).execute();

/**
 * Users subscribed to the election (a subscription that names it) and to the domain (or to every
 * domain), who are active and may read content. A user with several matching subscriptions is one
 * subscriber, e-mailed if any of them asks for e-mail.
 */
export const electionSubscribers = (tx: Tx, electionId: string, domain: string) =>
  tx
    .selectFrom('subscriptions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select(['s.userId', sql<boolean>`bool_or(s.email)`.as('email')])
    .where('s.electionId', '=', electionId)
    .where(sql<boolean>`(cardinality(s.domains) = 0 or ${domain} = any(s.domains))`)
    .where('u.active', '=', true)
    .where(sql<boolean>`u.roles && ${sql.val([...permissions['content.read']])}::text[]`)
    .groupBy('s.userId')
    .execute();

export interface OverviewElectionRow {
  id: string;
  slug: string;
  type: string;
  round: number | null;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  electionDay: string;
}

export const listOverviewElections = (db: Db): Promise<OverviewElectionRow[]> =>
  db
    .selectFrom('elections')
    .select(['id', 'slug', 'type', 'round', 'nameFi', 'nameSv', 'nameEn', 'electionDay'])
    .orderBy('electionDay')
    .orderBy('slug')
    .execute();

export const listAdvanceVoting = (db: Db) =>
  db
    .selectFrom('electionPhases')
    .select(['electionId', 'key', 'startsOn', 'endsOn'])
    .where('key', 'in', ['advance_voting_finland', 'advance_voting_abroad'])
    .execute();

export const levelsPerElectionDomain = async (db: Db) =>
  (
    await sql<{ electionId: string; domain: string; peak: number; current: number }>`
      select election_id, domain, max(level)::int as peak,
        (array_agg(level order by id desc))[1]::int as current
      from threat_levels group by election_id, domain`.execute(db)
  ).rows;

/**
 * Incident counts per election over what the actor may see, and nothing else: the visibility scope
 * is part of the query, so an invisible incident never reaches a count.
 */
export const incidentCountsPerElection = async (db: Db, actor: Actor) =>
  db
    .selectFrom('incidents as i')
    .select([
      'i.electionId',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) filter (where 'information_influence' = any(i.domains))::int`.as(
        'informationInfluence',
      ),
      sql<number>`count(*) filter (where 'cyber' = any(i.domains))::int`.as('cyber'),
      sql<number>`count(*) filter (where 'physical' = any(i.domains))::int`.as('physical'),
      sql<number>`count(*) filter (where 'process' = any(i.domains))::int`.as('process'),
      sql<number>`count(*) filter (where i.severity >= 4)::int`.as('severe'),
      sql<number>`count(*) filter (where i.status = 'closed')::int`.as('closed'),
    ])
    .where('i.electionId', 'is not', null)
    .where(visibleTo(actor, 'i'))
    .groupBy('i.electionId')
    .execute();
