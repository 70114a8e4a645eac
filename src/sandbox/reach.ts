// Reach is people, not events: the same person reached on two days (or by two ad sets)
// counts once, so reach over a period or a group is less than the sum of its parts.

/** Share of a second ad set's reach that is new people when ad sets are combined. */
export const CROSS_AD_SET_NOVELTY = 0.85;

/**
 * The largest part plus a `novelty` share of the others, capped at `audienceSize`:
 * never more than the sum, never less than the largest part (unless capped).
 */
export function combineReach(
  parts: readonly number[],
  novelty: number,
  audienceSize = Number.POSITIVE_INFINITY,
) {
  let sum = 0;
  let largest = 0;
  for (const part of parts) {
    sum += part;
    largest = Math.max(largest, part);
  }
  return Math.min(Math.round(largest + (sum - largest) * novelty), audienceSize);
}
