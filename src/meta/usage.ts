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
