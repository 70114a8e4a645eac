/**
 * Meta's usage headers: `x-business-use-case-usage` tells how long until access is
 * regained after throttling; `x-app-usage` / `x-ad-account-usage` give percentages used.
 */
export interface Usage {
  /** Highest percentage used of any quota reported. */
  maxPercent: number;
  /** Meta's own estimate of when throttling lifts, in ms; 0 when it gave none. */
  regainAccessMs: number;
}

function parseJson(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function collectNumbers(value: unknown, keys: Set<string>, found: number[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectNumbers(item, keys, found);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (keys.has(key) && typeof item === 'number') found.push(item);
      else collectNumbers(item, keys, found);
    }
  }
}

const PERCENT_KEYS = new Set([
  'call_count',
  'total_cputime',
  'total_time',
  'acc_id_util_pct',
  'app_id_util_pct',
]);

export function readUsage(headers: Record<string, string>): Usage {
  const percents: number[] = [];
  const regainMinutes: number[] = [];
  for (const name of [
    'x-app-usage',
    'x-ad-account-usage',
    'x-fb-ads-insights-throttle',
    'x-business-use-case-usage',
  ]) {
    const parsed = parseJson(headers[name]);
    collectNumbers(parsed, PERCENT_KEYS, percents);
    collectNumbers(parsed, new Set(['estimated_time_to_regain_access']), regainMinutes);
  }
  return {
    maxPercent: Math.max(0, ...percents),
    regainAccessMs: Math.max(0, ...regainMinutes) * 60_000,
  };
}

/** One quota's figures: percent used, and Meta's estimate of when throttling lifts (0: none given). */
export interface QuotaFigures {
  percent: number;
  regainAccessMs: number;
}

/** The usage headers of one answer, by whom they count against. */
export interface UsageByScope {
  /** `x-app-usage` (and the insights throttle's app share): the whole app; null when absent. */
  app: QuotaFigures | null;
  /** `x-business-use-case-usage`, by ad account (`act_…`), every use case's highest figures. */
  accounts: Map<string, QuotaFigures>;
  /** `x-ad-account-usage` (and the insights throttle's account share): the account the call was for; null when absent. */
  callAccount: QuotaFigures | null;
}

const maxOf = (values: number[]): number => Math.max(0, ...values);

function figuresOf(value: unknown, percentKeys: Set<string>): QuotaFigures {
  const percents: number[] = [];
  const regain: number[] = [];
  collectNumbers(value, percentKeys, percents);
  collectNumbers(value, new Set(['estimated_time_to_regain_access']), regain);
  return { percent: maxOf(percents), regainAccessMs: maxOf(regain) * 60_000 };
}

const merge = (a: QuotaFigures | null, b: QuotaFigures | null): QuotaFigures | null =>
  a && b
    ? {
        percent: Math.max(a.percent, b.percent),
        regainAccessMs: Math.max(a.regainAccessMs, b.regainAccessMs),
      }
    : (a ?? b);

/** Meta names an ad account by its digits in `x-business-use-case-usage`; LeadOps by `act_…`. */
const accountKey = (key: string): string => (/^\d+$/.test(key) ? `act_${key}` : key);

/** The usage headers split by scope: the app, each ad account named, and the call's own account. */
export function readUsageByScope(headers: Record<string, string>): UsageByScope {
  const app = parseJson(headers['x-app-usage']);
  const adAccount = parseJson(headers['x-ad-account-usage']);
  const insights = parseJson(headers['x-fb-ads-insights-throttle']) as Record<string, unknown> | null;
  const business = parseJson(headers['x-business-use-case-usage']);
  const accounts = new Map<string, QuotaFigures>();
  if (business && typeof business === 'object' && !Array.isArray(business))
    for (const [key, entries] of Object.entries(business))
      accounts.set(accountKey(key), figuresOf(entries, PERCENT_KEYS));
  const insightsApp =
    insights && typeof insights.app_id_util_pct === 'number'
      ? { percent: insights.app_id_util_pct, regainAccessMs: 0 }
      : null;
  const insightsAccount =
    insights && typeof insights.acc_id_util_pct === 'number'
      ? { percent: insights.acc_id_util_pct, regainAccessMs: 0 }
      : null;
  return {
    app: merge(app ? figuresOf(app, PERCENT_KEYS) : null, insightsApp),
    accounts,
    callAccount: merge(adAccount ? figuresOf(adAccount, PERCENT_KEYS) : null, insightsAccount),
  };
}
