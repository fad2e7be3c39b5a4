import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../shared/contracts/common.js';
import type { CurrentPhase, PhaseStatus } from '../../../../shared/elections/current-phase.js';
import { localeTags, useLocale } from '../../lib/i18n.js';
import type { Election } from './elections-api.js';

/** A calendar day (YYYY-MM-DD) in the interface language; no time zone may shift it. */
export const formatDay = (day: string, locale: Locale, withWeekday = false): string => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(localeTags[locale], {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    ...(withWeekday ? { weekday: 'short' } : {}),
  }).format(new Date(Date.UTC(year, month - 1, date)));
};

export const formatSpan = (startsOn: string, endsOn: string, locale: Locale): string =>
  startsOn === endsOn
    ? formatDay(startsOn, locale, true)
    : `${formatDay(startsOn, locale, true)} – ${formatDay(endsOn, locale, true)}`;

// What matters most to the group comes first when there is room for only a few phases.
const priority = [
  'election_day',
  'advance_voting_finland',
  'advance_voting_abroad',
  'postal_votes_arrival_deadline',
  'checking_count',
  'results_confirmed',
  'candidate_application_deadline',
  'candidates_confirmed',
  'appeal_period',
];
const rank = (key: string) => {
  const index = priority.indexOf(key);
  return index === -1 ? priority.length : index;
};

export const byImportance = (phases: readonly CurrentPhase[]): CurrentPhase[] =>
  [...phases].sort((a, b) => rank(a.key) - rank(b.key));

/** "Advance voting in Finland, day 3 of 7" and the like, from the structured status. */
export const useElectionWords = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = (election: Election, key: string) =>
    election.phases.find((p) => p.key === key)?.label[locale] ?? key;

  const currentPhase = (election: Election, phase: CurrentPhase): string => {
    const name = label(election, phase.key);
    if (phase.totalDays > 1)
      return t('elections.words.day', { phase: name, day: phase.dayNumber, total: phase.totalDays });
    return phase.timeOfDay
      ? t('elections.words.todayAt', { phase: name, time: phase.timeOfDay })
      : t('elections.words.today', { phase: name });
  };

  /** The sentences that say where an election stands; `limit` current phases at most. */
  const status = (election: Election, s: PhaseStatus, limit = Infinity): string[] => {
    if (s.stage === 'after') return [t('elections.words.over')];
    const parts = byImportance(s.current)
      .slice(0, limit)
      .map((phase) => currentPhase(election, phase));
    if (s.next && (parts.length === 0 || limit === Infinity))
      parts.push(
        t('elections.words.next', {
          phase: label(election, s.next.key),
          date: formatDay(s.next.startsOn, locale),
          count: s.next.daysUntil,
        }),
      );
    if (s.daysUntilElectionDay !== null && s.daysUntilElectionDay > 0)
      parts.push(t('elections.words.daysToElection', { count: s.daysUntilElectionDay }));
    return parts;
  };

  return { status, currentPhase, label };
};
