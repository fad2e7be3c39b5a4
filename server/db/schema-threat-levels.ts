import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ThreatLevelsTable {
  id: ColumnType<number, never, never>;
  electionId: string;
  domain: string;
  level: number;
  rationale: string;
  setByUserId: string;
  setByOrganisationId: string;
  setAt: CreatedAt;
  proposalId: string | null;
}

export interface ThreatLevelProposalsTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  electionId: string;
  domain: string;
  level: number;
  rationale: string;
  proposedByUserId: string;
  proposedByOrganisationId: string;
  proposedAt: CreatedAt;
  status: ColumnType<'pending' | 'accepted' | 'rejected', 'pending' | undefined, 'accepted' | 'rejected'>;
  decidedByUserId: string | null;
  decidedByOrganisationId: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

/** Threat levels and their proposals (migration 0008). */
export interface ThreatLevelTables {
  threatLevels: ThreatLevelsTable;
  threatLevelProposals: ThreatLevelProposalsTable;
}
