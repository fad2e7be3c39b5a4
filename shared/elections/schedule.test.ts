import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addDays, weekday } from './calendar.js';
import { easterSunday, finnishHolidays, isWorkingDay, nextWorkingDay } from './holidays.js';
import { defaultElectionName } from './election-names.js';
import {
  aprilElectionDay,
  computeSchedule,
  electionSlug,
  ScheduleInputError,
  type ElectionType,
  type Schedule,
} from './schedule.js';

interface FilePhase {
  key: string;
  start: string;
  end: string;
  time?: string;
  status: string;
}
interface FileElection {
  id: string;
  type: ElectionType;
  round?: 1 | 2;
  election_day: string;
  phases: FilePhase[];
}
interface ElectionsFile {
  elections: FileElection[];
  future_computed_examples: { type: string; round?: 1 | 2; election_day: string }[];
}

const file = JSON.parse(
  readFileSync(
    path.join(
      path.dirname(fileURLToPath(import.meta.url)),
      '../../reference-data/fi/elections_2023_2027.json',
    ),
    'utf8',
  ),
) as ElectionsFile;

const phaseOf = (schedule: Schedule, key: string) => schedule.phases.find((phase) => phase.key === key);

describe('the schedule calculator', () => {
  describe.each(file.elections.map((e) => [e.id, e] as const))('reproduces %s', (_id, election) => {
    const year = Number(election.election_day.slice(0, 4));
    const schedule = computeSchedule({ type: election.type, year, round: election.round });

    it('election day', () => {
      expect(schedule.electionDay).toBe(election.election_day);
      expect(schedule.regularYear).toBe(true);
    });

    it.each(election.phases.map((p) => [p.key, p] as const))('phase %s', (_key, phase) => {
      const computed = phaseOf(schedule, phase.key);
      expect(computed, `${phase.key} is computed`).toBeDefined();
      expect({ start: computed!.startsOn, end: computed!.endsOn }).toEqual({
        start: phase.start,
        end: phase.end,
      });
      if (phase.time) expect(computed!.timeOfDay).toBe(phase.time);
    });
  });

  it('reproduces the computed examples for the years after the file (2029–2031)', () => {
    expect(file.future_computed_examples.length).toBeGreaterThanOrEqual(4);
    for (const example of file.future_computed_examples) {
      const year = Number(example.election_day.slice(0, 4));
      const types: ElectionType[] =
        example.type === 'municipal_and_county' ? ['municipal', 'county'] : [example.type as ElectionType];
      for (const type of types) {
        const schedule = computeSchedule({ type, year, round: example.round });
        expect(schedule.electionDay, `${type} ${year}`).toBe(example.election_day);
        expect(schedule.regularYear).toBe(true);
      }
    }
  });

  it.each([
    ['2017', 'municipal', '2017-04-09', 'third Sunday is Easter Sunday'],
    ['2019', 'parliamentary', '2019-04-14', 'third Sunday is Easter Sunday'],
    ['2023', 'parliamentary', '2023-04-02', 'third Sunday is the Sunday after Easter'],
    ['2025', 'municipal', '2025-04-13', 'third Sunday is Easter Sunday'],
    ['2031', 'parliamentary', '2031-04-06', 'third Sunday is the Sunday after Easter'],
    ['2015', 'parliamentary', '2015-04-19', 'no exception'],
    ['2021', 'municipal', '2021-04-18', 'no exception (the day set by law before the postponement)'],
    ['2027', 'parliamentary', '2027-04-18', 'no exception'],
  ] as const)('puts the April election of %s (%s) on %s: %s', (year, type, day, _why) => {
    expect(computeSchedule({ type, year: Number(year) }).electionDay).toBe(day);
  });

  it.each([
    [2012, '2012-01-22', '2012-02-05'],
    [2018, '2018-01-28', '2018-02-11'],
    [2024, '2024-01-28', '2024-02-11'],
    [2030, '2030-01-27', '2030-02-10'],
  ])(
    'holds the presidential election of %i on the fourth Sunday of January, the second round two weeks later',
    (year, first, second) => {
      expect(computeSchedule({ type: 'presidential', year }).electionDay).toBe(first);
      expect(computeSchedule({ type: 'presidential', year, round: 2 }).electionDay).toBe(second);
    },
  );

  it('moves the confirmation of candidates off Ascension Day 2024 to the next working day and says so', () => {
    const phase = phaseOf(
      computeSchedule({ type: 'european_parliament', year: 2024 }),
      'candidates_confirmed',
    );
    expect(phase).toMatchObject({ startsOn: '2024-05-10', endsOn: '2024-05-10', movedFrom: '2024-05-09' });
  });

  it('moves the end of an appeal period off a holiday but leaves voting days as the law sets them', () => {
    // 2026 is not a regular year for anything; a referendum on 13.12.2026 would confirm its results
    // on Wednesday 16.12, so the appeal period would end on 30.12 (a working day).
    const s = computeSchedule({ type: 'referendum', year: 2026, day: '2026-12-13' });
    expect(phaseOf(s, 'appeal_period')).toMatchObject({ startsOn: '2026-12-16', endsOn: '2026-12-30' });
    // Results of a by-election on 20.12.2026 fall on Wednesday 23.12; 14 days later is Epiphany (6.1.2027).
    const b = computeSchedule({ type: 'by_election', year: 2026, day: '2026-12-20' });
    expect(phaseOf(b, 'appeal_period')).toMatchObject({ endsOn: '2027-01-07', movedFrom: '2027-01-06' });
    expect(phaseOf(b, 'advance_voting_finland')).toMatchObject({
      startsOn: '2026-12-09',
      endsOn: '2026-12-15',
    });
  });

  it('needs the day of a European Parliament election the Council has not fixed, and of a referendum', () => {
    expect(() => computeSchedule({ type: 'european_parliament', year: 2029 })).toThrow(ScheduleInputError);
    expect(() => computeSchedule({ type: 'referendum', year: 2026 })).toThrow(ScheduleInputError);
    const ep = computeSchedule({ type: 'european_parliament', year: 2029, day: '2029-06-10' });
    expect(ep.electionDay).toBe('2029-06-10');
    expect(ep.regularYear).toBe(true);
    expect(phaseOf(ep, 'eu_citizen_registration_deadline')?.startsOn).toBe('2029-03-22');
  });

  it.each([
    ['a year before 1970', { type: 'parliamentary', year: 1969 }, 'year'],
    ['a year after 2199', { type: 'parliamentary', year: 2200 }, 'year'],
    ['a fractional year', { type: 'parliamentary', year: 2027.5 }, 'year'],
    ['a day that is not a Sunday', { type: 'referendum', year: 2026, day: '2026-03-14' }, 'day'],
    ['a day in another year', { type: 'referendum', year: 2026, day: '2027-03-14' }, 'day'],
    ['an impossible day', { type: 'referendum', year: 2026, day: '2026-02-30' }, 'day'],
    ['a round of a parliamentary election', { type: 'parliamentary', year: 2027, round: 2 }, 'round'],
    ['an unknown type', { type: 'mayoral', year: 2027 }, 'type'],
  ] as const)('refuses %s', (_label, input, field) => {
    try {
      computeSchedule(input as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScheduleInputError);
      expect((error as ScheduleInputError).field).toBe(field);
    }
  });

  it('tells whether a year is in the statutory cycle', () => {
    expect(computeSchedule({ type: 'parliamentary', year: 2026 }).regularYear).toBe(false);
    expect(computeSchedule({ type: 'referendum', year: 2026, day: '2026-03-15' }).regularYear).toBeNull();
  });

  it('names and slugs elections readably', () => {
    expect(electionSlug('presidential', '2030-02-10', 2)).toBe('presidential-2030-2');
    expect(electionSlug('european_parliament', '2029-06-10', null)).toBe('european-parliament-2029');
    expect(electionSlug('referendum', '2026-03-15', null)).toBe('referendum-2026-03-15');
    expect(defaultElectionName('presidential', '2030-01-27', 1)).toEqual({
      fi: 'Tasavallan presidentin vaali 2030, ensimmäinen vaali',
      sv: 'Presidentvalet 2030, första omgången',
      en: 'Presidential election 2030, first round',
    });
    expect(defaultElectionName('referendum', '2026-03-15', null).fi).toBe('Kansanäänestys 15.3.2026');
  });
});

describe('Finnish public holidays', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2027, '2027-03-28'],
    [2031, '2031-04-13'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('put Easter %i on %s', (year, day) => {
    expect(easterSunday(year)).toBe(day);
  });

  it('know the moving holidays of 2024 and 2026', () => {
    const h2024 = finnishHolidays(2024);
    expect(h2024.get('2024-05-09')).toBe('ascension_day');
    expect(h2024.get('2024-05-19')).toBe('whitsun');
    expect(h2024.get('2024-06-21')).toBe('midsummer_eve');
    expect(h2024.get('2024-06-22')).toBe('midsummer_day');
    expect(h2024.get('2024-11-02')).toBe('all_saints_day');
    expect(h2024.get('2024-03-29')).toBe('good_friday');
    expect(h2024.get('2024-04-01')).toBe('easter_monday');
    const h2026 = finnishHolidays(2026);
    expect(h2026.get('2026-10-31')).toBe('all_saints_day');
    expect(h2026.get('2026-06-19')).toBe('midsummer_eve');
    expect(h2026.size).toBe(15);
  });

  it('find the next working day over a weekend and over Christmas', () => {
    expect(isWorkingDay('2024-05-09')).toBe(false);
    expect(nextWorkingDay('2024-05-09')).toBe('2024-05-10');
    expect(nextWorkingDay('2026-12-24')).toBe('2026-12-28');
    expect(nextWorkingDay('2027-04-14')).toBe('2027-04-14');
  });
});

describe('properties of every computed schedule', () => {
  const aprilOrJanuary = fc.record({
    type: fc.constantFrom<ElectionType>('parliamentary', 'municipal', 'county', 'presidential'),
    year: fc.integer({ min: 1970, max: 2199 }),
    round: fc.constantFrom<1 | 2>(1, 2),
  });
  const anySunday = fc
    .record({
      type: fc.constantFrom<ElectionType>('european_parliament', 'referendum', 'by_election'),
      sunday: fc.integer({ min: 0, max: 52 * 200 }).map((weeks) => addDays('1970-01-04', weeks * 7)),
    })
    .filter(({ sunday }) => Number(sunday.slice(0, 4)) <= 2199);
  const schedules = fc.oneof(
    aprilOrJanuary.map(({ type, year, round }) =>
      computeSchedule({ type, year, round: type === 'presidential' ? round : undefined }),
    ),
    anySunday.map(({ type, sunday }) =>
      computeSchedule({ type, year: Number(sunday.slice(0, 4)), day: sunday }),
    ),
  );

  it('puts election day on a Sunday, in April or in January–February by type', () => {
    fc.assert(
      fc.property(aprilOrJanuary, ({ type, year, round }) => {
        const s = computeSchedule({ type, year, round: type === 'presidential' ? round : undefined });
        expect(weekday(s.electionDay)).toBe(0);
        if (type === 'presidential') expect(['01', '02']).toContain(s.electionDay.slice(5, 7));
        else {
          expect(s.electionDay.slice(5, 7)).toMatch(/0[34]/);
          const easter = easterSunday(year);
          expect([easter, addDays(easter, 7)]).not.toContain(s.electionDay);
          expect(s.electionDay).toBe(aprilElectionDay(year));
        }
      }),
    );
  });

  it('orders the phases sensibly, every phase ending no earlier than it starts', () => {
    fc.assert(
      fc.property(schedules, (s) => {
        const at = (key: string) => s.phases.find((p) => p.key === key);
        for (const phase of s.phases) expect(phase.endsOn >= phase.startsOn, phase.key).toBe(true);
        const sorted = [...s.phases].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
        expect(s.phases.map((p) => p.startsOn)).toEqual(sorted.map((p) => p.startsOn));
        const chain = [
          'voting_register_data_date',
          'candidate_application_deadline',
          'candidates_confirmed',
          'voting_notices_sent_by',
          'voting_register_final',
          'advance_voting_finland',
          'postal_votes_arrival_deadline',
          'election_day',
          'results_confirmed',
        ]
          .map(at)
          .filter((p) => p !== undefined);
        for (let i = 1; i < chain.length; i += 1)
          expect(chain[i - 1]!.startsOn < chain[i]!.startsOn, `${chain[i - 1]!.key} < ${chain[i]!.key}`).toBe(
            true,
          );
        const finland = at('advance_voting_finland')!;
        const abroad = at('advance_voting_abroad')!;
        expect([weekday(finland.startsOn), weekday(finland.endsOn), weekday(abroad.endsOn)]).toEqual([
          3, 2, 6,
        ]);
        expect(at('election_day')).toMatchObject({ startsOn: s.electionDay, endsOn: s.electionDay });
        for (const key of ['candidate_application_deadline', 'candidates_confirmed', 'results_confirmed'])
          if (at(key)) expect(isWorkingDay(at(key)!.startsOn), key).toBe(true);
        if (at('appeal_period')) expect(isWorkingDay(at('appeal_period')!.endsOn)).toBe(true);
      }),
    );
  });
});
