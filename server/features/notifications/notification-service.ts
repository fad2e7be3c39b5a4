import type {
  CreateSubscription,
  MarkNotificationsRead,
  Notification,
  NotificationPage,
  NotificationSettings,
  Subscription,
  UpdateNotificationSettings,
} from '../../../shared/contracts/notifications.js';
import { createSubscriptionSchema } from '../../../shared/contracts/notifications.js';
import type { IncidentDomain } from '../../../shared/contracts/incident-enums.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../context.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { appendAudit } from '../audit/audit-log.js';
import {
  countSubscriptions,
  countUnread,
  deleteSubscription,
  electionExists,
  findSettings,
  insertSubscription,
  listNotifications,
  listSubscriptions,
  markRead,
  unknownAreaCodes,
  upsertSettings,
  type NotificationRow,
  type SubscriptionRow,
} from './notification-queries.js';

export const MAX_SUBSCRIPTIONS = 50;

const presentNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  kind: row.kind,
  incident:
    row.incidentId && row.title !== null && row.tlp !== null && row.severity !== null
      ? { id: toIncidentId(row.incidentId), title: row.title, tlp: row.tlp, severity: row.severity }
      : null,
  data: row.data,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
});

const presentSubscription = (row: SubscriptionRow): Subscription => ({
  id: row.id,
  electionId: row.electionId,
  domains: row.domains as IncidentDomain[],
  minSeverity: row.minSeverity,
  areaCodes: row.areaCodes,
  email: row.email,
  createdAt: row.createdAt.toISOString(),
});

export const getNotifications = async (
  ctx: ServiceContext,
  query: { cursor?: string | undefined; limit: number; unread?: 'true' | 'false' | undefined },
): Promise<NotificationPage> => {
  const after = decodeCursor<[string, string]>(query.cursor, ['string', 'string']);
  if (
    after &&
    (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(after[0]) || !/^[0-9a-f-]{36}$/.test(after[1]))
  )
    throw new AppError('bad_request', 'The cursor is not valid.');
  const rows = await listNotifications(ctx.db, ctx.actor, {
    limit: query.limit + 1,
    unreadOnly: query.unread === 'true',
    ...(after ? { after } : {}),
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentNotification),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortKey, last.id]) : null,
    unreadCount: await countUnread(ctx.db, ctx.actor),
  };
};

export const markNotificationsRead = async (
  ctx: ServiceContext,
  input: MarkNotificationsRead,
): Promise<{ updated: number; unreadCount: number }> =>
  ctx.db.transaction().execute(async (tx) => {
    const updated = await markRead(
      tx,
      ctx.actor,
      'all' in input ? { all: true } : { ids: input.ids },
      ctx.now(),
    );
    return { updated, unreadCount: await countUnread(tx, ctx.actor) };
  });

export const getNotificationSettings = async (
  ctx: ServiceContext,
  emailAvailable: boolean,
): Promise<NotificationSettings> => {
  const row = await findSettings(ctx.db, ctx.actor.userId);
  // No row yet: the table's defaults, which notifyUsers and the e-mail jobs assume too.
  return { emailEnabled: row?.emailEnabled ?? true, dailyDigest: row?.dailyDigest ?? false, emailAvailable };
};

export const updateNotificationSettings = async (
  ctx: ServiceContext,
  input: UpdateNotificationSettings,
  emailAvailable: boolean,
): Promise<NotificationSettings> =>
  ctx.db.transaction().execute(async (tx) => {
    await upsertSettings(tx, ctx.actor.userId, input);
    await appendAudit(tx, ctx.audit, {
      action: 'notification_settings.update',
      targetType: 'user',
      targetId: ctx.actor.userId,
      details: input,
    });
    return { ...input, emailAvailable };
  });

export const getSubscriptions = async (ctx: ServiceContext): Promise<Subscription[]> =>
  (await listSubscriptions(ctx.db, ctx.actor.userId)).map(presentSubscription);

export const createSubscription = async (
  ctx: ServiceContext,
  input: CreateSubscription,
): Promise<Subscription> => {
  const data = createSubscriptionSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const issues: { path: string; message: string }[] = [];
    if (data.electionId && !(await electionExists(tx, data.electionId)))
      issues.push({ path: 'body.electionId', message: 'No such election.' });
    const areaCodes = [...new Set(data.areaCodes)];
    const unknown = await unknownAreaCodes(tx, areaCodes);
    if (unknown.length > 0)
      issues.push({ path: 'body.areaCodes', message: `Unknown area codes: ${unknown.join(', ')}.` });
    if (issues.length > 0) throw new AppError('validation_failed', 'The subscription is not valid.', issues);
    if ((await countSubscriptions(tx, ctx.actor.userId)) >= MAX_SUBSCRIPTIONS)
      throw new AppError('conflict', `A user may have at most ${MAX_SUBSCRIPTIONS} subscriptions.`);
    const row = await insertSubscription(tx, {
      userId: ctx.actor.userId,
      electionId: data.electionId,
      domains: [...new Set(data.domains)],
      minSeverity: data.minSeverity,
      areaCodes,
      email: data.email,
    });
    await appendAudit(tx, ctx.audit, {
      action: 'subscription.create',
      targetType: 'subscription',
      targetId: row.id,
      details: data,
    });
    return presentSubscription(row);
  });
};

export const removeSubscription = async (ctx: ServiceContext, id: string): Promise<void> =>
  ctx.db.transaction().execute(async (tx) => {
    if (!(await deleteSubscription(tx, ctx.actor.userId, id)))
      throw new AppError('not_found', 'No such subscription.');
    await appendAudit(tx, ctx.audit, {
      action: 'subscription.delete',
      targetType: 'subscription',
      targetId: id,
    });
  });
