/** When a feed is polled next. */

const MAX_BACKOFF_MINUTES = 24 * 60;

/** Minutes until the next poll after `failures` failures in a row: the interval, doubled each time, at most a day. */
export const backoffMinutes = (intervalMinutes: number, failures: number): number =>
  Math.min(intervalMinutes * 2 ** Math.min(Math.max(failures - 1, 0), 20), MAX_BACKOFF_MINUTES);

export const addMinutes = (date: Date, minutes: number): Date => new Date(date.getTime() + minutes * 60_000);
