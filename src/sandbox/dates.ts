// Calendar dates as 'YYYY-MM-DD' strings. Arithmetic on them is done in UTC so it is
// immune to DST; only "what day is it now in the account's time zone" needs the zone.
import { TZDate, tz } from '@date-fns/tz';
import { addDays as addDaysTo, format, startOfDay } from 'date-fns';

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  return toIsoDate(Date.parse(`${value}T00:00:00Z`)) === value;
}

function toIsoDate(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

function utcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return toIsoDate(utcMs(date) + days * DAY_MS);
}

/** 'YYYY-MM-DD' strings sort as dates do. */
export function earlierDate(a: string, b: string): string {
  return [a, b].sort()[0] ?? a;
}

/** Days since 1970-01-01: a stable integer per date. */
export function dayNumber(date: string): number {
  return Math.round(utcMs(date) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(utcMs(date)).getUTCDay();
}

/** Every date from since to until, both included. */
export function eachDate(since: string, until: string): string[] {
  const dates: string[] = [];
  for (let date = since; date <= until; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** The first day of the month `monthsAhead` months from the month of `date` (negative = back). */
export function monthStart(date: string, monthsAhead = 0): string {
  const parsed = new Date(utcMs(date));
  return toIsoDate(Date.UTC(parsed.getUTCFullYear(), parsed.getUTCMonth() + monthsAhead, 1));
}

/** The same day of the month `months` months earlier, clamped to the month's length. */
export function subtractMonths(date: string, months: number): string {
  const parsed = new Date(utcMs(date));
  const firstOfTarget = Date.UTC(parsed.getUTCFullYear(), parsed.getUTCMonth() - months, 1);
  const lastOfTarget = addDays(monthStart(toIsoDate(firstOfTarget), 1), -1);
  const day = Math.min(parsed.getUTCDate(), Number(lastOfTarget.slice(8)));
  return `${lastOfTarget.slice(0, 8)}${String(day).padStart(2, '0')}`;
}

/** The account's calendar date at the instant `nowMs`. */
export function localDate(nowMs: number, timeZone: string): string {
  return format(nowMs, 'yyyy-MM-dd', { in: tz(timeZone) });
}

/** The instant the local day `date` begins in `timeZone`. */
export function localDayStartMs(date: string, timeZone: string): number {
  return new TZDate(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    timeZone,
  ).getTime();
}

/** How much of the local day has passed at `nowMs` (0..1); DST days are 23 or 25 hours long. */
export function fractionOfLocalDayElapsed(nowMs: number, timeZone: string): number {
  const zone = tz(timeZone);
  const start = startOfDay(nowMs, { in: zone });
  const end = startOfDay(addDaysTo(start, 1), { in: zone });
  return (nowMs - start.getTime()) / (end.getTime() - start.getTime());
}

/** Hours east of UTC at `nowMs`, e.g. -6 for Chicago in winter, -5 in summer. */
export function utcOffsetHours(nowMs: number, timeZone: string): number {
  return -new TZDate(nowMs, timeZone).getTimezoneOffset() / 60;
}

/** Meta's timestamp format in a given zone: '2026-11-29T10:30:00-0600'. */
export function graphTimestamp(ms: number, timeZone = 'UTC'): string {
  return format(ms, "yyyy-MM-dd'T'HH:mm:ssxx", { in: tz(timeZone) });
}
