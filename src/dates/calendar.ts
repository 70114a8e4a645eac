import { TZDate } from '@date-fns/tz';

/** A calendar date in the ad account's time zone, as Meta writes it: `YYYY-MM-DD`. */
export type LocalDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar arithmetic runs in UTC, where every day has 24 hours, so DST never shifts a date. */
function toUtc(date: LocalDate): Date {
  const match = ISO_DATE.exec(date);
  if (!match) throw new Error(`Not a YYYY-MM-DD date: ${date}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function fromUtc(date: Date): LocalDate {
  return date.toISOString().slice(0, 10);
}

/** True for a real calendar date (rejects 2026-02-30). */
export function isRealDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  return fromUtc(toUtc(text)) === text;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One Intl formatter per zone and shape: building one is costly (tz data lookup), and dates are written per account per command. */
function formatterFor(timezone: string, shape: 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${shape}@${timezone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(
      'en-US',
      shape === 'date'
        ? { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }
        : {
            timeZone: timezone,
            month: 'short',
            day: 'numeric',
            hour: 'numeric',
            minute: '2-digit',
            timeZoneName: 'short',
          },
    );
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The local date of an instant in `timezone`. */
export function todayIn(timezone: string, nowMilliseconds: number): LocalDate {
  const parts = formatterFor(timezone, 'date').formatToParts(nowMilliseconds);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Adds months, clamping to the month's last day (Mar 31 − 1 month = Feb 28). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const d = toUtc(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return fromUtc(target);
}

export function startOfMonth(date: LocalDate): LocalDate {
  return `${date.slice(0, 7)}-01`;
}

export function endOfMonth(date: LocalDate): LocalDate {
  return addDays(startOfMonth(addMonths(startOfMonth(date), 1)), -1);
}

export function startOfQuarter(date: LocalDate): LocalDate {
  const month = Number(date.slice(5, 7));
  const first = month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

export function startOfYear(date: LocalDate): LocalDate {
  return `${date.slice(0, 4)}-01-01`;
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(date: LocalDate): number {
  return toUtc(date).getUTCDay();
}

export function daysBetween(since: LocalDate, until: LocalDate): number {
  return Math.round((toUtc(until).getTime() - toUtc(since).getTime()) / 86_400_000);
}

/** Every date from since to until, both included. */
export function eachDate(since: LocalDate, until: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let d = since; d <= until; d = addDays(d, 1)) dates.push(d);
  return dates;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function monthDay(date: LocalDate): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}`;
}

/** `Nov 21 – Nov 27, 2026`; `Nov 27, 2026` for one day; both years when they differ. */
export function formatDateRange(since: LocalDate, until: LocalDate): string {
  const year = until.slice(0, 4);
  if (since === until) return `${monthDay(until)}, ${year}`;
  if (since.slice(0, 4) !== year)
    return `${monthDay(since)}, ${since.slice(0, 4)} – ${monthDay(until)}, ${year}`;
  return `${monthDay(since)} – ${monthDay(until)}, ${year}`;
}

/** `Nov 29, 10:30 AM CST`: an instant as the account's local time. */
export function formatLocalTime(milliseconds: number, timezone: string): string {
  return formatterFor(timezone, 'time').format(milliseconds);
}

/** The instant a local date starts, in that time zone. */
export function startOfLocalDay(date: LocalDate, timezone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day, timezone).getTime();
}

/** The first local date LeadOps saw from its beginning, when it has been running since `since`. */
export function firstWholeDay(since: number, timezone: string): LocalDate {
  const day = todayIn(timezone, since);
  return startOfLocalDay(day, timezone) === since ? day : addDays(day, 1);
}
