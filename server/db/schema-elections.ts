import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type DateOnly = ColumnType<string, string, string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type AreaType = 'municipality' | 'electoral_district' | 'wellbeing_county' | 'region';

export interface AreasTable {
  code: string;
  type: AreaType;
  nationalCode: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  electoralDistrictCode: string | null;
  wellbeingCountyCode: string | null;
  regionCode: string | null;
  bilingual: Generated<boolean>;
  details: JSONColumnType<Record<string, unknown>, Record<string, unknown> | undefined>;
}

export interface ElectionsTable {
  id: Generated<string>;
  slug: string;
  type: string;
  round: number | null;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  electionDay: DateOnly;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface ElectionPhasesTable {
  electionId: string;
  key: string;
  labelFi: string;
  labelSv: string;
  labelEn: string;
  startsOn: DateOnly;
  endsOn: DateOnly;
  timeOfDay: string | null;
  status: 'official' | 'computed' | 'adjusted';
  source: string | null;
  sortOrder: number;
}

/** Elections and areas (migration 0002). */
export interface ElectionTables {
  areas: AreasTable;
  elections: ElectionsTable;
  electionPhases: ElectionPhasesTable;
}
