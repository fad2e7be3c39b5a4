import { importMispEvents } from '../misp/misp-import.js';
import { MispFeedError, readMispFeed } from '../misp/misp-feed.js';
import { advanceCursor } from './feed-queries.js';
import {
  addImportCounts,
  DEFAULT_MAX_PAGES,
  leaseFrom,
  withBearer,
  type FeedDeps,
  type PollRun,
} from './feed-run.js';
import { FeedError } from './taxii-client.js';

/**
 * A MISP feed: the events of its manifest newer than the cursor (a Unix timestamp), oldest first,
 * each imported in the transaction that moves the cursor past it. The cursor never passes an event
 * not yet imported: not one sharing the timestamp of the last imported event, nor one that could
 * not be fetched (readMispFeed's own cursor stops before those).
 */
export const pollMispFeed = async (deps: FeedDeps, run: PollRun): Promise<void> => {
  const { feed } = run;
  const since = feed.cursor === null ? null : Number(feed.cursor);
  let read;
  try {
    read = await readMispFeed(feed.url, {
      since,
      fetch: withBearer(run.token, deps.fetch ?? fetch),
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    });
  } catch (error) {
    if (error instanceof MispFeedError) throw new FeedError(`The MISP feed cannot be read: ${error.message}`);
    throw error;
  }
  const maxPages = deps.maxPages ?? DEFAULT_MAX_PAGES;
  const events = read.events.slice(0, maxPages);
  let cursor = since;
  for (const [i, event] of events.entries()) {
    const following = read.events[i + 1];
    const safe = Math.min(following ? following.timestamp - 1 : Infinity, read.cursor ?? -Infinity);
    const advance = Number.isFinite(safe) && (cursor === null || safe > cursor) ? safe : null;
    const result = await deps.db.transaction().execute(async (tx) => {
      const imported = await importMispEvents(tx, {
        events: [event.document],
        provenance: {
          partnerId: run.partner.id,
          receivedByUserId: null,
          ownerOrganisationId: run.partner.ownerOrganisationId,
          defaultTlp: run.partner.defaultImportTlp,
        },
      });
      if (advance !== null) await advanceCursor(tx, feed, String(advance), leaseFrom(deps.now()));
      return imported;
    });
    if (advance !== null) cursor = advance;
    run.counts.pages += 1;
    for (const outcome of result.events) {
      if (outcome.importId) run.importIds.push(outcome.importId);
      if (outcome.counts) addImportCounts(run.counts, outcome.counts);
      else run.counts.invalid += 1;
    }
  }
  run.complete = events.length === read.events.length;
  const retry = read.failures.filter((f) => f.retry);
  if (retry.length > 0) {
    run.complete = false;
    run.partialError = `${retry.length} event(s) of the MISP feed could not be read (first: ${retry[0]!.uuid}: ${retry[0]!.reason}); they are fetched again at the next poll.`;
  }
};
