import type { FeedPollCounts } from '../../../../shared/contracts/exchange-feeds.js';
import { AppError } from '../../../../shared/errors.js';
import type { Db } from '../../../db/connection.js';
import { appendAudit, type AuditSource } from '../../audit/audit-log.js';
import { pollMispFeed } from './feed-misp.js';
import {
  findFeedRow,
  findPartner,
  leaseFeed,
  nextDueFeedId,
  readAuthSecret,
  type FeedRow,
} from './feed-queries.js';
import { feedFetch } from './feed-address.js';
import { emptyCounts, leaseFrom, type FeedDeps, type PollRun } from './feed-run.js';
import { addMinutes, backoffMinutes } from './feed-schedule.js';
import { pollTaxiiFeed } from './feed-taxii.js';
import { decryptFeedToken, feedTokenKey } from './feed-token-crypto.js';
import { FeedError } from './taxii-client.js';

export type { FeedDeps } from './feed-run.js';

/**
 * Polling partner feeds into the import pipeline. A poll takes a lease on its feed (so the schedule
 * and "poll now" never poll one feed twice at once) and moves the cursor only together with what it
 * imported: after a failure the next poll continues from the last page or event committed (and
 * imports are idempotent anyway). A failure is recorded on the feed, and the feed backs off.
 */

export interface FeedPollResult {
  feedId: string;
  status: 'succeeded' | 'failed';
  complete: boolean;
  counts: FeedPollCounts;
  importIds: string[];
  error: string | null;
}

const describeFailure = (error: unknown, deps: FeedDeps, feedId: string): string => {
  if (error instanceof FeedError) return error.message;
  deps.log?.error({ err: error, feedId }, 'partner feed poll failed');
  return 'The import of what the feed sent failed; the server log has the details.';
};

const storedToken = async (db: Db, feed: FeedRow): Promise<string | null> => {
  if (feed.tokenCiphertext === null) return null;
  const key = feedTokenKey(await readAuthSecret(db));
  try {
    return decryptFeedToken(key, feed.id, feed.tokenCiphertext);
  } catch {
    throw new FeedError(
      'The stored token cannot be read (has the instance secret changed?): enter the token again.',
    );
  }
};

const recordOutcome = async (
  deps: FeedDeps,
  feed: FeedRow,
  run: Pick<PollRun, 'counts' | 'importIds' | 'complete'>,
  error: string | null,
  audit: AuditSource | undefined,
): Promise<FeedRow | undefined> => {
  const now = deps.now();
  return deps.db.transaction().execute(async (tx) => {
    const current = await findFeedRow(tx, feed.id, { forUpdate: true });
    if (!current) return undefined;
    const failures = error === null ? 0 : current.consecutiveFailures + 1;
    const nextPollAt =
      error !== null
        ? addMinutes(now, backoffMinutes(current.intervalMinutes, failures))
        : run.complete
          ? addMinutes(now, current.intervalMinutes)
          : now;
    const updated = await tx
      .updateTable('partnerFeeds')
      .set({
        lastPolledAt: now,
        ...(error === null ? { lastSuccessAt: now } : {}),
        lastError: error === null ? null : error.slice(0, 2000),
        consecutiveFailures: failures,
        nextPollAt,
        leaseUntil: null,
      })
      .where('id', '=', feed.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A scheduled poll that brought nothing is not worth an entry every minute; the feed shows it.
    if (audit || run.counts.objects > 0) {
      await appendAudit(
        tx,
        audit ?? { requestId: null, sourceIp: null, actorUserId: null, actorOrganisationId: null },
        {
          action: 'partner_feed.poll',
          targetType: 'partner_feed',
          targetId: feed.id,
          details: {
            partnerId: feed.partnerId,
            kind: feed.kind,
            manual: audit !== undefined,
            status: error === null ? 'succeeded' : 'failed',
            ...run.counts,
            importIds: run.importIds,
            cursor: updated.cursor,
            ...(error === null ? {} : { error: updated.lastError }),
          },
        },
        now,
      );
    }
    return updated;
  });
};

/**
 * Polls one feed now, due or not. `audit` names the person who asked ("poll now"); the schedule
 * polls without one. Throws not_found for an unknown feed and conflict while another poll of it runs.
 */
export const pollFeed = async (
  deps: FeedDeps,
  feedId: string,
  options: { audit?: AuditSource } = {},
): Promise<FeedPollResult & { feed: FeedRow }> => {
  const now = deps.now();
  const feed = await leaseFeed(deps.db, feedId, now, leaseFrom(now));
  if (!feed) {
    if (!(await findFeedRow(deps.db, feedId))) throw new AppError('not_found', 'No such feed.');
    throw new AppError('conflict', 'The feed is being polled right now: try again in a moment.');
  }
  const run: Pick<PollRun, 'counts' | 'importIds' | 'complete' | 'partialError'> = {
    counts: emptyCounts(),
    importIds: [],
    complete: false,
    partialError: null,
  };
  let error: string | null = null;
  try {
    const partner = await findPartner(deps.db, feed.partnerId);
    if (!partner?.active) throw new FeedError('The partner agreement is not active.');
    const full: PollRun = Object.assign(run, { feed, partner, token: await storedToken(deps.db, feed) });
    // Real requests go through the address guard; a test may stand in for the partner's server.
    const fetchForFeeds = deps.fetch ?? feedFetch(deps.privateNetworks);
    await (feed.kind === 'taxii' ? pollTaxiiFeed : pollMispFeed)({ ...deps, fetch: fetchForFeeds }, full);
    error = full.partialError;
  } catch (caught) {
    error = describeFailure(caught, deps, feed.id);
  }
  const updated = await recordOutcome(deps, feed, run, error, options.audit);
  if (!updated) throw new AppError('not_found', 'The feed was deleted while it was polled.');
  deps.log?.[error ? 'warn' : 'info'](
    { feedId, status: error ? 'failed' : 'succeeded', ...run.counts },
    'partner feed polled',
  );
  return {
    feedId,
    status: error === null ? 'succeeded' : 'failed',
    complete: run.complete,
    counts: run.counts,
    importIds: run.importIds,
    error,
    feed: updated,
  };
};

const RUN_BUDGET_MS = 20 * 60_000;

/**
 * Polls every feed that is due at `now`, one at a time, each at most once per run (a feed that
 * stopped early is due again at once and continues at the next run), for at most 20 minutes.
 */
export const pollDueFeeds = async (deps: FeedDeps, now: Date): Promise<FeedPollResult[]> => {
  const polled: string[] = [];
  const results: FeedPollResult[] = [];
  const started = Date.now();
  for (;;) {
    // Well inside the job's expiry: what is left waits for the next minute's run.
    if (Date.now() - started > RUN_BUDGET_MS) return results;
    const feedId = await nextDueFeedId(deps.db, now, polled);
    if (!feedId) return results;
    polled.push(feedId);
    try {
      const { feed: _feed, ...result } = await pollFeed(deps, feedId);
      results.push(result);
    } catch (error) {
      // Deleted meanwhile, or taken by a "poll now": nothing to do here.
      if (!(error instanceof AppError)) throw error;
    }
  }
};
