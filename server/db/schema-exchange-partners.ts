import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Tlp } from '../../shared/access/tlp.js';
import type {
  PartnerTlpCeiling,
  RedactableField,
  ReleasableRecordType,
} from '../../shared/contracts/exchange.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type ReleaseStatus = 'pending' | 'held' | 'released' | 'withdrawn';

export interface PartnersTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  contact: Generated<string>;
  ownerOrganisationId: string;
  tlpCeiling: PartnerTlpCeiling;
  recordTypes: Generated<ReleasableRecordType[]>;
  redactedFields: Generated<RedactableField[]>;
  requiresApproval: Generated<boolean>;
  defaultImportTlp: Generated<Tlp>;
  active: Generated<boolean>;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface PartnerTokensTable {
  id: Generated<string>;
  partnerId: string;
  name: string;
  tokenHash: string;
  start: string;
  createdByUserId: string;
  createdAt: CreatedAt;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedByUserId: string | null;
}

export interface TaxiiCollectionsTable {
  id: Generated<string>;
  partnerId: string;
  title: string;
  description: Generated<string>;
  canRead: boolean;
  canWrite: boolean;
  alias: string | null;
  objectCount: Generated<number>;
  createdAt: CreatedAt;
}

/** A STIX object as stored: the open JSON object. */
export type StoredStixObject = Record<string, unknown>;

export interface AvailableObject {
  id: string;
  type: string;
}

export interface ReleasesTable {
  id: Generated<string>;
  partnerId: string;
  recordType: ReleasableRecordType;
  recordId: string;
  recordVersion: string;
  recordTitle: Generated<string>;
  recordTlp: PartnerTlpCeiling;
  status: ReleaseStatus;
  objects: JSONColumnType<StoredStixObject[]>;
  availableObjects: JSONColumnType<AvailableObject[]>;
  redactedFields: Generated<RedactableField[]>;
  omittedObjectIds: Generated<string[]>;
  proposedByUserId: string | null;
  proposedAt: CreatedAt;
  decidedByUserId: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

export interface TaxiiObjectsTable {
  seq: ColumnType<number | string, never, never>;
  collectionId: string;
  stixId: string;
  type: string;
  specVersion: Generated<string>;
  version: string;
  versionAt: Timestamp;
  mediaType: Generated<string>;
  tlp: Tlp;
  dateAdded: Generated<Date>;
  object: JSONColumnType<StoredStixObject>;
  releaseId: string | null;
  hasSiblings: Generated<boolean>;
}

export interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

export interface TaxiiStatusesTable {
  id: Generated<string>;
  collectionId: string;
  partnerId: string;
  status: 'pending' | 'complete';
  requestTimestamp: Generated<Date>;
  totalCount: Generated<number>;
  successCount: Generated<number>;
  failureCount: Generated<number>;
  pendingCount: Generated<number>;
  /** JSON text on insert. */
  successes: JSONColumnType<StatusDetail[], string | undefined, string>;
  failures: JSONColumnType<StatusDetail[], string | undefined, string>;
  pendings: JSONColumnType<StatusDetail[], string | undefined, string>;
  importId: string | null;
}

/** Partner agreements, TAXII collections and releases (migration 0011). */
export interface ExchangePartnerTables {
  partners: PartnersTable;
  partnerTokens: PartnerTokensTable;
  taxiiCollections: TaxiiCollectionsTable;
  releases: ReleasesTable;
  taxiiObjects: TaxiiObjectsTable;
  taxiiStatuses: TaxiiStatusesTable;
}
