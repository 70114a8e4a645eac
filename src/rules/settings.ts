import type { Cents } from '../money.js';
import {
  keysOf,
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

export interface KillSettings extends RuleBase {
  maxCplCents: Cents;
  minImpressions: number;
  maxSpendWithoutLeadsCents: Cents;
}

export interface ScaleSettings extends RuleBase {
  maxCplCents: Cents;
  minLeads: number;
  stepPct: number;
}

export interface FatigueSettings extends RuleBase {
  maxFrequency: number;
}

export interface ProtectSettings extends RuleBase {
  maxSpendWithoutLeadsCents: Cents;
}

export interface RebalanceSettings extends RuleBase {
  targetCplCents: Cents;
  scaleBelow: number;
  reduceAbove: number;
  reducePct: number;
  pauseAbove: number;
  scalePct: number;
}

export interface Limits {
  maxChangePct: number;
  maxChangesPerDay: number;
  cooldownHours: number;
  worseByPct: number;
}

export interface RuleSettings {
  kill: KillSettings;
  scale: ScaleSettings;
  fatigue: FatigueSettings;
  protect: ProtectSettings;
  rebalance: RebalanceSettings;
  limits: Limits;
}

/** What is stored: `group.key` → value (cents for dollars), and `rule.enabled` → boolean. */
export type StoredSettings = ReadonlyMap<string, number | string | boolean>;

/** The settings in force: each stored value over its default. */
export function resolveRuleSettings(stored: StoredSettings = new Map()): RuleSettings {
  const num = (group: SettingGroup, key: string): number => {
    const value = stored.get(`${group}.${key}`);
    if (typeof value === 'number') return value;
    return Number(keysOf(group)[key]?.default ?? 0);
  };
  const base = (rule: RuleName): RuleBase => {
    const enabled = stored.get(`${rule}.enabled`);
    const window = stored.get(`${rule}.window`);
    return {
      enabled: typeof enabled === 'boolean' ? enabled : RULE_DEFINITIONS[rule].enabled,
      window: typeof window === 'string' ? window : String(RULE_DEFINITIONS[rule].keys.window?.default),
    };
  };
  return {
    kill: {
      ...base('kill'),
      maxCplCents: num('kill', 'max_cpl'),
      minImpressions: num('kill', 'min_impressions'),
      maxSpendWithoutLeadsCents: num('kill', 'max_spend_without_leads'),
    },
    scale: {
      ...base('scale'),
      maxCplCents: num('scale', 'max_cpl'),
      minLeads: num('scale', 'min_leads'),
      stepPct: num('scale', 'step_pct'),
    },
    fatigue: { ...base('fatigue'), maxFrequency: num('fatigue', 'max_frequency') },
    protect: { ...base('protect'), maxSpendWithoutLeadsCents: num('protect', 'max_spend_without_leads') },
    rebalance: {
      ...base('rebalance'),
      targetCplCents: num('rebalance', 'target_cpl'),
      scaleBelow: num('rebalance', 'scale_below'),
      reduceAbove: num('rebalance', 'reduce_above'),
      reducePct: num('rebalance', 'reduce_pct'),
      pauseAbove: num('rebalance', 'pause_above'),
      scalePct: num('rebalance', 'scale_pct'),
    },
    limits: {
      maxChangePct: num(LIMITS_GROUP, 'max_change_pct'),
      maxChangesPerDay: num(LIMITS_GROUP, 'max_changes_per_day'),
      cooldownHours: num(LIMITS_GROUP, 'cooldown_hours'),
      worseByPct: num(LIMITS_GROUP, 'worse_by_pct'),
    },
  };
}

/** The distinct windows the enabled rules read, in rule order. */
export function windowsNeeded(settings: RuleSettings): string[] {
  const windows: string[] = [];
  for (const rule of RULE_NAMES) {
    const { enabled, window } = settings[rule];
    if (enabled && !windows.includes(window)) windows.push(window);
  }
  return windows;
}
