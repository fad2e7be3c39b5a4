/** Links, corroborations, comments, attachments, notifications, subscriptions (migration 0005). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CollaborationTables {}
