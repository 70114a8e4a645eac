// Reading an insights request's parameters the way Meta validates them.
import { type DateRange, isDatePreset, RETENTION_MONTHS, resolveDatePreset } from './date-presets.js';
import { addDays, earlierDate, isIsoDate, monthStart, subtractMonths } from './dates.js';
import { type FilterRule, parseFiltering } from './filtering.js';
import { GraphError, invalidParameter } from './graph-errors.js';
import type { GraphRequest } from './graph-request.js';
import { INSIGHTS_LEVELS, type InsightsLevel } from './insights.js';
import { DEFAULT_INSIGHTS_FIELDS, INSIGHTS_FIELDS } from './insights-rows.js';

export interface InsightsRequest {
  level: InsightsLevel;
  fields: string[];
  range: DateRange;
  /** The range cut by `time_increment`: one period per row group. */
  periods: DateRange[];
  filters: FilterRule[];
}

const MAX_INCREMENT_DAYS = 90;

export function readInsightsRequest(
  request: GraphRequest,
  defaultLevel: InsightsLevel,
  today: string,
): InsightsRequest {
  const params = request.params;
  const level = readLevel(params.level, defaultLevel);
  const fields = readFields(params.fields);
  rejectBreakdowns(params.breakdowns, 'breakdowns');
  if (params.action_breakdowns !== undefined && params.action_breakdowns !== 'action_type') {
    rejectBreakdowns(params.action_breakdowns, 'action_breakdowns');
  }
  const range = readRange(params.time_range, params.date_preset, today);
  return {
    level,
    fields,
    range,
    periods: splitRange(range, params.time_increment),
    filters: parseFiltering(params.filtering),
  };
}

function readLevel(raw: string | undefined, defaultLevel: InsightsLevel): InsightsLevel {
  if (raw === undefined) return defaultLevel;
  const level = INSIGHTS_LEVELS.find((candidate) => candidate === raw);
  if (!level) throw invalidParameter('param level must be one of {ad, adset, campaign, account}');
  return level;
}

function readFields(raw: string | undefined): string[] {
  const fields = (raw ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  for (const field of fields) {
    if (!INSIGHTS_FIELDS.has(field)) {
      throw invalidParameter(
        `${field} is not valid for fields param. please check ` +
          'https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all valid values',
      );
    }
  }
  return fields.length > 0 ? fields : DEFAULT_INSIGHTS_FIELDS;
}

function rejectBreakdowns(raw: string | undefined, name: string): void {
  if (raw === undefined || raw === '' || raw === '[]') return;
  throw invalidParameter(`The sandbox ad account does not support ${name} (asked for ${raw}).`);
}

/** `time_range` wins over `date_preset`; with neither, Meta uses last_30d. */
function readRange(timeRange: string | undefined, preset: string | undefined, today: string): DateRange {
  if (timeRange !== undefined) return readTimeRange(timeRange, today);
  const name = preset ?? 'last_30d';
  if (!isDatePreset(name)) {
    throw invalidParameter(
      'date_preset must be one of the following values: today, yesterday, this_month, last_month, ' +
        'this_quarter, maximum, last_3d, last_7d, last_14d, last_28d, last_30d, last_90d, last_week_mon_sun, ' +
        'last_week_sun_sat, last_quarter, last_year, this_week_mon_today, this_week_sun_today, this_year',
    );
  }
  return resolveDatePreset(name, today);
}

function readTimeRange(raw: string, today: string): DateRange {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = null;
  }
  const { since, until } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  if (typeof since !== 'string' || typeof until !== 'string' || !isIsoDate(since) || !isIsoDate(until)) {
    throw invalidParameter(
      "param time_range must be a JSON object like {'since':'YYYY-MM-DD','until':'YYYY-MM-DD'}",
    );
  }
  if (since > until) throw invalidParameter('time_range: since must be on or before until');
  if (since < subtractMonths(today, RETENTION_MONTHS)) {
    throw new GraphError(400, {
      message: `(#3018) The start date of the time range cannot be beyond ${RETENTION_MONTHS} months from the current date`,
      type: 'OAuthException',
      code: 3018,
    });
  }
  return { since, until };
}

function splitRange(range: DateRange, increment: string | undefined): DateRange[] {
  if (increment === undefined || increment === 'all_days') return [range];
  if (increment === 'monthly') return chunks(range, (start) => addDays(monthStart(start, 1), -1));
  const days = Number(increment);
  if (!Number.isInteger(days) || days < 1 || days > MAX_INCREMENT_DAYS) {
    throw invalidParameter("param time_increment must be an integer from 1 to 90, 'monthly' or 'all_days'");
  }
  return chunks(range, (start) => addDays(start, days - 1));
}

/** Consecutive periods from since, each ending where `endOf` says, the last cut at until. */
function chunks(range: DateRange, endOf: (start: string) => string): DateRange[] {
  const periods: DateRange[] = [];
  for (let since = range.since; since <= range.until; ) {
    const end = endOf(since);
    const until = earlierDate(end, range.until);
    periods.push({ since, until });
    since = addDays(until, 1);
  }
  return periods;
}
