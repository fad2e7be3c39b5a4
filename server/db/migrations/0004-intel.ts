import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { shareableColumnsDdl } from '../../access/visibility-scope.js';

interface DisarmData {
  phases: { id: string; name: string; description: string; order: number }[];
  tactics: {
    id: string;
    name: string;
    description: string;
    phaseId: string;
    order: number;
    stixId: string;
    url: string;
  }[];
  techniques: {
    id: string;
    name: string;
    description: string;
    tacticId: string;
    parentId: string | null;
    stixId: string;
    url: string;
  }[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** reference-data/ at the package root, from server/db/migrations or dist/server/db/migrations. */
const disarmFile = path.resolve(
  here,
  '..',
  '..',
  '..',
  ...(here.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []),
  'reference-data',
  'disarm',
  'disarm-red-framework.json',
);

/**
 * Observables (one row per normalised value, shared by every incident that has it), the DISARM Red
 * framework (loaded here from reference-data, CC BY-SA 4.0) and the incidents' techniques, and
 * narratives (shareable records) with their incidents.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table observables (
      id uuid primary key default gen_random_uuid(),
      type text not null check (type in ('url', 'domain', 'ipv4', 'ipv6', 'email', 'social_account',
        'md5', 'sha1', 'sha256', 'sha512')),
      value text not null check (length(value) between 1 and 4200),
      stix_id text not null unique,
      created_at timestamptz not null default now(),
      unique (type, value)
    );

    create table incident_observables (
      incident_id uuid not null references incidents (id),
      observable_id uuid not null references observables (id),
      added_by_user_id uuid references users (id),
      added_at timestamptz not null default now(),
      note text not null default '',
      primary key (incident_id, observable_id)
    );
    -- "Other incidents with this observable" starts from the observable.
    create index incident_observables_observable_idx on incident_observables (observable_id, added_at desc, incident_id);

    create table disarm_phases (
      id text primary key,
      name text not null,
      description text not null,
      sort_order smallint not null
    );

    create table disarm_tactics (
      id text primary key,
      name text not null,
      description text not null,
      phase_id text not null references disarm_phases (id),
      sort_order smallint not null unique,
      stix_id text not null unique,
      url text not null
    );

    create table disarm_techniques (
      id text primary key check (id ~ '^T[0-9]{4}(\\.[0-9]{3})?$'),
      name text not null,
      description text not null,
      tactic_id text not null references disarm_tactics (id),
      parent_id text references disarm_techniques (id),
      stix_id text not null unique,
      url text not null
    );
    create index disarm_techniques_tactic_idx on disarm_techniques (tactic_id, id);

    create table incident_techniques (
      incident_id uuid not null references incidents (id),
      technique_id text not null references disarm_techniques (id),
      added_by_user_id uuid references users (id),
      added_at timestamptz not null default now(),
      primary key (incident_id, technique_id)
    );
    create index incident_techniques_technique_idx on incident_techniques (technique_id, incident_id);

    create table narratives (
      id uuid primary key default gen_random_uuid(),
      ${shareableColumnsDdl},
      title text not null,
      description text not null default '',
      status text not null default 'active' check (status in ('active', 'dormant', 'closed')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index narratives_updated_idx on narratives (updated_at desc, id desc);
    create index narratives_shared_orgs_idx on narratives using gin (shared_organisation_ids);
    create index narratives_shared_communities_idx on narratives using gin (shared_community_ids);
    create index narratives_shared_users_idx on narratives using gin (shared_user_ids);

    create table incident_narratives (
      incident_id uuid not null references incidents (id),
      narrative_id uuid not null references narratives (id),
      linked_by_user_id uuid references users (id),
      linked_at timestamptz not null default now(),
      primary key (incident_id, narrative_id)
    );
    create index incident_narratives_narrative_idx on incident_narratives (narrative_id, linked_at desc, incident_id);
  `.execute(db);

  const disarm = JSON.parse(readFileSync(disarmFile, 'utf8')) as DisarmData;
  const rows = <T>(items: T[], map: (item: T) => unknown[]) =>
    sql.join(items.map((item) => sql`(${sql.join(map(item))})`));
  await sql`insert into disarm_phases (id, name, description, sort_order) values ${rows(
    disarm.phases,
    (p) => [p.id, p.name, p.description, p.order],
  )}`.execute(db);
  await sql`insert into disarm_tactics (id, name, description, phase_id, sort_order, stix_id, url) values ${rows(
    disarm.tactics,
    (t) => [t.id, t.name, t.description, t.phaseId, t.order, t.stixId, t.url],
  )}`.execute(db);
  // Parents before their sub-techniques, for the foreign key.
  const ordered = [...disarm.techniques].sort(
    (a, b) => Number(a.parentId !== null) - Number(b.parentId !== null),
  );
  await sql`insert into disarm_techniques (id, name, description, tactic_id, parent_id, stix_id, url) values ${rows(
    ordered,
    (t) => [t.id, t.name, t.description, t.tacticId, t.parentId, t.stixId, t.url],
  )}`.execute(db);
}
