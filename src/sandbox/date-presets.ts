// Meta's insights date presets, resolved against the account's local "today".
// Written independently of the bot: it is the reference the bot's own date code is tested against.
import { addDays, monthStart, subtractMonths, weekday } from './dates.js';

export const DATE_PRESETS = [
  'today',
  'yesterday',
  'this_month',
  'last_month',
  'this_quarter',
  'maximum',
  'last_3d',
  'last_7d',
  'last_14d',
  'last_28d',
  'last_30d',
  'last_90d',
  'last_week_mon_sun',
  'last_week_sun_sat',
  'last_quarter',
  'last_year',
  'this_week_mon_today',
  'this_week_sun_today',
  'this_year',
] as const;

export type DatePreset = (typeof DATE_PRESETS)[number];

export interface DateRange {
  since: string;
  until: string;
}

/** Insights are kept for 37 months; `maximum` asks for all of it. */
export const RETENTION_MONTHS = 37;

export function isDatePreset(value: string): value is DatePreset {
  return (DATE_PRESETS as readonly string[]).includes(value);
}

/** `today` is the account's local date ('YYYY-MM-DD'). */
export function resolveDatePreset(preset: DatePreset, today: string): DateRange {
  switch (preset) {
    case 'today':
      return { since: today, until: today };
    case 'yesterday':
      return { since: addDays(today, -1), until: addDays(today, -1) };
    case 'last_3d':
      return lastDays(today, 3);
    case 'last_7d':
      return lastDays(today, 7);
    case 'last_14d':
      return lastDays(today, 14);
    case 'last_28d':
      return lastDays(today, 28);
    case 'last_30d':
      return lastDays(today, 30);
    case 'last_90d':
      return lastDays(today, 90);
    case 'this_month':
      return { since: monthStart(today), until: today };
    case 'last_month':
      return { since: monthStart(today, -1), until: addDays(monthStart(today), -1) };
    case 'this_quarter':
      return { since: quarterStart(today), until: today };
    case 'last_quarter': {
      const start = quarterStart(today);
      return { since: monthStart(start, -3), until: addDays(start, -1) };
    }
    case 'this_year':
      return { since: `${today.slice(0, 4)}-01-01`, until: today };
    case 'last_year': {
      const year = Number(today.slice(0, 4)) - 1;
      return { since: `${year}-01-01`, until: `${year}-12-31` };
    }
    case 'this_week_mon_today':
      return { since: weekStart(today, 1), until: today };
    case 'this_week_sun_today':
      return { since: weekStart(today, 0), until: today };
    case 'last_week_mon_sun': {
      const since = addDays(weekStart(today, 1), -7);
      return { since, until: addDays(since, 6) };
    }
    case 'last_week_sun_sat': {
      const since = addDays(weekStart(today, 0), -7);
      return { since, until: addDays(since, 6) };
    }
    case 'maximum':
      return { since: subtractMonths(today, RETENTION_MONTHS), until: today };
  }
}

/** The N whole days before today; today itself is not included. */
function lastDays(today: string, days: number): DateRange {
  return { since: addDays(today, -days), until: addDays(today, -1) };
}

function quarterStart(date: string): string {
  const month = Number(date.slice(5, 7));
  const quarterFirstMonth = month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(quarterFirstMonth).padStart(2, '0')}-01`;
}

/** The most recent `firstDay` (0 = Sunday, 1 = Monday) on or before `date`. */
function weekStart(date: string, firstDay: 0 | 1): string {
  return addDays(date, -((weekday(date) - firstDay + 7) % 7));
}
