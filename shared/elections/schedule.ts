import {
  addDays,
  addMonths,
  addYears,
  isDay,
  makeDay,
  nthWeekdayOfMonth,
  weekday,
  yearOf,
  type Day,
} from './calendar.js';
import { easterSunday, nextWorkingDay } from './holidays.js';
import { phaseKeys, type PhaseKey } from './phase-labels.js';

export const electionTypes = [
  'parliamentary',
  'presidential',
  'municipal',
  'county',
  'european_parliament',
  'referendum',
  'by_election',
] as const;
export type ElectionType = (typeof electionTypes)[number];

/** Types whose election day the law fixes from the year alone (European Parliament: the Council's period). */
export const scheduledTypes = [
  'parliamentary',
  'presidential',
  'municipal',
  'county',
  'european_parliament',
] as const satisfies readonly ElectionType[];

export const MIN_YEAR = 1970;
export const MAX_YEAR = 2199;

/**
 * The Sunday Finland voted in the European Parliament election period the Council fixed. Later
 * years need the day as an input until the Council decides.
 */
export const europeanParliamentDays: Readonly<Record<number, Day>> = {
  2014: '2014-05-25',
  2019: '2019-05-26',
  2024: '2024-06-09',
};

export interface ScheduleInput {
  type: ElectionType;
  year: number;
  /** Presidential elections: 1 (default) or 2, the second round two weeks later. */
  round?: 1 | 2 | undefined;
  /** Election day, when the rules do not fix it (European Parliament, referendum, by-election) or to override them. */
  day?: Day | undefined;
}

export interface ComputedPhase {
  key: PhaseKey;
  startsOn: Day;
  endsOn: Day;
  /** Local time (Europe/Helsinki) by law: "16:00", or "09:00-20:00" for a span. */
  timeOfDay: string | null;
  /** The day the offset gave, when it fell on a weekend or holiday and the act moves to the next working day. */
  movedFrom: Day | null;
}

export interface Schedule {
  type: ElectionType;
  year: number;
  round: 1 | 2 | null;
  electionDay: Day;
  /** Whether the year is in the statutory cycle of the type (null for referendums and by-elections). */
  regularYear: boolean | null;
  phases: ComputedPhase[];
}

export class ScheduleInputError extends Error {
  readonly field: 'type' | 'year' | 'round' | 'day';
  constructor(field: ScheduleInputError['field'], message: string) {
    super(message);
    this.name = 'ScheduleInputError';
    this.field = field;
  }
}

/**
 * Third Sunday of April, or the Sunday before Easter when that Sunday is Easter Sunday or the
 * Sunday after it (Election Act 107 §, 143 a §, 144 §).
 */
export const aprilElectionDay = (year: number): Day => {
  const third = nthWeekdayOfMonth(year, 4, 0, 3);
  const easter = easterSunday(year);
  return third === easter || third === addDays(easter, 7) ? addDays(easter, -7) : third;
};

/** First round on the fourth Sunday of January; the second two weeks later. */
export const presidentialElectionDay = (year: number, round: 1 | 2 = 1): Day =>
  addDays(nthWeekdayOfMonth(year, 1, 0, 4), round === 2 ? 14 : 0);

export const isRegularYear = (type: ElectionType, year: number): boolean | null => {
  switch (type) {
    case 'parliamentary':
      return (year - 2023) % 4 === 0;
    case 'municipal':
    case 'county':
      return (year - 2025) % 4 === 0;
    case 'presidential':
      return (year - 2024) % 6 === 0;
    case 'european_parliament':
      return (year - 2024) % 5 === 0;
    default:
      return null;
  }
};

export const statutoryElectionDay = (type: ElectionType, year: number, round: 1 | 2 = 1): Day | null => {
  switch (type) {
    case 'parliamentary':
    case 'municipal':
    case 'county':
      return aprilElectionDay(year);
    case 'presidential':
      return presidentialElectionDay(year, round);
    case 'european_parliament':
      return europeanParliamentDays[year] ?? null;
    default:
      return null;
  }
};

interface Context {
  type: ElectionType;
  round: 1 | 2 | null;
  e: Day;
  year: number;
}

interface Rule {
  key: PhaseKey;
  applies: (c: Context) => boolean;
  /** Days relative to election day, or a function for the phases that are not plain offsets. */
  start: number | ((c: Context, done: ReadonlyMap<PhaseKey, ComputedPhase>) => Day);
  end?: number | ((c: Context, done: ReadonlyMap<PhaseKey, ComputedPhase>) => Day);
  time?: string;
  /** An act of an authority: moved off a weekend or public holiday to the next working day. */
  workingDay?: boolean;
}

const isPresidential = (c: Context) => c.type === 'presidential';
const secondRound = (c: Context) => c.type === 'presidential' && c.round === 2;
const firstVote = (c: Context) => !secondRound(c);
const hasCandidates = (c: Context) => firstVote(c) && c.type !== 'referendum';
const resultsOffset = (c: Context) => (isPresidential(c) && c.round === 1 ? 2 : 3);

// Offsets from Election Act (714/1998) as summarised in reference-data/fi/elections_2023_2027.json.
const rules: readonly Rule[] = [
  {
    key: 'support_cards_from',
    applies: (c) => isPresidential(c) && firstVote(c),
    // A year before the deadline for candidate applications.
    start: (_c, done) => addYears(done.get('candidate_application_deadline')!.startsOn, -1),
  },
  {
    key: 'campaign_period_start',
    applies: (c) => hasCandidates(c),
    start: (c) => addMonths(c.e, -6),
  },
  {
    key: 'seats_per_district_confirmed',
    applies: (c) => c.type === 'parliamentary',
    start: (c) => makeDay(c.year - 1, 10, 31),
  },
  { key: 'postal_voting_orders_open', applies: firstVote, start: (c) => addMonths(c.e, -3) },
  { key: 'eu_citizen_registration_deadline', applies: (c) => c.type === 'european_parliament', start: -80 },
  { key: 'voting_register_data_date', applies: firstVote, start: -51 },
  {
    key: 'candidate_application_deadline',
    applies: hasCandidates,
    start: (c) => addDays(c.e, isPresidential(c) ? -47 : -40),
    time: '16:00',
    workingDay: true,
  },
  {
    key: 'candidates_confirmed',
    applies: hasCandidates,
    start: (c) => addDays(c.e, isPresidential(c) ? -38 : -31),
    workingDay: true,
  },
  { key: 'voting_notices_sent_by', applies: firstVote, start: -24 },
  { key: 'advance_voting_ships', applies: () => true, start: -18, end: -5 },
  { key: 'voting_register_final', applies: firstVote, start: -12 },
  { key: 'home_voting_registration_deadline', applies: () => true, start: -12, time: '16:00' },
  { key: 'advance_voting_finland', applies: () => true, start: -11, end: -5 },
  { key: 'advance_voting_abroad', applies: () => true, start: -11, end: -8 },
  { key: 'postal_votes_arrival_deadline', applies: () => true, start: -2, time: '19:00' },
  { key: 'election_day', applies: () => true, start: 0, time: '09:00-20:00' },
  {
    key: 'checking_count',
    applies: () => true,
    start: 1,
    end: (c) => addDays(c.e, resultsOffset(c) - 1),
  },
  {
    key: 'results_confirmed',
    applies: () => true,
    start: (c) => addDays(c.e, resultsOffset(c)),
    workingDay: true,
  },
  {
    key: 'government_declares_result',
    applies: secondRound,
    start: (_c, done) => addDays(done.get('results_confirmed')!.startsOn, 1),
    workingDay: true,
  },
  {
    key: 'appeal_period',
    // Presidential election results cannot be appealed.
    applies: (c) => !isPresidential(c),
    start: (_c, done) => done.get('results_confirmed')!.startsOn,
    end: (_c, done) => addDays(done.get('results_confirmed')!.startsOn, 14),
    workingDay: true,
  },
  {
    key: 'councils_start',
    applies: (c) => c.type === 'municipal' || c.type === 'county',
    start: (c) => makeDay(c.year, 6, 1),
  },
];

// Rules that read another phase come after it.
const evaluationOrder: readonly PhaseKey[] = [
  ...phaseKeys.filter(
    (key) => !['support_cards_from', 'government_declares_result', 'appeal_period'].includes(key),
  ),
  'support_cards_from',
  'government_declares_result',
  'appeal_period',
];

const resolve = (
  value: number | ((c: Context, done: ReadonlyMap<PhaseKey, ComputedPhase>) => Day),
  c: Context,
  done: ReadonlyMap<PhaseKey, ComputedPhase>,
): Day => (typeof value === 'number' ? addDays(c.e, value) : value(c, done));

const keyOrder = new Map(phaseKeys.map((key, index) => [key, index]));

/** Phases in time order; phases that start together in the order of `phaseKeys`. */
export const comparePhases = (a: { startsOn: Day; key: string }, b: { startsOn: Day; key: string }): number =>
  a.startsOn.localeCompare(b.startsOn) ||
  (keyOrder.get(a.key as PhaseKey) ?? 999) - (keyOrder.get(b.key as PhaseKey) ?? 999) ||
  a.key.localeCompare(b.key);

/** The phases of an election whose election day is known. */
export const computePhases = (
  type: ElectionType,
  electionDay: Day,
  round: 1 | 2 | null = null,
): ComputedPhase[] => {
  const c: Context = {
    type,
    round: type === 'presidential' ? (round ?? 1) : null,
    e: electionDay,
    year: yearOf(electionDay),
  };
  const byKey = new Map(rules.map((rule) => [rule.key, rule]));
  const done = new Map<PhaseKey, ComputedPhase>();
  for (const key of evaluationOrder) {
    const rule = byKey.get(key);
    if (!rule || !rule.applies(c)) continue;
    const rawStart = resolve(rule.start, c, done);
    const rawEnd = rule.end === undefined ? rawStart : resolve(rule.end, c, done);
    // A span (the appeal period) moves its last day; a single act moves itself.
    const single = rule.end === undefined;
    const startsOn = rule.workingDay && single ? nextWorkingDay(rawStart) : rawStart;
    const endsOn = rule.workingDay ? (single ? startsOn : nextWorkingDay(rawEnd)) : rawEnd;
    const moved = single ? rawStart !== startsOn : rawEnd !== endsOn;
    done.set(key, {
      key,
      startsOn,
      endsOn,
      timeOfDay: rule.time ?? null,
      movedFrom: moved ? (single ? rawStart : rawEnd) : null,
    });
  }
  return [...done.values()].sort(comparePhases);
};

/** Election day and every phase, from the type and year (and the day where the rules need it). */
export const computeSchedule = (input: ScheduleInput): Schedule => {
  const { type, year } = input;
  if (!(electionTypes as readonly string[]).includes(type))
    throw new ScheduleInputError('type', `Unknown election type: ${String(type)}.`);
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    throw new ScheduleInputError('year', `The year must be between ${MIN_YEAR} and ${MAX_YEAR}.`);
  if (input.round !== undefined && type !== 'presidential')
    throw new ScheduleInputError('round', 'Only a presidential election has rounds.');
  const round = type === 'presidential' ? (input.round ?? 1) : null;

  let electionDay: Day;
  if (input.day !== undefined) {
    if (!isDay(input.day)) throw new ScheduleInputError('day', 'The day must be a date YYYY-MM-DD.');
    if (yearOf(input.day) !== year) throw new ScheduleInputError('day', 'The day must be in the given year.');
    if (weekday(input.day) !== 0)
      throw new ScheduleInputError('day', 'Finnish elections are held on a Sunday.');
    electionDay = input.day;
  } else {
    const statutory = statutoryElectionDay(type, year, round ?? 1);
    if (!statutory) {
      throw new ScheduleInputError(
        'day',
        type === 'european_parliament'
          ? `The Council has not fixed the election period of ${year} here: give the day.`
          : 'Give the election day: the law does not fix it for this type.',
      );
    }
    electionDay = statutory;
  }
  return {
    type,
    year,
    round,
    electionDay,
    regularYear: isRegularYear(type, year),
    phases: computePhases(type, electionDay, round),
  };
};

/** A readable, stable identifier: parliamentary-2027, presidential-2024-2, referendum-2026-03-15. */
export const electionSlug = (type: ElectionType, electionDay: Day, round: number | null): string => {
  const base = type.replaceAll('_', '-');
  if (type === 'referendum' || type === 'by_election') return `${base}-${electionDay}`;
  return `${base}-${yearOf(electionDay)}${round ? `-${round}` : ''}`;
};
