import { addDays, eachDate, type LocalDate, startOfLocalDay } from '../dates/calendar.js';
import type { DateRange } from '../dates/ranges.js';
import { sumRows, type Totals } from '../insights/totals.js';
import type { ReportInsightRow } from '../meta/ad-account.js';
import { type CurrencyCode, costPer, type Minor } from '../money.js';
import type { SpeedFigures } from '../speed/stats.js';
import { type Change, type Comparable, change, type MetricName, metricChanges, scaled } from './deltas.js';
import {
  type AdSetFigures,
  aboveFrequencyCap,
  adsetFloorFor,
  bestAndWorst,
  FREQUENCY_CAP,
  spentWithoutLeads,
} from './floors.js';
import type { Period, ReportWindow } from './window.js';

/** Meta may still revise a day's figures for up to 3 hours after it ends. */
export const SETTLING_MS = 3 * 60 * 60 * 1000;

export interface CampaignLine extends Totals {
  id: string;
  name: string;
  /** CPL against the same campaign in the previous period. */
  cplChange: Change | null;
}

export interface AdSetLine extends AdSetFigures {
  cplCents: Minor | null;
}

export interface ChartDay {
  date: LocalDate;
  spendCents: Minor;
  leads: number;
  cplCents: Minor | null;
}

/**
 * Instant-form leads, Meta's count against what LeadOps itself received, over the range's days
 * LeadOps ran whole: before its first start the leads never reached its store.
 */
export type LeadCheck =
  /** Compared from `since`: the range's first day, or LeadOps' first whole day when that is later. */
  | { since: LocalDate; meta: number; received: number }
  /** LeadOps ran none of the range's days whole: nothing is compared before `firstWholeDay`. */
  | { firstWholeDay: LocalDate };

export interface DailyReport {
  range: DateRange;
  days: number;
  timezone: string;
  accountName: string;
  /** Every amount of the report is in it (Meta's unit: cents, whole yen). */
  currency: CurrencyCode;
  total: Totals;
  previous: Period | null;
  trailing: Period | null;
  /** Per metric: against the previous period, and (one-day reports) against the trailing average day. */
  changes: Record<MetricName, { vsPrevious: Change | null; vsTrailing: Change | null }>;
  /** Every campaign that delivered, biggest spend first. */
  campaigns: CampaignLine[];
  adsetFloorCents: Minor;
  /** Null: the documented $20 a day (USD accounts); else the floor is this share of the range's spend. */
  adsetFloorShare: number | null;
  best: AdSetLine | null;
  worst: AdSetLine | null;
  spentWithoutLeads: AdSetLine[];
  frequencyCap: number;
  aboveFrequencyCap: AdSetLine[];
  leadCheck: LeadCheck;
  /** The range ended less than 3 hours ago (or has not ended): Meta's figures may still move. */
  settling: boolean;
  chart: { period: Period; days: ChartDay[] };
  /** Speed to lead over the range's leads (from LeadOps' store), when given. */
  speed?: ReportSpeed;
}

export interface ReportSpeed {
  figures: SpeedFigures;
  slaMinutes: number;
}

export interface DailyReportInput {
  window: ReportWindow;
  timezone: string;
  accountName: string;
  currency: CurrencyCode;
  nowMilliseconds: number;
  /** level=account, one row per day over `window.daily` (days without delivery may be missing). */
  accountDays: readonly ReportInsightRow[];
  /** level=campaign, one row per campaign for the range, and one per campaign for `window.previous`. */
  campaigns: readonly ReportInsightRow[];
  /** level=adset, one row per ad set for the range (its frequency is Meta's own for the range). */
  adsets: readonly ReportInsightRow[];
  /** The first local date LeadOps ran from its beginning (see firstWholeDay). */
  firstWholeDay: LocalDate;
  /** Leads from ads LeadOps stored with a created time in `comparedDays(range, firstWholeDay)`. */
  receivedLeads: number;
  /** Speed to lead over the range's leads; unset → no speed line. */
  speed?: ReportSpeed;
}

/** The range's days LeadOps ran whole, or null when there are none. */
export function comparedDays(range: Period, firstWholeDay: LocalDate): Period | null {
  const since = range.since > firstWholeDay ? range.since : firstWholeDay;
  return since <= range.until ? { since, until: range.until } : null;
}

function within(row: { dateStart: LocalDate; dateStop: LocalDate }, period: Period): boolean {
  return row.dateStart >= period.since && row.dateStop <= period.until;
}

function comparable(totals: Totals): Comparable {
  return {
    spendCents: totals.spendCents,
    leads: totals.leads,
    impressions: totals.impressions,
    clicks: totals.clicks,
  };
}

/** Groups rows by object id (a paged or split answer may hold several per object). */
function byObject(rows: readonly ReportInsightRow[]): Map<string, ReportInsightRow[]> {
  const groups = new Map<string, ReportInsightRow[]>();
  for (const row of rows) {
    const group = groups.get(row.objectId);
    if (group) group.push(row);
    else groups.set(row.objectId, [row]);
  }
  return groups;
}

function leadCheck(input: DailyReportInput, daysIn: (period: Period) => ReportInsightRow[]): LeadCheck {
  const compared = comparedDays(input.window.range, input.firstWholeDay);
  if (!compared) return { firstWholeDay: input.firstWholeDay };
  return {
    since: compared.since,
    meta: daysIn(compared).reduce((n, row) => n + row.formLeads, 0),
    received: input.receivedLeads,
  };
}

/** Figures in, report out: no I/O, no clock but the one given. */
export function buildDailyReport(input: DailyReportInput): DailyReport {
  const { window } = input;
  const range = { since: window.range.since, until: window.range.until };
  const daysIn = (period: Period) => input.accountDays.filter((row) => within(row, period));

  const total = sumRows(daysIn(range));
  const previousTotals = window.previous ? sumRows(daysIn(window.previous)) : null;
  const trailingTotals = window.trailing ? sumRows(daysIn(window.trailing)) : null;
  const trailingDays = window.trailing
    ? eachDate(window.trailing.since, window.trailing.until).length
    : Number.NaN;
  const vsPrevious = metricChanges(comparable(total), previousTotals && comparable(previousTotals));
  const vsTrailing = metricChanges(
    comparable(total),
    trailingTotals && scaled(comparable(trailingTotals), window.days / trailingDays),
  );
  const changes = {} as DailyReport['changes'];
  for (const metric of Object.keys(vsPrevious) as MetricName[])
    changes[metric] = { vsPrevious: vsPrevious[metric], vsTrailing: vsTrailing[metric] };

  const campaignRows = byObject(input.campaigns.filter((row) => within(row, range)));
  const { previous } = window;
  const previousCampaignRows = byObject(
    previous ? input.campaigns.filter((row) => within(row, previous)) : [],
  );
  const campaigns = [...campaignRows.entries()].map(([id, rows]): CampaignLine => {
    const totals = sumRows(rows);
    const before = previousCampaignRows.get(id);
    const beforeTotals = before ? sumRows(before) : null;
    return {
      id,
      name: (rows[0] as ReportInsightRow).name,
      ...totals,
      cplChange: beforeTotals
        ? change(
            totals.leads > 0 ? totals.spendCents / totals.leads : null,
            beforeTotals.leads > 0 ? beforeTotals.spendCents / beforeTotals.leads : null,
          )
        : null,
    };
  });
  campaigns.sort((a, b) => b.spendCents - a.spendCents || a.name.localeCompare(b.name));

  const adsets = [...byObject(input.adsets.filter((row) => within(row, range))).entries()].map(
    ([id, rows]): AdSetLine => {
      const totals = sumRows(rows);
      const first = rows[0] as ReportInsightRow;
      return {
        id,
        name: first.name,
        campaignName: first.campaignName,
        spendCents: totals.spendCents,
        leads: totals.leads,
        cplCents: totals.cplCents,
        // One row per ad set for the range: Meta's own frequency. Never combined across rows.
        frequency: rows.length === 1 ? first.frequency : null,
      };
    },
  );
  const floor = adsetFloorFor(input.currency, window.days, total.spendCents);
  const { best, worst } = bestAndWorst(adsets, floor.amount);

  const chartDays = eachDate(window.chart.since, window.chart.until).map((date): ChartDay => {
    const day = sumRows(input.accountDays.filter((row) => row.dateStart === date && row.dateStop === date));
    return {
      date,
      spendCents: day.spendCents,
      leads: day.leads,
      cplCents: costPer(day.spendCents, day.leads),
    };
  });

  const rangeEnd = startOfLocalDay(addDays(range.until, 1), input.timezone);
  return {
    range: window.range,
    days: window.days,
    timezone: input.timezone,
    accountName: input.accountName,
    currency: input.currency,
    total,
    previous: window.previous,
    trailing: window.trailing,
    changes,
    campaigns,
    adsetFloorCents: floor.amount,
    adsetFloorShare: floor.share,
    best,
    worst,
    spentWithoutLeads: spentWithoutLeads(adsets),
    frequencyCap: FREQUENCY_CAP,
    aboveFrequencyCap: aboveFrequencyCap(adsets, FREQUENCY_CAP),
    leadCheck: leadCheck(input, daysIn),
    settling: input.nowMilliseconds < rangeEnd + SETTLING_MS,
    chart: { period: window.chart, days: chartDays },
    ...(input.speed ? { speed: input.speed } : {}),
  };
}
