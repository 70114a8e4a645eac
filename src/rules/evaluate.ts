// One evaluation over the whole account: ad sets and their figures in, one decision per ad set out.
import type { DateRange } from '../dates/ranges.js';
import type { InsightRow } from '../insights/types.js';
import type { AdSetState } from '../meta/ad-account.js';
import { type Decision, isProtected, type Skipped } from './plan.js';
import { mostProtective, verdictsFor } from './rules.js';
import type { RuleSettings } from './settings.js';
import type { Figures } from './types.js';

export interface EvaluationInput {
  settings: RuleSettings;
  /** The ad sets to judge (LeadOps asks Meta for the ACTIVE ones only). */
  adsets: readonly AdSetState[];
  /** Per window (`last_3d`…): its dates and the account's ad set rows, one account-level call each. */
  windows: ReadonlyMap<string, { range: DateRange; rows: readonly InsightRow[] }>;
  protected: readonly string[];
}

export interface EvaluationResult {
  decisions: Decision[];
  skipped: Skipped[];
  /** Ad sets judged. */
  evaluated: number;
}

/** An ad set with no row in a window delivered nothing in it. */
function figuresOf(window: string, range: DateRange, rows: readonly InsightRow[]): Figures {
  let spendCents = 0;
  let impressions = 0;
  let leads = 0;
  let reach = 0;
  let frequency: number | null = null;
  for (const row of rows) {
    spendCents += row.spendCents;
    impressions += row.impressions;
    leads += row.leads;
    reach += row.reach ?? 0;
    frequency = row.frequency;
  }
  // Frequency is per row; a split answer (should Meta page one ad set) falls back to impressions ÷ reach.
  if (rows.length > 1) frequency = reach > 0 ? impressions / reach : null;
  return { window, since: range.since, until: range.until, spendCents, impressions, leads, frequency };
}

export function evaluateAccount(input: EvaluationInput): EvaluationResult {
  const byWindow = new Map<string, { range: DateRange; rows: Map<string, InsightRow[]> }>();
  const names = new Map<string, { adset: string; campaign: string }>();
  for (const [window, { range, rows }] of input.windows) {
    const grouped = new Map<string, InsightRow[]>();
    for (const row of rows) {
      grouped.set(row.objectId, [...(grouped.get(row.objectId) ?? []), row]);
      names.set(row.objectId, { adset: row.name, campaign: row.campaignName ?? row.campaignId ?? '' });
    }
    byWindow.set(window, { range, rows: grouped });
  }
  const decisions: Decision[] = [];
  const skipped: Skipped[] = [];
  for (const adset of input.adsets) {
    const adsetName = adset.name || names.get(adset.id)?.adset || adset.id;
    const campaignName = names.get(adset.id)?.campaign || adset.campaignId;
    const figuresFor = (window: string): Figures => {
      const entry = byWindow.get(window);
      if (!entry) throw new Error(`no figures fetched for window ${window}`);
      return figuresOf(window, entry.range, entry.rows.get(adset.id) ?? []);
    };
    const verdicts = verdictsFor(input.settings, figuresFor);
    const winner = mostProtective(verdicts);
    if (!winner) continue;
    if (isProtected(input.protected, adset.id, adset.name, adset.campaignId, campaignName)) {
      skipped.push({ adsetId: adset.id, adsetName, rule: winner.rule, why: 'it is protected (PROTECTED)' });
      continue;
    }
    const alsoRules = verdicts.filter((v) => v !== winner && v.rule !== winner.rule).map((v) => v.rule);
    decisions.push({ adset, adsetName, campaignName, verdict: winner, alsoRules });
  }
  return { decisions, skipped, evaluated: input.adsets.length };
}
