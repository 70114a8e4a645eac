// The rules' and limits' keys, described in the one settings framework (src/settings/values.ts):
// typed, checked and shown in the account's currency. Money defaults (in US cents) hold for USD
// accounts only; another currency's account has none until someone sets one.
import type { KeyDefinition } from '../settings/values.js';

/** The rules, in the order they are listed; defaults from the reference guide §7. */
export const RULE_NAMES = ['kill', 'scale', 'fatigue', 'protect', 'rebalance', 'rotate'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** Settings that bound every proposal rather than belonging to one rule. */
export const LIMITS_GROUP = 'limits';
export type SettingGroup = RuleName | typeof LIMITS_GROUP;

const WINDOW_KEY = (fallback: string): KeyDefinition => ({
  kind: 'window',
  default: fallback,
  help: 'the insights window the rule reads',
});

export const RULE_DEFINITIONS: Record<
  RuleName,
  { enabled: boolean; summary: string; keys: Record<string, KeyDefinition> }
> = {
  kill: {
    enabled: true,
    summary:
      'pause the ad set when CPL > max_cpl with impressions > min_impressions, or spend > max_spend_without_leads with 0 leads',
    keys: {
      window: WINDOW_KEY('last_3d'),
      max_cpl: { kind: 'money', default: 5000, min: 1, help: 'cost per lead above which to pause' },
      min_impressions: { kind: 'count', default: 1000, min: 0, help: 'impressions needed before CPL counts' },
      max_spend_without_leads: {
        kind: 'money',
        default: 10_000,
        min: 1,
        help: 'spend with no lead above which to pause',
      },
    },
  },
  scale: {
    enabled: true,
    summary: 'raise the daily budget by step_pct when CPL < max_cpl and leads > min_leads',
    keys: {
      window: WINDOW_KEY('last_3d'),
      max_cpl: { kind: 'money', default: 2500, min: 1, help: 'cost per lead below which to scale' },
      min_leads: { kind: 'count', default: 5, min: 0, help: 'scale only with more leads than this' },
      step_pct: {
        kind: 'percent',
        default: 20,
        min: 1,
        max: 100,
        help: 'budget increase, capped by limits.max_change_pct',
      },
    },
  },
  fatigue: {
    enabled: true,
    summary: 'pause the ad set when frequency > max_frequency',
    keys: {
      window: WINDOW_KEY('last_7d'),
      max_frequency: {
        kind: 'decimal',
        default: 4,
        min: 1,
        max: 100,
        help: 'impressions per person above which to pause',
      },
    },
  },
  protect: {
    enabled: true,
    summary: 'pause at once (urgent, approvers mentioned) when spend > max_spend_without_leads with 0 leads',
    keys: {
      window: WINDOW_KEY('today'),
      max_spend_without_leads: {
        kind: 'money',
        default: 30_000,
        min: 1,
        help: 'spend with no lead above which to pause',
      },
    },
  },
  rebalance: {
    enabled: false,
    summary:
      'against target_cpl: below scale_below× → +scale_pct; above reduce_above× → −reduce_pct; above pause_above× → pause',
    keys: {
      window: WINDOW_KEY('last_3d'),
      target_cpl: { kind: 'money', default: 4000, min: 1, help: 'the cost per lead aimed at' },
      scale_below: {
        kind: 'ratio',
        default: 0.7,
        min: 0.01,
        max: 1,
        help: 'CPL below this × target → scale',
      },
      reduce_above: {
        kind: 'ratio',
        default: 1.2,
        min: 1,
        max: 10,
        help: 'CPL above this × target → reduce',
      },
      reduce_pct: { kind: 'percent', default: 15, min: 1, max: 90, help: 'budget decrease' },
      pause_above: { kind: 'ratio', default: 1.5, min: 1, max: 10, help: 'CPL above this × target → pause' },
      scale_pct: { kind: 'percent', default: 20, min: 1, max: 100, help: 'budget increase' },
    },
  },
  rotate: {
    enabled: true,
    summary:
      'pause an ad (never its ad set’s last active one) when its frequency > max_frequency or its CTR over the last 3 days fell > ctr_drop_pct against the 7 days before',
    keys: {
      window: WINDOW_KEY('last_7d'),
      max_frequency: {
        kind: 'decimal',
        default: 3.5,
        min: 1,
        max: 100,
        help: 'an ad’s impressions per person above which to rotate it out',
      },
      ctr_drop_pct: {
        kind: 'percent',
        default: 30,
        min: 1,
        max: 100,
        help: 'how far an ad’s CTR over the last 3 days may fall against the 7 days before',
      },
    },
  },
};

export const LIMIT_DEFINITIONS: Record<string, KeyDefinition> = {
  max_change_pct: {
    kind: 'percent',
    default: 20,
    min: 1,
    max: 100,
    help: 'the largest budget change one proposal makes (bigger edits restart Meta’s learning phase)',
  },
  max_changes_per_day: {
    kind: 'count',
    default: 2,
    min: 1,
    max: 50,
    help: 'applied changes per ad set in any 24 hours',
  },
  cooldown_hours: {
    kind: 'hours',
    default: 24,
    min: 0,
    max: 720,
    help: 'a pending, rejected or applied proposal is not proposed again for this long',
  },
  worse_by_pct: {
    kind: 'percent',
    default: 20,
    min: 1,
    max: 1000,
    help: 'how much worse the figures must get to propose again within the cooldown',
  },
};

export function isRuleName(name: string): name is RuleName {
  return (RULE_NAMES as readonly string[]).includes(name);
}

export function keysOf(group: SettingGroup): Record<string, KeyDefinition> {
  return group === LIMITS_GROUP ? LIMIT_DEFINITIONS : RULE_DEFINITIONS[group].keys;
}
