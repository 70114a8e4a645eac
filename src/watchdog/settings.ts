import type { CurrencyCode } from '../money.js';
import { type KeyDefinition, type SettingValue, valueInForce } from '../settings/values.js';
import type { CheckName } from './types.js';

export interface CheckDefinition {
  title: string;
  summary: string;
  keys: Record<string, KeyDefinition>;
}

const ENABLED: KeyDefinition = { kind: 'switch', default: true, help: 'off: the check is not run' };

/**
 * Every check, what it watches and its thresholds with their defaults (from issue 7). Money
 * thresholds are in the account's currency; their defaults hold for USD accounts only.
 */
export const CHECK_DEFINITIONS = {
  drought: {
    title: 'Lead drought',
    summary:
      'money spent since the last lead, with no lead for longer than usual at this hour of the week (learned from the stored leads)',
    keys: {
      enabled: ENABLED,
      min_spend: {
        kind: 'money',
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
        kind: 'money',
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
  usage: {
    title: 'Meta API usage',
    summary:
      'the ad account’s share of Meta’s rate limits (usage headers of every Graph answer) staying above the mark, or a throttle',
    keys: {
      enabled: ENABLED,
      percent: {
        kind: 'percent',
        default: 75,
        min: 1,
        max: 100,
        help: 'usage at or above which background work slows down (the scheduler’s mark, 75%)',
      },
      runs: {
        kind: 'count',
        default: 2,
        min: 1,
        max: 96,
        help: 'consecutive runs above the mark before the home channel is told',
      },
    },
  },
} as const satisfies Record<CheckName, CheckDefinition>;

type KeysOf<C extends CheckName> = (typeof CHECK_DEFINITIONS)[C]['keys'];

/**
 * A check's settings in force for one account, keyed as people type them: `enabled` a boolean,
 * money in the account currency's unit or null when not set (that part of the check is off),
 * the rest numbers.
 */
export type SettingsOf<C extends CheckName> = {
  [K in keyof KeysOf<C>]: KeysOf<C>[K] extends { kind: 'switch' }
    ? boolean
    : KeysOf<C>[K] extends { kind: 'money' }
      ? number | null
      : number;
};

/** An account's stored settings as readAccountSettings gives them: `watchdog.<check>.<key>` → value. */
export type StoredSettings = ReadonlyMap<string, SettingValue>;

/** The account_settings scope of a check's thresholds. */
export const settingsScope = (check: CheckName): string => `watchdog.${check}`;

export function keysOf(check: CheckName): Record<string, KeyDefinition> {
  return CHECK_DEFINITIONS[check].keys;
}

/** The value in force for an account: stored when it has the right type, else the default (null: not set). */
export function settingValue(
  stored: StoredSettings,
  check: CheckName,
  key: string,
  currency: CurrencyCode,
): SettingValue | null {
  const definition = keysOf(check)[key];
  if (!definition) throw new Error(`${check} has no setting ${key}`);
  return valueInForce(definition, stored.get(`${settingsScope(check)}.${key}`), currency);
}

export function settingsOf<C extends CheckName>(
  check: C,
  stored: StoredSettings,
  currency: CurrencyCode,
): SettingsOf<C> {
  const values: Record<string, SettingValue | null> = {};
  for (const key of Object.keys(keysOf(check))) values[key] = settingValue(stored, check, key, currency);
  return values as SettingsOf<C>;
}

/** Whether the check runs for the account (`enabled` needs no currency: it is a switch). */
export function checkEnabled(stored: StoredSettings, check: CheckName): boolean {
  return stored.get(`${settingsScope(check)}.enabled`) !== false;
}
