import { addDays, addMonths, daysBetween, type LocalDate } from '../dates/calendar.js';
import { type DateRange, HISTORY_MONTHS } from '../dates/ranges.js';

/** The chart shows this many days, ending on the report's last day. */
export const CHART_DAYS = 14;
/** A one-day report is also compared with the average day of the days before it. */
export const TRAILING_DAYS = 7;
/** Meta's `time_increment` goes up to 90 days. */
export const MAX_DAYS_PER_ROW = 90;

export interface Period {
  since: LocalDate;
  until: LocalDate;
}

/** Which dates a report covers and compares with, and the one window of daily rows that holds them all. */
export interface ReportWindow {
  range: DateRange;
  /** Days in the range, both ends included. */
  days: number;
  /** The same number of days just before; null when Meta no longer keeps them (37 months). */
  previous: Period | null;
  /** The 7 days before a one-day report (its average day); null for longer ranges. */
  trailing: Period | null;
  chart: Period;
  /** Daily account rows are read for this period: it holds the range, `previous`, `trailing` and `chart`. */
  daily: Period;
}

/** Pure date arithmetic; `today` is the account's local date (it bounds what Meta still keeps). */
export function reportWindow(range: DateRange, today: LocalDate): ReportWindow {
  const days = daysBetween(range.since, range.until) + 1;
  const oldest = addMonths(today, -HISTORY_MONTHS);
  const before = (n: number): Period | null => {
    const since = addDays(range.since, -n);
    return since < oldest ? null : { since, until: addDays(range.since, -1) };
  };
  const previous = before(days);
  const trailing = days === 1 ? before(TRAILING_DAYS) : null;
  const chartSince = addDays(range.until, -(CHART_DAYS - 1));
  // ISO dates compare as text: the chart starts at the later of the two.
  const chart = { since: [chartSince, oldest].sort()[1] ?? chartSince, until: range.until };
  // ISO dates sort as text: the earliest start is the first.
  const [earliest = range.since] = [range.since, chart.since, previous?.since, trailing?.since]
    .filter((date): date is LocalDate => date !== undefined)
    .sort();
  const daily = { since: earliest, until: range.until };
  return { range, days, previous, trailing, chart, daily };
}
