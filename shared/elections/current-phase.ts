import { daysBetween, dayInZone, type Day } from './calendar.js';
import { comparePhases } from './schedule.js';

export interface PhaseSpan {
  key: string;
  startsOn: Day;
  endsOn: Day;
  timeOfDay?: string | null;
}

export interface CurrentPhase {
  key: string;
  startsOn: Day;
  endsOn: Day;
  timeOfDay: string | null;
  /** 1-based: "day 3 of 7". */
  dayNumber: number;
  totalDays: number;
}

export interface UpcomingPhase {
  key: string;
  startsOn: Day;
  endsOn: Day;
  timeOfDay: string | null;
  daysUntil: number;
}

export interface PhaseStatus {
  /** The local day (Europe/Helsinki) the status is for. */
  today: Day;
  /** before: no phase has started; during: between the first start and the last end; after: all over. */
  stage: 'before' | 'during' | 'after';
  /** Phases under way today, in time order; a one-day phase (a deadline) is current on its day. */
  current: CurrentPhase[];
  /** The next phase to start after today. */
  next: UpcomingPhase | null;
  /** Days from today to election day: 0 on the day, negative after it. */
  daysUntilElectionDay: number | null;
}

/** `at` as an instant (read in Europe/Helsinki) or as a local day already. */
export const localDay = (at: Date | Day, timeZone = 'Europe/Helsinki'): Day =>
  typeof at === 'string' ? at : dayInZone(at, timeZone);

/** Where an election stands on a day: its current phases in data, for the interface to put in words. */
export const phaseStatus = (
  phases: readonly PhaseSpan[],
  at: Date | Day,
  electionDay: Day | null = null,
  timeZone = 'Europe/Helsinki',
): PhaseStatus => {
  const today = localDay(at, timeZone);
  const sorted = [...phases].sort(comparePhases);
  const current = sorted
    .filter((phase) => phase.startsOn <= today && today <= phase.endsOn)
    .map((phase) => ({
      key: phase.key,
      startsOn: phase.startsOn,
      endsOn: phase.endsOn,
      timeOfDay: phase.timeOfDay ?? null,
      dayNumber: daysBetween(phase.startsOn, today) + 1,
      totalDays: daysBetween(phase.startsOn, phase.endsOn) + 1,
    }));
  const upcoming = sorted.find((phase) => phase.startsOn > today);
  const first = sorted[0]?.startsOn;
  const last = sorted.reduce<Day | undefined>(
    (max, p) => (max === undefined || p.endsOn > max ? p.endsOn : max),
    undefined,
  );
  const stage =
    first === undefined || today < first ? 'before' : last !== undefined && today > last ? 'after' : 'during';
  const day = electionDay ?? sorted.find((phase) => phase.key === 'election_day')?.startsOn ?? null;
  return {
    today,
    stage,
    current,
    next: upcoming
      ? {
          key: upcoming.key,
          startsOn: upcoming.startsOn,
          endsOn: upcoming.endsOn,
          timeOfDay: upcoming.timeOfDay ?? null,
          daysUntil: daysBetween(today, upcoming.startsOn),
        }
      : null,
    daysUntilElectionDay: day ? daysBetween(today, day) : null,
  };
};

export interface ElectionSpan {
  electionDay: Day;
  phases: readonly PhaseSpan[];
}

/**
 * The elections to show as "now": of those not yet over, the ones with the nearest election day
 * (the municipal and county elections share a day, so there may be two).
 */
export const nearestElections = <T extends ElectionSpan>(elections: readonly T[], at: Date | Day): T[] => {
  const today = localDay(at);
  const open = elections.filter((election) => {
    const lastEnd = election.phases.reduce(
      (max, p) => (p.endsOn > max ? p.endsOn : max),
      election.electionDay,
    );
    return lastEnd >= today;
  });
  if (open.length === 0) return [];
  const nearest = open.reduce((min, e) => (e.electionDay < min ? e.electionDay : min), open[0]!.electionDay);
  return open.filter((election) => election.electionDay === nearest);
};
