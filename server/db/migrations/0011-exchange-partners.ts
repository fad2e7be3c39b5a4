import { sql, type Kysely } from 'kysely';

/**
 * Partner agreements and what flows through them (issue 6; docs/decisions/0005).
 *
 * - `partners`: the agreement with one partner, owned by a coordinator's organisation: the highest
 *   marking, the record types, the fields always redacted, whether a person approves each release,
 *   the marking given to unmarked imports.
 * - `partner_tokens`: the partner's credentials for /taxii2/ (SHA-256 of a random token, shown once).
 * - `taxii_collections`: each agreement's TAXII collections: one outbound (the partner reads), at most
 *   one inbound (the partner writes; what it sends is imported for review, never stored here).
 * - `taxii_objects`: every version of every object released into an outbound collection. `date_added`
 *   strictly increases within a collection and is assigned under a per-collection lock, so it follows
 *   commit order: a client paging with `added_after` can never skip a row committed late.
 * - `taxii_statuses`: the status resources of partners' POSTs.
 * - `releases`: one version of one record to one partner, with exactly the objects the partner gets.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table partners (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 200),
      description text not null default '' check (char_length(description) <= 5000),
      contact text not null default '' check (char_length(contact) <= 1000),
      owner_organisation_id uuid not null references organisations (id),
      tlp_ceiling text not null check (tlp_ceiling in ('clear', 'green', 'amber')),
      record_types text[] not null default '{}' check (record_types <@ '{incident,sitrep}'::text[]),
      redacted_fields text[] not null default '{}'
        check (redacted_fields <@ '{description,personal_data,organisations,areas,corroborations}'::text[]),
      requires_approval boolean not null default true,
      default_import_tlp text not null default 'amber'
        check (default_import_tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')),
      active boolean not null default true,
      created_by_user_id uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index partners_name_idx on partners (owner_organisation_id, lower(name));

    create table partner_tokens (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id) on delete cascade,
      name text not null check (char_length(name) between 1 and 100),
      -- sha256 of the whole token, hex: the token itself is never stored
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      start text not null,
      created_by_user_id uuid not null references users (id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_by_user_id uuid references users (id)
    );
    create index partner_tokens_partner_idx on partner_tokens (partner_id, created_at desc);

    create table taxii_collections (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id) on delete cascade,
      title text not null,
      description text not null default '',
      can_read boolean not null,
      can_write boolean not null,
      alias text unique check (alias ~ '^[a-z0-9][a-z0-9-]{2,99}$'),
      -- object versions stored (kept by the release that writes them): listing agreements counts nothing
      object_count integer not null default 0,
      created_at timestamptz not null default now(),
      check (can_read <> can_write)
    );
    create unique index taxii_collections_outbound_idx on taxii_collections (partner_id) where can_read;
    create unique index taxii_collections_inbound_idx on taxii_collections (partner_id) where can_write;

    create table releases (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id) on delete cascade,
      record_type text not null check (record_type in ('incident', 'sitrep')),
      -- incidents.id or sitreps.id
      record_id uuid not null,
      -- the incident's updated_at as its STIX modified (ms), or the situation report's version number
      record_version text not null,
      record_title text not null default '',
      record_tlp text not null check (record_tlp in ('clear', 'green', 'amber')),
      status text not null check (status in ('pending', 'held', 'released', 'withdrawn')),
      -- exactly what the partner receives, after redaction and omissions
      objects jsonb not null check (jsonb_typeof(objects) = 'array'),
      -- every object before omissions: [{ id, type }], to choose what to omit
      available_objects jsonb not null default '[]' check (jsonb_typeof(available_objects) = 'array'),
      redacted_fields text[] not null default '{}'
        check (redacted_fields <@ '{description,personal_data,organisations,areas,corroborations}'::text[]),
      omitted_object_ids text[] not null default '{}',
      -- null: proposed by the platform for a newer version of a record already released
      proposed_by_user_id uuid references users (id),
      proposed_at timestamptz not null default now(),
      decided_by_user_id uuid references users (id),
      decided_at timestamptz,
      reason text,
      check (status <> 'released' or decided_at is not null)
    );
    create index releases_queue_idx on releases (partner_id, status, proposed_at desc, id desc);
    create index releases_recent_idx on releases (proposed_at desc, id desc);
    create index releases_record_idx on releases (record_type, record_id, partner_id);
    -- one open (pending or held) release per record and partner: a newer version supersedes it
    create unique index releases_open_idx on releases (partner_id, record_type, record_id)
      where status in ('pending', 'held');

    create table taxii_objects (
      seq bigint generated always as identity primary key,
      collection_id uuid not null references taxii_collections (id) on delete cascade,
      stix_id text not null,
      type text not null,
      spec_version text not null default '2.1',
      -- the version as the object states it (modified, else created; SCOs: their date_added)
      version text not null,
      version_at timestamptz not null,
      media_type text not null default 'application/stix+json;version=2.1',
      -- the object's own marking, or the marking of the record it was released with: the TAXII
      -- server serves nothing above the agreement's ceiling, whatever the collection holds
      tlp text not null check (tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')),
      date_added timestamptz not null default clock_timestamp(),
      object jsonb not null,
      release_id uuid references releases (id) on delete set null,
      -- true once the collection holds another version of the same object: only then must a read
      -- decide which version is the latest (or which spec version), so single versions skip that
      has_siblings boolean not null default false,
      unique (collection_id, stix_id, version_at)
    );
    -- keyset paging in TAXII order: every page costs what the first one does
    create index taxii_objects_page_idx on taxii_objects (collection_id, date_added, seq);
    create index taxii_objects_release_idx on taxii_objects (release_id);

    create table taxii_statuses (
      id uuid primary key default gen_random_uuid(),
      collection_id uuid not null references taxii_collections (id) on delete cascade,
      partner_id uuid not null references partners (id) on delete cascade,
      status text not null check (status in ('pending', 'complete')),
      request_timestamp timestamptz not null default clock_timestamp(),
      total_count integer not null default 0,
      success_count integer not null default 0,
      failure_count integer not null default 0,
      pending_count integer not null default 0,
      successes jsonb not null default '[]',
      failures jsonb not null default '[]',
      pendings jsonb not null default '[]',
      -- the import (H2's pipeline) that processed the objects
      import_id uuid
    );
    create index taxii_statuses_partner_idx on taxii_statuses (partner_id, request_timestamp desc);
  `.execute(db);
}
