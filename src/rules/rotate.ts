// Creative rotation (guide §7.3): an ad wearing out — seen too often, or its click-through rate
// sliding — is proposed for pausing while its ad set has another active ad to carry the budget.
// Pure: the account's active ad sets and two ad-level insights answers in, drafts out.
import { addDays, type LocalDate } from '../dates/calendar.js';
import type { DateRange } from '../dates/ranges.js';
import { escapeMrkdwn } from '../messages/text.js';
import type { AdInsightRow, AdSetState } from '../meta/ad-account.js';
import { formatPercent } from '../money.js';
import { isProtected, type ProposalDraft, type Skipped } from './plan.js';
import type { RotateSettings } from './settings.js';
import type { Severity } from './types.js';

/** Days of the CTR trend: the last 3 whole days against the 7 before them. */
export const RECENT_DAYS = 3;
export const EARLIER_DAYS = 7;
/** Fewer impressions than this in either period and a CTR trend says nothing. */
export const MIN_TREND_IMPRESSIONS = 1000;

/** The one call for the CTR trend: 10 whole days cut in two by time_increment (7, then 3). */
export function trendRange(today: LocalDate): { since: LocalDate; until: LocalDate; daysPerRow: number } {
  return {
    since: addDays(today, -(RECENT_DAYS + EARLIER_DAYS)),
    until: addDays(today, -1),
    daysPerRow: EARLIER_DAYS,
  };
}

export interface RotateInput {
  settings: RotateSettings;
  /** The account's active ad sets. */
  adsets: readonly AdSetState[];
  campaignNames: ReadonlyMap<string, string>;
  /** Over `settings.window`: one row per active ad that delivered. */
  window: { range: DateRange; rows: readonly AdInsightRow[] };
  /** The trend call's rows: per ad, the earlier 7 days and the recent 3. */
  trend: { range: { since: LocalDate; until: LocalDate }; rows: readonly AdInsightRow[] };
  /** Ad sets another rule already proposes a change for: one proposal per ad set. */
  decided: ReadonlySet<string>;
  protected: readonly string[];
}

export interface AdTrend {
  frequency: number | null;
  /** CTR (clicks ÷ impressions) over the earlier 7 and the recent 3 days; null without enough impressions. */
  ctrBefore: number | null;
  ctrRecent: number | null;
  /** How far the CTR fell, in percent of the earlier one (negative: it rose); null when unknown. */
  dropPct: number | null;
}

/** Per ad: its frequency over the window and its CTR trend. */
export function adTrend(
  windowRow: AdInsightRow | undefined,
  earlier: AdInsightRow | undefined,
  recent: AdInsightRow | undefined,
): AdTrend {
  const ctr = (row: AdInsightRow | undefined) =>
    row && row.impressions >= MIN_TREND_IMPRESSIONS ? row.clicks / row.impressions : null;
  const ctrBefore = ctr(earlier);
  const ctrRecent = ctr(recent);
  const dropPct =
    ctrBefore !== null && ctrRecent !== null && ctrBefore > 0
      ? ((ctrBefore - ctrRecent) / ctrBefore) * 100
      : null;
  return { frequency: windowRow?.frequency ?? null, ctrBefore, ctrRecent, dropPct };
}

interface Candidate {
  row: AdInsightRow;
  trend: AdTrend;
  severity: Severity;
  reasons: string[];
}

const quote = (name: string) => `“${escapeMrkdwn(name)}”`;

/** Why the ad is worn out, or null when it is not. */
function judge(settings: RotateSettings, row: AdInsightRow, trend: AdTrend): Candidate | null {
  const reasons: string[] = [];
  let severity: Severity | null = null;
  const { frequency, dropPct } = trend;
  if (frequency !== null && frequency > settings.maxFrequency) {
    reasons.push(`frequency ${frequency.toFixed(2)} is above ${settings.maxFrequency.toFixed(2)}`);
    severity = { metric: 'frequency', value: frequency };
  }
  if (dropPct !== null && dropPct > settings.ctrDropPct) {
    reasons.push(
      `CTR fell ${Math.round(dropPct)}% (more than ${settings.ctrDropPct}%): ${formatPercent(trend.ctrRecent)} over the last ${RECENT_DAYS} days against ${formatPercent(trend.ctrBefore)} the ${EARLIER_DAYS} days before`,
    );
    severity ??= { metric: 'ctr_drop', value: dropPct };
  }
  return severity ? { row, trend, severity, reasons } : null;
}

/** A candidate's rank: frequency over its cap, or CTR drop over its cap, as a share of the cap. */
function overBy(settings: RotateSettings, candidate: Candidate): number {
  const { frequency, dropPct } = candidate.trend;
  return Math.max(
    frequency === null ? 0 : frequency / settings.maxFrequency,
    dropPct === null ? 0 : dropPct / settings.ctrDropPct,
  );
}

/**
 * At most one ad per ad set per evaluation — the most worn out — and only while another ad of
 * the ad set is active and delivering: the last active ad is never proposed (that is `fatigue`'s
 * job, on the ad set). Ad sets with another proposal this run, or PROTECTED, are left alone.
 */
export function rotateProposals(input: RotateInput): { drafts: ProposalDraft[]; skipped: Skipped[] } {
  const { settings } = input;
  const byAdSet = new Map<string, AdInsightRow[]>();
  for (const row of input.window.rows) {
    if (row.impressions <= 0) continue;
    byAdSet.set(row.adsetId, [...(byAdSet.get(row.adsetId) ?? []), row]);
  }
  const earlierSince = input.trend.range.since;
  const trendRows = new Map<string, { earlier?: AdInsightRow; recent?: AdInsightRow }>();
  for (const row of input.trend.rows) {
    const entry = trendRows.get(row.adId) ?? {};
    if (row.dateStart === earlierSince) entry.earlier = row;
    else entry.recent = row;
    trendRows.set(row.adId, entry);
  }
  const drafts: ProposalDraft[] = [];
  const skipped: Skipped[] = [];
  for (const adset of input.adsets) {
    const ads = byAdSet.get(adset.id) ?? [];
    const candidates = ads
      .map((row) => {
        const t = trendRows.get(row.adId) ?? {};
        return judge(settings, row, adTrend(row, t.earlier, t.recent));
      })
      .filter((c): c is Candidate => c !== null)
      .sort((a, b) => overBy(settings, b) - overBy(settings, a) || a.row.adId.localeCompare(b.row.adId));
    const worst = candidates[0];
    if (!worst) continue;
    const campaignName = input.campaignNames.get(adset.campaignId) ?? adset.campaignId;
    const skip = (why: string) =>
      skipped.push({
        adsetId: adset.id,
        adsetName: adset.name,
        rule: 'rotate',
        why: `ad ${quote(worst.row.adName)}: ${why}`,
      });
    if (input.decided.has(adset.id)) {
      skip('another rule proposes a change to its ad set');
      continue;
    }
    if (
      isProtected(
        input.protected,
        adset.id,
        adset.name,
        adset.campaignId,
        campaignName,
        worst.row.adId,
        worst.row.adName,
      )
    ) {
      skip('it is protected (PROTECTED)');
      continue;
    }
    const others = ads.filter((row) => row.adId !== worst.row.adId);
    if (others.length === 0) {
      skip('it is its ad set’s last active ad');
      continue;
    }
    const { row } = worst;
    const carriers = others.map((other) => quote(other.adName)).join(', ');
    drafts.push({
      rule: 'rotate',
      alsoRules: [],
      adsetId: adset.id,
      adsetName: adset.name,
      campaignId: adset.campaignId,
      campaignName,
      target: { type: 'ad', id: row.adId, name: row.adName },
      action: 'pause',
      before: { status: 'ACTIVE', dailyBudgetCents: null },
      after: { status: 'PAUSED', dailyBudgetCents: null },
      reason: `ad ${quote(row.adName)}: ${worst.reasons.join('; ')}. Still active in the ad set, carrying its budget: ${carriers}`,
      figures: {
        window: settings.window,
        since: input.window.range.since,
        until: input.window.range.until,
        spendCents: row.spendCents,
        impressions: row.impressions,
        leads: row.leads,
        frequency: row.frequency,
      },
      urgent: false,
      severity: worst.severity,
    });
  }
  return { drafts, skipped };
}
