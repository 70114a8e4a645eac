// One framework for every threshold people can change — rules, limits and watchdog checks —
// per account: how a value is typed, checked, stored and shown, and what applies until set.
import { type CurrencyCode, formatMoney, type Minor, minorFromInput } from '../money.js';

/**
 * How a value is typed and stored: `money` in the account's currency (stored in its Meta unit:
 * cents, whole yen); `count`, `percent` and `days` whole numbers; `hours`, `decimal` and `ratio`
 * plain numbers (decimals allowed); `window` a Meta preset; `switch` on/off.
 */
export type ValueKind =
  | 'money'
  | 'count'
  | 'percent'
  | 'days'
  | 'hours'
  | 'decimal'
  | 'ratio'
  | 'window'
  | 'switch';

export type SettingValue = number | string | boolean;

export interface KeyDefinition {
  kind: ValueKind;
  /** In force until someone sets a value. A money default is in US cents and holds for USD accounts only. */
  default: SettingValue;
  /** Inclusive bounds in the stored unit (for money: the account currency's unit). */
  min?: number;
  max?: number;
  help: string;
}

/** The currency the documented money defaults are written in; other accounts get no money default. */
export const MONEY_DEFAULTS_CURRENCY: CurrencyCode = 'USD';

/** The windows a rule may look at: Meta presets that need no paging through time. */
export const WINDOWS = ['today', 'yesterday', 'last_3d', 'last_7d', 'last_14d', 'last_28d', 'last_30d'];

/** What applies until set: the default, except a money default in an account of another currency (never converted). */
export function defaultFor(definition: KeyDefinition, currency: CurrencyCode): SettingValue | null {
  return definition.kind === 'money' && currency !== MONEY_DEFAULTS_CURRENCY ? null : definition.default;
}

/** The value in force: the stored one when it has the right type, else what applies until set (null: nothing). */
export function valueInForce(
  definition: KeyDefinition,
  stored: SettingValue | undefined,
  currency: CurrencyCode,
): SettingValue | null {
  return stored !== undefined && typeof stored === typeof definition.default
    ? stored
    : defaultFor(definition, currency);
}

const WHOLE = /^\d+$/;
const NUMBER = /^\d+(\.\d+)?$/;

/** A value typed by a person, checked and converted to its stored form; `problem` says what is wrong. */
export function parseSettingValue(
  definition: KeyDefinition,
  text: string,
  currency: CurrencyCode,
): { value: SettingValue } | { problem: string } {
  const typed = text.trim();
  const lower = typed.toLowerCase();
  let value: number;
  switch (definition.kind) {
    case 'switch':
      if (['on', 'yes', 'true'].includes(lower)) return { value: true };
      if (['off', 'no', 'false'].includes(lower)) return { value: false };
      return { problem: `“${typed}” is not on or off.` };
    case 'window':
      if (!WINDOWS.includes(lower)) return { problem: `the window must be one of ${WINDOWS.join(', ')}.` };
      return { value: lower };
    case 'money': {
      const amount: Minor | null = minorFromInput(typed, currency);
      if (amount === null)
        return {
          problem: `“${typed}” is not an amount in ${currency} (e.g. ${formatMoney(4550, currency)}).`,
        };
      value = amount;
      break;
    }
    case 'count':
    case 'days':
    case 'percent': {
      const digits = lower
        .replace(/%$/, '')
        .replace(/\s*(days?|d)$/, '')
        .replaceAll(',', '');
      if (!WHOLE.test(digits)) return { problem: `“${typed}” is not a whole number.` };
      value = Number(digits);
      break;
    }
    case 'hours':
    case 'decimal':
    case 'ratio': {
      const number = lower.replace(/\s*(x|×|h|hours?)$/, '');
      if (!NUMBER.test(number)) return { problem: `“${typed}” is not a number (e.g. 4 or 1.5).` };
      value = Number(number);
      break;
    }
  }
  const { min, max } = definition;
  if ((min !== undefined && value < min) || (max !== undefined && value > max))
    return { problem: `the value must be ${rangeText(definition, currency)}.` };
  return { value };
}

function rangeText(definition: KeyDefinition, currency: CurrencyCode): string {
  const show = (n: number) => formatSettingValue(definition, n, currency);
  const { min, max } = definition;
  if (min !== undefined && max !== undefined) return `from ${show(min)} to ${show(max)}`;
  if (min !== undefined) return `at least ${show(min)}`;
  return `at most ${show(max ?? 0)}`;
}

/** A value as people read it: `$75.00`, `¥8,000`, `1,000`, `20%`, `7 days`, `3 h`, `0.7×`, `4`, `last_3d`, `on`; null → `not set`. */
export function formatSettingValue(
  definition: KeyDefinition,
  value: SettingValue | null,
  currency: CurrencyCode,
): string {
  if (value === null) return `not set (in ${currency})`;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'string') return value;
  switch (definition.kind) {
    case 'money':
      return formatMoney(value, currency);
    case 'percent':
      return `${value}%`;
    case 'days':
      return `${value} ${value === 1 ? 'day' : 'days'}`;
    case 'hours':
      return `${value} h`;
    case 'ratio':
      return `${value}×`;
    case 'count':
      return value.toLocaleString('en-US');
    default:
      return String(value);
  }
}
