import { sql, type Kysely } from 'kysely';
import { JOBS_SCHEMA } from '../../jobs/job-schema.js';

const FEED_POLL_QUEUE = 'exchange-feed-poll';

/**
 * Partner feeds (issue 6): TAXII 2.1 collections and MISP feeds of partners' servers that this
 * instance polls into the import pipeline. A feed belongs to a partner agreement (and so to the
 * agreement's organisation). The remote server's token is kept only as AES-256-GCM ciphertext.
 * `lease_until` marks a poll in progress, so that the schedule and "poll now" never poll one feed
 * twice at the same time; a crashed poll's lease simply expires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table partner_feeds (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id) on delete cascade,
      kind text not null check (kind in ('taxii', 'misp')),
      title text not null check (char_length(title) between 1 and 200),
      url text not null check (char_length(url) between 1 and 2000),
      token_ciphertext text check (char_length(token_ciphertext) <= 8000),
      interval_minutes integer not null check (interval_minutes between 1 and 10080),
      enabled boolean not null default true,
      cursor text check (char_length(cursor) <= 200),
      last_polled_at timestamptz,
      last_success_at timestamptz,
      last_error text check (char_length(last_error) <= 2000),
      consecutive_failures integer not null default 0 check (consecutive_failures >= 0),
      next_poll_at timestamptz,
      lease_until timestamptz,
      created_by_user_id uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index partner_feeds_partner_idx on partner_feeds (partner_id, created_at);
    create index partner_feeds_due_idx on partner_feeds (next_poll_at) where enabled;
  `.execute(db);
  // 'stately': at most one poll run queued and one running across every node, however many
  // schedule ticks arrive while a long poll is still going.
  await sql`select ${sql.id(JOBS_SCHEMA, 'create_queue')}(${FEED_POLL_QUEUE}, ${JSON.stringify({
    policy: 'stately',
    retryLimit: 0,
    retryDelay: 0,
    retryBackoff: false,
    expireInSeconds: 1800,
  })}::json)`.execute(db);
}
