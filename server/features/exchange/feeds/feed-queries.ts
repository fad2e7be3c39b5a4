import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../../db/connection.js';
import type { PartnerFeedsTable } from '../../../db/schema-exchange-feeds.js';
import type { FeedPartner } from './feed-run.js';

export type FeedRow = Selectable<PartnerFeedsTable>;

export const findPartner = async (db: Db | Tx, partnerId: string): Promise<FeedPartner | undefined> =>
  db
    .selectFrom('partners')
    .select(['id', 'ownerOrganisationId', 'defaultImportTlp', 'active'])
    .where('id', '=', partnerId)
    .executeTakeFirst();

export const listFeedRows = (db: Db | Tx, partnerId: string): Promise<FeedRow[]> =>
  db
    .selectFrom('partnerFeeds')
    .selectAll()
    .where('partnerId', '=', partnerId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();

export const findFeedRow = (
  db: Db | Tx,
  feedId: string,
  options: { forUpdate?: boolean } = {},
): Promise<FeedRow | undefined> => {
  const query = db.selectFrom('partnerFeeds').selectAll().where('id', '=', feedId);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
};

/** The instance's auth secret, from which the key of stored feed tokens is derived. */
export const readAuthSecret = async (db: Db | Tx): Promise<string> =>
  (
    await db
      .selectFrom('instanceSettings')
      .select('value')
      .where('key', '=', 'auth_secret')
      .executeTakeFirstOrThrow(() => new Error('the instance has no auth secret yet'))
  ).value;

/**
 * Takes the feed for one poll, unless a poll of it is already running (its lease not yet expired).
 * Answers the feed as it was when taken, or undefined.
 */
export const leaseFeed = (db: Db, feedId: string, now: Date, until: Date): Promise<FeedRow | undefined> =>
  db
    .updateTable('partnerFeeds')
    .set({ leaseUntil: until })
    .where('id', '=', feedId)
    .where((eb) => eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<=', now)]))
    .returningAll()
    .executeTakeFirst();

/** The feed that has waited longest among those due, of an active agreement, not being polled. */
export const nextDueFeedId = async (db: Db, now: Date, skip: readonly string[]): Promise<string | null> => {
  let query = db
    .selectFrom('partnerFeeds as f')
    .innerJoin('partners as p', 'p.id', 'f.partnerId')
    .select('f.id')
    .where('f.enabled', '=', true)
    .where('p.active', '=', true)
    .where('f.nextPollAt', '<=', now)
    .where((eb) => eb.or([eb('f.leaseUntil', 'is', null), eb('f.leaseUntil', '<=', now)]))
    .orderBy('f.nextPollAt')
    .orderBy('f.id')
    .limit(1);
  if (skip.length > 0) query = query.where('f.id', 'not in', skip);
  return (await query.executeTakeFirst())?.id ?? null;
};

/** Moves the cursor, in the transaction that imports the page; a poll of an address since changed writes nothing. */
export const advanceCursor = async (
  db: Db | Tx,
  feed: Pick<FeedRow, 'id' | 'url'>,
  cursor: string,
  leaseUntil: Date,
): Promise<void> => {
  await db
    .updateTable('partnerFeeds')
    .set({ cursor, leaseUntil })
    .where('id', '=', feed.id)
    .where('url', '=', feed.url)
    .execute();
};
