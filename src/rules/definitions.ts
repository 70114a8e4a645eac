import { type Cents, centsFromDollarsInput, formatDollars } from '../money.js';

/** The rules, in the order they are listed; defaults from the reference guide §7. */
export const RULE_NAMES = ['kill', 'scale', 'fatigue', 'protect', 'rebalance'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** Settings that bound every proposal rather than belonging to one rule. */
export const LIMITS_GROUP = 'limits';
export type SettingGroup = RuleName | typeof LIMITS_GROUP;

/**
 * How a value is typed and stored: `dollars` are typed in dollars and stored in cents; `count`,
 * `percent` and `hours` are whole numbers; `decimal` and `ratio` are plain numbers; `window` a preset.
 */
export type ValueKind = 'dollars' | 'count' | 'decimal' | 'ratio' | 'percent' | 'hours' | 'window';

export interface KeyDefinition {
  kind: ValueKind;
  /** Stored form: cents for dollars. */
  default: number | string;
  /** Inclusive bounds in the stored unit (cents for dollars). */
  min?: number;
  max?: number;
  help: string;
}

/** The windows a rule may look at: Meta presets that need no paging through time. */
export const RULE_WINDOWS = ['today', 'yesterday', 'last_3d', 'last_7d', 'last_14d', 'last_28d', 'last_30d'];

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
      max_cpl: { kind: 'dollars', default: 5000, min: 1, help: 'cost per lead above which to pause' },
      min_impressions: { kind: 'count', default: 1000, min: 0, help: 'impressions needed before CPL counts' },
      max_spend_without_leads: {
        kind: 'dollars',
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
      max_cpl: { kind: 'dollars', default: 2500, min: 1, help: 'cost per lead below which to scale' },
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
        kind: 'dollars',
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
      target_cpl: { kind: 'dollars', default: 4000, min: 1, help: 'the cost per lead aimed at' },
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

/** A value typed by a person, checked and converted to its stored form; a string says what is wrong. */
export function parseSettingValue(
  definition: KeyDefinition,
  text: string,
): { value: number | string } | { problem: string } {
  const trimmed = text.trim();
  let value: number | string;
  switch (definition.kind) {
    case 'window': {
      const preset = trimmed.toLowerCase();
      if (!RULE_WINDOWS.includes(preset))
        return { problem: `the window must be one of ${RULE_WINDOWS.join(', ')}.` };
      return { value: preset };
    }
    case 'dollars': {
      const cents = centsFromDollarsInput(trimmed);
      if (cents === null) return { problem: `“${trimmed}” is not an amount in dollars (e.g. 45 or 45.50).` };
      value = cents;
      break;
    }
    case 'count':
    case 'percent':
    case 'hours': {
      const digits = trimmed.replace(/%$/, '').replaceAll(',', '');
      if (!/^\d+$/.test(digits)) return { problem: `“${trimmed}” is not a whole number.` };
      value = Number(digits);
      break;
    }
    case 'decimal':
    case 'ratio': {
      const number = trimmed.replace(/[x×]$/i, '');
      if (!/^\d+(\.\d+)?$/.test(number)) return { problem: `“${trimmed}” is not a number (e.g. 4 or 1.5).` };
      value = Number(number);
      break;
    }
  }
  const { min, max } = definition;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    return { problem: `the value must be ${rangeText(definition)}.` };
  }
  return { value };
}

function rangeText(definition: KeyDefinition): string {
  const show = (n: number) => formatSettingValue(definition, n);
  const { min, max } = definition;
  if (min !== undefined && max !== undefined) return `from ${show(min)} to ${show(max)}`;
  if (min !== undefined) return `at least ${show(min)}`;
  return `at most ${show(max ?? 0)}`;
}

/** A stored value as people read it: `$50.00`, `1,000`, `20%`, `0.7×`, `24 h`, `last_3d`. */
export function formatSettingValue(definition: KeyDefinition, value: number | string): string {
  if (typeof value === 'string') return value;
  switch (definition.kind) {
    case 'dollars':
      return formatDollars(value as Cents);
    case 'count':
      return value.toLocaleString('en-US');
    case 'percent':
      return `${value}%`;
    case 'hours':
      return `${value} h`;
    case 'ratio':
      return `${value}×`;
    default:
      return String(value);
  }
}
