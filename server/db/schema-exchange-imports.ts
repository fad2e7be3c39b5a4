import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Tlp } from '../../shared/access/tlp.js';
import type {
  ImportCounts,
  ImportObjectResult,
  Unapplied,
  WorkbenchKind,
  WorkbenchStatus,
} from '../../shared/contracts/exchange-imports.js';
import type { ImportSource } from '../../shared/contracts/exchange.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface StixImportsTable {
  id: Generated<string>;
  source: ImportSource;
  partnerId: string | null;
  bundleId: string | null;
  receivedByUserId: string | null;
  ownerOrganisationId: string;
  defaultTlp: Tlp;
  receivedAt: CreatedAt;
  objectCount: Generated<number>;
  counts: JSONColumnType<ImportCounts, ImportCounts | undefined, ImportCounts>;
  results: JSONColumnType<ImportObjectResult[], ImportObjectResult[] | undefined, ImportObjectResult[]>;
  disarmTechniqueCount: Generated<number>;
  workbenchItemIds: Generated<string[]>;
}

export interface StixObjectVersionsTable {
  ownerOrganisationId: string;
  stixId: string;
  versionKey: string;
  type: string;
  modified: string | null;
  specVersion: string | null;
  object: JSONColumnType<Record<string, unknown>>;
  contentHash: string;
  importId: string;
  partnerId: string | null;
  firstImportedAt: CreatedAt;
}

export interface StixCurrentObjectsTable {
  ownerOrganisationId: string;
  stixId: string;
  versionKey: string;
  type: string;
  tlp: Tlp;
  contentHash: string;
  sourceRef: string | null;
  targetRef: string | null;
  observableType: string | null;
  observableValue: string | null;
  importId: string;
  updatedAt: Timestamp;
}

/** What accepting or merging did, kept with the item. */
export interface WorkbenchDecisionRecord {
  incidentId: string;
  observableIds: string[];
  techniqueIds: string[];
  changedFields: string[];
  relatedStixIds: string[];
  /** Narratives linked (made here when new) and links between incidents added; absent in older records. */
  narrativeIds?: string[];
  linkIds?: string[];
  /** What stayed in the imported-object store only. */
  unapplied?: Unapplied[];
  note: string | null;
}

export interface WorkbenchItemsTable {
  id: Generated<string>;
  tlp: Tlp;
  ownerOrganisationId: string;
  /** The uploader; null for partner feeds (nobody's red item). */
  authorUserId: string | null;
  sharedOrganisationIds: Generated<string[]>;
  sharedCommunityIds: Generated<string[]>;
  sharedUserIds: Generated<string[]>;
  stixId: string;
  stixType: string;
  versionKey: string;
  modified: string | null;
  title: string;
  kind: WorkbenchKind;
  status: Generated<WorkbenchStatus>;
  importId: string;
  partnerId: string | null;
  targetIncidentId: string | null;
  decidedByUserId: string | null;
  decidedAt: Date | null;
  reason: string | null;
  decision: JSONColumnType<
    WorkbenchDecisionRecord | null,
    WorkbenchDecisionRecord | null | undefined,
    WorkbenchDecisionRecord | null
  >;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface ImportedIncidentLinksTable {
  ownerOrganisationId: string;
  stixId: string;
  incidentId: string;
  partnerId: string | null;
  versionKey: string;
  workbenchItemId: string;
  linkedAt: Timestamp;
}

/** STIX imports, the imported-object store and the review queue (migration 0012). */
export interface ExchangeImportTables {
  stixImports: StixImportsTable;
  stixObjectVersions: StixObjectVersionsTable;
  stixCurrentObjects: StixCurrentObjectsTable;
  workbenchItems: WorkbenchItemsTable;
  importedIncidentLinks: ImportedIncidentLinksTable;
}
