import type { JobDefinition } from '../../../jobs/jobs.js';
import { pollDueFeeds } from './feed-poller.js';

/** The queue made by migration 0013 ('stately': one run queued and one running, across every node). */
export const FEED_POLL_QUEUE = 'exchange-feed-poll';

/** Every minute, the feeds that are due, one at a time. */
export const feedJobs: JobDefinition[] = [
  {
    queue: FEED_POLL_QUEUE,
    settings: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 1800 },
    schedule: { cron: '* * * * *', tz: 'Europe/Helsinki' },
    handle: async (ctx) => {
      await pollDueFeeds(
        { db: ctx.db, now: ctx.now, log: ctx.log, privateNetworks: ctx.feedPrivateNetworks },
        ctx.now(),
      );
    },
  },
];
