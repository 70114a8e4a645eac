/** Money is integer cents everywhere; dollars exist only at the edges (Meta's strings, messages). */
export type Cents = number;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Meta sends amounts as decimal strings ("1234.56", "12.3", "0"). Parsing the digits,
 * not going through a float, keeps every sum exact. Extra decimals round half up.
 */
export function centsFromDecimal(value: string | number | undefined | null): Cents {
  if (value === undefined || value === null || value === '') return 0;
  const text = typeof value === 'number' ? value.toFixed(4) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new Error(`Not a decimal amount: "${text}"`);
  const [, minus, whole = '0', fraction = ''] = match;
  const padded = `${fraction}000`;
  let cents = Number(whole) * 100 + Number(padded.slice(0, 2));
  if (Number(padded[2]) >= 5) cents += 1;
  return minus ? -cents : cents;
}

/** Dollars typed by a person ("45", "45.5", "$1,200") to cents; null when it is not an amount. */
export function centsFromDollarsInput(text: string): Cents | null {
  const cleaned = text.trim().replace(/^\$/, '').replaceAll(',', '');
  if (!DECIMAL.test(cleaned)) return null;
  return centsFromDecimal(cleaned);
}

const dollarFormat = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** `$1,234.56` */
export function formatDollars(cents: Cents): string {
  return dollarFormat.format(cents / 100);
}

/** Cost per result rounded half up to the cent; null when there is no result to divide by. */
export function costPer(spend: Cents, results: number): Cents | null {
  if (results <= 0) return null;
  return Math.round(spend / results);
}

/** `$29.39`, or `—` when there were no results (never ∞ or NaN). */
export function formatCostPer(cents: Cents | null): string {
  return cents === null ? '—' : formatDollars(cents);
}

export function formatPercent(ratio: number | null, digits = 2): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(digits)}%`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
