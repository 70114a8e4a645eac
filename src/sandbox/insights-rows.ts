// Insights totals written as Meta writes rows: every number a string, money in dollars,
// ratios with six decimals, actions as [{action_type, value}], only the requested fields.
import type { InsightsTotals } from './insights.js';

type FieldWriter = (totals: InsightsTotals) => unknown;

interface ActionCount {
  type: string;
  count: number;
}

const dollars = (cents: number) => (cents / 100).toFixed(2);
const ratio = (value: number) => value.toFixed(6);

/** Cost per unit in dollars, or absent when there are no units (Meta leaves the field out). */
const costPer = (cents: number, units: number) => (units > 0 ? ratio(cents / 100 / units) : undefined);

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
  account_currency: () => 'USD',
  campaign_id: (t) => t.campaignId,
  campaign_name: (t) => t.campaignName,
  adset_id: (t) => t.adsetId,
  adset_name: (t) => t.adsetName,
  ad_id: (t) => t.adId,
  ad_name: (t) => t.adName,
  objective: (t) => (t.level === 'account' ? undefined : 'OUTCOME_LEADS'),
  spend: (t) => dollars(t.spendCents),
  impressions: (t) => String(t.impressions),
  clicks: (t) => String(t.clicks),
  reach: (t) => String(t.reach),
  frequency: (t) => ratio(t.impressions / t.reach),
  ctr: (t) => ratio((t.clicks / t.impressions) * 100),
  cpm: (t) => ratio((t.spendCents / 100 / t.impressions) * 1000),
  cpc: (t) => costPer(t.spendCents, t.clicks),
  cpp: (t) => ratio((t.spendCents / 100 / t.reach) * 1000),
  inline_link_clicks: (t) => String(t.linkClicks),
  inline_link_click_ctr: (t) => ratio((t.linkClicks / t.impressions) * 100),
  cost_per_inline_link_click: (t) => costPer(t.spendCents, t.linkClicks),
  actions: (t) => listOrAbsent(actionCounts(t).map((a) => ({ action_type: a.type, value: String(a.count) }))),
  cost_per_action_type: (t) =>
    listOrAbsent(
      actionCounts(t).map((a) => ({ action_type: a.type, value: costPer(t.spendCents, a.count) })),
    ),
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
