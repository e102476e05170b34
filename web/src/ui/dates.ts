// Dates and times, the one place the client turns them into text.
//
// Two kinds of value, never mixed:
// - A calendar date (birth date, onset: `YYYY-MM-DD`) is a day on the calendar, the same in every
//   time zone. It is parsed as numbers and never goes through the user's zone: `new Date('1951-03-14')`
//   is midnight UTC, which is 13 March in New York.
// - A timestamp (ISO instant) is shown in the user's zone with the zone named, or in UTC where the
//   label says UTC.

export const DEFAULT_LOCALE = 'en-GB';

/** A date-only value: year, month 1–12, day 1–31. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date-only value a server serialised through a timestamp at midnight UTC (e.g. Prisma `@db.Date`). */
const MIDNIGHT_UTC = /^(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?(?:Z|\+00:00)$/;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** `YYYY-MM-DD` (or that day at midnight UTC) as calendar parts; null for anything else or an impossible day. */
export function parseCalendarDate(value: string | null | undefined): CalendarDate | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE.exec(MIDNIGHT_UTC.exec(value)?.[1] ?? value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return { year, month, day };
}

/** The calendar day an instant falls on in the user's time zone ("today" by default). */
export const localCalendarDate = (instant: Date = new Date()): CalendarDate => ({
  year: instant.getFullYear(),
  month: instant.getMonth() + 1,
  day: instant.getDate(),
});

const compare = (a: CalendarDate, b: CalendarDate) => a.year - b.year || a.month - b.month || a.day - b.day;

/** Completed years from `birthDate` to `today` (the user's local date); null when unknown or in the future. */
export function ageOn(birthDate: string, today: CalendarDate = localCalendarDate()): number | null {
  const birth = parseCalendarDate(birthDate);
  if (!birth || compare(today, birth) < 0) return null;
  const beforeBirthday = today.month < birth.month || (today.month === birth.month && today.day < birth.day);
  return today.year - birth.year - (beforeBirthday ? 1 : 0);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

/** Midnight UTC of a calendar date (`Date.UTC` would read years 0–99 as 1900–1999). */
function utcMidnight({ year, month, day }: CalendarDate): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/**
 * A calendar date in the locale's words ("14 Mar 1951", "1951年3月14日"). Intl needs an instant to
 * format, so the day is carried as midnight UTC and formatted in UTC: the user's zone never applies.
 */
export function formatCalendarDate(value: string, locale = DEFAULT_LOCALE): string {
  const date = parseCalendarDate(value);
  if (!date) return '—';
  return formatter(locale, { ...DAY, timeZone: 'UTC' }).format(utcMidnight(date));
}

type Instant = string | number | Date;
const toInstant = (value: Instant): Date | null => {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** Where a timestamp is shown: the user's zone (default) or UTC, for columns labelled UTC. */
export interface ZoneOption {
  timeZone?: 'UTC';
}

/** The day of a timestamp in the user's zone (or UTC). */
export function formatDate(value: Instant, locale = DEFAULT_LOCALE, { timeZone }: ZoneOption = {}): string {
  const date = toInstant(value);
  return date ? formatter(locale, { ...DAY, timeZone }).format(date) : '—';
}

/** Hours and minutes in the user's zone, with its name when `named` (else name it nearby: `zoneLabel`). */
export function formatTime(value: Instant, locale = DEFAULT_LOCALE, { named = false } = {}): string {
  const date = toInstant(value);
  return date ? formatter(locale, named ? { ...TIME, timeZoneName: 'short' } : TIME).format(date) : '—';
}

/** Day, time and the zone's name ("4 Dec 2026, 09:15 GMT-5"; "… UTC" with `timeZone: 'UTC'`). */
export function formatDateTime(
  value: Instant,
  locale = DEFAULT_LOCALE,
  { timeZone }: ZoneOption = {},
): string {
  const date = toInstant(value);
  return date ? formatter(locale, { ...DAY, ...TIME, timeZoneName: 'short', timeZone }).format(date) : '—';
}

/** The user's zone, for a caption over times shown without it: "America/New_York (GMT-5)". */
export function zoneLabel(locale = DEFAULT_LOCALE, at: Date = new Date()): string {
  const zone = formatter(locale, {}).resolvedOptions().timeZone;
  const short = formatter(locale, { timeZoneName: 'short' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  return short && short !== zone ? `${zone} (${short})` : zone;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of the user's local day a timestamp falls on, for grouping a timeline by day. */
export function localDayKey(value: Instant): string {
  const date = toInstant(value);
  if (!date) return 'unknown';
  const { year, month, day } = localCalendarDate(date);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The instant a calendar date (a UTC day, e.g. an audit filter) starts, `plusDays` later; undefined if invalid. */
export function utcDayStart(value: string, plusDays = 0): string | undefined {
  const date = parseCalendarDate(value);
  return date ? utcMidnight({ ...date, day: date.day + plusDays }).toISOString() : undefined;
}
