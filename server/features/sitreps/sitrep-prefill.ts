import { sql } from 'kysely';
import type { Actor } from '../../../shared/access/roles.js';
import type { Tlp } from '../../../shared/access/tlp.js';
import type { Locale } from '../../../shared/contracts/common.js';
import {
  incidentDomains,
  type IncidentDomain,
  type IncidentStatus,
} from '../../../shared/contracts/incident-enums.js';
import type { LocalisedText } from '../../../shared/contracts/sitreps.js';
import { isThreatLevel, threatDomainNames, threatLevelNames } from '../../../shared/threat-levels.js';
import { instantOfWallClock, wallClockIn } from '../../../shared/time-zone.js';
import { visibleTo } from '../../access/visibility-scope.js';
import type { Db, Tx } from '../../db/connection.js';
import type { SitrepKind, TemplateSection } from '../../db/schema-sitreps.js';

/**
 * What a new draft is pre-filled with: the notable incidents of the period, a summary per domain,
 * the threat levels and the election phases ahead, written in Finnish, Swedish and English. The
 * incidents come from one aggregate statement, however many happened in the period.
 */

export const NOTABLE_LIMIT = 15;
const ZONE = 'Europe/Helsinki';
const languages = ['fi', 'sv', 'en'] as const satisfies readonly Locale[];

export interface NotableIncident {
  id: string;
  title: string;
  severity: number;
  status: IncidentStatus;
  tlp: Tlp;
  domains: IncidentDomain[];
  /** What happened to it in the period. */
  isNew: boolean;
  escalated: boolean;
  closed: boolean;
}

/**
 * What a report's generated text may speak of: the incidents it includes, and nothing about the
 * period at large, so that leaving one out (because a recipient may not see it) leaves out every
 * word about it, counts included.
 */
export interface PeriodActivity {
  /** Highest severity first, at most NOTABLE_LIMIT (or every one of `only`). */
  notable: NotableIncident[];
}

interface ActivityRow {
  notable: {
    id: string;
    t: string;
    s: number;
    st: string;
    tlp: Tlp;
    d: string[];
    n: boolean;
    e: boolean;
    c: boolean;
  }[];
}

/**
 * The incidents of the election that the drafter may see and that were created, escalated
 * (severity raised or moved to responding) or closed in [start, end), the most severe first.
 * Candidates come from two index ranges (incidents of the election created in the period;
 * severity and status events in the period), so the cost follows the period, not the election.
 * Red incidents are left out: a report goes to organisations, and red never does. With `only`,
 * exactly those incidents (a report's included ones), with what happened to them in the period.
 */
export const periodActivity = async (
  db: Db | Tx,
  actor: Actor,
  input: { electionId: string; start: Date; end: Date; limit?: number; only?: readonly string[] },
): Promise<PeriodActivity> => {
  const { electionId, start, end, only } = input;
  const result = await sql<ActivityRow>`
    with ch as materialized (
      select e.incident_id,
             bool_or(e.type = 'updated' and (
               (e.data #>> '{changes,severity,to}')::int > (e.data #>> '{changes,severity,from}')::int
               or e.data #>> '{changes,status,to}' = 'responding')) as escalated,
             bool_or(e.type = 'merged_into' or e.data #>> '{changes,status,to}' = 'closed') as closed
        from incident_events e
       where e.type in ('updated', 'merged_into') and e.occurred_at >= ${start} and e.occurred_at < ${end}
       group by e.incident_id
    ),
    cand as (${
      only
        ? sql`select unnest(${sql.val([...only])}::uuid[]) as id`
        : sql`select i.id from incidents i
       where i.election_id = ${electionId}::uuid and i.created_at >= ${start} and i.created_at < ${end}
      union
      select ch.incident_id from ch where ch.escalated or ch.closed`
    }),
    p as materialized (
      select i.id, i.title, i.severity, i.status, i.tlp, i.domains, i.created_at,
             (i.created_at >= ${start} and i.created_at < ${end}) as is_new,
             coalesce(ch.escalated, false) as escalated, coalesce(ch.closed, false) as closed
        from cand
        join incidents i on i.id = cand.id
        left join ch on ch.incident_id = i.id
       where ${only ? sql`true` : sql`i.election_id = ${electionId}::uuid and i.tlp <> 'red'`}
         and ${visibleTo(actor, 'i')}
    )
    select
      (select coalesce(json_agg(json_build_object('id', n.id, 't', n.title, 's', n.severity, 'st', n.status,
                'tlp', n.tlp, 'd', n.domains, 'n', n.is_new, 'e', n.escalated, 'c', n.closed)
                order by n.severity desc, n.created_at desc, n.id), '[]'::json)
         from (select * from p order by p.severity desc, p.created_at desc, p.id limit ${only ? only.length : (input.limit ?? NOTABLE_LIMIT)}) n
      ) as notable
  `.execute(db);
  const row = result.rows[0]!;
  return {
    notable: row.notable.map((n) => ({
      id: n.id,
      title: n.t,
      severity: n.s,
      status: n.st as IncidentStatus,
      tlp: n.tlp,
      domains: n.d.filter((d): d is IncidentDomain => (incidentDomains as readonly string[]).includes(d)),
      isNew: n.n,
      escalated: n.e,
      closed: n.c,
    })),
  };
};

export interface ThreatLevelNow {
  domain: IncidentDomain;
  level: number | null;
  setAt: Date | null;
}

export interface ThreatLevelChange {
  domain: IncidentDomain;
  from: number | null;
  to: number;
  at: Date;
}

/** The level of each domain as it stood at `at`, and the changes in [start, at). */
export const threatLevelsOfPeriod = async (
  db: Db | Tx,
  electionId: string,
  start: Date,
  at: Date,
): Promise<{ current: ThreatLevelNow[]; changes: ThreatLevelChange[] }> => {
  const rows = (
    await sql<{ domain: string; level: number; previousLevel: number | null; setAt: Date }>`
      select t.domain, t.level::int as level, t.set_at,
             (lag(t.level) over (partition by t.domain order by t.id))::int as previous_level
        from threat_levels t
       where t.election_id = ${electionId}::uuid and t.set_at < ${at}
       order by t.id`.execute(db)
  ).rows;
  const current = incidentDomains.map((domain) => {
    const latest = rows.filter((r) => r.domain === domain).at(-1);
    return { domain, level: latest?.level ?? null, setAt: latest?.setAt ?? null };
  });
  const changes = rows
    .filter((r) => r.setAt >= start)
    .map((r) => ({ domain: r.domain as IncidentDomain, from: r.previousLevel, to: r.level, at: r.setAt }));
  return { current, changes };
};

export interface PhaseAhead {
  key: string;
  name: LocalisedText;
  startsOn: string;
  endsOn: string;
  startsAt: Date;
  endsAt: Date;
  /** Already under way at the start of the outlook. */
  underWay: boolean;
}

/** Hours ahead the outlook of a report of this kind covers. */
export const outlookHoursOf = (kind: SitrepKind): number => (kind === 'weekly' ? 7 * 24 : 24);

/** The Helsinki calendar day (YYYY-MM-DD) of a moment, through the cached formatter of shared/time-zone.ts. */
const dayOf = (at: Date): string => {
  const c = wallClockIn(at.getTime(), ZONE);
  return `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
};

/** Midnight at the start of a Helsinki calendar day (YYYY-MM-DD), plus `days`. */
const dayStart = (day: string, days = 0): Date => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(instantOfWallClock(Date.UTC(y, m - 1, d + days), ZONE));
};

/** The election phases under way or starting between `from` and `from + hours` (Helsinki days). */
export const phasesAhead = async (
  db: Db | Tx,
  electionId: string,
  from: Date,
  hours: number,
): Promise<PhaseAhead[]> => {
  const firstDay = dayOf(from);
  const lastDay = dayOf(new Date(from.getTime() + hours * 3_600_000 - 1));
  const rows = await db
    .selectFrom('electionPhases')
    .select(['key', 'labelFi', 'labelSv', 'labelEn', 'startsOn', 'endsOn'])
    .where('electionId', '=', electionId)
    .where('endsOn', '>=', firstDay)
    .where('startsOn', '<=', lastDay)
    .orderBy('startsOn')
    .orderBy('sortOrder')
    .execute();
  return rows.map((r) => ({
    key: r.key,
    name: { fi: r.labelFi, sv: r.labelSv, en: r.labelEn },
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    startsAt: dayStart(r.startsOn),
    endsAt: dayStart(r.endsOn, 1),
    underWay: r.startsOn < firstDay,
  }));
};

// ---------------------------------------------------------------- the texts

const dateLocales: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

const monthsShort = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A moment on a Helsinki clock as each language writes it: 6.4.2027 klo 9.00, 6.4.2027 kl. 9.00, 6 Apr 2027, 09:00. */
export const formatDateTime = (at: Date, language: Locale): string => {
  const c = wallClockIn(at.getTime(), ZONE);
  const minute = String(c.minute).padStart(2, '0');
  switch (language) {
    case 'fi':
      return `${c.day}.${c.month}.${c.year} klo ${c.hour}.${minute}`;
    case 'sv':
      return `${c.day}.${c.month}.${c.year} kl. ${c.hour}.${minute}`;
    case 'en':
      return `${c.day} ${monthsShort[c.month - 1]} ${c.year}, ${String(c.hour).padStart(2, '0')}:${minute}`;
  }
};

export const formatDate = (day: string | Date, language: Locale): string => {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(dateLocales[language], {
      timeZone: ZONE,
      day: 'numeric',
      month: language === 'en' ? 'long' : 'numeric',
      year: 'numeric',
    });
    dateFormats.set(language, format);
  }
  return format.format(typeof day === 'string' ? dayStart(day) : day);
};

const statusNames: Record<IncidentStatus, LocalisedText> = {
  new: { fi: 'uusi', sv: 'ny', en: 'new' },
  triage: { fi: 'alustavassa arviossa', sv: 'under inledande bedömning', en: 'in triage' },
  investigating: { fi: 'selvitettävänä', sv: 'under utredning', en: 'under investigation' },
  responding: { fi: 'toimenpiteissä', sv: 'åtgärder pågår', en: 'response under way' },
  monitoring: { fi: 'seurannassa', sv: 'under uppföljning', en: 'being monitored' },
  closed: { fi: 'suljettu', sv: 'avslutad', en: 'closed' },
};

/** Markdown must not read an incident title as markup. */
const plain = (text: string): string =>
  text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');

const periodLine = (start: Date, end: Date, language: Locale): string => {
  const range = `${formatDateTime(start, language)} – ${formatDateTime(end, language)}`;
  return {
    fi: `Tarkastelujakso ${range}.`,
    sv: `Rapportperioden ${range}.`,
    en: `Reporting period ${range}.`,
  }[language];
};

const incidentLine = (incident: NotableIncident, language: Locale): string => {
  // What happened to it in the period, after its current state: "status: new; new in the period".
  const what = [
    incident.isNew
      ? { fi: 'uusi jaksolla', sv: 'ny under perioden', en: 'new in the period' }[language]
      : null,
    incident.escalated
      ? { fi: 'eskaloitui jaksolla', sv: 'eskalerades under perioden', en: 'escalated in the period' }[
          language
        ]
      : null,
    incident.closed
      ? { fi: 'suljettiin jaksolla', sv: 'avslutades under perioden', en: 'closed in the period' }[language]
      : null,
  ].filter((x): x is string => x !== null);
  const severity = { fi: 'vakavuus', sv: 'allvarlighetsgrad', en: 'severity' }[language];
  const status = { fi: 'tila', sv: 'status', en: 'status' }[language];
  const state = `${severity} ${incident.severity}/5, ${status}: ${statusNames[incident.status][language]}`;
  return `- **${plain(incident.title)}** (${what.length > 0 ? `${state}; ${what.join(', ')}` : state})`;
};

/** "The report includes 3 incidents of this domain (new: 2, escalated: 1, closed: 0)." */
const countWords: Record<Locale, (notable: readonly NotableIncident[]) => string> = {
  fi: (n) =>
    `Katsaukseen sisältyy ${n.length} ${n.length === 1 ? 'tapaus' : 'tapausta'} tältä osa-alueelta (uusia: ${n.filter((x) => x.isNew).length}, eskaloituneita: ${n.filter((x) => x.escalated).length}, suljettuja: ${n.filter((x) => x.closed).length}).`,
  sv: (n) =>
    `Rapporten tar upp ${n.length} ${n.length === 1 ? 'incident' : 'incidenter'} inom området (nya: ${n.filter((x) => x.isNew).length}, eskalerade: ${n.filter((x) => x.escalated).length}, avslutade: ${n.filter((x) => x.closed).length}).`,
  en: (n) =>
    `The report includes ${n.length} ${n.length === 1 ? 'incident' : 'incidents'} of this domain (new: ${n.filter((x) => x.isNew).length}, escalated: ${n.filter((x) => x.escalated).length}, closed: ${n.filter((x) => x.closed).length}).`,
};

/**
 * A domain section: the report's own incidents of the domain, counted and listed. It speaks only
 * of `activity.notable` — the incidents the report includes — never of the period at large.
 */
export const domainText = (
  domain: IncidentDomain,
  activity: PeriodActivity,
  period: { start: Date; end: Date },
): LocalisedText => {
  const notable = activity.notable.filter((n) => n.domains.includes(domain));
  const text = (language: Locale): string => {
    const lines = [periodLine(period.start, period.end, language), ''];
    if (notable.length === 0) {
      lines.push(
        {
          fi: 'Katsaukseen ei sisälly tämän osa-alueen tapauksia.',
          sv: 'Rapporten tar inte upp några incidenter inom området.',
          en: 'The report includes no incidents of this domain.',
        }[language],
      );
    } else {
      lines.push(countWords[language](notable), '', ...notable.map((n) => incidentLine(n, language)));
    }
    return lines.join('\n');
  };
  return { fi: text('fi'), sv: text('sv'), en: text('en') };
};

/** The notable-incidents section: a lead-in to the list of incidents the report carries. */
export const notableText = (activity: PeriodActivity): LocalisedText =>
  activity.notable.length === 0
    ? {
        fi: 'Jaksolla ei ollut merkittäviä tapauksia.',
        sv: 'Inga betydande incidenter under perioden.',
        en: 'There were no notable incidents in the period.',
      }
    : {
        fi: `Jakson merkittävät tapaukset (${activity.notable.length}) vakavimmasta alkaen:\n\n${activity.notable.map((n) => incidentLine(n, 'fi')).join('\n')}`,
        sv: `Periodens betydande incidenter (${activity.notable.length}), de allvarligaste först:\n\n${activity.notable.map((n) => incidentLine(n, 'sv')).join('\n')}`,
        en: `The notable incidents of the period (${activity.notable.length}), most severe first:\n\n${activity.notable.map((n) => incidentLine(n, 'en')).join('\n')}`,
      };

const levelWords = (level: number | null, language: Locale): string =>
  level !== null && isThreatLevel(level)
    ? `${level}/5 (${threatLevelNames[level][language]})`
    : { fi: 'ei arvioitu', sv: 'inte bedömd', en: 'not assessed' }[language];

/** The threat-levels section: the current levels and the changes in the period. */
export const threatLevelText = (levels: {
  current: ThreatLevelNow[];
  changes: ThreatLevelChange[];
}): LocalisedText => {
  const text = (language: Locale): string => {
    const lines = [
      { fi: 'Voimassa olevat uhkatasot:', sv: 'Gällande hotnivåer:', en: 'Current threat levels:' }[language],
      '',
      ...levels.current.map(
        (c) => `- ${threatDomainNames[c.domain][language]}: ${levelWords(c.level, language)}`,
      ),
      '',
    ];
    if (levels.changes.length === 0) {
      lines.push(
        {
          fi: 'Uhkatasoihin ei tehty muutoksia jakson aikana.',
          sv: 'Hotnivåerna ändrades inte under perioden.',
          en: 'No threat level was changed in the period.',
        }[language],
      );
    } else {
      lines.push(
        { fi: 'Muutokset jakson aikana:', sv: 'Ändringar under perioden:', en: 'Changes in the period:' }[
          language
        ],
        '',
      );
      for (const change of levels.changes) {
        const from = change.from === null ? '–' : String(change.from);
        lines.push(
          `- ${formatDateTime(change.at, language)} ${threatDomainNames[change.domain][language]}: ${from} → ${levelWords(change.to, language)}`,
        );
      }
    }
    return lines.join('\n');
  };
  return { fi: text('fi'), sv: text('sv'), en: text('en') };
};

/** The outlook section: the election phases ahead in the next 24 hours or 7 days. */
export const outlookText = (phases: PhaseAhead[], hours: number): LocalisedText => {
  const week = hours > 24;
  const text = (language: Locale): string => {
    if (phases.length === 0) {
      return (
        week
          ? {
              fi: 'Seuraavan viikon aikana ei ole vaalien aikataulun vaiheita.',
              sv: 'Under den kommande veckan finns inga skeden i valets tidtabell.',
              en: 'No phase of the election timetable falls in the next 7 days.',
            }
          : {
              fi: 'Seuraavan vuorokauden aikana ei ole vaalien aikataulun vaiheita.',
              sv: 'Under det kommande dygnet finns inga skeden i valets tidtabell.',
              en: 'No phase of the election timetable falls in the next 24 hours.',
            }
      )[language];
    }
    const lead = (
      week
        ? {
            fi: 'Vaalien aikataulun vaiheet seuraavan viikon aikana:',
            sv: 'Skeden i valets tidtabell under den kommande veckan:',
            en: 'Phases of the election timetable in the next 7 days:',
          }
        : {
            fi: 'Vaalien aikataulun vaiheet seuraavan vuorokauden aikana:',
            sv: 'Skeden i valets tidtabell under det kommande dygnet:',
            en: 'Phases of the election timetable in the next 24 hours:',
          }
    )[language];
    const lines = phases.map((p) => {
      const when =
        p.startsOn === p.endsOn
          ? formatDate(p.startsOn, language)
          : `${formatDate(p.startsOn, language)} – ${formatDate(p.endsOn, language)}`;
      const underWay = p.underWay ? { fi: ' (käynnissä)', sv: ' (pågår)', en: ' (under way)' }[language] : '';
      return `- ${when}: ${p.name[language]}${underWay}`;
    });
    return [lead, '', ...lines].join('\n');
  };
  return { fi: text('fi'), sv: text('sv'), en: text('en') };
};

const empty: LocalisedText = { fi: '', sv: '', en: '' };

/** The pre-filled body of each template section; sections that people write start empty. */
export const prefillSections = (
  sections: readonly TemplateSection[],
  data: {
    activity: PeriodActivity;
    levels: { current: ThreatLevelNow[]; changes: ThreatLevelChange[] };
    phases: PhaseAhead[];
    outlookHours: number;
    period: { start: Date; end: Date };
  },
): LocalisedText[] =>
  sections.map((section) => {
    if (section.domain && (incidentDomains as readonly string[]).includes(section.domain)) {
      return domainText(section.domain as IncidentDomain, data.activity, data.period);
    }
    switch (section.key) {
      case 'notable_incidents':
        return notableText(data.activity);
      case 'threat_levels':
        return threatLevelText(data.levels);
      case 'outlook':
        return outlookText(data.phases, data.outlookHours);
      default:
        return empty;
    }
  });

/** The default title: the template's name and the period, e.g. "Päivittäinen tilannekatsaus 12.4.2027". */
export const defaultTitle = (
  templateName: LocalisedText,
  kind: SitrepKind,
  period: { start: Date; end: Date },
): LocalisedText => {
  const title = (language: Locale): string => {
    if (kind === 'election_day') {
      return `${templateName[language]} ${formatDateTime(period.start, language)} – ${formatDateTime(period.end, language)}`;
    }
    if (kind === 'weekly') {
      return `${templateName[language]} ${formatDate(period.start, language)} – ${formatDate(period.end, language)}`;
    }
    return `${templateName[language]} ${formatDate(period.end, language)}`;
  };
  return Object.fromEntries(languages.map((l) => [l, title(l).slice(0, 300)])) as LocalisedText;
};
