import { sql, type Kysely } from 'kysely';
import { shareableColumnsDdl } from '../../access/visibility-scope.js';

const sectionsOf = (outlook: 'day' | 'week') =>
  JSON.stringify([
    {
      key: 'key_judgements',
      domain: null,
      fi: 'Keskeiset arviot',
      sv: 'Huvudsakliga bedömningar',
      en: 'Key judgements',
    },
    {
      key: 'information_influence',
      domain: 'information_influence',
      fi: 'Informaatiovaikuttaminen',
      sv: 'Informationspåverkan',
      en: 'Information influence',
    },
    { key: 'cyber', domain: 'cyber', fi: 'Kyberturvallisuus', sv: 'Cybersäkerhet', en: 'Cyber security' },
    {
      key: 'physical',
      domain: 'physical',
      fi: 'Fyysinen turvallisuus',
      sv: 'Fysisk säkerhet',
      en: 'Physical security',
    },
    {
      key: 'process',
      domain: 'process',
      fi: 'Vaalien toimittaminen',
      sv: 'Valförrättningen',
      en: 'Conduct of the election',
    },
    {
      key: 'notable_incidents',
      domain: null,
      fi: 'Merkittävät tapaukset',
      sv: 'Betydande incidenter',
      en: 'Notable incidents',
    },
    { key: 'threat_levels', domain: null, fi: 'Uhkatasot', sv: 'Hotnivåer', en: 'Threat levels' },
    outlook === 'day'
      ? {
          key: 'outlook',
          domain: null,
          fi: 'Näkymät seuraavalle vuorokaudelle',
          sv: 'Utsikter för det kommande dygnet',
          en: 'Outlook for the next 24 hours',
        }
      : {
          key: 'outlook',
          domain: null,
          fi: 'Näkymät seuraavalle viikolle',
          sv: 'Utsikter för den kommande veckan',
          en: 'Outlook for the next 7 days',
        },
    {
      key: 'recommendations',
      domain: null,
      fi: 'Suositellut toimenpiteet',
      sv: 'Rekommenderade åtgärder',
      en: 'Recommended actions',
    },
  ]);

/**
 * Situation reports (issue 5). A report (`sitreps`) is drafted from a template for an election and
 * period; its sections carry Markdown in Finnish, Swedish and English; its notable incidents are
 * live references while drafting. Approving freezes everything into `sitrep_versions` (immutable
 * but for the one-time record of distribution); a correction drafts the next version of the same
 * report. Two audiences, both TLP-marked shareable records: the draft (`sitreps`: the drafting
 * organisation and the organisations assigned sections) and each approved version
 * (`sitrep_versions`: its recipients).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sitrep_templates (
      id uuid primary key default gen_random_uuid(),
      key text not null unique check (key ~ '^[a-z][a-z0-9_]{1,40}$'),
      kind text not null check (kind in ('daily', 'election_day', 'weekly', 'ad_hoc')),
      name_fi text not null,
      name_sv text not null,
      name_en text not null,
      period_hours integer not null check (period_hours between 1 and 744),
      -- [{ key, domain | null, fi, sv, en }]: the sections, in order
      sections jsonb not null check (jsonb_typeof(sections) = 'array' and jsonb_array_length(sections) between 1 and 30),
      version integer not null default 1,
      updated_by_user_id uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table sitreps (
      id uuid primary key default gen_random_uuid(),
      election_id uuid not null references elections (id),
      template_id uuid not null references sitrep_templates (id),
      kind text not null check (kind in ('daily', 'election_day', 'weekly', 'ad_hoc')),
      title_fi text not null default '',
      title_sv text not null default '',
      title_en text not null default '',
      period_start timestamptz not null,
      period_end timestamptz not null check (period_end > period_start),
      status text not null default 'draft' check (status in ('draft', 'in_review', 'approved', 'distributed')),
      -- tlp is the report's marking; marking_floor the strictest marking of what it includes
      ${shareableColumnsDdl},
      marking_floor text not null default 'clear'
        check (marking_floor in ('clear', 'green', 'amber', 'amber+strict', 'red')),
      -- a sanitised variant: the report it was written from, and the explicit approval of its lower marking
      sanitised_from_id uuid references sitreps (id),
      lowered_marking jsonb,
      recipient_organisation_ids uuid[] not null default '{}',
      recipient_community_ids uuid[] not null default '{}',
      -- the version being drafted (or the last approved while approved or distributed)
      version_number integer not null default 1 check (version_number >= 1),
      -- optimistic guard of the report's own fields
      revision integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index sitreps_election_idx on sitreps (election_id, period_end desc, id desc);
    create index sitreps_owner_idx on sitreps (owner_organisation_id, created_at desc);

    create table sitrep_sections (
      sitrep_id uuid not null references sitreps (id) on delete cascade,
      key text not null check (key ~ '^[a-z][a-z0-9_]{1,40}$'),
      position integer not null,
      domain text check (domain in ('information_influence', 'cyber', 'physical', 'process')),
      title_fi text not null,
      title_sv text not null,
      title_en text not null,
      -- the organisation whose analysts write it; null: the drafting organisation
      assignee_organisation_id uuid references organisations (id),
      body_fi text not null default '' check (char_length(body_fi) <= 50000),
      body_sv text not null default '' check (char_length(body_sv) <= 50000),
      body_en text not null default '' check (char_length(body_en) <= 50000),
      -- last-writer warning: a write names the revision it was based on
      revision integer not null default 1,
      updated_by_user_id uuid references users (id),
      updated_at timestamptz not null default now(),
      -- presence: who has the section open for editing, refreshed while they do
      editing_user_id uuid references users (id),
      editing_until timestamptz,
      primary key (sitrep_id, key)
    );

    create table sitrep_incidents (
      sitrep_id uuid not null references sitreps (id) on delete cascade,
      incident_id uuid not null references incidents (id),
      position integer not null,
      added_by_user_id uuid not null references users (id),
      added_at timestamptz not null default now(),
      primary key (sitrep_id, incident_id)
    );
    create index sitrep_incidents_incident_idx on sitrep_incidents (incident_id);

    create table sitrep_versions (
      sitrep_id uuid not null references sitreps (id),
      number integer not null check (number >= 1),
      ${shareableColumnsDdl},
      -- everything frozen at approval: titles, period, sections in every language, notable incidents
      -- (title, status, severity, summary at that moment), threat levels, phases ahead, recipients
      content jsonb not null,
      languages text[] not null,
      approved_by_user_id uuid not null references users (id),
      approved_by_organisation_id uuid not null references organisations (id),
      approved_at timestamptz not null default now(),
      distributed_by_user_id uuid references users (id),
      distributed_at timestamptz,
      primary key (sitrep_id, number),
      check ((distributed_at is null) = (distributed_by_user_id is null))
    );
    create index sitrep_versions_distributed_idx on sitrep_versions (distributed_at desc) where distributed_at is not null;

    create function sitrep_versions_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'an approved situation report version cannot be deleted';
      end if;
      if old.distributed_at is not null or new.distributed_at is null
        or new.sitrep_id <> old.sitrep_id or new.number <> old.number or new.tlp <> old.tlp
        or new.content <> old.content or new.languages <> old.languages
        or new.owner_organisation_id <> old.owner_organisation_id or new.author_user_id <> old.author_user_id
        or new.shared_organisation_ids <> old.shared_organisation_ids
        or new.shared_community_ids <> old.shared_community_ids or new.shared_user_ids <> old.shared_user_ids
        or new.approved_by_user_id <> old.approved_by_user_id or new.approved_at <> old.approved_at then
        raise exception 'an approved situation report version is immutable; only its distribution is recorded, once';
      end if;
      return new;
    end $$;
    create trigger sitrep_versions_immutable before update or delete on sitrep_versions
      for each row execute function sitrep_versions_immutable();

    -- read receipts: the first time each user opened a distributed version
    create table sitrep_reads (
      sitrep_id uuid not null,
      number integer not null,
      user_id uuid not null references users (id),
      organisation_id uuid not null references organisations (id),
      language text not null check (language in ('fi', 'sv', 'en')),
      read_at timestamptz not null default now(),
      primary key (sitrep_id, number, user_id),
      foreign key (sitrep_id, number) references sitrep_versions (sitrep_id, number)
    );
    create index sitrep_reads_organisation_idx on sitrep_reads (sitrep_id, number, organisation_id);

    -- the language a user reads a report in when theirs is missing
    alter table users add column report_fallback_languages text[] not null default '{en,fi,sv}'
      check (report_fallback_languages <@ '{fi,sv,en}'::text[]);

    insert into sitrep_templates (key, kind, name_fi, name_sv, name_en, period_hours, sections) values
      ('daily', 'daily', 'Päivittäinen tilannekatsaus', 'Daglig lägesrapport', 'Daily situation report', 24, ${sql.lit(sectionsOf('day'))}::jsonb),
      ('election_day', 'election_day', 'Vaalipäivän tilannekatsaus (tunneittain)', 'Valdagens lägesrapport (varje timme)', 'Election-day situation report (hourly)', 1, ${sql.lit(sectionsOf('day'))}::jsonb),
      ('weekly', 'weekly', 'Viikkokatsaus', 'Veckorapport', 'Weekly situation report', 168, ${sql.lit(sectionsOf('week'))}::jsonb),
      ('ad_hoc', 'ad_hoc', 'Erillinen tilannekatsaus', 'Extra lägesrapport', 'Ad hoc situation report', 24, ${sql.lit(sectionsOf('day'))}::jsonb);
  `.execute(db);
}
