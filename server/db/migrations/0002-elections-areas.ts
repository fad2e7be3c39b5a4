import { sql, type Kysely } from 'kysely';

/**
 * Elections with their statutory phases, and the areas of Finland. Areas are keyed by a code
 * that carries its type, as Statistics Finland writes them: KU091 (municipality), VP01
 * (electoral district), HV01 (wellbeing services county), MK01 (region).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table areas (
      code text primary key,
      type text not null check (type in ('municipality', 'electoral_district', 'wellbeing_county', 'region')),
      national_code text not null,
      name_fi text not null,
      name_sv text not null,
      name_en text not null,
      electoral_district_code text references areas (code),
      wellbeing_county_code text references areas (code),
      region_code text references areas (code),
      bilingual boolean not null default false,
      details jsonb not null default '{}',
      unique (type, national_code)
    );

    create table elections (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      type text not null check (type in ('parliamentary', 'presidential', 'municipal', 'county',
        'european_parliament', 'referendum', 'by_election')),
      round smallint,
      name_fi text not null,
      name_sv text not null,
      name_en text not null,
      election_day date not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index elections_day_idx on elections (election_day);

    create table election_phases (
      election_id uuid not null references elections (id) on delete cascade,
      key text not null,
      label_fi text not null,
      label_sv text not null,
      label_en text not null,
      starts_on date not null,
      ends_on date not null,
      time_of_day text,
      status text not null check (status in ('official', 'computed', 'adjusted')),
      source text,
      sort_order smallint not null,
      primary key (election_id, key),
      check (ends_on >= starts_on)
    );
  `.execute(db);
}
