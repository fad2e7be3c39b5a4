/**
 * Wall-clock times in a named time zone (Europe/Helsinki by default in the product) and the instants
 * they stand for, with nothing but Intl: the server computes day boundaries with it, the web turns
 * what a person types in their own zone into the UTC the API takes.
 */

// Creating a formatter costs far more than using one: one per zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The calendar fields of an instant (milliseconds since the epoch) as read on a clock in the zone. */
export const wallClockIn = (instant: number, timeZone: string): WallClock => {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
};

/** Milliseconds the zone is ahead of UTC at the instant. */
export const zoneOffsetMs = (instant: number, timeZone: string): number => {
  const p = wallClockIn(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
};

/**
 * The instant at which a clock in the zone shows `wall` (the wall-clock time written as if it were
 * UTC milliseconds, e.g. Date.UTC(2027, 3, 18, 9, 0)). Twice: the offset at the first guess may
 * differ from the one at the answer near a daylight-saving change. Throws for an unknown zone.
 */
export const instantOfWallClock = (wall: number, timeZone: string): number => {
  const guess = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(guess, timeZone);
};
