// From a rule's verdict to a concrete change on the right Meta object — or a reason why not.
import type { AdObjectRef, AdObjectState, AdSetState } from '../meta/ad-account.js';
import { type CurrencyCode, currencyOffset, formatMoney, type Minor, minorFromDecimal } from '../money.js';
import type { RuleName } from './definitions.js';
import type { Figures, Severity, Verdict } from './types.js';

/**
 * The least daily budget LeadOps lowers to: one whole unit of the currency ($1.00, €1.00, ¥1).
 * Meta's own minimums vary by currency and bid type; a lower one is refused by Meta and said so.
 */
export function minDailyBudget(currency: CurrencyCode): Minor {
  return currencyOffset(currency);
}

export type ProposalAction =
  | 'pause'
  | 'resume'
  | 'raise_budget'
  | 'lower_budget'
  /** Copy an ad set with its ads (Meta's `/copies`), at a budget, then turn the copy on. */
  | 'duplicate'
  /** Create a lookalike audience of a customer list on the ad account. */
  | 'create_lookalike';

/** A command that proposes a change itself (not a rule): stored in the proposal's `rule`. */
export type CommandOrigin = '/adsets' | '/audience';

/** Who proposed it: a rule, or a person through a command. */
export type ProposalOrigin = RuleName | CommandOrigin;

export function isCommandOrigin(origin: string): origin is CommandOrigin {
  return origin === '/adsets' || origin === '/audience';
}

/** What a proposal's object is: an ad, ad set or campaign, or the ad account itself (an audience). */
export interface ProposalTarget {
  type: AdObjectRef['type'] | 'account';
  id: string;
  name: string;
}

/** What a lookalike proposal creates, from which source (its customer list, already uploaded). */
export interface LookalikePlay {
  kind: 'lookalike';
  /** The new audience's name. */
  name: string;
  /** 0.01–0.10 (Meta's 1%–10%). */
  ratio: number;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** How the country was chosen, in words (`given`, `most leads' phones`, `DEFAULT_COUNTRY_CODE`). */
  countryFrom: string;
  sourceAudienceId: string;
  sourceName: string;
  /** People in the source when proposed. */
  sourceSize: number;
  /** The source carries each signed case's value (`LOOKALIKE_VALUE`). */
  valueBased: boolean;
}

/** The inputs of a play beyond status and budget (stored as JSON in `play`). */
export type Play = LookalikePlay;

/** What Meta created while applying (stored as JSON in `result`), so a message can link it. */
export interface PlayResult {
  /** The ad set copy (`duplicate`). */
  copyId?: string;
  /** Its ads' copies, with the ads they copy and whether those were on. */
  adCopies?: { sourceId: string; copyId: string; active: boolean }[];
  /** The lookalike audience (`create_lookalike`). */
  audienceId?: string;
}

/** What a proposal assumes the object looks like, and what it should look like after. */
export interface ObjectSnapshot {
  status: string;
  /** In the account currency's Meta unit, as Meta's `daily_budget` (cents, whole yen). */
  dailyBudgetCents: Minor | null;
}

export interface ProposalDraft {
  rule: ProposalOrigin;
  /** Other rules that fired for the same ad set and lost to this one. */
  alsoRules: RuleName[];
  adsetId: string;
  adsetName: string;
  campaignId: string;
  campaignName: string;
  target: ProposalTarget;
  action: ProposalAction;
  before: ObjectSnapshot;
  after: ObjectSnapshot;
  reason: string;
  figures: Figures;
  urgent: boolean;
  severity: Severity | null;
  /** A play's own inputs (a lookalike's spec); absent for status and budget changes. */
  play?: Play | null;
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
  /** MAX_DAILY_BUDGET in the account's currency (its Meta unit); null → no ceiling. */
  maxDailyBudget: Minor | null;
  maxChangePct: number;
  currency: CurrencyCode;
}

export interface Decision {
  adset: AdSetState;
  campaignName: string;
  adsetName: string;
  verdict: Verdict;
  alsoRules: RuleName[];
}

/**
 * MAX_DAILY_BUDGET for one account: the configured decimal read in that account's own currency
 * (`500` is $500.00 in a USD account, ¥500 in a JPY one), at the moment it is needed.
 */
export function dailyBudgetCeiling(configured: string | null, currency: CurrencyCode): Minor | null {
  return configured === null ? null : minorFromDecimal(configured, currency);
}

export function isProtected(protectedList: readonly string[], ...idsAndNames: string[]): boolean {
  return idsAndNames.some((value) => value !== '' && protectedList.includes(value));
}

/**
 * The new daily budget, in the currency's Meta unit as Meta counts `daily_budget` (cents, whole
 * yen): old × (100 + pct) / 100 rounded to that unit, the step capped at ±maxChangePct, never
 * above the ceiling nor below one whole unit of the currency.
 */
export function changedBudget(
  old: Minor,
  changePct: number,
  maxChangePct: number,
  ceiling: Minor | null,
  currency: CurrencyCode,
): { amount: Minor } | { why: string } {
  const step = Math.sign(changePct) * Math.min(Math.abs(changePct), maxChangePct);
  let amount = Math.round((old * (100 + step)) / 100);
  if (step > 0 && ceiling !== null) {
    if (old >= ceiling)
      return {
        why: `its budget is already at the ${formatMoney(ceiling, currency)}/day ceiling (MAX_DAILY_BUDGET)`,
      };
    amount = Math.min(amount, ceiling);
  }
  if (step < 0) {
    const floor = minDailyBudget(currency);
    if (old <= floor)
      return { why: `its budget is already at the ${formatMoney(floor, currency)}/day minimum` };
    amount = Math.max(amount, floor);
  }
  if (amount === old) return { why: 'the change rounds to nothing' };
  return { amount };
}

/** True when the budget change would have to be made on the campaign (Advantage campaign budget). */
export function budgetLivesOnCampaign(adset: AdSetState): boolean {
  return adset.dailyBudgetCents === null && adset.lifetimeBudgetCents === null;
}

/**
 * The change for the winning verdict: a pause on the ad set; a budget change on the ad set's
 * daily budget, or on the campaign's when the budget lives there and this ad set is its only
 * active one. Lifetime budgets and shared campaign budgets get an explanation, never a write.
 * A raise of an ad set's own budget already at MAX_DAILY_BUDGET becomes a copy of the ad set
 * (`duplicate`, guide §3) at the ceiling's budget: more of a winner without crossing the ceiling.
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
  let state: { status: string; dailyBudgetCents: Minor | null };
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
  const next = changedBudget(old, changePct, guard.maxChangePct, guard.maxDailyBudget, guard.currency);
  const before = { status: state.status, dailyBudgetCents: old };
  const ceiling = guard.maxDailyBudget;
  if ('why' in next && changePct > 0 && target.type === 'adset' && ceiling !== null && old >= ceiling) {
    // A winner already at the ceiling: a copy of it (with its ads) at that budget instead of a raise.
    return {
      draft: {
        ...base,
        target,
        action: 'duplicate',
        before,
        after: { status: 'ACTIVE', dailyBudgetCents: ceiling },
        reason: `${verdict.reason}; its budget is already at the ${formatMoney(ceiling, guard.currency)}/day ceiling (MAX_DAILY_BUDGET), so a copy of it at that budget instead of a raise`,
      },
    };
  }
  if ('why' in next) return skip(next.why);
  return {
    draft: { ...base, target, action, before, after: { ...before, dailyBudgetCents: next.amount } },
  };
}
