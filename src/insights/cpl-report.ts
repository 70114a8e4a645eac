import type { DateRange } from '../dates/ranges.js';
import { sumRows, type Totals } from './totals.js';
import type { InsightRow, InsightsLevel } from './types.js';

export interface CplLine extends Totals {
  id: string;
  name: string;
  /** For ad set lines: the campaign it belongs to. */
  campaignName: string | null;
}

export interface CplReport {
  range: DateRange;
  level: Extract<InsightsLevel, 'campaign' | 'adset'>;
  filter: string | null;
  timezone: string;
  accountName: string;
  total: Totals;
  lines: CplLine[];
}

export interface CplReportInput {
  range: DateRange;
  level: CplReport['level'];
  filter: string | null;
  timezone: string;
  accountName: string;
  rows: readonly InsightRow[];
}

/**
 * Spend, leads and CPL per campaign (or ad set) and in total, sorted by spend.
 * Rows are merged by object id first, so a paged or split answer still gives one line each.
 */
export function buildCplReport(input: CplReportInput): CplReport {
  const needle = input.filter?.toLowerCase() ?? null;
  const matching = input.rows.filter(
    (row) =>
      !needle ||
      row.name.toLowerCase().includes(needle) ||
      (row.campaignName?.toLowerCase().includes(needle) ?? false),
  );
  const byId = new Map<string, InsightRow[]>();
  for (const row of matching) byId.set(row.objectId, [...(byId.get(row.objectId) ?? []), row]);
  const lines = [...byId.entries()].map(([id, rows]): CplLine => {
    const first = rows[0] as InsightRow;
    return { id, name: first.name, campaignName: first.campaignName, ...sumRows(rows) };
  });
  lines.sort((a, b) => b.spendCents - a.spendCents || a.name.localeCompare(b.name));
  return {
    range: input.range,
    level: input.level,
    filter: input.filter,
    timezone: input.timezone,
    accountName: input.accountName,
    total: sumRows(matching),
    lines,
  };
}
