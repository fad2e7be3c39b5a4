import type { LocalisedName } from '../contracts/common.js';
import { yearOf, type Day } from './calendar.js';
import type { ElectionType } from './schedule.js';

const names: Record<ElectionType, LocalisedName> = {
  parliamentary: { fi: 'Eduskuntavaalit', sv: 'Riksdagsvalet', en: 'Parliamentary elections' },
  presidential: { fi: 'Tasavallan presidentin vaali', sv: 'Presidentvalet', en: 'Presidential election' },
  municipal: { fi: 'Kuntavaalit', sv: 'Kommunalvalet', en: 'Municipal elections' },
  county: { fi: 'Aluevaalit', sv: 'Välfärdsområdesvalet', en: 'County elections' },
  european_parliament: {
    fi: 'Europarlamenttivaalit',
    sv: 'Europaparlamentsvalet',
    en: 'European Parliament election',
  },
  referendum: { fi: 'Kansanäänestys', sv: 'Folkomröstningen', en: 'Referendum' },
  by_election: { fi: 'Uusintavaali', sv: 'Omvalet', en: 'By-election' },
};

const rounds: Record<1 | 2, LocalisedName> = {
  1: { fi: 'ensimmäinen vaali', sv: 'första omgången', en: 'first round' },
  2: { fi: 'toinen vaali', sv: 'andra omgången', en: 'second round' },
};

const finnishDate = (day: Day) => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return `${date}.${month}.${year}`;
};

/** The name an election is given by default, as the Ministry of Justice writes it. */
export const defaultElectionName = (
  type: ElectionType,
  electionDay: Day,
  round: number | null,
): LocalisedName => {
  const base = names[type];
  // Referendums and by-elections have no fixed year in their cycle: name them by their day.
  const when =
    type === 'referendum' || type === 'by_election' ? finnishDate(electionDay) : String(yearOf(electionDay));
  const suffix = round === 1 || round === 2 ? rounds[round] : null;
  return {
    fi: `${base.fi} ${when}${suffix ? `, ${suffix.fi}` : ''}`,
    sv: `${base.sv} ${when}${suffix ? `, ${suffix.sv}` : ''}`,
    en: `${base.en} ${when}${suffix ? `, ${suffix.en}` : ''}`,
  };
};
