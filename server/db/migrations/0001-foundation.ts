import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      short_name text not null,
      name_fi text not null,
      name_sv text not null,
      name_en text not null,
      kind text not null default 'authority',
      require_two_factor boolean not null default false,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index organisations_short_name_key on organisations (lower(short_name));

    create table communities (
      id uuid primary key default gen_random_uuid(),
      name_fi text not null,
      name_sv text not null,
      name_en text not null,
      description text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table community_members (
      community_id uuid not null references communities (id) on delete cascade,
      organisation_id uuid not null references organisations (id) on delete restrict,
      primary key (community_id, organisation_id)
    );
    -- Resolving a user's communities starts from the organisation.
    create index community_members_organisation_idx on community_members (organisation_id);

    create table users (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      email text not null,
      email_verified boolean not null default false,
      image text,
      organisation_id uuid not null references organisations (id) on delete restrict,
      roles text[] not null check (
        cardinality(roles) >= 1
        and roles <@ array['admin', 'coordinator', 'analyst', 'reporter', 'viewer']::text[]
      ),
      active boolean not null default true,
      must_change_password boolean not null default false,
      locale text not null default 'fi' check (locale in ('fi', 'sv', 'en')),
      time_zone text not null default 'Europe/Helsinki',
      two_factor_enabled boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_email_key on users (email);
    create index users_organisation_idx on users (organisation_id);

    create table sessions (
      id uuid primary key default gen_random_uuid(),
      token text not null unique,
      user_id uuid not null references users (id) on delete cascade,
      expires_at timestamptz not null,
      ip_address text,
      user_agent text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index sessions_user_idx on sessions (user_id);

    create table accounts (
      id uuid primary key default gen_random_uuid(),
      account_id text not null,
      provider_id text not null,
      user_id uuid not null references users (id) on delete cascade,
      access_token text,
      refresh_token text,
      id_token text,
      access_token_expires_at timestamptz,
      refresh_token_expires_at timestamptz,
      scope text,
      password text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index accounts_user_idx on accounts (user_id);

    create table verifications (
      id uuid primary key default gen_random_uuid(),
      identifier text not null,
      value text not null,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index verifications_identifier_idx on verifications (identifier);

    create table two_factors (
      id uuid primary key default gen_random_uuid(),
      secret text not null,
      backup_codes text not null,
      user_id uuid not null references users (id) on delete cascade,
      verified boolean default true,
      failed_verification_count integer default 0,
      locked_until timestamptz
    );
    create index two_factors_user_idx on two_factors (user_id);

    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      config_id text not null,
      name text,
      start text,
      reference_id uuid not null references users (id) on delete cascade,
      prefix text,
      key text not null,
      refill_interval integer,
      refill_amount integer,
      last_refill_at timestamptz,
      enabled boolean,
      rate_limit_enabled boolean,
      rate_limit_time_window integer,
      rate_limit_max integer,
      request_count integer,
      remaining integer,
      last_request timestamptz,
      expires_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      permissions text,
      metadata text
    );
    create index api_keys_reference_idx on api_keys (reference_id);
    -- Bearer tokens are looked up by their hash on every machine request.
    create unique index api_keys_key_idx on api_keys (key);

    create table sign_in_attempts (
      id bigint generated always as identity primary key,
      email text not null,
      source_ip text not null,
      succeeded boolean not null,
      attempted_at timestamptz not null default now()
    );
    create index sign_in_attempts_email_idx on sign_in_attempts (email, attempted_at);
    create index sign_in_attempts_source_idx on sign_in_attempts (source_ip, attempted_at);

    create table instance_settings (
      key text primary key,
      value text not null
    );

    create table audit_events (
      seq bigint primary key,
      occurred_at timestamptz not null default now(),
      actor_user_id uuid,
      actor_organisation_id uuid,
      action text not null,
      target_type text,
      target_id text,
      request_id text,
      source_ip text,
      details jsonb not null default '{}',
      prev_hash text not null,
      hash text not null
    );
    create index audit_events_occurred_idx on audit_events (occurred_at);
    create index audit_events_actor_idx on audit_events (actor_user_id, seq);
    create index audit_events_target_idx on audit_events (target_type, target_id, seq);
    create index audit_events_action_idx on audit_events (action, seq);

    -- The audit trail is append-only for the application; the hash chain catches what bypasses this.
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only';
    end;
    $$;
    create trigger audit_events_no_update before update or delete or truncate on audit_events
      for each statement execute function audit_events_append_only();
  `.execute(db);
}
