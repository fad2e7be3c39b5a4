import type { Tlp } from '../../../../shared/access/tlp.js';
import type { FeedPollCounts } from '../../../../shared/contracts/exchange-feeds.js';
import type { ImportCounts } from '../../../../shared/contracts/exchange-imports.js';
import type { Db } from '../../../db/connection.js';
import type { FeedRow } from './feed-queries.js';

/** What one poll of a feed carries along and brings back. */

export interface FeedLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface FeedDeps {
  db: Db;
  now: () => Date;
  log?: FeedLog;
  /** Private networks the feeds may reach (config.feedPrivateNetworks); public addresses always. */
  privateNetworks: readonly string[];
  /** Instead of the guarded fetch (feed-address.ts): tests' stand-ins for a partner's server. */
  fetch?: typeof fetch;
  /** Objects asked for per TAXII page. */
  pageLimit?: number;
  /** Timeout of one request to the partner's server. */
  timeoutMs?: number;
  /** A poll stops after this many pages (TAXII) or events (MISP) and continues at the next run. */
  maxPages?: number;
}

export interface FeedPartner {
  id: string;
  ownerOrganisationId: string;
  defaultImportTlp: Tlp;
  active: boolean;
}

export interface PollRun {
  feed: FeedRow;
  partner: FeedPartner;
  token: string | null;
  counts: FeedPollCounts;
  importIds: string[];
  /** Everything available was read. */
  complete: boolean;
  /** Set when part of what was read failed while the rest was imported. */
  partialError: string | null;
}

export const LEASE_MS = 15 * 60_000;
export const DEFAULT_MAX_PAGES = 200;
export const leaseFrom = (now: Date): Date => new Date(now.getTime() + LEASE_MS);

export const emptyCounts = (): FeedPollCounts => ({
  pages: 0,
  objects: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  olderIgnored: 0,
  invalid: 0,
});

export const addImportCounts = (counts: FeedPollCounts, imported: ImportCounts): void => {
  counts.created += imported.created;
  counts.updated += imported.updated;
  counts.unchanged += imported.unchanged;
  counts.olderIgnored += imported.older_ignored;
  counts.invalid += imported.invalid;
  counts.objects +=
    imported.created + imported.updated + imported.unchanged + imported.older_ignored + imported.invalid;
};

/** The token as a request header of the partner's server. */
export const withBearer = (token: string | null, base: typeof fetch = fetch): typeof fetch =>
  token === null
    ? base
    : (input, init) =>
        base(input, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string> | undefined),
            authorization: `Bearer ${token}`,
          },
        });
