import { costPer, type Minor } from '../money.js';
import type { InsightRow } from './types.js';

export interface Totals {
  spendCents: Minor;
  impressions: number;
  clicks: number;
  leads: number;
  /** Summed spend ÷ summed leads, to the cent; null with no leads. */
  cplCents: Minor | null;
  /** clicks ÷ impressions; null with no impressions. */
  ctr: number | null;
  /** Cost per 1,000 impressions, in cents. */
  cpmCents: Minor | null;
}

/** Adds rows the only way that matches Ads Manager: sum the counts, then divide. */
export function sumRows(
  rows: readonly Pick<InsightRow, 'spendCents' | 'impressions' | 'clicks' | 'leads'>[],
): Totals {
  let spendCents = 0;
  let impressions = 0;
  let clicks = 0;
  let leads = 0;
  for (const row of rows) {
    spendCents += row.spendCents;
    impressions += row.impressions;
    clicks += row.clicks;
    leads += row.leads;
  }
  return {
    spendCents,
    impressions,
    clicks,
    leads,
    cplCents: costPer(spendCents, leads),
    ctr: impressions > 0 ? clicks / impressions : null,
    cpmCents: impressions > 0 ? Math.round((spendCents * 1000) / impressions) : null,
  };
}
