import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Actor } from '../../../shared/access/roles.js';
import type { Locale } from '../../../shared/contracts/common.js';
import type { Db, Tx } from '../../db/connection.js';
import { visibleTo } from '../../access/visibility-scope.js';
import type { Mailer } from '../../mail/mailer.js';
import { recipientScope } from '../sitreps/sitrep-access.js';
import { loadActors } from './notification-audience.js';
import {
  composeDigestEmail,
  composeNotificationEmail,
  type EmailIncident,
  type EmailItem,
} from './notification-messages.js';

export interface MailJobContext {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  now: () => Date;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * One recipient's failure must not hold back the others: each is tried, and the job then fails as a
 * whole so that pg-boss retries it (whoever was served is skipped the next time).
 */
const throwIfAny = (ctx: MailJobContext, failures: unknown[], sent: number): void => {
  if (failures.length === 0) return;
  const first = failures[0];
  ctx.log.warn({ failed: failures.length, sent, err: first }, 'some notification e-mails could not be sent');
  throw first instanceof Error ? first : new Error(String(first));
};

/** Immediate e-mail: the user wants e-mail and no digest (no settings row: e-mail on, no digest). */
const wantsImmediate = sql<boolean>`coalesce(s.email_enabled, true) and not coalesce(s.daily_digest, false)`;

/** The incident as this actor may see it now, or undefined. */
const visibleIncident = async (
  tx: Tx,
  actor: Actor,
  incidentUuid: string,
): Promise<EmailIncident | undefined> =>
  tx
    .selectFrom('incidents as i')
    .select(['i.id', 'i.title', 'i.tlp', 'i.severity', 'i.description'])
    .where('i.id', '=', incidentUuid)
    .where(visibleTo(actor, 'i'))
    .executeTakeFirst();

/** A distributed situation report's e-mail goes only to someone who still receives that version. */
const stillReceivesSitrep = async (tx: Tx, actor: Actor, data: Record<string, unknown>): Promise<boolean> => {
  const { sitrepId, versionNumber } = data;
  if (typeof sitrepId !== 'string' || !/^[0-9a-f-]{36}$/.test(sitrepId) || typeof versionNumber !== 'number')
    return false;
  return (
    (await tx
      .selectFrom('sitrepVersions as v')
      .select('v.number')
      .where('v.sitrepId', '=', sitrepId)
      .where('v.number', '=', versionNumber)
      .where(recipientScope(actor, 'v'))
      .executeTakeFirst()) !== undefined
  );
};

/**
 * Sends each notification's e-mail, one transaction per notification: the row is locked (a second
 * worker skips it), the recipient's right to see the incident is checked again now, the message
 * goes out, and only then is emailed_at set. If sending fails the transaction rolls back and the
 * error reaches pg-boss, which retries; notifications already sent are not sent again.
 * A notification whose incident the recipient can no longer see is withdrawn: no e-mail, and it
 * counts as handled.
 */
export const sendNotificationEmails = async (
  ctx: MailJobContext,
  notificationIds: readonly string[],
): Promise<{ sent: number }> => {
  if (!ctx.mailer.enabled) return { sent: 0 };
  let sent = 0;
  const failures: unknown[] = [];
  for (const id of notificationIds) {
    await ctx.db
      .transaction()
      .execute(async (tx) => {
        const row = await tx
          .selectFrom('notifications as n')
          .innerJoin('users as u', 'u.id', 'n.userId')
          .leftJoin('userNotificationSettings as s', 's.userId', 'n.userId')
          .select([
            'n.id',
            'n.userId',
            'n.kind',
            'n.incidentId',
            'n.data',
            'n.createdAt',
            'u.email',
            'u.locale',
            'u.timeZone',
          ])
          .where('n.id', '=', id)
          .where('n.emailedAt', 'is', null)
          .where(wantsImmediate)
          .where(sql<boolean>`coalesce((n.data->>'email')::boolean, true)`)
          .forUpdate(['n'])
          .skipLocked()
          .executeTakeFirst();
        if (!row) return;
        const markHandled = () =>
          tx.updateTable('notifications').set({ emailedAt: ctx.now() }).where('id', '=', row.id).execute();
        const [actor] = await loadActors(tx, [row.userId]);
        if (!actor) return void (await markHandled());
        let incident: EmailIncident | null = null;
        if (row.incidentId) {
          incident = (await visibleIncident(tx, actor, row.incidentId)) ?? null;
          if (!incident) return void (await markHandled());
        }
        if (row.kind === 'sitrep_distributed' && !(await stillReceivesSitrep(tx, actor, row.data))) {
          return void (await markHandled());
        }
        const message = composeNotificationEmail(
          { locale: row.locale as Locale, timeZone: row.timeZone },
          { kind: row.kind, data: row.data, incident, createdAt: row.createdAt },
          ctx.baseUrl,
        );
        await ctx.mailer.send({ to: row.email, ...message });
        await markHandled();
        sent += 1;
      })
      .catch((error: unknown) => failures.push(error));
  }
  throwIfAny(ctx, failures, sent);
  return { sent };
};

/**
 * The safety net behind the e-mail jobs: notifications of the last six hours that should have been
 * e-mailed at once and still are not (a job that ran out of retries, SMTP down for a while).
 */
export const sweepUnsentEmails = async (ctx: MailJobContext): Promise<{ sent: number }> => {
  if (!ctx.mailer.enabled) return { sent: 0 };
  const now = ctx.now();
  const rows = await ctx.db
    .selectFrom('notifications as n')
    .leftJoin('userNotificationSettings as s', 's.userId', 'n.userId')
    .select('n.id')
    .where('n.emailedAt', 'is', null)
    .where('n.createdAt', '>', new Date(now.getTime() - 6 * 3600_000))
    .where('n.createdAt', '<', new Date(now.getTime() - 5 * 60_000))
    .where(wantsImmediate)
    .where(sql<boolean>`coalesce((n.data->>'email')::boolean, true)`)
    .orderBy('n.createdAt')
    .limit(500)
    .execute();
  return sendNotificationEmails(
    ctx,
    rows.map((r) => r.id),
  );
};

const DAY_MS = 24 * 3600_000;

/**
 * The morning digest for every user who chose it: what was notified since their last digest (a day
 * back for the first), titles and links of what they may still see. One transaction per user, which
 * moves last_digest_at only after the e-mail went out; a retry of the job therefore sends nobody a
 * second digest. Nothing new: no e-mail, but the window still moves on.
 */
export const sendDailyDigests = async (ctx: MailJobContext): Promise<{ sent: number }> => {
  if (!ctx.mailer.enabled) return { sent: 0 };
  const now = ctx.now();
  const users = await ctx.db
    .selectFrom('userNotificationSettings as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select('s.userId')
    .where('s.emailEnabled', '=', true)
    .where('s.dailyDigest', '=', true)
    .where('u.active', '=', true)
    .execute();
  let sent = 0;
  const failures: unknown[] = [];
  for (const { userId } of users) {
    await ctx.db
      .transaction()
      .execute(async (tx) => {
        const settings = await tx
          .selectFrom('userNotificationSettings as s')
          .innerJoin('users as u', 'u.id', 's.userId')
          .select(['s.lastDigestAt', 'u.email', 'u.locale', 'u.timeZone'])
          .where('s.userId', '=', userId)
          .where('s.dailyDigest', '=', true)
          .where('s.emailEnabled', '=', true)
          .forUpdate(['s'])
          .skipLocked()
          .executeTakeFirst();
        if (!settings) return;
        const since = settings.lastDigestAt ?? new Date(now.getTime() - DAY_MS);
        if (since >= now) return;
        const [actor] = await loadActors(tx, [userId]);
        if (!actor) return;
        const rows = await tx
          .selectFrom('notifications as n')
          .leftJoin('incidents as i', 'i.id', 'n.incidentId')
          .select([
            'n.id',
            'n.kind',
            'n.data',
            'n.createdAt',
            'n.incidentId',
            'i.title',
            'i.tlp',
            'i.severity',
            sql<boolean>`n.incident_id is null or ${visibleTo(actor, 'i')}`.as('visible'),
          ])
          .where('n.userId', '=', userId)
          .where('n.createdAt', '>', since)
          .where('n.createdAt', '<=', now)
          .orderBy('n.createdAt')
          .orderBy('n.id')
          .execute();
        const items: EmailItem[] = rows
          .filter((r) => r.visible)
          .map((r) => ({
            kind: r.kind,
            data: r.data,
            createdAt: r.createdAt,
            incident:
              r.incidentId && r.title !== null && r.tlp !== null && r.severity !== null
                ? { id: r.incidentId, title: r.title, tlp: r.tlp, severity: r.severity, description: '' }
                : null,
          }));
        if (items.length > 0) {
          const message = composeDigestEmail(
            { locale: settings.locale as Locale, timeZone: settings.timeZone },
            items,
            since,
            ctx.baseUrl,
          );
          await ctx.mailer.send({ to: settings.email, ...message });
          sent += 1;
        }
        if (rows.length > 0) {
          await tx
            .updateTable('notifications')
            .set({ emailedAt: now })
            .where(
              'id',
              'in',
              rows.map((r) => r.id),
            )
            .where('emailedAt', 'is', null)
            .execute();
        }
        await tx
          .updateTable('userNotificationSettings')
          .set({ lastDigestAt: now })
          .where('userId', '=', userId)
          .execute();
      })
      .catch((error: unknown) => failures.push(error));
  }
  throwIfAny(ctx, failures, sent);
  return { sent };
};
