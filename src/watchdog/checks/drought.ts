import { TZDate } from '@date-fns/tz';
import { subDays } from 'date-fns';
import { addDays, formatLocalTime, type LocalDate, startOfLocalDay, todayIn } from '../../dates/calendar.js';
import { leadTimesSince, newestLeadTime } from '../../db/watchdog-state.js';
import { type CurrencyCode, formatMoney, type Minor } from '../../money.js';
import { attempt, type WatchdogCheck } from '../check.js';
import { DAY_MS, formatDuration, HOUR_MS } from '../format.js';
import type { RunContext } from '../run-context.js';
import { CHECK_DEFINITIONS, type SettingsOf } from '../settings.js';
import type { CheckResult } from '../types.js';

export interface DroughtFigures {
  now: number;
  timezone: string;
  /** The account's currency: spend and min_spend are in it. */
  currency: CurrencyCode;
  /** The newest stored lead (its created time), or null when the store has none. */
  lastLeadAt: number | null;
  /** When the watchdog first ran: with no lead stored, silence counts from then. */
  watchingSince: number;
  /** How long silence usually lasts at this moment of the week (see usualSilence); null without history. */
  usualSilenceMs: number | null;
  /** Spend since the silence began; null when not known (not needed yet, or Meta did not answer). */
  spendSinceCents: Minor | null;
}

/** When the current silence began: the last lead, or the start of watching when there is none. */
export function silenceStart(figures: Pick<DroughtFigures, 'lastLeadAt' | 'watchingSince'>): number {
  return figures.lastLeadAt ?? figures.watchingSince;
}

/** How long a silence must last before it can be a drought: the floor, or longer when that is usual. */
export function droughtThresholdMs(usualSilenceMs: number | null, settings: SettingsOf<'drought'>): number {
  return Math.max(settings.min_hours * HOUR_MS, usualSilenceMs ?? 0);
}

/**
 * What silence is usual at this moment of the week: for each of the last `weeks` weeks that
 * the store covers, how long it had been since a lead at the same local time (same weekday,
 * same hour) — then the upper median, so one bad week does not teach that droughts are normal.
 * `leadTimes` ascending. Null when the store reaches back less than a week.
 */
export function usualSilence(
  leadTimes: readonly number[],
  now: number,
  weeks: number,
  timezone: string,
): number | null {
  const first = leadTimes[0];
  if (first === undefined) return null;
  const silences: number[] = [];
  for (let week = 1; week <= weeks; week++) {
    const then = subDays(new TZDate(now, timezone), 7 * week).getTime();
    if (then < first) break;
    const previous = lastAtOrBefore(leadTimes, then);
    if (previous !== null) silences.push(then - previous);
  }
  if (silences.length === 0) return null;
  silences.sort((a, b) => a - b);
  return silences[Math.floor(silences.length / 2)] ?? null;
}

/** Binary search: the latest time ≤ `at` in an ascending list. */
function lastAtOrBefore(times: readonly number[], at: number): number | null {
  let low = 0;
  let high = times.length - 1;
  let found: number | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = times[middle] ?? Number.POSITIVE_INFINITY;
    if (value <= at) {
      found = value;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * Spend between `from` and `now` from daily figures (Meta reports spend per day, not per hour):
 * the days wholly inside count in full, the day the silence began and today by the share of
 * the day that falls inside, as if delivery were even through the day. `daily` covers the
 * dates from `from`'s date to yesterday (missing dates count as nothing spent).
 */
export function spendSince(
  from: number,
  now: number,
  timezone: string,
  todaySpendCents: Minor,
  daily: readonly { date: LocalDate; spendCents: Minor }[],
): Minor {
  const today = todayIn(timezone, now);
  const todayStart = startOfLocalDay(today, timezone);
  const share = (start: number, end: number, since: number) =>
    end <= start ? 1 : Math.min(1, Math.max(0, (end - Math.max(since, start)) / (end - start)));
  if (from >= todayStart) return Math.round(todaySpendCents * share(todayStart, now, from));
  const fromDate = todayIn(timezone, from);
  let total = todaySpendCents;
  for (const day of daily) {
    if (day.date < fromDate || day.date >= today) continue;
    if (day.date === fromDate) {
      const start = startOfLocalDay(fromDate, timezone);
      const end = startOfLocalDay(addDays(fromDate, 1), timezone);
      total += day.spendCents * share(start, end, from);
    } else total += day.spendCents;
  }
  return Math.round(total);
}

const FIX =
  'Check the forms and the Page’s lead access: is the ad’s instant form still attached and active in Ads Manager, ' +
  'does Business Settings → Integrations → Leads access still allow LeadOps’ app, and are the ads delivering? ' +
  '`/leads` shows what arrived last.';

/**
 * A drought: no lead for longer than usual at this hour of the week (and at least `min_hours`)
 * while more than `min_spend` went out since the last one. It ends when a lead arrives. With
 * no `min_spend` (an account not in USD, until someone sets it) no drought is judged.
 */
export function evaluateDrought(figures: DroughtFigures, settings: SettingsOf<'drought'>): CheckResult {
  const { now, timezone, currency, spendSinceCents } = figures;
  const money = (amount: Minor) => formatMoney(amount, currency);
  const from = silenceStart(figures);
  const silence = Math.max(0, now - from);
  const threshold = droughtThresholdMs(figures.usualSilenceMs, settings);
  const last =
    figures.lastLeadAt === null
      ? `No lead stored yet (watching since ${formatLocalTime(figures.watchingSince, timezone)})`
      : `Last lead ${formatLocalTime(figures.lastLeadAt, timezone)} (${formatDuration(silence)} ago)`;
  if (settings.min_spend === null)
    return {
      check: 'drought',
      state: 'ok',
      summary: `${last}; droughts are not judged until \`min_spend\` is set (in ${currency}): \`/watchdog set drought min_spend <amount>\`.`,
      conditions: [],
    };
  const rule = `a drought is ${formatDuration(threshold)} without a lead and over ${money(settings.min_spend)} spent`;
  if (silence <= threshold)
    return { check: 'drought', state: 'ok', summary: `${last}; ${rule}.`, conditions: [] };
  if (spendSinceCents === null)
    return {
      check: 'drought',
      state: 'unknown',
      summary: `${last}; spend since then unknown.`,
      conditions: [],
    };
  const spent = `${money(spendSinceCents)} spent since`;
  if (spendSinceCents <= settings.min_spend)
    return { check: 'drought', state: 'ok', summary: `${last}; only ${spent}.`, conditions: [] };
  const usual =
    figures.usualSilenceMs === null
      ? `Too little history to learn this hour of the week; the floor is ${formatDuration(settings.min_hours * HOUR_MS)}.`
      : `At this hour of the week silence usually lasts ${formatDuration(figures.usualSilenceMs)} (last ${settings.learn_weeks} weeks); the floor is ${formatDuration(settings.min_hours * HOUR_MS)}.`;
  return {
    check: 'drought',
    state: 'alert',
    summary: `${last}; ${spent}.`,
    conditions: [
      {
        key: 'drought',
        level: 'drought',
        title: `No leads for ${formatDuration(silence)} while spending ${money(spendSinceCents)}`,
        detail: `${last}. ${usual}`,
        fix: FIX,
      },
    ],
  };
}

/** How far back spend since the last lead is read. */
const MAX_SPEND_LOOKBACK_DAYS = 28;

/** The drought's figures from the store, and from Meta the spend once the silence is long enough to matter. */
async function droughtFigures(
  context: RunContext,
): Promise<{ figures: DroughtFigures; error: string | null }> {
  const { db, now, timezone, currency, today, watchingSince, leads } = context;
  const settings = context.settings('drought');
  const lastLeadAt = newestLeadTime(db, leads);
  const history = leadTimesSince(db, leads, now - (settings.learn_weeks * 7 + 1) * DAY_MS);
  const usualSilenceMs = usualSilence(history, now, settings.learn_weeks, timezone);
  const from = silenceStart({ lastLeadAt, watchingSince });
  let spendSinceCents: number | null = null;
  let error: string | null = null;
  // Spend matters only once the silence is long enough to be a drought (and a min_spend is set).
  if (settings.min_spend !== null && now - from > droughtThresholdMs(usualSilenceMs, settings)) {
    const todayRows = await context.todayFigures();
    if (!todayRows.ok) error = todayRows.error;
    else {
      const todaySpend = todayRows.value.reduce((sum, row) => sum + row.spendCents, 0);
      if (from >= context.todayStart) spendSinceCents = spendSince(from, now, timezone, todaySpend, []);
      else {
        const oldest = addDays(today, -MAX_SPEND_LOOKBACK_DAYS);
        const fromDate = todayIn(timezone, from);
        const daily = await attempt(() =>
          context.reader.dailySpend([fromDate, oldest].sort()[1] ?? fromDate, addDays(today, -1)),
        );
        if (daily.ok) spendSinceCents = spendSince(from, now, timezone, todaySpend, daily.value);
        else error = daily.error;
      }
    }
  }
  return {
    figures: { now, timezone, currency, lastLeadAt, watchingSince, usualSilenceMs, spendSinceCents },
    error,
  };
}

export const droughtCheck: WatchdogCheck = {
  name: 'drought',
  definition: CHECK_DEFINITIONS.drought,
  async evaluate(context) {
    const { figures, error } = await droughtFigures(context);
    return { result: evaluateDrought(figures, context.settings('drought')), error };
  },
};
