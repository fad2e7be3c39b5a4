import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object> = JSONColumnType<T, T, T>;

export interface NotificationsTable {
  id: Generated<string>;
  userId: string;
  kind: string;
  incidentId: string | null;
  data: Json<Record<string, unknown>>;
  createdAt: CreatedAt;
  readAt: Timestamp | null;
  emailedAt: Timestamp | null;
}

export interface SubscriptionsTable {
  id: Generated<string>;
  userId: string;
  electionId: string | null;
  domains: Generated<string[]>;
  minSeverity: Generated<number>;
  areaCodes: Generated<string[]>;
  email: Generated<boolean>;
  createdAt: CreatedAt;
}

export interface UserNotificationSettingsTable {
  userId: string;
  emailEnabled: Generated<boolean>;
  dailyDigest: Generated<boolean>;
  lastDigestAt: Timestamp | null;
}

export type IncidentLinkKind = 'related_to' | 'duplicate_of' | 'part_of_campaign';

export interface IncidentLinksTable {
  id: Generated<string>;
  sourceIncidentId: string;
  targetIncidentId: string;
  kind: IncidentLinkKind;
  createdByUserId: string | null;
  createdAt: CreatedAt;
}

export interface CorroborationsTable {
  id: Generated<string>;
  incidentId: string;
  organisationId: string;
  userId: string | null;
  note: Generated<string>;
  observedAt: Timestamp | null;
  areaCode: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface CommentsTable {
  id: Generated<string>;
  incidentId: string;
  authorUserId: string;
  body: string;
  createdAt: CreatedAt;
  editedAt: Timestamp | null;
  deletedAt: Timestamp | null;
}

export interface CommentMentionsTable {
  commentId: string;
  userId: string;
}

export interface AttachmentsTable {
  id: Generated<string>;
  incidentId: string;
  filename: string;
  contentType: string;
  /** bigint: pg returns it as a string. */
  sizeBytes: ColumnType<string, number | string | bigint, never>;
  sha256: string;
  data: Buffer | null;
  uploadedByUserId: string | null;
  createdAt: CreatedAt;
  deletedAt: Timestamp | null;
}

/** Links, corroborations, comments, attachments, notifications, subscriptions (migration 0005). */
export interface CollaborationTables {
  notifications: NotificationsTable;
  subscriptions: SubscriptionsTable;
  userNotificationSettings: UserNotificationSettingsTable;
  incidentLinks: IncidentLinksTable;
  corroborations: CorroborationsTable;
  comments: CommentsTable;
  commentMentions: CommentMentionsTable;
  attachments: AttachmentsTable;
}
