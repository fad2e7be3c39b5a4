import { instantOfWallClock, wallClockIn } from '../../../../shared/time-zone.js';

/**
 * Dates and times as a person types them (in their own time zone, not the browser's) and the
 * instants the API takes. The browser's zone may differ from the one in the user's profile.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' and 'HH:MM' in a time zone → ISO 8601 UTC, or undefined when either is malformed. */
export const wallClockToIso = (day: string, time: string, timeZone: string): string | undefined => {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  const [hour, minute] = [Number(t[1]), Number(t[2])];
  if (hour > 23 || minute > 59) return undefined;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), hour, minute);
  if (Number.isNaN(wall)) return undefined;
  try {
    return new Date(instantOfWallClock(wall, timeZone)).toISOString();
  } catch {
    return new Date(wall).toISOString();
  }
};

/** An instant as 'YYYY-MM-DD' and 'HH:MM' in a time zone. */
export const isoToWallClock = (iso: string, timeZone: string): { day: string; time: string } => {
  const instant = Date.parse(iso);
  let p;
  try {
    p = wallClockIn(instant, timeZone);
  } catch {
    p = wallClockIn(instant, 'UTC');
  }
  return { day: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
};
