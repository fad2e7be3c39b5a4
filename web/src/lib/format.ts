import type { Locale, LocalisedName } from '../../../shared/contracts/common.js';
import { instantOfWallClock } from '../../../shared/time-zone.js';
import { localeTags } from './i18n.js';

export const localisedName = (name: LocalisedName, locale: Locale): string => name[locale] || name.fi;

const formatInstant = (
  iso: string | null | undefined,
  locale: Locale,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): string => {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(localeTags[locale], { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(localeTags[locale], options).format(date);
  }
};

export const formatDateTime = (iso: string | null | undefined, locale: Locale, timeZone: string): string =>
  formatInstant(iso, locale, timeZone, { dateStyle: 'short', timeStyle: 'medium' });

/** As formatDateTime, to the minute. */
export const formatDateTimeToMinute = (
  iso: string | null | undefined,
  locale: Locale,
  timeZone: string,
): string => formatInstant(iso, locale, timeZone, { dateStyle: 'short', timeStyle: 'short' });

/** The day and the time of day apart, for a narrow column that shows them on two lines when it must. */
export const formatDateAndTime = (
  iso: string,
  locale: Locale,
  timeZone: string,
): { date: string; time: string } => ({
  date: formatInstant(iso, locale, timeZone, { dateStyle: 'short' }),
  time: formatInstant(iso, locale, timeZone, { timeStyle: 'medium' }),
});

/** The instant a calendar day (YYYY-MM-DD) starts in a time zone, as ISO 8601 UTC. */
export const startOfDayIso = (day: string, timeZone: string, addDays = 0): string | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const wallClock = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return new Date(instantOfWallClock(wallClock, timeZone)).toISOString();
};

export const timeZones = (): string[] => {
  const supported =
    (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return supported.includes('UTC') ? supported : ['UTC', ...supported];
};
