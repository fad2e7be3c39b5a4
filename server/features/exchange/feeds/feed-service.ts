import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { Actor } from '../../../../shared/access/roles.js';
import {
  createPartnerFeedSchema,
  updatePartnerFeedSchema,
  type CreatePartnerFeed,
  type FeedPollOutcome,
  type PartnerFeed,
  type UpdatePartnerFeed,
} from '../../../../shared/contracts/exchange-feeds.js';
import { AppError } from '../../../../shared/errors.js';
import type { ServiceContext } from '../../../context.js';
import type { Db, Tx } from '../../../db/connection.js';
import type { PartnerFeedsTable } from '../../../db/schema-exchange-feeds.js';
import { appendAudit } from '../../audit/audit-log.js';
import { assertManagedPartner, requireExchangeCoordinator } from '../partners/partner-policy.js';
import { pollFeed } from './feed-poller.js';
import { findFeedRow, findPartner, listFeedRows, readAuthSecret, type FeedRow } from './feed-queries.js';
import { encryptFeedToken, feedTokenKey } from './feed-token-crypto.js';

/** Partner feeds, managed by the coordinators of the agreement's organisation. */

export const presentFeed = (row: FeedRow): PartnerFeed => ({
  id: row.id,
  partnerId: row.partnerId,
  kind: row.kind,
  title: row.title,
  url: row.url,
  hasToken: row.tokenCiphertext !== null,
  intervalMinutes: row.intervalMinutes,
  enabled: row.enabled,
  cursor: row.cursor,
  lastPolledAt: row.lastPolledAt?.toISOString() ?? null,
  lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
  lastError: row.lastError,
  consecutiveFailures: row.consecutiveFailures,
  nextPollAt: row.nextPollAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** 403 for a role that may not manage partners; 404 for an agreement of another organisation. */
const loadManagedPartner = async (db: Db | Tx, actor: Actor, partnerId: string) => {
  requireExchangeCoordinator(actor);
  return assertManagedPartner(actor, await findPartner(db, partnerId));
};

const loadManagedFeed = async (
  db: Db | Tx,
  actor: Actor,
  partnerId: string,
  feedId: string,
  options: { forUpdate?: boolean } = {},
) => {
  const partner = await loadManagedPartner(db, actor, partnerId);
  const feed = await findFeedRow(db, feedId, options);
  if (!feed || feed.partnerId !== partner.id) throw new AppError('not_found', 'No such feed.');
  return { partner, feed };
};

const sealToken = async (tx: Tx, feedId: string, token: string) =>
  encryptFeedToken(feedTokenKey(await readAuthSecret(tx)), feedId, token);

export const listFeeds = async (ctx: ServiceContext, partnerId: string): Promise<PartnerFeed[]> => {
  await loadManagedPartner(ctx.db, ctx.actor, partnerId);
  return (await listFeedRows(ctx.db, partnerId)).map(presentFeed);
};

export const getFeed = async (ctx: ServiceContext, partnerId: string, feedId: string): Promise<PartnerFeed> =>
  presentFeed((await loadManagedFeed(ctx.db, ctx.actor, partnerId, feedId)).feed);

export const createFeed = async (
  ctx: ServiceContext,
  partnerId: string,
  input: CreatePartnerFeed,
): Promise<PartnerFeed> => {
  const data = createPartnerFeedSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    await loadManagedPartner(tx, ctx.actor, partnerId);
    const id = randomUUID();
    const now = ctx.now();
    const row = await tx
      .insertInto('partnerFeeds')
      .values({
        id,
        partnerId,
        kind: data.kind,
        title: data.title,
        url: data.url,
        tokenCiphertext: data.token ? await sealToken(tx, id, data.token) : null,
        intervalMinutes: data.intervalMinutes,
        enabled: data.enabled,
        nextPollAt: now,
        createdByUserId: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.audit, {
      action: 'partner_feed.create',
      targetType: 'partner_feed',
      targetId: id,
      details: {
        partnerId,
        kind: data.kind,
        title: data.title,
        url: data.url,
        hasToken: data.token !== undefined,
        intervalMinutes: data.intervalMinutes,
        enabled: data.enabled,
      },
    });
    return presentFeed(row);
  });
};

export const updateFeed = async (
  ctx: ServiceContext,
  partnerId: string,
  feedId: string,
  input: UpdatePartnerFeed,
): Promise<PartnerFeed> => {
  const data = updatePartnerFeedSchema.parse(input);
  return ctx.db.transaction().execute(async (tx) => {
    const { feed } = await loadManagedFeed(tx, ctx.actor, partnerId, feedId, { forUpdate: true });
    const now = ctx.now();
    const changes: Updateable<PartnerFeedsTable> = { updatedAt: now };
    if (data.title !== undefined) changes.title = data.title;
    if (data.intervalMinutes !== undefined) {
      changes.intervalMinutes = data.intervalMinutes;
      if (feed.consecutiveFailures === 0) {
        changes.nextPollAt = new Date((feed.lastPolledAt ?? now).getTime() + data.intervalMinutes * 60_000);
      }
    }
    if (data.enabled !== undefined) {
      changes.enabled = data.enabled;
      if (data.enabled && !feed.enabled) changes.nextPollAt = now;
    }
    const restart = (data.url !== undefined && data.url !== feed.url) || data.resetCursor === true;
    if (data.url !== undefined) changes.url = data.url;
    if (restart) changes.cursor = null;
    if (data.token !== undefined) {
      changes.tokenCiphertext = data.token === null ? null : await sealToken(tx, feed.id, data.token);
    }
    if (restart || data.token !== undefined) {
      Object.assign(changes, { consecutiveFailures: 0, lastError: null, nextPollAt: now });
    }
    const row = await tx
      .updateTable('partnerFeeds')
      .set(changes)
      .where('id', '=', feed.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const { token, ...rest } = data;
    await appendAudit(tx, ctx.audit, {
      action: 'partner_feed.update',
      targetType: 'partner_feed',
      targetId: feed.id,
      details: {
        partnerId,
        changes: {
          ...rest,
          ...(token === undefined ? {} : { token: token === null ? 'removed' : 'replaced' }),
        },
        ...(restart ? { previousCursor: feed.cursor } : {}),
      },
    });
    return presentFeed(row);
  });
};

export const deleteFeed = async (ctx: ServiceContext, partnerId: string, feedId: string): Promise<void> => {
  await ctx.db.transaction().execute(async (tx) => {
    const { feed } = await loadManagedFeed(tx, ctx.actor, partnerId, feedId, { forUpdate: true });
    await tx.deleteFrom('partnerFeeds').where('id', '=', feed.id).execute();
    await appendAudit(tx, ctx.audit, {
      action: 'partner_feed.delete',
      targetType: 'partner_feed',
      targetId: feed.id,
      details: { partnerId, kind: feed.kind, title: feed.title, url: feed.url, cursor: feed.cursor },
    });
  });
};

/** Pages (or events) a "poll now" reads before it answers; the schedule continues from there. */
const MANUAL_POLL_MAX_PAGES = 20;

/** "Poll now": polls at once, whether due or not, and answers the outcome (a failure is an outcome). */
export const pollFeedNow = async (
  ctx: ServiceContext,
  partnerId: string,
  feedId: string,
  privateNetworks: readonly string[],
): Promise<FeedPollOutcome> => {
  const { partner } = await loadManagedFeed(ctx.db, ctx.actor, partnerId, feedId);
  if (!partner.active) throw new AppError('conflict', 'The partner agreement is not active.');
  const {
    feed,
    feedId: _id,
    ...result
  } = await pollFeed(
    { db: ctx.db, now: ctx.now, log: ctx.log, maxPages: MANUAL_POLL_MAX_PAGES, privateNetworks },
    feedId,
    {
      audit: ctx.audit,
    },
  );
  return { ...result, feed: presentFeed(feed) };
};
