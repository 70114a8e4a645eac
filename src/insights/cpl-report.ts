import type { DateRange } from '../dates/ranges.js';
import { type Cents, type CurrencyCode, costPer } from '../money.js';
import { sumRows, type Totals } from './totals.js';
import type { InsightRow, InsightsLevel } from './types.js';

export interface CplLine extends Totals {
  id: string;
  name: string;
  /** For ad set lines: the campaign it belongs to. */
  campaignName: string | null;
  /** With outcomes from the store: qualified and signed leads and what each cost. */
  outcomes?: OutcomeFigures;
}

/** Leads people marked qualified (or signed) and signed, with spend ÷ each; null cost when none. */
export interface OutcomeFigures {
  qualified: number;
  signed: number;
  costPerQualifiedCents: Cents | null;
  costPerSignedCents: Cents | null;
}

export function outcomeFigures(
  spendCents: Cents,
  counts: { qualified: number; signed: number },
): OutcomeFigures {
  return {
    qualified: counts.qualified,
    signed: counts.signed,
    costPerQualifiedCents: costPer(spendCents, counts.qualified),
    costPerSignedCents: costPer(spendCents, counts.signed),
  };
}

export interface CplReport {
  range: DateRange;
  level: Extract<InsightsLevel, 'campaign' | 'adset'>;
  filter: string | null;
  timezone: string;
  accountName: string;
  /** Every amount of the report is in it (the ad account's currency). */
  currency: CurrencyCode;
  total: Totals;
  lines: CplLine[];
  /** Present when outcomes were given: the totals' qualified and signed figures. */
  outcomes?: OutcomeFigures;
}

export interface CplReportInput {
  range: DateRange;
  level: CplReport['level'];
  filter: string | null;
  timezone: string;
  accountName: string;
  currency: CurrencyCode;
  rows: readonly InsightRow[];
  /**
   * Qualified and signed counts per campaign (or ad set) id, from LeadOps' own store (leads
   * created in the range, latest outcome). Unset → the report has no outcome figures.
   */
  outcomes?: ReadonlyMap<string, { qualified: number; signed: number }>;
}

/**
 * The filter as whole words, in any case: `RT` finds “RT – Website visitors” but not “Fort Worth”
 * (a plain substring did), and `fort worth` finds “Dallas/Fort Worth”.
 */
export function nameFilter(filter: string): (name: string) => boolean {
  const words = filter
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu');
  return (name) => pattern.test(name);
}

/**
 * Spend, leads and CPL per campaign (or ad set) and in total, sorted by spend.
 * Rows are merged by object id first, so a paged or split answer still gives one line each.
 */
export function buildCplReport(input: CplReportInput): CplReport {
  const matches = input.filter ? nameFilter(input.filter) : null;
  const matching = input.rows.filter(
    (row) => !matches || matches(row.name) || (row.campaignName !== null && matches(row.campaignName)),
  );
  const byId = new Map<string, InsightRow[]>();
  for (const row of matching) byId.set(row.objectId, [...(byId.get(row.objectId) ?? []), row]);
  const lines = [...byId.entries()].map(([id, rows]): CplLine => {
    const first = rows[0] as InsightRow;
    const line: CplLine = { id, name: first.name, campaignName: first.campaignName, ...sumRows(rows) };
    if (input.outcomes)
      line.outcomes = outcomeFigures(line.spendCents, input.outcomes.get(id) ?? { qualified: 0, signed: 0 });
    return line;
  });
  lines.sort((a, b) => b.spendCents - a.spendCents || a.name.localeCompare(b.name));
  const total = sumRows(matching);
  const outcomes = input.outcomes
    ? outcomeFigures(total.spendCents, {
        qualified: lines.reduce((n, l) => n + (l.outcomes?.qualified ?? 0), 0),
        signed: lines.reduce((n, l) => n + (l.outcomes?.signed ?? 0), 0),
      })
    : undefined;
  return {
    range: input.range,
    level: input.level,
    filter: input.filter,
    timezone: input.timezone,
    accountName: input.accountName,
    currency: input.currency,
    total,
    lines,
    ...(outcomes ? { outcomes } : {}),
  };
}
