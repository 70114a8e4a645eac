// Business hours: `/leads hours mon-fri 08:00-18:00 sat 09:00-12:00`, read in the account's
// time zone (wall-clock times, so a window is the same local hours on both sides of DST).
import { TZDate } from '@date-fns/tz';
import { addDays, todayIn } from '../dates/calendar.js';
import type { BusinessHours, HoursWindow } from '../db/business-hours.js';

export type { BusinessHours, HoursWindow };

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MINUTES_PER_DAY = 24 * 60;

export const HOURS_USAGE =
  '/leads hours <days> <HH:MM-HH:MM> [<days> <HH:MM-HH:MM> …] · /leads hours always\n' +
  'e.g. /leads hours mon-fri 08:00-18:00 · /leads hours mon-fri 08:00-18:00 sat 09:00-12:00 (the account’s time zone)';

/** ISO weekday (1 = Monday) of a day name or its first three letters; null if it is not one. */
function dayNumber(word: string): number | null {
  const index = DAYS.indexOf(word.toLowerCase().slice(0, 3) as (typeof DAYS)[number]);
  const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'][index];
  if (index < 0 || !full?.startsWith(word.toLowerCase())) return null;
  return index + 1;
}

/** `mon-fri`, `sat,sun`, `tue`, `daily` → ISO weekdays; a range may wrap (`fri-mon`). */
function parseDays(text: string): number[] | null {
  if (/^(daily|every-?day|all|mon-sun)$/i.test(text)) return [1, 2, 3, 4, 5, 6, 7];
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const [from, to, extra] = part.split('-');
    if (extra !== undefined || !from) return null;
    const start = dayNumber(from);
    const end = to === undefined ? start : dayNumber(to);
    if (start === null || end === null) return null;
    for (let day = start; ; day = (day % 7) + 1) {
      days.add(day);
      if (day === end) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

/** `8:00` / `08:00` / `24:00` → minutes from midnight; null if it is not a time. */
function parseTime(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

function formatTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** How a set of days reads back: `Mon-Fri`, `Sat,Sun`, `Mon,Wed-Fri`. */
function formatDays(days: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && (days[j + 1] ?? 0) === (days[j] ?? 0) + 1) j++;
    const first = DAY_NAMES[(days[i] ?? 1) - 1];
    const last = DAY_NAMES[(days[j] ?? 1) - 1];
    parts.push(j > i ? `${first}-${last}` : `${first}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * `always` → null (always open); `<days> <HH:MM-HH:MM>` pairs → the windows; anything else
 * (a day or time that does not parse, an end not after its start, overlapping windows) → a problem.
 */
export function parseHours(text: string): { hours: BusinessHours | null } | { problem: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 1 && /^(always|24\/7)$/i.test(words[0] ?? '')) return { hours: null };
  if (words.length === 0 || words.length % 2 !== 0)
    return { problem: 'Give days and hours in pairs, e.g. `mon-fri 08:00-18:00`, or `always`.' };
  const windows: HoursWindow[] = [];
  const spec: string[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const dayText = words[i] ?? '';
    const timeText = words[i + 1] ?? '';
    const days = parseDays(dayText);
    if (!days) return { problem: `“${dayText}” is not a day or range of days (e.g. mon-fri, sat,sun).` };
    const [startText = '', endText = '', extra] = timeText.split('-');
    const start = parseTime(startText);
    const end = parseTime(endText);
    if (extra !== undefined || start === null || end === null)
      return { problem: `“${timeText}” is not opening hours (HH:MM-HH:MM, e.g. 08:00-18:00).` };
    if (end <= start)
      return {
        problem: `${timeText} ends before it starts: give a window within one day (a night shift is two, e.g. mon 22:00-24:00 tue 00:00-06:00).`,
      };
    for (const day of days) {
      if (windows.some((w) => w.day === day && w.start < end && start < w.end))
        return { problem: `${DAY_NAMES[day - 1]} has overlapping hours.` };
      windows.push({ day, start, end });
    }
    spec.push(`${formatDays(days)} ${formatTime(start)}-${formatTime(end)}`);
  }
  windows.sort((a, b) => a.day - b.day || a.start - b.start);
  return { hours: { spec: spec.join(' '), windows } };
}

/** The local weekday (ISO) and minute of the day of an instant in a zone. */
function localParts(at: number, timezone: string): { day: number; minute: number } {
  const local = new TZDate(at, timezone);
  return { day: ((local.getDay() + 6) % 7) + 1, minute: local.getHours() * 60 + local.getMinutes() };
}

/** Open at that instant? No hours set (null) → always open. */
export function isOpen(hours: BusinessHours | null, at: number, timezone: string): boolean {
  if (hours === null) return true;
  const { day, minute } = localParts(at, timezone);
  return hours.windows.some((w) => w.day === day && w.start <= minute && minute < w.end);
}

/** The instant a local date's wall-clock minute happens (a minute DST skips moves forward, as clocks do). */
function instantOf(date: string, minute: number, timezone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day, Math.floor(minute / 60), minute % 60, timezone).getTime();
}

/**
 * When the clock of a lead that came in at `at` starts: `at` itself when open, else the
 * next opening time. No windows at all → `at` (nothing would ever open).
 */
export function openingAt(hours: BusinessHours | null, at: number, timezone: string): number {
  if (hours === null || hours.windows.length === 0 || isOpen(hours, at, timezone)) return at;
  const today = todayIn(timezone, at);
  for (let offset = 0; offset <= 7; offset++) {
    const date = addDays(today, offset);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const isoDay = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
    for (const window of hours.windows.filter((w) => w.day === isoDay)) {
      const start = instantOf(date, window.start, timezone);
      if (start > at && window.start < MINUTES_PER_DAY) return start;
    }
  }
  return at;
}
