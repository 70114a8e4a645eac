import type { Cents } from '../money.js';

/**
 * The fatigue rule's frequency cap. Until the rules table arrives (its own issue), this is
 * the one place the report reads it from; `fatigue.max_frequency` will replace it.
 */
export const FREQUENCY_CAP = 4.0;

/** An ad set must spend this much per day of the range to be named best or worst by CPL. */
export const ADSET_SPEND_FLOOR_CENTS_PER_DAY: Cents = 2000;

export function adsetSpendFloor(days: number): Cents {
  return ADSET_SPEND_FLOOR_CENTS_PER_DAY * days;
}

export interface AdSetFigures {
  id: string;
  name: string;
  campaignName: string | null;
  spendCents: Cents;
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
  floorCents: Cents,
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
