// From a rule's verdict to a concrete change on the right Meta object — or a reason why not.
import type { AdObjectRef, AdObjectState, AdSetState } from '../meta/ad-account.js';
import { type Cents, formatDollars } from '../money.js';
import type { RuleName } from './definitions.js';
import type { Figures, Severity, Verdict } from './types.js';

/** Meta refuses daily budgets under $1.00. */
export const MIN_DAILY_BUDGET_CENTS = 100;

export type ProposalAction = 'pause' | 'resume' | 'raise_budget' | 'lower_budget';

/** What a proposal assumes the object looks like, and what it should look like after. */
export interface ObjectSnapshot {
  status: string;
  dailyBudgetCents: Cents | null;
}

export interface ProposalDraft {
  rule: RuleName;
  /** Other rules that fired for the same ad set and lost to this one. */
  alsoRules: RuleName[];
  adsetId: string;
  adsetName: string;
  campaignId: string;
  campaignName: string;
  target: AdObjectRef & { name: string };
  action: ProposalAction;
  before: ObjectSnapshot;
  after: ObjectSnapshot;
  reason: string;
  figures: Figures;
  urgent: boolean;
  severity: Severity | null;
}

export interface Skipped {
  adsetId: string;
  adsetName: string;
  rule: RuleName;
  why: string;
}

export interface Guardrails {
  /** Campaign or ad set ids or exact names never proposed for change. */
  protected: readonly string[];
  maxDailyBudgetCents: Cents | null;
  maxChangePct: number;
}

export interface Decision {
  adset: AdSetState;
  campaignName: string;
  adsetName: string;
  verdict: Verdict;
  alsoRules: RuleName[];
}

export function isProtected(protectedList: readonly string[], ...idsAndNames: string[]): boolean {
  return idsAndNames.some((value) => value !== '' && protectedList.includes(value));
}

/**
 * The new daily budget: old × (100 + pct) / 100 rounded to the cent, the step capped at
 * ±maxChangePct, never above the ceiling nor below Meta's $1.00.
 */
export function changedBudget(
  oldCents: Cents,
  changePct: number,
  maxChangePct: number,
  ceilingCents: Cents | null,
): { cents: Cents } | { why: string } {
  const step = Math.sign(changePct) * Math.min(Math.abs(changePct), maxChangePct);
  let cents = Math.round((oldCents * (100 + step)) / 100);
  if (step > 0 && ceilingCents !== null) {
    if (oldCents >= ceilingCents)
      return {
        why: `its budget is already at the ${formatDollars(ceilingCents)}/day ceiling (MAX_DAILY_BUDGET)`,
      };
    cents = Math.min(cents, ceilingCents);
  }
  if (step < 0) {
    if (oldCents <= MIN_DAILY_BUDGET_CENTS)
      return { why: `its budget is already at Meta’s ${formatDollars(MIN_DAILY_BUDGET_CENTS)}/day minimum` };
    cents = Math.max(cents, MIN_DAILY_BUDGET_CENTS);
  }
  if (cents === oldCents) return { why: 'the change rounds to nothing' };
  return { cents };
}

/** True when the budget change would have to be made on the campaign (Advantage campaign budget). */
export function budgetLivesOnCampaign(adset: AdSetState): boolean {
  return adset.dailyBudgetCents === null && adset.lifetimeBudgetCents === null;
}

/**
 * The change for the winning verdict: a pause on the ad set; a budget change on the ad set's
 * daily budget, or on the campaign's when the budget lives there and this ad set is its only
 * active one. Lifetime budgets and shared campaign budgets get an explanation, never a write.
 */
export function planProposal(
  decision: Decision,
  guard: Guardrails,
  campaign: { state: AdObjectState | null; activeAdSets: number },
): { draft: ProposalDraft } | { skipped: Skipped } {
  const { adset, verdict, campaignName, adsetName } = decision;
  const skip = (why: string) => ({ skipped: { adsetId: adset.id, adsetName, rule: verdict.rule, why } });
  const base = {
    rule: verdict.rule,
    alsoRules: decision.alsoRules,
    adsetId: adset.id,
    adsetName,
    campaignId: adset.campaignId,
    campaignName,
    reason: verdict.reason,
    figures: verdict.figures,
    urgent: verdict.urgent,
    severity: verdict.severity,
  };
  if (verdict.action === 'pause') {
    if (adset.status !== 'ACTIVE') return skip(`it is ${adset.status}, not ACTIVE`);
    const before = { status: adset.status, dailyBudgetCents: adset.dailyBudgetCents };
    return {
      draft: {
        ...base,
        target: { type: 'adset', id: adset.id, name: adsetName },
        action: 'pause',
        before,
        after: { ...before, status: 'PAUSED' },
      },
    };
  }
  const changePct = verdict.changePct ?? 0;
  const action = changePct > 0 ? 'raise_budget' : 'lower_budget';
  if (adset.lifetimeBudgetCents !== null) {
    return skip('it uses a lifetime budget; LeadOps only changes daily budgets — adjust it in Ads Manager');
  }
  let target: ProposalDraft['target'];
  let state: { status: string; dailyBudgetCents: Cents | null };
  if (adset.dailyBudgetCents !== null) {
    target = { type: 'adset', id: adset.id, name: adsetName };
    state = adset;
  } else {
    if (campaign.activeAdSets !== 1) {
      return skip(
        `its budget is set on the campaign “${campaignName}” (Advantage campaign budget), shared by ${campaign.activeAdSets} active ad sets; change the campaign budget in Ads Manager if they should all move`,
      );
    }
    if (
      !campaign.state ||
      campaign.state.lifetimeBudgetCents !== null ||
      campaign.state.dailyBudgetCents === null
    ) {
      return skip(`its campaign “${campaignName}” has no daily budget LeadOps can change`);
    }
    target = { type: 'campaign', id: campaign.state.id, name: campaign.state.name };
    state = campaign.state;
  }
  const old = state.dailyBudgetCents ?? 0;
  const next = changedBudget(old, changePct, guard.maxChangePct, guard.maxDailyBudgetCents);
  if ('why' in next) return skip(next.why);
  const before = { status: state.status, dailyBudgetCents: old };
  return {
    draft: { ...base, target, action, before, after: { ...before, dailyBudgetCents: next.cents } },
  };
}
