import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Role } from '../../shared/access/roles.js';
import type { Locale } from '../../shared/contracts/common.js';
import type { CollaborationTables } from './schema-collaboration.js';
import type { ElectionTables } from './schema-elections.js';
import type { ExchangeFeedTables } from './schema-exchange-feeds.js';
import type { ExchangePartnerTables } from './schema-exchange-partners.js';
import type { ExchangeImportTables } from './schema-exchange-imports.js';
import type { IncidentTables } from './schema-incidents.js';
import type { IntelTables } from './schema-intel.js';
import type { SitrepTables } from './schema-sitreps.js';
import type { ThreatLevelTables } from './schema-threat-levels.js';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface OrganisationsTable {
  id: Generated<string>;
  shortName: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  kind: string;
  requireTwoFactor: Generated<boolean>;
  active: Generated<boolean>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface CommunitiesTable {
  id: Generated<string>;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  description: Generated<string>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface CommunityMembersTable {
  communityId: string;
  organisationId: string;
}

export interface UsersTable {
  id: Generated<string>;
  name: string;
  email: string;
  emailVerified: Generated<boolean>;
  image: string | null;
  organisationId: string;
  roles: Role[];
  active: Generated<boolean>;
  mustChangePassword: Generated<boolean>;
  locale: Generated<Locale>;
  reportFallbackLanguages: Generated<Locale[]>;
  timeZone: Generated<string>;
  twoFactorEnabled: Generated<boolean>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface SessionsTable {
  id: string;
  token: string;
  userId: string;
  expiresAt: Timestamp;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface AccountsTable {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  password: string | null;
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  accessTokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  scope: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  configId: string;
  name: string | null;
  start: string | null;
  prefix: string | null;
  key: string;
  referenceId: string;
  enabled: boolean | null;
  expiresAt: Date | null;
  lastRequest: Date | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface AuditEventsTable {
  seq: number;
  occurredAt: Timestamp;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  sourceIp: string | null;
  details: JSONColumnType<Record<string, unknown>>;
  prevHash: string;
  hash: string;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  email: string;
  sourceIp: string;
  succeeded: boolean;
  attemptedAt: Generated<Date>;
}

export interface InstanceSettingsTable {
  key: string;
  value: string;
}

/** Every table: the foundation's here, later features' in schema-<feature>.ts. */
export interface Database
  extends
    ElectionTables,
    IncidentTables,
    IntelTables,
    CollaborationTables,
    ThreatLevelTables,
    SitrepTables,
    ExchangeFeedTables,
    ExchangePartnerTables,
    ExchangeImportTables {
  organisations: OrganisationsTable;
  communities: CommunitiesTable;
  communityMembers: CommunityMembersTable;
  users: UsersTable;
  sessions: SessionsTable;
  accounts: AccountsTable;
  apiKeys: ApiKeysTable;
  auditEvents: AuditEventsTable;
  signInAttempts: SignInAttemptsTable;
  instanceSettings: InstanceSettingsTable;
}
