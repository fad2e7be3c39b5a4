import { describe, expect, it } from 'vitest';
import { defaultBucket, midnightIn, timelineWindow } from './situation-service.js';

describe('the timeline window of the situation picture', () => {
  it('starts days at midnight in Helsinki, summer time or not', () => {
    expect(midnightIn('2027-01-15').toISOString()).toBe('2027-01-14T22:00:00.000Z');
    expect(midnightIn('2027-04-18').toISOString()).toBe('2027-04-17T21:00:00.000Z');
    // Clocks go forward on 28 March 2027 at 03:00: that day still begins at 00:00 +02:00.
    expect(midnightIn('2027-03-28').toISOString()).toBe('2027-03-27T22:00:00.000Z');
    expect(midnightIn('2027-03-29').toISOString()).toBe('2027-03-28T21:00:00.000Z');
  });

  it('runs from the first phase to the end of the last one, or now, in dense buckets', () => {
    const election = {
      electionDay: '2027-04-18',
      phases: [
        { startsOn: '2027-03-26', endsOn: '2027-03-26' },
        { startsOn: '2027-04-07', endsOn: '2027-04-13' },
        { startsOn: '2027-04-18', endsOn: '2027-04-18' },
      ],
    };
    const after = timelineWindow(election, 'day', new Date('2027-06-01T12:00:00Z'));
    expect(after.from.toISOString()).toBe('2027-03-25T22:00:00.000Z');
    expect(after.to.toISOString()).toBe('2027-04-18T21:00:00.000Z');
    expect(after.buckets).toHaveLength(24);
    // The day of the clock change is 23 hours long.
    const hours = after.buckets
      .slice(1)
      .map((b, i) => (b.getTime() - after.buckets[i]!.getTime()) / 3_600_000);
    expect(hours.filter((h) => h === 23)).toHaveLength(1);
    expect(hours.filter((h) => h !== 23 && h !== 24)).toEqual([]);

    const during = timelineWindow(election, 'hour', new Date('2027-04-18T09:30:00Z'));
    expect(during.to.toISOString()).toBe('2027-04-18T09:30:00.000Z');
    expect(during.buckets.at(-1)!.toISOString()).toBe('2027-04-18T09:00:00.000Z');
    expect(during.buckets).toHaveLength(
      (Date.parse('2027-04-18T09:00:00Z') - Date.parse('2027-03-25T22:00:00Z')) / 3_600_000 + 1,
    );
  });

  it('shows the last 30 days before the calendar has begun, and 60 days before election day without phases', () => {
    const early = timelineWindow(
      { electionDay: '2027-04-18', phases: [{ startsOn: '2027-03-26', endsOn: '2027-04-18' }] },
      'day',
      new Date('2026-11-25T12:00:00Z'),
    );
    expect(early.from.toISOString()).toBe('2026-10-26T22:00:00.000Z');
    expect(early.to.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(early.buckets).toHaveLength(30);

    const bare = timelineWindow(
      { electionDay: '2027-04-18', phases: [] },
      'day',
      new Date('2027-05-01T00:00:00Z'),
    );
    expect(bare.from.toISOString()).toBe(midnightIn('2027-02-17').toISOString());
    expect(bare.to.toISOString()).toBe('2027-04-18T21:00:00.000Z');
  });

  it('buckets by the hour from two days before election day to two days after', () => {
    expect(defaultBucket('2027-04-18', new Date('2027-04-15T12:00:00Z'))).toBe('day');
    expect(defaultBucket('2027-04-18', new Date('2027-04-16T12:00:00Z'))).toBe('hour');
    expect(defaultBucket('2027-04-18', new Date('2027-04-20T20:00:00Z'))).toBe('hour');
    expect(defaultBucket('2027-04-18', new Date('2027-04-21T12:00:00Z'))).toBe('day');
  });
});
