import { sql } from 'kysely';
import type { Tx } from '../../db/connection.js';
import { enqueueJob } from '../../jobs/job-queue.js';
import { actorsWhoCanSee, incidentUuidOf, loadActors } from './notification-audience.js';

export const EMAIL_QUEUE = 'notification-email';

export interface NotifyInput {
  userIds: string[];
  kind: string;
  /** `incident--<uuid>` or the bare uuid; null for a notification about no incident. */
  incidentId: string | null;
  data: Record<string, unknown>;
}

/**
 * Records a notification for each user, once per user, in the caller's transaction, and enqueues
 * their e-mail there too (sent only after commit). A user who cannot see the incident, or is
 * deactivated, gets nothing: their visibility is checked in SQL with the same scope the API uses.
 * The live stream learns of each new row from a trigger (migration 0007), at commit.
 * `withoutEmail`: users who asked for this notification in-app only. Returns the new rows' ids.
 */
export const insertNotifications = async (
  tx: Tx,
  input: NotifyInput & { withoutEmail?: ReadonlySet<string> },
): Promise<string[]> => {
  const unique = [...new Set(input.userIds)];
  if (unique.length === 0) return [];
  let incidentUuid: string | null = null;
  let recipients = await loadActors(tx, unique);
  if (input.incidentId !== null) {
    const uuid = incidentUuidOf(input.incidentId);
    if (!uuid) return [];
    incidentUuid = uuid;
    const seeing = await actorsWhoCanSee(tx, uuid, recipients);
    recipients = recipients.filter((actor) => seeing.has(actor.userId));
  }
  if (recipients.length === 0) return [];

  const rows = await tx
    .insertInto('notifications')
    .values(
      recipients.map(({ userId }) => ({
        userId,
        kind: input.kind,
        incidentId: incidentUuid,
        data: input.withoutEmail?.has(userId) ? { ...input.data, email: false } : input.data,
      })),
    )
    .returning(['id', 'userId'])
    .execute();

  const emailCandidates = rows.filter((row) => !input.withoutEmail?.has(row.userId));
  if (emailCandidates.length > 0) {
    const immediate = new Set(
      (
        await tx
          .selectFrom('users as u')
          .leftJoin('userNotificationSettings as s', 's.userId', 'u.id')
          .select('u.id')
          .where(
            'u.id',
            'in',
            emailCandidates.map((row) => row.userId),
          )
          .where(sql<boolean>`coalesce(s.email_enabled, true) and not coalesce(s.daily_digest, false)`)
          .execute()
      ).map((row) => row.id),
    );
    const emailIds = emailCandidates.filter((row) => immediate.has(row.userId)).map((row) => row.id);
    if (emailIds.length > 0) await enqueueJob(tx, EMAIL_QUEUE, { notificationIds: emailIds });
  }

  return rows.map((row) => row.id);
};

/** Records one notification per user, in the caller's transaction; never for a user who cannot see the incident. */
export const notifyUsers = async (tx: Tx, input: NotifyInput): Promise<void> => {
  await insertNotifications(tx, input);
};
