import type { ColumnType, Generated } from 'kysely';
import type { Tlp } from '../../shared/access/tlp.js';
import type { ObservableType } from '../../shared/observables/types.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ObservablesTable {
  id: Generated<string>;
  type: ObservableType;
  value: string;
  stixId: string;
  createdAt: CreatedAt;
}

export interface IncidentObservablesTable {
  incidentId: string;
  observableId: string;
  addedByUserId: string | null;
  addedAt: Generated<Date>;
  note: Generated<string>;
}

export interface DisarmPhasesTable {
  id: string;
  name: string;
  description: string;
  sortOrder: number;
}

export interface DisarmTacticsTable {
  id: string;
  name: string;
  description: string;
  phaseId: string;
  sortOrder: number;
  stixId: string;
  url: string;
}

export interface DisarmTechniquesTable {
  id: string;
  name: string;
  description: string;
  tacticId: string;
  parentId: string | null;
  stixId: string;
  url: string;
}

export interface IncidentTechniquesTable {
  incidentId: string;
  techniqueId: string;
  addedByUserId: string | null;
  addedAt: Generated<Date>;
}

export interface NarrativesTable {
  id: Generated<string>;
  tlp: Tlp;
  ownerOrganisationId: string;
  authorUserId: string;
  sharedOrganisationIds: Generated<string[]>;
  sharedCommunityIds: Generated<string[]>;
  sharedUserIds: Generated<string[]>;
  title: string;
  description: Generated<string>;
  status: Generated<'active' | 'dormant' | 'closed'>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface IncidentNarrativesTable {
  incidentId: string;
  narrativeId: string;
  linkedByUserId: string | null;
  linkedAt: Generated<Date>;
}

/** Observables, DISARM techniques and narratives (migration 0004). */
export interface IntelTables {
  observables: ObservablesTable;
  incidentObservables: IncidentObservablesTable;
  disarmPhases: DisarmPhasesTable;
  disarmTactics: DisarmTacticsTable;
  disarmTechniques: DisarmTechniquesTable;
  incidentTechniques: IncidentTechniquesTable;
  narratives: NarrativesTable;
  incidentNarratives: IncidentNarrativesTable;
}
