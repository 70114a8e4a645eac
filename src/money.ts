/**
 * Money is an integer in its currency's smallest unit as Meta counts it (its "offset"): cents
 * for USD, EUR, GBP or BRL, whole yen for JPY, whole won for KRW. Budgets arrive from Meta in
 * that unit; spend arrives as a decimal string of whole units. Amounts of different
 * currencies are never added together, so the currency travels next to the number.
 */
export type Minor = number;

/** ISO 4217 code, e.g. `USD`, as Meta's `currency` field on the ad account gives it. */
export type CurrencyCode = string;

/** Meta's currency offsets (Marketing API, "Currency codes"): these count in whole units; the rest in hundredths. */
const WHOLE_UNIT_CURRENCIES = new Set([
  'CLP',
  'COP',
  'CRC',
  'HUF',
  'ISK',
  'IDR',
  'JPY',
  'KRW',
  'PYG',
  'TWD',
  'VND',
]);

/** How many of Meta's units make one whole unit of the currency: 100 (cents) or 1 (yen). */
export function currencyOffset(currency: CurrencyCode): 1 | 100 {
  return WHOLE_UNIT_CURRENCIES.has(currency) ? 1 : 100;
}

/** True for a code Intl knows as a currency (`USD`, `JPY`), so it can be formatted. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * A decimal amount in whole units ("1234.56" dollars, "462569" yen) to the currency's Meta
 * unit. Parsing the digits, not going through a float, keeps every sum exact; extra decimals
 * round half up.
 */
export function minorFromDecimal(value: string | number | undefined | null, currency: CurrencyCode): Minor {
  if (value === undefined || value === null || value === '') return 0;
  const text = typeof value === 'number' ? value.toFixed(4) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new Error(`Not a decimal amount: "${text}"`);
  const [, minus, whole = '0', fraction = ''] = match;
  const digits = currencyOffset(currency) === 100 ? 2 : 0;
  const padded = `${fraction}000`;
  let amount = Number(whole) * 10 ** digits + (digits ? Number(padded.slice(0, digits)) : 0);
  if (Number(padded[digits]) >= 5) amount += 1;
  return minus ? -amount : amount;
}

/** The same amount in whole units, as a number (the Conversions API's `value`, chart axes). */
export function wholeUnits(amount: Minor, currency: CurrencyCode): number {
  return amount / currencyOffset(currency);
}

/**
 * An amount a person typed in the account's currency ("45", "45.5", "1,200", "$1,200",
 * "¥8,000") to its Meta unit; null when it is not an amount.
 */
export function minorFromInput(text: string, currency: CurrencyCode): Minor | null {
  const cleaned = text
    .trim()
    .replace(/^[^\d.-]{1,3}/, '')
    .replaceAll(',', '');
  if (!DECIMAL.test(cleaned)) return null;
  return minorFromDecimal(cleaned, currency);
}

const formats = new Map<CurrencyCode, Intl.NumberFormat>();

/** `$1,234.56`, `€1,234.56`, `¥9,600`, `₩12,000`: as Intl writes the currency, with its own decimals. */
export function formatMoney(amount: Minor, currency: CurrencyCode): string {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formats.set(currency, format);
  }
  return format.format(wholeUnits(amount, currency));
}

/** Cost per result rounded half up to the currency's unit; null when there is no result to divide by. */
export function costPer(spend: Minor, results: number): Minor | null {
  if (results <= 0) return null;
  return Math.round(spend / results);
}

/** `$29.39`, or `—` when there were no results (never ∞ or NaN). */
export function formatCostPer(amount: Minor | null, currency: CurrencyCode): string {
  return amount === null ? '—' : formatMoney(amount, currency);
}

export function formatPercent(ratio: number | null, digits = 2): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(digits)}%`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
