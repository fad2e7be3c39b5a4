import type { Locale, LocalisedName } from '../../../shared/contracts/common.js';
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

/** The day and the time of day apart, for a narrow column that shows them on two lines when it must. */
export const formatDateAndTime = (
  iso: string,
  locale: Locale,
  timeZone: string,
): { date: string; time: string } => ({
  date: formatInstant(iso, locale, timeZone, { dateStyle: 'short' }),
  time: formatInstant(iso, locale, timeZone, { timeStyle: 'medium' }),
});

const offsetMinutes = (instant: number, timeZone: string): number => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((asUtc - instant) / 60_000);
};

/** The instant a calendar day (YYYY-MM-DD) starts in a time zone, as ISO 8601 UTC. */
export const startOfDayIso = (day: string, timeZone: string, addDays = 0): string | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const wallClock = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  let instant = wallClock - offsetMinutes(wallClock, timeZone) * 60_000;
  instant = wallClock - offsetMinutes(instant, timeZone) * 60_000;
  return new Date(instant).toISOString();
};

export const timeZones = (): string[] => {
  const supported =
    (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return supported.includes('UTC') ? supported : ['UTC', ...supported];
};
