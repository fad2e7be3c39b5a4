import { addDays, makeDay, weekday, weekdayOnOrAfter, type Day } from './calendar.js';

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export const easterSunday = (year: number): Day => {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return makeDay(year, month, date);
};

export const finnishHolidayKeys = [
  'new_year',
  'epiphany',
  'good_friday',
  'easter_sunday',
  'easter_monday',
  'may_day',
  'ascension_day',
  'whitsun',
  'midsummer_eve',
  'midsummer_day',
  'all_saints_day',
  'independence_day',
  'christmas_eve',
  'christmas_day',
  'st_stephens_day',
] as const;
export type FinnishHoliday = (typeof finnishHolidayKeys)[number];

/**
 * The days on which Finnish authorities do not work besides Saturdays and Sundays: the public
 * holidays (pyhäpäivät), Independence Day and May Day, and Midsummer and Christmas Eve, which the
 * Act on the Calculation of Statutory Time Limits (150/1930) treats the same way.
 */
export const finnishHolidays = (year: number): Map<Day, FinnishHoliday> => {
  const easter = easterSunday(year);
  const entries: [Day, FinnishHoliday][] = [
    [makeDay(year, 1, 1), 'new_year'],
    [makeDay(year, 1, 6), 'epiphany'],
    [addDays(easter, -2), 'good_friday'],
    [easter, 'easter_sunday'],
    [addDays(easter, 1), 'easter_monday'],
    [makeDay(year, 5, 1), 'may_day'],
    [addDays(easter, 39), 'ascension_day'],
    [addDays(easter, 49), 'whitsun'],
    // Midsummer Day is the Saturday between 20 and 26 June; its eve is the Friday before.
    [addDays(weekdayOnOrAfter(makeDay(year, 6, 20), 6), -1), 'midsummer_eve'],
    [weekdayOnOrAfter(makeDay(year, 6, 20), 6), 'midsummer_day'],
    // All Saints' Day is the Saturday between 31 October and 6 November.
    [weekdayOnOrAfter(makeDay(year, 10, 31), 6), 'all_saints_day'],
    [makeDay(year, 12, 6), 'independence_day'],
    [makeDay(year, 12, 24), 'christmas_eve'],
    [makeDay(year, 12, 25), 'christmas_day'],
    [makeDay(year, 12, 26), 'st_stephens_day'],
  ];
  return new Map(entries);
};

export const finnishHolidayOn = (day: Day): FinnishHoliday | undefined =>
  finnishHolidays(Number(day.slice(0, 4))).get(day);

export const isWorkingDay = (day: Day): boolean => {
  const dow = weekday(day);
  return dow !== 0 && dow !== 6 && finnishHolidayOn(day) === undefined;
};

/** `day` itself when authorities work then, otherwise the next day they do. */
export const nextWorkingDay = (day: Day): Day => {
  let result = day;
  while (!isWorkingDay(result)) result = addDays(result, 1);
  return result;
};
