import { sql, type Kysely } from 'kysely';
import { shareableColumnsDdl } from '../../access/visibility-scope.js';

/**
 * Incidents: the current row, and the append-only event history it is derived from (both written
 * in one transaction). Event ids are global and ordered by commit (the writer holds an advisory lock
 * from its first event to commit), so the live stream can resume from Last-Event-ID.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table incidents (
      id uuid primary key default gen_random_uuid(),
      ${shareableColumnsDdl},
      title text not null,
      description text not null default '',
      -- empty only for a reporter's report before triage
      domains text[] not null check (cardinality(domains) <= 4),
      category text not null,
      severity smallint not null check (severity between 1 and 5),
      impact_conduct text not null default 'none'
        check (impact_conduct in ('none', 'minor', 'moderate', 'major', 'critical')),
      impact_confidence text not null default 'none'
        check (impact_confidence in ('none', 'minor', 'moderate', 'major', 'critical')),
      source_reliability char(1) not null default 'F' check (source_reliability between 'A' and 'F'),
      information_credibility smallint not null default 6 check (information_credibility between 1 and 6),
      status text not null default 'new'
        check (status in ('new', 'triage', 'investigating', 'responding', 'monitoring', 'closed')),
      closing_reason text check (closing_reason in ('resolved', 'false_alarm', 'duplicate', 'out_of_scope')),
      duplicate_of_id uuid references incidents (id),
      lead_organisation_id uuid references organisations (id),
      supporting_organisation_ids uuid[] not null default '{}',
      election_id uuid references elections (id),
      phase_key text,
      area_codes text[] not null default '{}',
      -- area_codes with every parent area (municipality → district, county, region), for filters
      area_scope text[] not null default '{}',
      first_seen timestamptz,
      last_seen timestamptz,
      reported_via text not null default 'analyst' check (reported_via in ('intake', 'analyst', 'import')),
      intake jsonb,
      corroboration_count integer not null default 0,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search tsvector generated always as (
        setweight(to_tsvector('finnish', title), 'A') || setweight(to_tsvector('finnish', description), 'B') ||
        setweight(to_tsvector('swedish', title), 'A') || setweight(to_tsvector('swedish', description), 'B') ||
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'B') ||
        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', description), 'B')
      ) stored,
      check ((status = 'closed') = (closing_reason is not null)),
      check ((closing_reason = 'duplicate') = (duplicate_of_id is not null)),
      check (duplicate_of_id is distinct from id),
      check (last_seen is null or first_seen is null or last_seen >= first_seen)
    );
    create index incidents_created_idx on incidents (created_at desc, id desc);
    create index incidents_updated_idx on incidents (updated_at desc, id desc);
    create index incidents_owner_idx on incidents (owner_organisation_id, created_at desc);
    create index incidents_author_idx on incidents (author_user_id);
    create index incidents_election_idx on incidents (election_id, created_at desc);
    create index incidents_shared_orgs_idx on incidents using gin (shared_organisation_ids);
    create index incidents_shared_communities_idx on incidents using gin (shared_community_ids);
    create index incidents_shared_users_idx on incidents using gin (shared_user_ids);
    create index incidents_domains_idx on incidents using gin (domains);
    create index incidents_area_scope_idx on incidents using gin (area_scope);
    create index incidents_search_idx on incidents using gin (search);
    create index incidents_open_idx on incidents (status) where status <> 'closed';

    create table incident_events (
      id bigint generated always as identity primary key,
      incident_id uuid not null references incidents (id),
      type text not null,
      actor_user_id uuid references users (id),
      actor_organisation_id uuid references organisations (id),
      occurred_at timestamptz not null default now(),
      data jsonb not null
    );
    create index incident_events_incident_idx on incident_events (incident_id, id);
    create function incident_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'incident_events is append-only';
    end $$;
    create trigger incident_events_append_only before update or delete on incident_events
      for each row execute function incident_events_append_only();

    create table incident_locks (
      incident_id uuid primary key references incidents (id),
      user_id uuid not null references users (id),
      acquired_at timestamptz not null default now(),
      expires_at timestamptz not null
    );

    create table saved_filters (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      name text not null,
      query jsonb not null,
      created_at timestamptz not null default now(),
      unique (user_id, name)
    );
  `.execute(db);
}
