import { type CurrencyCode, currencyOffset, type Minor } from '../money.js';
import { MONEY_DEFAULTS_CURRENCY } from '../settings/values.js';

/**
 * The fatigue rule's frequency cap. Until the rules table arrives (its own issue), this is
 * the one place the report reads it from; `fatigue.max_frequency` will replace it.
 */
export const FREQUENCY_CAP = 4.0;

/** In a USD account an ad set must spend this much per day of the range to be named best or worst by CPL. */
export const ADSET_SPEND_FLOOR_CENTS_PER_DAY: Minor = 2000;
/**
 * In an account of another currency, the floor is this share of the account's own spend over
 * the range (never a dollar amount converted at some exchange rate).
 */
export const ADSET_SPEND_FLOOR_SHARE = 0.02;

export function adsetSpendFloor(days: number): Minor {
  return ADSET_SPEND_FLOOR_CENTS_PER_DAY * days;
}

/** The floor an ad set must have spent, in the account's currency, and how it was set. */
export interface AdSetFloor {
  amount: Minor;
  /** Null: the documented $20 a day; else this share of the account's spend over the range. */
  share: number | null;
}

/**
 * $20 a day in a USD account; in any other currency 2% of the account's spend over the range,
 * rounded up to a whole unit of the currency (`¥1,920`, `€25.00`).
 */
export function adsetFloorFor(currency: CurrencyCode, days: number, rangeSpend: Minor): AdSetFloor {
  if (currency === MONEY_DEFAULTS_CURRENCY) return { amount: adsetSpendFloor(days), share: null };
  const unit = currencyOffset(currency);
  return {
    amount: Math.ceil((Math.max(0, rangeSpend) * ADSET_SPEND_FLOOR_SHARE) / unit) * unit,
    share: ADSET_SPEND_FLOOR_SHARE,
  };
}

export interface AdSetFigures {
  id: string;
  name: string;
  campaignName: string | null;
  spendCents: Minor;
  leads: number;
  /** Meta's own figure for the ad set's row over the range (never summed across rows). */
  frequency: number | null;
}

function byName(a: AdSetFigures, b: AdSetFigures): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** Exact CPL comparison without rounding: a/b < c/d ⇔ a·d < c·b (leads > 0). */
function compareCpl(a: AdSetFigures, b: AdSetFigures): number {
  return a.spendCents * b.leads - b.spendCents * a.leads;
}

/**
 * The lowest and highest CPL among ad sets that spent at least `floorCents` and got a lead,
 * so a $3 ad set with one lucky lead does not win. Ad sets without leads are called out
 * apart (`spentWithoutLeads`). `worst` is null when only one ad set qualifies.
 */
export function bestAndWorst<T extends AdSetFigures>(
  adsets: readonly T[],
  floorCents: Minor,
): { best: T | null; worst: T | null } {
  const eligible = adsets.filter((a) => a.spendCents >= floorCents && a.leads > 0);
  const ranked = [...eligible].sort((a, b) => compareCpl(a, b) || b.leads - a.leads || byName(a, b));
  const best = ranked[0] ?? null;
  const last = ranked.at(-1) ?? null;
  return { best, worst: last && last !== best ? last : null };
}

/** Ad sets that spent and got no lead, biggest spend first. */
export function spentWithoutLeads<T extends AdSetFigures>(adsets: readonly T[]): T[] {
  return adsets
    .filter((a) => a.spendCents > 0 && a.leads === 0)
    .sort((a, b) => b.spendCents - a.spendCents || byName(a, b));
}

/** Ad sets whose frequency is above the cap, highest first. */
export function aboveFrequencyCap<T extends AdSetFigures>(adsets: readonly T[], cap = FREQUENCY_CAP): T[] {
  const frequency = (a: T) => a.frequency ?? 0;
  return adsets
    .filter((a) => a.frequency !== null && a.frequency > cap)
    .sort((a, b) => frequency(b) - frequency(a) || byName(a, b));
}
