import { type Cents, centsFromDollarsInput, formatDollars } from '../money.js';
import type { CheckName } from './types.js';

/**
 * How a threshold is typed and stored: `dollars` typed in dollars, stored in cents; `hours`
 * and `ratio` plain numbers (decimals allowed); `count`, `days` and `percent` whole numbers;
 * `switch` on/off.
 */
export type ValueKind = 'dollars' | 'hours' | 'days' | 'count' | 'percent' | 'ratio' | 'switch';

export interface KeyDefinition {
  kind: ValueKind;
  default: number | boolean;
  /** Inclusive bounds in the stored unit (cents for dollars). */
  min?: number;
  max?: number;
  help: string;
}

export interface CheckDefinition {
  title: string;
  summary: string;
  keys: Record<string, KeyDefinition>;
}

const ENABLED: KeyDefinition = { kind: 'switch', default: true, help: 'off: the check is not run' };

/** Every check, what it watches and its thresholds with their defaults (from issue 7). */
export const CHECK_DEFINITIONS = {
  drought: {
    title: 'Lead drought',
    summary:
      'money spent since the last lead, with no lead for longer than usual at this hour of the week (learned from the stored leads)',
    keys: {
      enabled: ENABLED,
      min_spend: {
        kind: 'dollars',
        default: 7500,
        min: 1,
        help: 'spend since the last lead above which silence is a drought',
      },
      min_hours: {
        kind: 'hours',
        default: 3,
        min: 0.5,
        max: 168,
        help: 'the shortest silence that counts, whatever the history says',
      },
      learn_weeks: {
        kind: 'count',
        default: 4,
        min: 1,
        max: 12,
        help: 'weeks of stored leads that say what is usual for this hour of the week',
      },
    },
  },
  delivery: {
    title: 'Lead delivery',
    summary:
      'leads Meta counts today that LeadOps never received, and leads only polling found (the webhook missed them)',
    keys: {
      enabled: ENABLED,
      min_missing: {
        kind: 'count',
        default: 2,
        min: 1,
        max: 10_000,
        help: 'instant-form leads Meta counts today beyond what LeadOps received',
      },
      min_polled: {
        kind: 'count',
        default: 1,
        min: 1,
        max: 10_000,
        help: 'leads in the last hour that only polling found',
      },
    },
  },
  token: {
    title: 'Meta token',
    summary:
      'the token’s validity, expiry and scopes (ads_read, ads_management, leads_retrieval), via debug_token daily',
    keys: {
      enabled: ENABLED,
      warn_days: {
        kind: 'days',
        default: 7,
        min: 1,
        max: 60,
        help: 'first warning this many days before expiry',
      },
      urgent_days: {
        kind: 'days',
        default: 1,
        min: 1,
        max: 30,
        help: 'second warning this many days before expiry',
      },
    },
  },
  account: {
    title: 'Ad account',
    summary:
      'account_status (disabled, unsettled, in review, grace period…) with disable_reason, and the spend cap',
    keys: {
      enabled: ENABLED,
      spend_cap_pct: {
        kind: 'percent',
        default: 90,
        min: 1,
        max: 100,
        help: 'share of the account spending limit used that is “almost reached”',
      },
    },
  },
  ads: {
    title: 'Ad review',
    summary: 'ads Meta disapproved or flagged WITH_ISSUES, with Meta’s review feedback',
    keys: { enabled: ENABLED },
  },
  cpl: {
    title: 'CPL spike',
    summary: 'today’s cost per lead against the trailing 14 days, and the campaign that moved most',
    keys: {
      enabled: ENABLED,
      factor: {
        kind: 'ratio',
        default: 2,
        min: 1.1,
        max: 20,
        help: 'today’s CPL above this × the 14-day CPL',
      },
      min_spend: {
        kind: 'dollars',
        default: 5000,
        min: 1,
        help: 'today’s spend before CPL is judged (and at least 3 leads’ worth at the 14-day CPL)',
      },
      min_trailing_leads: {
        kind: 'count',
        default: 5,
        min: 1,
        max: 100_000,
        help: 'leads in the 14 days needed for a baseline',
      },
    },
  },
} as const satisfies Record<CheckName, CheckDefinition>;

type KeysOf<C extends CheckName> = (typeof CHECK_DEFINITIONS)[C]['keys'];

/** A check's settings in force, keyed as people type them; `enabled` a boolean, the rest numbers (cents for dollars). */
export type SettingsOf<C extends CheckName> = {
  [K in keyof KeysOf<C>]: KeysOf<C>[K] extends { kind: 'switch' } ? boolean : number;
};

export type StoredValue = number | boolean;

/** Stored settings as `check.key` → value. */
export type StoredSettings = ReadonlyMap<string, StoredValue>;

export function keysOf(check: CheckName): Record<string, KeyDefinition> {
  return CHECK_DEFINITIONS[check].keys;
}

/** The value in force: stored when it has the right type, else the default. */
export function settingValue(stored: StoredSettings, check: CheckName, key: string): StoredValue {
  const definition = keysOf(check)[key];
  const value = stored.get(`${check}.${key}`);
  if (!definition) throw new Error(`${check} has no setting ${key}`);
  return typeof value === typeof definition.default && value !== undefined ? value : definition.default;
}

export function settingsOf<C extends CheckName>(check: C, stored: StoredSettings): SettingsOf<C> {
  const values: Record<string, StoredValue> = {};
  for (const key of Object.keys(keysOf(check))) values[key] = settingValue(stored, check, key);
  return values as SettingsOf<C>;
}

/** A value typed by a person, checked and converted to its stored form; `problem` says what is wrong. */
export function parseValue(
  definition: KeyDefinition,
  text: string,
): { value: StoredValue } | { problem: string } {
  const trimmed = text.trim().toLowerCase();
  let value: number;
  switch (definition.kind) {
    case 'switch':
      if (['on', 'yes', 'true'].includes(trimmed)) return { value: true };
      if (['off', 'no', 'false'].includes(trimmed)) return { value: false };
      return { problem: `“${text.trim()}” is not on or off.` };
    case 'dollars': {
      const cents = centsFromDollarsInput(trimmed);
      if (cents === null)
        return { problem: `“${text.trim()}” is not an amount in dollars (e.g. 75 or 75.50).` };
      value = cents;
      break;
    }
    case 'count':
    case 'days':
    case 'percent': {
      const digits = trimmed
        .replace(/%$/, '')
        .replace(/\s*(days?|d)$/, '')
        .replaceAll(',', '');
      if (!/^\d+$/.test(digits)) return { problem: `“${text.trim()}” is not a whole number.` };
      value = Number(digits);
      break;
    }
    case 'hours':
    case 'ratio': {
      const number = trimmed.replace(/\s*(x|×|h|hours?)$/, '');
      if (!/^\d+(\.\d+)?$/.test(number))
        return { problem: `“${text.trim()}” is not a number (e.g. 3 or 1.5).` };
      value = Number(number);
      break;
    }
  }
  const { min, max } = definition;
  if ((min !== undefined && value < min) || (max !== undefined && value > max))
    return { problem: `the value must be ${rangeText(definition)}.` };
  return { value };
}

function rangeText(definition: KeyDefinition): string {
  const show = (n: number) => formatValue(definition, n);
  const { min, max } = definition;
  if (min !== undefined && max !== undefined) return `from ${show(min)} to ${show(max)}`;
  if (min !== undefined) return `at least ${show(min)}`;
  return `at most ${show(max ?? 0)}`;
}

/** A stored value as people read it: `$75.00`, `3 h`, `7 days`, `90%`, `2×`, `4`, `on`. */
export function formatValue(definition: KeyDefinition, value: StoredValue): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  switch (definition.kind) {
    case 'dollars':
      return formatDollars(value as Cents);
    case 'hours':
      return `${value} h`;
    case 'days':
      return `${value} ${value === 1 ? 'day' : 'days'}`;
    case 'percent':
      return `${value}%`;
    case 'ratio':
      return `${value}×`;
    default:
      return value.toLocaleString('en-US');
  }
}
