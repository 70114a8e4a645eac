// The rules as plain functions: one ad set's figures in, a verdict (or none) out.
// Cost-per-lead comparisons are made on integers (spend against threshold × leads), never on a
// rounded CPL, so a threshold edge is decided exactly.
import { costPer, formatCount, formatDollars } from '../money.js';
import type { RuleName } from './definitions.js';
import type {
  FatigueSettings,
  KillSettings,
  ProtectSettings,
  RebalanceSettings,
  RuleSettings,
  ScaleSettings,
} from './settings.js';
import type { Figures, Verdict, VerdictAction } from './types.js';

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** `CPL $61.00`: spend ÷ leads to the cent (only called with leads > 0). */
function cplText(figures: Figures): string {
  return `CPL ${formatDollars(costPer(figures.spendCents, figures.leads) ?? 0)}`;
}

/** A ratio like 0.7 as an integer in ten-thousandths, so comparisons stay exact. */
function basisPoints(ratio: number): number {
  return Math.round(ratio * 10_000);
}

export function killRule(settings: KillSettings, figures: Figures): Verdict | null {
  const { spendCents, leads, impressions } = figures;
  if (leads > 0 && spendCents > settings.maxCplCents * leads && impressions > settings.minImpressions) {
    return {
      rule: 'kill',
      action: 'pause',
      changePct: null,
      reason: `${cplText(figures)} is above ${formatDollars(settings.maxCplCents)} with ${plural(impressions, 'impression')} (more than ${formatCount(settings.minImpressions)})`,
      figures,
      urgent: false,
      severity: { metric: 'cpl', value: spendCents / leads },
    };
  }
  if (leads === 0 && spendCents > settings.maxSpendWithoutLeadsCents) {
    return {
      rule: 'kill',
      action: 'pause',
      changePct: null,
      reason: `${formatDollars(spendCents)} spent with no leads (more than ${formatDollars(settings.maxSpendWithoutLeadsCents)})`,
      figures,
      urgent: false,
      severity: { metric: 'spend', value: spendCents },
    };
  }
  return null;
}

export function scaleRule(settings: ScaleSettings, figures: Figures): Verdict | null {
  const { spendCents, leads } = figures;
  if (leads > settings.minLeads && spendCents < settings.maxCplCents * leads) {
    return {
      rule: 'scale',
      action: 'scale',
      changePct: settings.stepPct,
      reason: `${cplText(figures)} is below ${formatDollars(settings.maxCplCents)} with ${plural(leads, 'lead')} (more than ${formatCount(settings.minLeads)})`,
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

export function protectRule(settings: ProtectSettings, figures: Figures): Verdict | null {
  const { spendCents, leads } = figures;
  if (leads !== 0 || spendCents <= settings.maxSpendWithoutLeadsCents) return null;
  return {
    rule: 'protect',
    action: 'pause',
    changePct: null,
    reason: `${formatDollars(spendCents)} spent with no leads (more than ${formatDollars(settings.maxSpendWithoutLeadsCents)})`,
    figures,
    urgent: true,
    severity: { metric: 'spend', value: spendCents },
  };
}

export function rebalanceRule(settings: RebalanceSettings, figures: Figures): Verdict | null {
  const { spendCents, leads } = figures;
  if (leads === 0) return null;
  const target = settings.targetCplCents;
  // spend / leads compared with target × ratio, all in integers.
  const scaled = spendCents * 10_000;
  const bound = (ratio: number) => target * basisPoints(ratio) * leads;
  const times = (Math.round((spendCents * 100) / (leads * target)) / 100).toFixed(2);
  const versus = `${cplText(figures)} is ${times}× the ${formatDollars(target)} target`;
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

/** Every enabled rule's verdict for one ad set; `figuresFor` gives its figures over a window. */
export function verdictsFor(settings: RuleSettings, figuresFor: (window: string) => Figures): Verdict[] {
  const checks: [RuleName, (figures: Figures) => Verdict | null][] = [
    ['protect', (f) => protectRule(settings.protect, f)],
    ['kill', (f) => killRule(settings.kill, f)],
    ['fatigue', (f) => fatigueRule(settings.fatigue, f)],
    ['rebalance', (f) => rebalanceRule(settings.rebalance, f)],
    ['scale', (f) => scaleRule(settings.scale, f)],
  ];
  const verdicts: Verdict[] = [];
  for (const [rule, check] of checks) {
    if (!settings[rule].enabled) continue;
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
