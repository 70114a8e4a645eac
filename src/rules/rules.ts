// The rules as plain functions: one ad set's figures in, a verdict (or none) out.
// Cost-per-lead comparisons are made on integers (spend against threshold × leads), never on a
// rounded CPL, so a threshold edge is decided exactly.
import { type CurrencyCode, costPer, formatCount, formatMoney } from '../money.js';
import type { RuleName } from './definitions.js';
import {
  type FatigueSettings,
  type KillSettings,
  type ProtectSettings,
  type RebalanceSettings,
  type RuleSettings,
  ruleActive,
  type ScaleSettings,
} from './settings.js';
import type { Figures, Verdict, VerdictAction } from './types.js';

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** `CPL $61.00`, `CPL ¥3,200`: spend ÷ leads to the currency's unit (only called with leads > 0). */
function cplText(figures: Figures, currency: CurrencyCode): string {
  return `CPL ${formatMoney(costPer(figures.spendCents, figures.leads) ?? 0, currency)}`;
}

/** A ratio like 0.7 as an integer in ten-thousandths, so comparisons stay exact. */
function basisPoints(ratio: number): number {
  return Math.round(ratio * 10_000);
}

/** Each test is off while its threshold is not set (an account in a currency with no default). */
export function killRule(settings: KillSettings, figures: Figures, currency: CurrencyCode): Verdict | null {
  const { spendCents, leads, impressions } = figures;
  const money = (amount: number) => formatMoney(amount, currency);
  const { maxCpl, maxSpendWithoutLeads } = settings;
  if (maxCpl !== null && leads > 0 && spendCents > maxCpl * leads && impressions > settings.minImpressions) {
    return {
      rule: 'kill',
      action: 'pause',
      changePct: null,
      reason: `${cplText(figures, currency)} is above ${money(maxCpl)} with ${plural(impressions, 'impression')} (more than ${formatCount(settings.minImpressions)})`,
      figures,
      urgent: false,
      severity: { metric: 'cpl', value: spendCents / leads },
    };
  }
  if (maxSpendWithoutLeads !== null && leads === 0 && spendCents > maxSpendWithoutLeads) {
    return {
      rule: 'kill',
      action: 'pause',
      changePct: null,
      reason: `${money(spendCents)} spent with no leads (more than ${money(maxSpendWithoutLeads)})`,
      figures,
      urgent: false,
      severity: { metric: 'spend', value: spendCents },
    };
  }
  return null;
}

/** Off while max_cpl is not set. */
export function scaleRule(settings: ScaleSettings, figures: Figures, currency: CurrencyCode): Verdict | null {
  const { spendCents, leads } = figures;
  const { maxCpl } = settings;
  if (maxCpl !== null && leads > settings.minLeads && spendCents < maxCpl * leads) {
    return {
      rule: 'scale',
      action: 'scale',
      changePct: settings.stepPct,
      reason: `${cplText(figures, currency)} is below ${formatMoney(maxCpl, currency)} with ${plural(leads, 'lead')} (more than ${formatCount(settings.minLeads)})`,
      figures,
      urgent: false,
      severity: null,
    };
  }
  return null;
}

export function fatigueRule(settings: FatigueSettings, figures: Figures): Verdict | null {
  const { frequency } = figures;
  if (frequency === null || !(frequency > settings.maxFrequency)) return null;
  return {
    rule: 'fatigue',
    action: 'pause',
    changePct: null,
    reason: `frequency ${frequency.toFixed(2)} is above ${settings.maxFrequency.toFixed(2)}`,
    figures,
    urgent: false,
    severity: { metric: 'frequency', value: frequency },
  };
}

/** Off while max_spend_without_leads is not set. */
export function protectRule(
  settings: ProtectSettings,
  figures: Figures,
  currency: CurrencyCode,
): Verdict | null {
  const { spendCents, leads } = figures;
  const limit = settings.maxSpendWithoutLeads;
  if (limit === null || leads !== 0 || spendCents <= limit) return null;
  return {
    rule: 'protect',
    action: 'pause',
    changePct: null,
    reason: `${formatMoney(spendCents, currency)} spent with no leads (more than ${formatMoney(limit, currency)})`,
    figures,
    urgent: true,
    severity: { metric: 'spend', value: spendCents },
  };
}

/** Off while target_cpl is not set. */
export function rebalanceRule(
  settings: RebalanceSettings,
  figures: Figures,
  currency: CurrencyCode,
): Verdict | null {
  const { spendCents, leads } = figures;
  const target = settings.targetCpl;
  if (target === null || leads === 0) return null;
  // spend / leads compared with target × ratio, all in integers.
  const scaled = spendCents * 10_000;
  const bound = (ratio: number) => target * basisPoints(ratio) * leads;
  const times = (Math.round((spendCents * 100) / (leads * target)) / 100).toFixed(2);
  const versus = `${cplText(figures, currency)} is ${times}× the ${formatMoney(target, currency)} target`;
  const severity = { metric: 'cpl' as const, value: spendCents / leads };
  const verdict = (action: VerdictAction, changePct: number | null, edge: string): Verdict => ({
    rule: 'rebalance',
    action,
    changePct,
    reason: `${versus} (${edge})`,
    figures,
    urgent: false,
    severity: action === 'scale' ? null : severity,
  });
  if (scaled > bound(settings.pauseAbove)) return verdict('pause', null, `above ${settings.pauseAbove}×`);
  if (scaled > bound(settings.reduceAbove))
    return verdict('reduce', -settings.reducePct, `above ${settings.reduceAbove}×`);
  if (scaled < bound(settings.scaleBelow))
    return verdict('scale', settings.scalePct, `below ${settings.scaleBelow}×`);
  return null;
}

/** Every active rule's verdict for one ad set; `figuresFor` gives its figures over a window. */
export function verdictsFor(settings: RuleSettings, figuresFor: (window: string) => Figures): Verdict[] {
  const { currency } = settings;
  const checks: [RuleName, (figures: Figures) => Verdict | null][] = [
    ['protect', (f) => protectRule(settings.protect, f, currency)],
    ['kill', (f) => killRule(settings.kill, f, currency)],
    ['fatigue', (f) => fatigueRule(settings.fatigue, f)],
    ['rebalance', (f) => rebalanceRule(settings.rebalance, f, currency)],
    ['scale', (f) => scaleRule(settings.scale, f, currency)],
  ];
  const verdicts: Verdict[] = [];
  for (const [rule, check] of checks) {
    if (!ruleActive(settings, rule)) continue;
    const verdict = check(figuresFor(settings[rule].window));
    if (verdict) verdicts.push(verdict);
  }
  return verdicts;
}

const PROTECTIVENESS: Record<VerdictAction, number> = { pause: 3, reduce: 2, scale: 1 };

/**
 * One proposal per ad set: pause > reduce > scale. Among equals the urgent one, then the
 * bigger cut (or the smaller raise), then rule order (protect, kill, fatigue, rebalance, scale).
 */
export function mostProtective(verdicts: readonly Verdict[]): Verdict | null {
  let best: Verdict | null = null;
  for (const verdict of verdicts) {
    if (!best) {
      best = verdict;
      continue;
    }
    const rank = PROTECTIVENESS[verdict.action] - PROTECTIVENESS[best.action];
    const urgency = Number(verdict.urgent) - Number(best.urgent);
    const change = (best.changePct ?? 0) - (verdict.changePct ?? 0);
    if (rank > 0 || (rank === 0 && (urgency > 0 || (urgency === 0 && change > 0)))) best = verdict;
  }
  return best;
}
