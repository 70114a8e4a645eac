import {
  addDays,
  addMonths,
  endOfMonth,
  isRealDate,
  type LocalDate,
  startOfMonth,
  startOfQuarter,
  startOfYear,
  weekday,
} from './calendar.js';

export interface DateRange {
  since: LocalDate;
  until: LocalDate;
  /** The Meta preset it came from, or null for a custom range. */
  preset: string | null;
  /** What to call a range that is neither a preset nor typed in (e.g. a command's own default). */
  label?: string;
}

type PresetResolver = (today: LocalDate) => { since: LocalDate; until: LocalDate };

function lastDays(n: number): PresetResolver {
  return (today) => ({ since: addDays(today, -n), until: addDays(today, -1) });
}

function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, -((weekday(date) + 6) % 7));
}

/** Meta's date presets, resolved as Meta does in the account's time zone (`last_Nd` excludes today). */
const PRESETS: Record<string, { label: string; resolve: PresetResolver }> = {
  today: { label: 'Today', resolve: (t) => ({ since: t, until: t }) },
  yesterday: { label: 'Yesterday', resolve: (t) => ({ since: addDays(t, -1), until: addDays(t, -1) }) },
  last_3d: { label: 'Last 3 days', resolve: lastDays(3) },
  last_7d: { label: 'Last 7 days', resolve: lastDays(7) },
  last_14d: { label: 'Last 14 days', resolve: lastDays(14) },
  last_28d: { label: 'Last 28 days', resolve: lastDays(28) },
  last_30d: { label: 'Last 30 days', resolve: lastDays(30) },
  last_90d: { label: 'Last 90 days', resolve: lastDays(90) },
  this_week_mon_today: { label: 'This week (Mon–today)', resolve: (t) => ({ since: mondayOf(t), until: t }) },
  this_week_sun_today: {
    label: 'This week (Sun–today)',
    resolve: (t) => ({ since: addDays(t, -weekday(t)), until: t }),
  },
  last_week_mon_sun: {
    label: 'Last week (Mon–Sun)',
    resolve: (t) => ({ since: addDays(mondayOf(t), -7), until: addDays(mondayOf(t), -1) }),
  },
  last_week_sun_sat: {
    label: 'Last week (Sun–Sat)',
    resolve: (t) => ({ since: addDays(t, -weekday(t) - 7), until: addDays(t, -weekday(t) - 1) }),
  },
  this_month: { label: 'This month', resolve: (t) => ({ since: startOfMonth(t), until: t }) },
  last_month: {
    label: 'Last month',
    resolve: (t) => {
      const since = startOfMonth(addMonths(startOfMonth(t), -1));
      return { since, until: endOfMonth(since) };
    },
  },
  this_quarter: { label: 'This quarter', resolve: (t) => ({ since: startOfQuarter(t), until: t }) },
  last_quarter: {
    label: 'Last quarter',
    resolve: (t) => {
      const since = addMonths(startOfQuarter(t), -3);
      return { since, until: addDays(startOfQuarter(t), -1) };
    },
  },
  this_year: { label: 'This year', resolve: (t) => ({ since: startOfYear(t), until: t }) },
  last_year: {
    label: 'Last year',
    resolve: (t) => {
      const year = Number(t.slice(0, 4)) - 1;
      return { since: `${year}-01-01`, until: `${year}-12-31` };
    },
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);

/** Meta keeps insights for 37 months. */
export const HISTORY_MONTHS = 37;

export function isPreset(name: string): boolean {
  return Object.hasOwn(PRESETS, name);
}

export function resolvePreset(preset: string, today: LocalDate): DateRange {
  const entry = isPreset(preset) ? PRESETS[preset] : undefined;
  if (!entry) throw new Error(`Unknown preset ${preset}`);
  return { ...entry.resolve(today), preset };
}

export function rangeLabel(range: DateRange): string {
  if (range.label) return range.label;
  return range.preset ? (PRESETS[range.preset]?.label ?? range.preset) : 'Custom range';
}

/** The last `n` days with today (Meta's `last_Nd` ends yesterday, so it misses today's leads). */
export function lastDaysIncludingToday(n: number, today: LocalDate): DateRange {
  return {
    since: addDays(today, -(n - 1)),
    until: today,
    preset: null,
    label: `Last ${n} days, including today`,
  };
}

/** Parses `YYYY-MM-DD..YYYY-MM-DD` (or one date) and checks it against what Meta can answer. */
export function parseCustomRange(text: string, today: LocalDate): DateRange | { problem: string } {
  const parts = text.split('..');
  if (parts.length > 2) return { problem: `“${text}” is not a date range.` };
  const [since = '', until = since] = parts;
  for (const date of [since, until]) {
    if (!isRealDate(date)) return { problem: `“${date}” is not a real date in YYYY-MM-DD form.` };
  }
  if (since > until) return { problem: `The range starts (${since}) after it ends (${until}).` };
  if (until > today) return { problem: `The range ends in the future (${until}); today is ${today}.` };
  const oldest = addMonths(today, -HISTORY_MONTHS);
  if (since < oldest)
    return { problem: `Meta keeps 37 months of insights; the range must start on or after ${oldest}.` };
  return { since, until, preset: null };
}
