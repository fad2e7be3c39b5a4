import { sql, type Kysely } from 'kysely';

/**
 * Collaboration around incidents: notifications and subscriptions (first, other engineers build on
 * them), links between incidents, corroborations ("seen it too"), comments with mentions and
 * attachments. Sub-records of a merged (duplicate) incident are moved to the survivor.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notifications (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      kind text not null,
      incident_id uuid references incidents (id),
      data jsonb not null default '{}',
      created_at timestamptz not null default now(),
      read_at timestamptz,
      emailed_at timestamptz
    );
    create index notifications_user_idx on notifications (user_id, created_at desc);

    create table subscriptions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      election_id uuid references elections (id),
      domains text[] not null default '{}',
      min_severity smallint not null default 1,
      area_codes text[] not null default '{}',
      email boolean not null default true,
      created_at timestamptz not null default now()
    );

    create table user_notification_settings (
      user_id uuid primary key references users (id) on delete cascade,
      email_enabled boolean not null default true,
      daily_digest boolean not null default false,
      last_digest_at timestamptz
    );

    create table incident_links (
      id uuid primary key default gen_random_uuid(),
      source_incident_id uuid not null references incidents (id),
      target_incident_id uuid not null references incidents (id),
      kind text not null check (kind in ('related_to', 'duplicate_of', 'part_of_campaign')),
      created_by_user_id uuid references users (id),
      created_at timestamptz not null default now(),
      unique (source_incident_id, target_incident_id, kind),
      check (source_incident_id <> target_incident_id)
    );
    create index incident_links_target_idx on incident_links (target_incident_id);

    create table corroborations (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id),
      organisation_id uuid not null references organisations (id),
      user_id uuid references users (id),
      note text not null default '' check (char_length(note) <= 2000),
      observed_at timestamptz,
      area_code text references areas (code),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (incident_id, organisation_id)
    );

    create table comments (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id),
      author_user_id uuid not null references users (id),
      body text not null check (char_length(body) <= 20000),
      created_at timestamptz not null default now(),
      edited_at timestamptz,
      deleted_at timestamptz
    );
    create index comments_incident_idx on comments (incident_id, created_at, id);

    create table comment_mentions (
      comment_id uuid not null references comments (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      primary key (comment_id, user_id)
    );
    create index comment_mentions_user_idx on comment_mentions (user_id);

    create table attachments (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id),
      filename text not null check (char_length(filename) between 1 and 255),
      content_type text not null,
      size_bytes bigint not null check (size_bytes >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      data bytea,
      uploaded_by_user_id uuid references users (id),
      created_at timestamptz not null default now(),
      deleted_at timestamptz,
      check ((deleted_at is null) = (data is not null))
    );
    create index attachments_incident_idx on attachments (incident_id, created_at, id);
  `.execute(db);
}
