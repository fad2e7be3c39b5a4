import { sql, type Kysely } from 'kysely';

const tlpCheck = (column: string) =>
  sql.raw(`check (${column} in ('clear', 'green', 'amber', 'amber+strict', 'red'))`);

/**
 * STIX 2.1 imports (issue 6). Every import is logged with its provenance and per-object results
 * (`stix_imports`); every version of every valid object is kept (`stix_object_versions`), and
 * `stix_current_objects` names the current one. The store is per organisation: what one
 * organisation imported neither shows in nor changes another's (an import of the same bundle by a
 * second organisation is not "unchanged" for it, and reveals nothing about the first).
 *
 * Ids and version keys are ASCII compared byte by byte (collate "C"): a version key must sort as
 * the instants it stands for whatever the database's locale, and the store's indexes stay cheap.
 *
 * A version is `modified` normalised to nine fractional digits (STIX writes milliseconds or
 * microseconds; both compare right as text), or `c:<sha256>` of the canonical JSON for objects
 * without `modified` (cyber-observables, marking definitions), which compare by content.
 *
 * Imported incidents and reports wait in the review queue (`workbench_items`), a shareable record
 * of the importing organisation at the object's marking. Its author is the uploader, or nobody for
 * a partner feed (author_user_id is nullable here, unlike other shareable tables). Accepting or
 * merging links the object to our incident (`imported_incident_links`), so that a later version
 * becomes a pending update of that incident.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table stix_imports (
      id uuid primary key default gen_random_uuid(),
      source text not null check (source in ('file', 'api', 'taxii', 'misp')),
      partner_id uuid references partners (id),
      bundle_id text check (char_length(bundle_id) <= 200),
      received_by_user_id uuid references users (id),
      owner_organisation_id uuid not null references organisations (id),
      default_tlp text not null ${tlpCheck('default_tlp')},
      received_at timestamptz not null default now(),
      object_count integer not null default 0,
      -- { created, updated, unchanged, older_ignored, invalid }
      counts jsonb not null default '{}',
      -- [{ index, id, type, outcome, reasons?, duplicateOf? }] in bundle order
      results jsonb not null default '[]',
      disarm_technique_count integer not null default 0,
      workbench_item_ids uuid[] not null default '{}'
    );
    create index stix_imports_owner_idx on stix_imports (owner_organisation_id, received_at desc, id desc);

    -- No foreign keys: a 100,000-object bundle writes 100,000 rows here, and a per-row check of
    -- import_id (the import row written first in the same transaction) cost a fifth of the insert.
    create table stix_object_versions (
      owner_organisation_id uuid not null,
      stix_id text collate "C" not null,
      version_key text collate "C" not null,
      type text not null,
      modified text,
      spec_version text,
      object jsonb not null,
      content_hash text not null,
      import_id uuid not null,
      partner_id uuid,
      first_imported_at timestamptz not null default now(),
      primary key (owner_organisation_id, stix_id, version_key)
    );

    create table stix_current_objects (
      owner_organisation_id uuid not null,
      stix_id text collate "C" not null,
      version_key text collate "C" not null,
      type text not null,
      tlp text not null ${tlpCheck('tlp')},
      content_hash text not null,
      -- relationship: source_ref, target_ref; sighting: sighting_of_ref (the objects pointing at another)
      source_ref text collate "C",
      target_ref text collate "C",
      -- cyber-observables: the observable the value stands for (our normal form), whatever its id
      observable_type text,
      observable_value text,
      import_id uuid not null,
      updated_at timestamptz not null default now(),
      primary key (owner_organisation_id, stix_id)
    );
    create index stix_current_source_idx on stix_current_objects (owner_organisation_id, source_ref)
      where source_ref is not null;
    create index stix_current_target_idx on stix_current_objects (owner_organisation_id, target_ref)
      where target_ref is not null;
    create index stix_current_observable_idx on stix_current_objects (owner_organisation_id, observable_type, observable_value)
      where observable_type is not null;

    create table workbench_items (
      id uuid primary key default gen_random_uuid(),
      tlp text not null ${tlpCheck('tlp')},
      owner_organisation_id uuid not null references organisations (id),
      author_user_id uuid references users (id),
      shared_organisation_ids uuid[] not null default '{}',
      shared_community_ids uuid[] not null default '{}',
      shared_user_ids uuid[] not null default '{}',
      stix_id text not null,
      stix_type text not null,
      version_key text not null,
      modified text,
      title text not null,
      kind text not null check (kind in ('new', 'update')),
      status text not null default 'pending'
        check (status in ('pending', 'accepted', 'merged', 'rejected', 'superseded')),
      import_id uuid not null references stix_imports (id),
      partner_id uuid references partners (id),
      target_incident_id uuid references incidents (id),
      decided_by_user_id uuid references users (id),
      decided_at timestamptz,
      reason text check (char_length(reason) <= 2000),
      -- what the decision did: observables and techniques added, fields changed, objects seen
      decision jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (owner_organisation_id, stix_id, version_key),
      check ((status = 'pending' or status = 'superseded') = (decided_at is null))
    );
    create index workbench_items_owner_idx on workbench_items (owner_organisation_id, created_at desc, id desc);
    create index workbench_items_pending_idx on workbench_items (owner_organisation_id, stix_id)
      where status = 'pending';

    create table imported_incident_links (
      owner_organisation_id uuid not null references organisations (id),
      stix_id text not null,
      incident_id uuid not null references incidents (id),
      partner_id uuid references partners (id),
      -- the version last accepted or merged: only a newer one proposes an update
      version_key text not null,
      workbench_item_id uuid not null references workbench_items (id),
      linked_at timestamptz not null default now(),
      primary key (owner_organisation_id, stix_id)
    );
    create index imported_incident_links_incident_idx on imported_incident_links (incident_id);
  `.execute(db);
}
