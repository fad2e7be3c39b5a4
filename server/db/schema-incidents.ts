import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Tlp } from '../../shared/access/tlp.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object> = JSONColumnType<T, T, T>;

export interface IncidentsTable {
  id: Generated<string>;
  tlp: Tlp;
  ownerOrganisationId: string;
  authorUserId: string;
  sharedOrganisationIds: Generated<string[]>;
  sharedCommunityIds: Generated<string[]>;
  sharedUserIds: Generated<string[]>;
  title: string;
  description: Generated<string>;
  domains: string[];
  category: string;
  severity: number;
  impactConduct: Generated<string>;
  impactConfidence: Generated<string>;
  sourceReliability: Generated<string>;
  informationCredibility: Generated<number>;
  status: Generated<string>;
  closingReason: string | null;
  duplicateOfId: string | null;
  leadOrganisationId: string | null;
  supportingOrganisationIds: Generated<string[]>;
  electionId: string | null;
  phaseKey: string | null;
  areaCodes: Generated<string[]>;
  areaScope: Generated<string[]>;
  firstSeen: Date | null;
  lastSeen: Date | null;
  reportedVia: Generated<string>;
  intake: Json<Record<string, unknown>> | null;
  corroborationCount: Generated<number>;
  version: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
  search: ColumnType<string, never, never>;
}

export interface IncidentEventsTable {
  id: ColumnType<number, never, never>;
  incidentId: string;
  type: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  occurredAt: CreatedAt;
  data: Json<Record<string, unknown>>;
}

export interface IncidentLocksTable {
  incidentId: string;
  userId: string;
  acquiredAt: CreatedAt;
  expiresAt: Timestamp;
}

export interface SavedFiltersTable {
  id: Generated<string>;
  userId: string;
  name: string;
  query: Json<Record<string, unknown>>;
  createdAt: CreatedAt;
}

/** Incidents and their history (migration 0003). */
export interface IncidentTables {
  incidents: IncidentsTable;
  incidentEvents: IncidentEventsTable;
  incidentLocks: IncidentLocksTable;
  savedFilters: SavedFiltersTable;
}
