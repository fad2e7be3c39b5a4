import type { Db, Tx } from '../../../db/connection.js';
import { importStixObjects } from '../import/stix-import.js';
import { advanceCursor } from './feed-queries.js';
import { addImportCounts, DEFAULT_MAX_PAGES, leaseFrom, type FeedDeps, type PollRun } from './feed-run.js';
import { fetchTaxiiPage, justBefore, normaliseTaxiiTimestamp } from './taxii-client.js';

/**
 * A TAXII 2.1 collection, page after page from the cursor (`added_after`), following `next` while
 * the server says there is more. Each page is imported in the transaction that moves the cursor
 * past it, so a failure anywhere leaves the feed exactly after the last page committed.
 */

const importPage = (db: Db | Tx, run: PollRun, objects: unknown[]) =>
  importStixObjects(db, {
    objects,
    provenance: {
      source: 'taxii',
      partnerId: run.partner.id,
      bundleId: null,
      receivedByUserId: null,
      ownerOrganisationId: run.partner.ownerOrganisationId,
      defaultTlp: run.partner.defaultImportTlp,
    },
  });

export const pollTaxiiFeed = async (deps: FeedDeps, run: PollRun): Promise<void> => {
  const { feed } = run;
  const addedAfter = feed.cursor;
  let cursor = feed.cursor;
  let next: string | null = null;
  const maxPages = deps.maxPages ?? DEFAULT_MAX_PAGES;
  for (;;) {
    const page = await fetchTaxiiPage({
      collectionUrl: feed.url,
      token: run.token,
      addedAfter,
      next,
      ...(deps.pageLimit ? { limit: deps.pageLimit } : {}),
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    run.counts.pages += 1;
    // While more follows, the next page may hold objects added in the same microsecond as this
    // page's last one: a resume starts just before it (re-reading a few objects is harmless).
    const reached = page.dateAddedLast
      ? page.more
        ? justBefore(page.dateAddedLast)
        : normaliseTaxiiTimestamp(page.dateAddedLast)
      : null;
    const advance = reached !== null && (cursor === null || reached > cursor) ? reached : null;
    if (page.objects.length > 0 || advance !== null) {
      const imported = await deps.db.transaction().execute(async (tx) => {
        const result = page.objects.length > 0 ? await importPage(tx, run, page.objects) : null;
        if (advance !== null) await advanceCursor(tx, feed, advance, leaseFrom(deps.now()));
        return result;
      });
      if (advance !== null) cursor = advance;
      if (imported) {
        run.importIds.push(imported.importId);
        addImportCounts(run.counts, imported.counts);
      }
    }
    if (!page.more) {
      run.complete = true;
      return;
    }
    if (run.counts.pages >= maxPages) return;
    next = page.next;
  }
};
