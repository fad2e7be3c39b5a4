import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayInZone } from './calendar.js';
import { nearestElections, phaseStatus } from './current-phase.js';
import { computeSchedule } from './schedule.js';

const parliamentary2027 = computeSchedule({ type: 'parliamentary', year: 2027 });
const municipal2025 = computeSchedule({ type: 'municipal', year: 2025 });
const county2025 = computeSchedule({ type: 'county', year: 2025 });

describe('the current phase', () => {
  it('is advance voting in Finland, day 3 of 7, on 9 April 2027 in Helsinki although it is still the 8th in UTC', () => {
    const status = phaseStatus(parliamentary2027.phases, new Date('2027-04-08T22:30:00Z'));
    expect(status.today).toBe('2027-04-09');
    expect(status.stage).toBe('during');
    expect(status.current.map((p) => [p.key, p.dayNumber, p.totalDays])).toEqual([
      ['advance_voting_ships', 10, 14],
      ['advance_voting_finland', 3, 7],
      ['advance_voting_abroad', 3, 4],
    ]);
    expect(status.next).toMatchObject({ key: 'postal_votes_arrival_deadline', daysUntil: 7 });
    expect(status.daysUntilElectionDay).toBe(9);
  });

  it('is the deadline itself on the day of a one-day phase, with its time of day', () => {
    const status = phaseStatus(parliamentary2027.phases, '2027-03-09');
    expect(status.current).toEqual([
      {
        key: 'candidate_application_deadline',
        startsOn: '2027-03-09',
        endsOn: '2027-03-09',
        timeOfDay: '16:00',
        dayNumber: 1,
        totalDays: 1,
      },
    ]);
  });

  it('is election day on election day, and nothing is next but the count', () => {
    const status = phaseStatus(parliamentary2027.phases, '2027-04-18');
    expect(status.current.map((p) => p.key)).toEqual(['election_day']);
    expect(status.daysUntilElectionDay).toBe(0);
    expect(status.next?.key).toBe('checking_count');
  });

  it('says before and after around the whole calendar', () => {
    const before = phaseStatus(parliamentary2027.phases, '2026-01-01');
    expect(before).toMatchObject({ stage: 'before', current: [], next: { key: 'campaign_period_start' } });
    const after = phaseStatus(parliamentary2027.phases, '2027-12-01');
    expect(after).toMatchObject({ stage: 'after', current: [], next: null });
    expect(after.daysUntilElectionDay).toBeLessThan(0);
    // Between phases: no current phase, but the election is under way.
    expect(phaseStatus(parliamentary2027.phases, '2027-03-01')).toMatchObject({
      stage: 'during',
      current: [],
    });
  });

  it('counts days consistently for any day inside a phase', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 100 }), (offset) => {
        const day = addDays(parliamentary2027.electionDay, offset);
        for (const phase of phaseStatus(parliamentary2027.phases, day).current) {
          expect(phase.dayNumber).toBeGreaterThanOrEqual(1);
          expect(phase.dayNumber).toBeLessThanOrEqual(phase.totalDays);
          expect(addDays(phase.startsOn, phase.dayNumber - 1)).toBe(day);
        }
      }),
    );
  });

  it('reads an instant in Europe/Helsinki across the change to summer time', () => {
    expect(dayInZone(new Date('2027-03-27T22:00:00Z'))).toBe('2027-03-28');
    expect(dayInZone(new Date('2027-03-28T20:59:59Z'))).toBe('2027-03-28');
    expect(dayInZone(new Date('2027-03-28T21:00:00Z'))).toBe('2027-03-29');
  });
});

describe('the nearest election', () => {
  const elections = [
    { slug: 'municipal-2025', ...municipal2025 },
    { slug: 'county-2025', ...county2025 },
    { slug: 'parliamentary-2027', ...parliamentary2027 },
  ];

  it('is both elections of 13 April 2025 while they are not over', () => {
    expect(nearestElections(elections, '2025-04-10').map((e) => e.slug)).toEqual([
      'municipal-2025',
      'county-2025',
    ]);
    expect(nearestElections(elections, '2025-06-01').map((e) => e.slug)).toEqual([
      'municipal-2025',
      'county-2025',
    ]);
  });

  it('is the parliamentary election once they are over, and none after it', () => {
    expect(nearestElections(elections, '2025-06-02').map((e) => e.slug)).toEqual(['parliamentary-2027']);
    expect(nearestElections(elections, '2028-01-01')).toEqual([]);
  });
});
