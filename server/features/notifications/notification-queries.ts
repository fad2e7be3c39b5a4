import { sql } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import type { Tlp } from '../../../shared/access/tlp.js';
import type { Db, Tx } from '../../db/connection.js';
import { visibleTo } from '../../access/visibility-scope.js';

export interface NotificationRow {
  id: string;
  kind: string;
  incidentId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
  title: string | null;
  tlp: Tlp | null;
  severity: number | null;
  /** created_at in UTC to the microsecond, for the keyset cursor (a Date keeps only milliseconds). */
  sortKey: string;
}

/**
 * The actor's notifications, and only those about incidents they may still see (or about none):
 * one that lost its incident's visibility is absent from the list and from the counts.
 */
const mine = (db: Db | Tx, actor: Actor) =>
  db
    .selectFrom('notifications as n')
    .leftJoin('incidents as i', 'i.id', 'n.incidentId')
    .where('n.userId', '=', actor.userId)
    .where((eb) => eb.or([eb('n.incidentId', 'is', null), visibleTo(actor, 'i')]));

export const listNotifications = (
  db: Db,
  actor: Actor,
  page: { limit: number; after?: [string, string]; unreadOnly: boolean },
): Promise<NotificationRow[]> => {
  let query = mine(db, actor).select([
    'n.id',
    'n.kind',
    'n.incidentId',
    'n.data',
    'n.createdAt',
    'n.readAt',
    'i.title',
    'i.tlp',
    'i.severity',
    sql<string>`to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`.as('sortKey'),
  ]);
  if (page.unreadOnly) query = query.where('n.readAt', 'is', null);
  if (page.after) {
    const [createdAt, id] = page.after;
    query = query.where(
      sql<boolean>`(n.created_at, n.id) < (${createdAt}::timestamp at time zone 'UTC', ${id}::uuid)`,
    );
  }
  return query.orderBy('n.createdAt', 'desc').orderBy('n.id', 'desc').limit(page.limit).execute();
};

export const countUnread = async (db: Db | Tx, actor: Actor): Promise<number> =>
  (
    await mine(db, actor)
      .select(sql<number>`count(*)::int`.as('n'))
      .where('n.readAt', 'is', null)
      .executeTakeFirstOrThrow()
  ).n;

/** Marks the actor's own, visible, unread notifications read; anything else is left alone. */
export const markRead = async (
  tx: Tx,
  actor: Actor,
  which: { ids: readonly string[] } | { all: true },
  now: Date,
): Promise<number> => {
  let query = tx
    .updateTable('notifications as n')
    .set({ readAt: now })
    .where('n.userId', '=', actor.userId)
    .where('n.readAt', 'is', null)
    .where((eb) =>
      eb.or([
        eb('n.incidentId', 'is', null),
        eb.exists(
          eb
            .selectFrom('incidents as i')
            .select(sql.lit(1).as('one'))
            .whereRef('i.id', '=', 'n.incidentId')
            .where(visibleTo(actor, 'i')),
        ),
      ]),
    );
  if ('ids' in which) query = query.where('n.id', 'in', [...which.ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
};

export const findSettings = (db: Db | Tx, userId: string) =>
  db
    .selectFrom('userNotificationSettings')
    .select(['emailEnabled', 'dailyDigest', 'lastDigestAt'])
    .where('userId', '=', userId)
    .executeTakeFirst();

export const upsertSettings = async (
  tx: Tx,
  userId: string,
  values: { emailEnabled: boolean; dailyDigest: boolean },
): Promise<void> => {
  await tx
    .insertInto('userNotificationSettings')
    .values({ userId, ...values })
    .onConflict((oc) => oc.column('userId').doUpdateSet(values))
    .execute();
};

const subscriptionColumns = [
  'id',
  'electionId',
  'domains',
  'minSeverity',
  'areaCodes',
  'email',
  'createdAt',
] as const;

export const listSubscriptions = (db: Db, userId: string) =>
  db
    .selectFrom('subscriptions')
    .select(subscriptionColumns)
    .where('userId', '=', userId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();

export type SubscriptionRow = Awaited<ReturnType<typeof listSubscriptions>>[number];

export const insertSubscription = (
  tx: Tx,
  values: {
    userId: string;
    electionId: string | null;
    domains: string[];
    minSeverity: number;
    areaCodes: string[];
    email: boolean;
  },
): Promise<SubscriptionRow> =>
  tx.insertInto('subscriptions').values(values).returning(subscriptionColumns).executeTakeFirstOrThrow();

export const countSubscriptions = async (tx: Tx, userId: string): Promise<number> =>
  (
    await tx
      .selectFrom('subscriptions')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow()
  ).n;

/** Deletes the user's own subscription; another user's is "not found" like a missing one. */
export const deleteSubscription = async (tx: Tx, userId: string, id: string): Promise<boolean> => {
  const result = await tx
    .deleteFrom('subscriptions')
    .where('id', '=', id)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

export const electionExists = async (tx: Tx, id: string): Promise<boolean> =>
  (await tx.selectFrom('elections').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

export const unknownAreaCodes = async (tx: Tx, codes: readonly string[]): Promise<string[]> => {
  if (codes.length === 0) return [];
  const found = new Set(
    (
      await tx
        .selectFrom('areas')
        .select('code')
        .where('code', 'in', [...codes])
        .execute()
    ).map((r) => r.code),
  );
  return codes.filter((code) => !found.has(code));
};
