import { sql, type Kysely } from 'kysely';
import { comparePhases, computePhases, type ElectionType } from '../../../shared/elections/schedule.js';
import { isPhaseKey, phaseLabels } from '../../../shared/elections/phase-labels.js';
import { readReferenceCsv, readReferenceFile } from '../../features/areas/reference-data.js';

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
    create index areas_type_idx on areas (type);
  `.execute(db);
  await loadAreas(db);
  await loadElections(db);
}

// Reference data: every database, including the test template, starts with the areas of Finland
// and the elections of the cooperation group's term (reference-data/fi, see PROVENANCE.md).

interface Municipality {
  code: string;
  name_fi: string;
  name_sv: string;
  name_en: string;
  region_code: string;
  electoral_district_code: string;
  wellbeing_county_code: string;
  county_elections: boolean;
  language_status_code: string;
  classification_year: number;
}

interface AreaRow {
  code: string;
  type: string;
  national_code: string;
  name_fi: string;
  name_sv: string;
  name_en: string;
  electoral_district_code: string | null;
  wellbeing_county_code: string | null;
  region_code: string | null;
  bilingual: boolean;
  details: string;
}

const codes = (list: string) => list.split(' ').filter(Boolean);
const only = (list: string[], prefix: string) => (list.length === 1 ? `${prefix}${list[0]}` : null);

const loadAreas = async (db: Kysely<unknown>) => {
  const any = db as Kysely<{ areas: AreaRow }>;
  const regions: AreaRow[] = readReferenceCsv('fi/regions.csv').map((r) => ({
    code: `MK${r.code}`,
    type: 'region',
    national_code: r.code!,
    name_fi: r.name_fi!,
    name_sv: r.name_sv!,
    name_en: r.name_en!,
    electoral_district_code: null,
    wellbeing_county_code: null,
    region_code: null,
    bilingual: false,
    details: JSON.stringify({
      electoralDistrictCodes: codes(r.electoral_district_codes!).map((c) => `VP${c}`),
      municipalityCount: Number(r.municipality_count),
    }),
  }));
  const districts: AreaRow[] = readReferenceCsv('fi/electoral_districts.csv').map((r) => ({
    code: `VP${r.code}`,
    type: 'electoral_district',
    national_code: r.code!,
    name_fi: r.name_fi!,
    name_sv: r.name_sv!,
    name_en: r.name_en!,
    electoral_district_code: null,
    wellbeing_county_code: null,
    region_code: only(codes(r.region_codes!), 'MK'),
    bilingual: false,
    details: JSON.stringify({
      regionCodes: codes(r.region_codes!).map((c) => `MK${c}`),
      municipalityCount: Number(r.municipality_count),
      seats2023: Number(r.seats_2023),
    }),
  }));
  const counties: AreaRow[] = readReferenceCsv('fi/wellbeing_services_counties.csv').map((r) => ({
    code: `HV${r.code}`,
    type: 'wellbeing_county',
    national_code: r.code!,
    name_fi: r.name_fi!,
    name_sv: r.name_sv!,
    name_en: r.name_en!,
    electoral_district_code: null,
    wellbeing_county_code: null,
    region_code: only(codes(r.region_codes!), 'MK'),
    bilingual: false,
    details: JSON.stringify({
      kind: r.type,
      countyElections: r.county_elections === 'true',
      municipalityCount: Number(r.municipality_count),
    }),
  }));
  const municipalities = (JSON.parse(readReferenceFile('fi/municipalities.json')) as Municipality[]).map(
    (m): AreaRow => ({
      code: `KU${m.code}`,
      type: 'municipality',
      national_code: m.code,
      name_fi: m.name_fi,
      name_sv: m.name_sv,
      name_en: m.name_en,
      electoral_district_code: `VP${m.electoral_district_code}`,
      wellbeing_county_code: `HV${m.wellbeing_county_code}`,
      region_code: `MK${m.region_code}`,
      // 1: bilingual, Finnish majority; 3: bilingual, Swedish majority.
      bilingual: m.language_status_code === '1' || m.language_status_code === '3',
      details: JSON.stringify({
        languageStatus: Number(m.language_status_code),
        countyElections: m.county_elections,
        classificationYear: m.classification_year,
      }),
    }),
  );
  // Parents first: the municipalities reference them.
  for (const rows of [regions, districts, counties, municipalities]) {
    await any.insertInto('areas').values(rows).execute();
  }
};

interface FilePhase {
  key: string;
  label_fi: string;
  label_en: string;
  start: string;
  end: string;
  time?: string;
  status: 'official' | 'computed';
  source?: string;
}

interface FileElection {
  id: string;
  type: ElectionType;
  round?: number;
  name_fi: string;
  name_sv: string;
  name_en: string;
  election_day: string;
  phases: FilePhase[];
}

/** The file's identifiers (EKV-2027) as readable slugs other features and URLs may use. */
const slugs: Record<string, string> = {
  'TPV-2024-1': 'presidential-2024-1',
  'TPV-2024-2': 'presidential-2024-2',
  'EPV-2024': 'european-parliament-2024',
  'KV-2025': 'municipal-2025',
  'AV-2025': 'county-2025',
  'EKV-2027': 'parliamentary-2027',
};

interface PhaseRow {
  election_id: string;
  key: string;
  label_fi: string;
  label_sv: string;
  label_en: string;
  starts_on: string;
  ends_on: string;
  time_of_day: string | null;
  status: string;
  source: string | null;
  sort_order: number;
}

const loadElections = async (db: Kysely<unknown>) => {
  const any = db as Kysely<{
    elections: {
      id?: string;
      slug: string;
      type: string;
      round: number | null;
      name_fi: string;
      name_sv: string;
      name_en: string;
      election_day: string;
    };
    election_phases: PhaseRow;
  }>;
  const { elections } = JSON.parse(readReferenceFile('fi/elections_2023_2027.json')) as {
    elections: FileElection[];
  };
  for (const election of elections) {
    const slug = slugs[election.id];
    if (!slug) throw new Error(`No slug for the election ${election.id}`);
    const round = election.round ?? null;
    const { id } = await any
      .insertInto('elections')
      .values({
        slug,
        type: election.type,
        round,
        name_fi: election.name_fi,
        name_sv: election.name_sv,
        name_en: election.name_en,
        election_day: election.election_day,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The file's phases as published, completed with the phases the rules give that it does not list.
    const computed = computePhases(
      election.type,
      election.election_day,
      round === 2 ? 2 : round === 1 ? 1 : null,
    );
    const phases: Omit<PhaseRow, 'sort_order'>[] = election.phases.map((p) => {
      if (!isPhaseKey(p.key)) throw new Error(`Unknown phase ${p.key} in ${election.id}`);
      const rule = computed.find((c) => c.key === p.key);
      const sameDays = rule?.startsOn === p.start && rule.endsOn === p.end;
      return {
        election_id: id!,
        key: p.key,
        label_fi: p.label_fi,
        label_sv: phaseLabels[p.key].sv,
        label_en: p.label_en,
        starts_on: p.start,
        ends_on: p.end,
        time_of_day: p.time ?? (sameDays ? rule.timeOfDay : null),
        status: p.status,
        source: p.source ?? null,
      };
    });
    for (const c of computed) {
      if (phases.some((p) => p.key === c.key)) continue;
      phases.push({
        election_id: id!,
        key: c.key,
        label_fi: phaseLabels[c.key].fi,
        label_sv: phaseLabels[c.key].sv,
        label_en: phaseLabels[c.key].en,
        starts_on: c.startsOn,
        ends_on: c.endsOn,
        time_of_day: c.timeOfDay,
        status: 'computed',
        source: null,
      });
    }
    const ordered = phases
      .map((p) => ({ ...p, startsOn: p.starts_on }))
      .sort(comparePhases)
      .map(({ startsOn: _startsOn, ...p }, index) => ({ ...p, sort_order: index }));
    await any.insertInto('election_phases').values(ordered).execute();
  }
};
