// The rules' settings in force for one account: what it stored over the defaults. A money
// threshold with no default in the account's currency is null, and the checks needing it are off.
import type { CurrencyCode, Minor } from '../money.js';
import { type SettingValue, valueInForce } from '../settings/values.js';
import {
  keysOf,
  LIMIT_DEFINITIONS,
  LIMITS_GROUP,
  RULE_DEFINITIONS,
  RULE_NAMES,
  type RuleName,
  type SettingGroup,
} from './definitions.js';

interface RuleBase {
  enabled: boolean;
  /** A Meta date preset, e.g. `last_3d`. */
  window: string;
}

/** Money is in the account currency's Meta unit (cents, whole yen); null = not set, its check off. */
export interface KillSettings extends RuleBase {
  maxCpl: Minor | null;
  minImpressions: number;
  maxSpendWithoutLeads: Minor | null;
}

export interface ScaleSettings extends RuleBase {
  maxCpl: Minor | null;
  minLeads: number;
  stepPct: number;
}

export interface FatigueSettings extends RuleBase {
  maxFrequency: number;
}

export interface ProtectSettings extends RuleBase {
  maxSpendWithoutLeads: Minor | null;
}

export interface RebalanceSettings extends RuleBase {
  targetCpl: Minor | null;
  scaleBelow: number;
  reduceAbove: number;
  reducePct: number;
  pauseAbove: number;
  scalePct: number;
}

/** Creative rotation: judged per ad from ad-level insights (its own two calls), not from `window`. */
export interface RotateSettings extends RuleBase {
  maxFrequency: number;
  ctrDropPct: number;
}

export interface Limits {
  maxChangePct: number;
  maxChangesPerDay: number;
  cooldownHours: number;
  worseByPct: number;
}

export interface RuleSettings {
  /** The account's currency: every money value here is in it. */
  currency: CurrencyCode;
  kill: KillSettings;
  scale: ScaleSettings;
  fatigue: FatigueSettings;
  protect: ProtectSettings;
  rebalance: RebalanceSettings;
  rotate: RotateSettings;
  limits: Limits;
}

/** What one account stored: `scope.key` → value (money in its Meta unit), and `rule.enabled` → boolean. */
export type StoredSettings = ReadonlyMap<string, SettingValue>;

/** A rule on or off in this account: stored, else its default. */
export function ruleEnabled(stored: StoredSettings, rule: RuleName): boolean {
  const enabled = stored.get(`${rule}.enabled`);
  return typeof enabled === 'boolean' ? enabled : RULE_DEFINITIONS[rule].enabled;
}

/** One key's value in force (null: a money key with nothing set in a currency without its default). */
export function settingInForce(
  stored: StoredSettings,
  group: SettingGroup,
  key: string,
  currency: CurrencyCode,
): SettingValue | null {
  const definition = keysOf(group)[key];
  if (!definition) throw new Error(`no setting ${group}.${key}`);
  return valueInForce(definition, stored.get(`${group}.${key}`), currency);
}

/** The limits: no money among them, so the same whatever the currency. */
export function resolveLimits(stored: StoredSettings = new Map()): Limits {
  const num = (key: string): number => {
    const value = stored.get(`${LIMITS_GROUP}.${key}`);
    return typeof value === 'number' ? value : Number(LIMIT_DEFINITIONS[key]?.default ?? 0);
  };
  return {
    maxChangePct: num('max_change_pct'),
    maxChangesPerDay: num('max_changes_per_day'),
    cooldownHours: num('cooldown_hours'),
    worseByPct: num('worse_by_pct'),
  };
}

/** The settings in force for an account in `currency`: each stored value over what applies until set. */
export function resolveRuleSettings(stored: StoredSettings, currency: CurrencyCode): RuleSettings {
  const value = (group: SettingGroup, key: string) => settingInForce(stored, group, key, currency);
  const num = (group: SettingGroup, key: string): number => Number(value(group, key) ?? 0);
  const money = (group: SettingGroup, key: string): Minor | null => {
    const amount = value(group, key);
    return typeof amount === 'number' ? amount : null;
  };
  const base = (rule: RuleName): RuleBase => ({
    enabled: ruleEnabled(stored, rule),
    window: String(value(rule, 'window')),
  });
  return {
    currency,
    kill: {
      ...base('kill'),
      maxCpl: money('kill', 'max_cpl'),
      minImpressions: num('kill', 'min_impressions'),
      maxSpendWithoutLeads: money('kill', 'max_spend_without_leads'),
    },
    scale: {
      ...base('scale'),
      maxCpl: money('scale', 'max_cpl'),
      minLeads: num('scale', 'min_leads'),
      stepPct: num('scale', 'step_pct'),
    },
    fatigue: { ...base('fatigue'), maxFrequency: num('fatigue', 'max_frequency') },
    protect: { ...base('protect'), maxSpendWithoutLeads: money('protect', 'max_spend_without_leads') },
    rebalance: {
      ...base('rebalance'),
      targetCpl: money('rebalance', 'target_cpl'),
      scaleBelow: num('rebalance', 'scale_below'),
      reduceAbove: num('rebalance', 'reduce_above'),
      reducePct: num('rebalance', 'reduce_pct'),
      pauseAbove: num('rebalance', 'pause_above'),
      scalePct: num('rebalance', 'scale_pct'),
    },
    rotate: {
      ...base('rotate'),
      maxFrequency: num('rotate', 'max_frequency'),
      ctrDropPct: num('rotate', 'ctr_drop_pct'),
    },
    limits: resolveLimits(stored),
  };
}

/**
 * The money keys a rule's checks need, each with the check it drives: with all of them unset
 * the rule has nothing to check in this account.
 */
export const MONEY_NEEDS: Record<RuleName, readonly string[]> = {
  kill: ['max_cpl', 'max_spend_without_leads'],
  scale: ['max_cpl'],
  fatigue: [],
  protect: ['max_spend_without_leads'],
  rebalance: ['target_cpl'],
  rotate: [],
};

/** True when the rule is on and at least one of its checks can run (the money it needs is set). */
export function ruleActive(settings: RuleSettings, rule: RuleName): boolean {
  if (!settings[rule].enabled) return false;
  switch (rule) {
    case 'kill':
      return settings.kill.maxCpl !== null || settings.kill.maxSpendWithoutLeads !== null;
    case 'scale':
      return settings.scale.maxCpl !== null;
    case 'fatigue':
      return true;
    case 'protect':
      return settings.protect.maxSpendWithoutLeads !== null;
    case 'rebalance':
      return settings.rebalance.targetCpl !== null;
    case 'rotate':
      return true;
  }
}

/** Rules judged per ad from their own ad-level calls, not per ad set from a window's. */
export const AD_LEVEL_RULES: readonly RuleName[] = ['rotate'];

/** The distinct windows the active ad-set rules read, in rule order. */
export function windowsNeeded(settings: RuleSettings): string[] {
  const windows: string[] = [];
  for (const rule of RULE_NAMES) {
    if (AD_LEVEL_RULES.includes(rule)) continue;
    const { window } = settings[rule];
    if (ruleActive(settings, rule) && !windows.includes(window)) windows.push(window);
  }
  return windows;
}
