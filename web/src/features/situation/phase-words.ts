import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../shared/contracts/common.js';
import type { Election } from '../../../../shared/contracts/elections.js';
import { nearestElections, type PhaseStatus } from '../../../../shared/elections/current-phase.js';
import { localeTags, useLocale } from '../../lib/i18n.js';

type Phased = Pick<Election, 'phases'>;

/** The phases the group follows most closely, in the order they matter when there is room for few. */
export const keyPhases = [
  'election_day',
  'advance_voting_finland',
  'advance_voting_abroad',
  'postal_votes_arrival_deadline',
  'checking_count',
  'results_confirmed',
  'candidate_application_deadline',
  'candidates_confirmed',
  'voting_notices_sent_by',
  'appeal_period',
];

const rank = (key: string) => {
  const index = keyPhases.indexOf(key);
  return index === -1 ? keyPhases.length : index;
};

/** A calendar day (YYYY-MM-DD) in the interface language; no time zone may shift it. */
export const formatDay = (day: string, locale: Locale): string => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(localeTags[locale], {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
  }).format(new Date(Date.UTC(year, month - 1, date)));
};

/** "Advance voting in Finland, day 3 of 7 · 5 days to election day". */
export const usePhaseWords = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = (election: Phased, key: string) =>
    election.phases.find((p) => p.key === key)?.label[locale] ?? key;

  return (election: Phased, status: PhaseStatus, limit = 2): string => {
    if (status.stage === 'after') return t('situation.phase.over');
    const parts = [...status.current]
      .sort((a, b) => rank(a.key) - rank(b.key))
      .slice(0, limit)
      .map((phase) => {
        const name = label(election, phase.key);
        if (phase.totalDays > 1)
          return t('situation.phase.day', { phase: name, day: phase.dayNumber, total: phase.totalDays });
        return phase.timeOfDay
          ? t('situation.phase.todayAt', { phase: name, time: phase.timeOfDay })
          : t('situation.phase.today', { phase: name });
      });
    if (parts.length === 0 && status.next)
      parts.push(
        t('situation.phase.next', {
          phase: label(election, status.next.key),
          date: formatDay(status.next.startsOn, locale),
          count: status.next.daysUntil,
        }),
      );
    if (status.daysUntilElectionDay !== null && status.daysUntilElectionDay > 0)
      parts.push(t('situation.phase.daysToElection', { count: status.daysUntilElectionDay }));
    return parts.join(' · ');
  };
};

/**
 * The election /situation opens: the current or next one (of two on the same day, the first in the
 * list), or the latest when all are over.
 */
export const pickElection = <T extends Election>(elections: readonly T[], now: Date): T | undefined =>
  nearestElections(elections, now)[0] ??
  [...elections].sort((a, b) => b.electionDay.localeCompare(a.electionDay))[0];
