import { wallClockIn } from '../time-zone.js';

/**
 * Calendar days as ISO strings (YYYY-MM-DD). Election law counts whole days in local time, so
 * these never pass through a time zone: arithmetic runs on UTC midnights.
 */
export type Day = string;

const DAY_MS = 86_400_000;
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isDay = (value: string): boolean => {
  const match = dayPattern.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
};

const toUtc = (day: Day): number => {
  const match = dayPattern.exec(day);
  if (!match) throw new RangeError(`Not a calendar day: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
};

const fromUtc = (ms: number): Day => new Date(ms).toISOString().slice(0, 10);

export const makeDay = (year: number, month: number, date: number): Day =>
  fromUtc(Date.UTC(year, month - 1, date));

export const addDays = (day: Day, days: number): Day => fromUtc(toUtc(day) + days * DAY_MS);

/** Same day of the month, months later or earlier; the last day of a shorter month when it has none. */
export const addMonths = (day: Day, months: number): Day => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDate = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return makeDay(target.getUTCFullYear(), target.getUTCMonth() + 1, Math.min(date, lastDate));
};

export const addYears = (day: Day, years: number): Day => addMonths(day, years * 12);

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: Day): number => new Date(toUtc(day)).getUTCDay();

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: Day, to: Day): number => Math.round((toUtc(to) - toUtc(from)) / DAY_MS);

export const yearOf = (day: Day): number => Number(day.slice(0, 4));

/** The n-th (1-based) given weekday of a month. */
export const nthWeekdayOfMonth = (year: number, month: number, targetWeekday: number, n: number): Day => {
  const first = makeDay(year, month, 1);
  const offset = (targetWeekday - weekday(first) + 7) % 7;
  return addDays(first, offset + (n - 1) * 7);
};

/** The first day on or after `day` that is the given weekday. */
export const weekdayOnOrAfter = (day: Day, targetWeekday: number): Day =>
  addDays(day, (targetWeekday - weekday(day) + 7) % 7);

/** The calendar day in a time zone at an instant (Europe/Helsinki unless told). */
export const dayInZone = (instant: Date, timeZone = 'Europe/Helsinki'): Day => {
  const { year, month, day } = wallClockIn(instant.getTime(), timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};
