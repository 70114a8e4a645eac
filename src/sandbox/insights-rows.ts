// Insights totals written as Meta writes rows: every number a string, money in whole units of
// the account's currency ("1234.56" dollars or euros, "462569" yen), ratios with six decimals,
// actions as [{action_type, value}], only the requested fields.
import { currencyOffset } from '../money.js';
import type { InsightsTotals } from './insights.js';

type FieldWriter = (totals: InsightsTotals) => unknown;

interface ActionCount {
  type: string;
  count: number;
}

/** The row's spend in whole units of its currency: a number, for ratios. */
const spendUnits = (t: InsightsTotals) => t.spendCents / currencyOffset(t.currency);
/** Meta writes spend with the currency's own decimals: "1234.56" for USD or EUR, "462569" for JPY. */
const spendText = (t: InsightsTotals) => {
  const offset = currencyOffset(t.currency);
  return offset === 1 ? String(t.spendCents) : (t.spendCents / offset).toFixed(2);
};
const ratio = (value: number) => value.toFixed(6);

/** Cost per unit in whole currency units, or absent when there are no units (Meta leaves the field out). */
const costPer = (t: InsightsTotals, units: number) => (units > 0 ? ratio(spendUnits(t) / units) : undefined);

/**
 * The action types a lead-gen ad set reports. An instant-form lead is counted as `lead`,
 * `onsite_conversion.lead_grouped` and `leadgen_grouped`; a pixel (website) lead as
 * `offsite_conversion.fb_pixel_lead` and also inside `lead`. Engagement includes link clicks.
 */
function actionCounts(totals: InsightsTotals): ActionCount[] {
  const engagement = totals.linkClicks + totals.postReactions;
  const counts = [
    { type: 'link_click', count: totals.linkClicks },
    { type: 'post_reaction', count: totals.postReactions },
    { type: 'onsite_conversion.lead_grouped', count: totals.instantFormLeads },
    { type: 'offsite_conversion.fb_pixel_lead', count: totals.pixelLeads },
    { type: 'leadgen_grouped', count: totals.instantFormLeads },
    { type: 'lead', count: totals.leads },
    { type: 'post_engagement', count: engagement },
    { type: 'page_engagement', count: engagement },
  ];
  return counts.filter((action) => action.count > 0);
}

const listOrAbsent = <T>(items: T[]) => (items.length > 0 ? items : undefined);

const FIELD_WRITERS: Record<string, FieldWriter> = {
  account_id: (t) => t.accountId,
  account_name: (t) => t.accountName,
  account_currency: (t) => t.currency,
  campaign_id: (t) => t.campaignId,
  campaign_name: (t) => t.campaignName,
  adset_id: (t) => t.adsetId,
  adset_name: (t) => t.adsetName,
  ad_id: (t) => t.adId,
  ad_name: (t) => t.adName,
  objective: (t) => (t.level === 'account' ? undefined : 'OUTCOME_LEADS'),
  spend: spendText,
  impressions: (t) => String(t.impressions),
  clicks: (t) => String(t.clicks),
  reach: (t) => String(t.reach),
  frequency: (t) => ratio(t.impressions / t.reach),
  ctr: (t) => ratio((t.clicks / t.impressions) * 100),
  cpm: (t) => ratio((spendUnits(t) / t.impressions) * 1000),
  cpc: (t) => costPer(t, t.clicks),
  cpp: (t) => ratio((spendUnits(t) / t.reach) * 1000),
  inline_link_clicks: (t) => String(t.linkClicks),
  inline_link_click_ctr: (t) => ratio((t.linkClicks / t.impressions) * 100),
  cost_per_inline_link_click: (t) => costPer(t, t.linkClicks),
  actions: (t) => listOrAbsent(actionCounts(t).map((a) => ({ action_type: a.type, value: String(a.count) }))),
  cost_per_action_type: (t) =>
    listOrAbsent(actionCounts(t).map((a) => ({ action_type: a.type, value: costPer(t, a.count) }))),
  date_start: (t) => t.dateStart,
  date_stop: (t) => t.dateStop,
};

export const INSIGHTS_FIELDS = new Set(Object.keys(FIELD_WRITERS));

/** Without `fields`, Meta answers with spend and impressions only. */
export const DEFAULT_INSIGHTS_FIELDS = ['spend', 'impressions'];

/** One row; `fields` must already be validated against INSIGHTS_FIELDS. */
export function insightsRow(totals: InsightsTotals, fields: readonly string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of [...fields, 'date_start', 'date_stop']) {
    const value = FIELD_WRITERS[field]?.(totals);
    if (value !== undefined) row[field] = value;
  }
  return row;
}
