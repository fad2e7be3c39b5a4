import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Tlp } from '../../shared/access/tlp.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type SitrepKind = 'daily' | 'election_day' | 'weekly' | 'ad_hoc';
export type SitrepStatus = 'draft' | 'in_review' | 'approved' | 'distributed';

/** One section of a template, in order. */
export interface TemplateSection {
  key: string;
  domain: string | null;
  fi: string;
  sv: string;
  en: string;
}

export interface SitrepTemplatesTable {
  id: Generated<string>;
  key: string;
  kind: SitrepKind;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  periodHours: number;
  sections: JSONColumnType<TemplateSection[]>;
  version: Generated<number>;
  updatedByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

/** The shareable columns (see server/access/visibility-scope.ts). */
interface Shareable {
  tlp: Tlp;
  ownerOrganisationId: string;
  authorUserId: string;
  sharedOrganisationIds: Generated<string[]>;
  sharedCommunityIds: Generated<string[]>;
  sharedUserIds: Generated<string[]>;
}

export interface LoweredMarking {
  from: Tlp;
  to: Tlp;
  reason: string;
  approvedByUserId: string;
  approvedAt: string;
}

export interface SitrepsTable extends Shareable {
  id: Generated<string>;
  electionId: string;
  templateId: string;
  kind: SitrepKind;
  titleFi: Generated<string>;
  titleSv: Generated<string>;
  titleEn: Generated<string>;
  periodStart: Timestamp;
  periodEnd: Timestamp;
  status: Generated<SitrepStatus>;
  markingFloor: Generated<Tlp>;
  sanitisedFromId: string | null;
  loweredMarking: JSONColumnType<
    LoweredMarking | null,
    LoweredMarking | null | undefined,
    LoweredMarking | null
  >;
  recipientOrganisationIds: Generated<string[]>;
  recipientCommunityIds: Generated<string[]>;
  versionNumber: Generated<number>;
  revision: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface SitrepSectionsTable {
  sitrepId: string;
  key: string;
  position: number;
  domain: string | null;
  titleFi: string;
  titleSv: string;
  titleEn: string;
  assigneeOrganisationId: string | null;
  bodyFi: Generated<string>;
  bodySv: Generated<string>;
  bodyEn: Generated<string>;
  revision: Generated<number>;
  updatedByUserId: string | null;
  updatedAt: Timestamp;
  editingUserId: string | null;
  editingUntil: Date | null;
}

export interface SitrepIncidentsTable {
  sitrepId: string;
  incidentId: string;
  position: number;
  addedByUserId: string;
  addedAt: CreatedAt;
}

export interface SitrepVersionsTable extends Shareable {
  sitrepId: string;
  number: number;
  /** The frozen report: see `SitrepVersionContent` in shared/contracts/sitreps.ts. */
  content: JSONColumnType<Record<string, unknown>>;
  languages: string[];
  approvedByUserId: string;
  approvedByOrganisationId: string;
  approvedAt: CreatedAt;
  distributedByUserId: string | null;
  distributedAt: Date | null;
}

export interface SitrepReadsTable {
  sitrepId: string;
  number: number;
  userId: string;
  organisationId: string;
  language: 'fi' | 'sv' | 'en';
  readAt: CreatedAt;
}

/** Situation reports (migration 0010). */
export interface SitrepTables {
  sitrepTemplates: SitrepTemplatesTable;
  sitreps: SitrepsTable;
  sitrepSections: SitrepSectionsTable;
  sitrepIncidents: SitrepIncidentsTable;
  sitrepVersions: SitrepVersionsTable;
  sitrepReads: SitrepReadsTable;
}
