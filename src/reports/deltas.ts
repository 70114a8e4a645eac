/** How a figure moved against a reference: the direction and the relative size of the move. */
export interface Change {
  direction: 'up' | 'down' | 'flat';
  /** (current − reference) ÷ reference: 0.12 = 12% more. */
  ratio: number;
}

/**
 * The change from `reference` to `current`; null when there is nothing to compare
 * (either is unknown, or the reference is zero: no percentage of nothing).
 */
export function change(current: number | null, reference: number | null): Change | null {
  if (current === null || reference === null || reference === 0) return null;
  if (!Number.isFinite(current) || !Number.isFinite(reference)) return null;
  const ratio = (current - reference) / Math.abs(reference);
  return { direction: ratio > 0 ? 'up' : ratio < 0 ? 'down' : 'flat', ratio };
}

/** The figures a report compares: exact values (floats for ratios), never rounded before comparing. */
export interface Comparable {
  spendCents: number;
  leads: number;
  impressions: number;
  clicks: number;
}

export type MetricName = 'spend' | 'leads' | 'cpl' | 'ctr' | 'cpm';

export const METRICS: readonly MetricName[] = ['spend', 'leads', 'cpl', 'ctr', 'cpm'];

/**
 * A metric's exact value. CPL, CTR and CPM are ratios of sums (summed spend ÷ summed leads),
 * never averages of daily ratios; null when the divisor is zero.
 */
export function metricValue(figures: Comparable, metric: MetricName): number | null {
  switch (metric) {
    case 'spend':
      return figures.spendCents;
    case 'leads':
      return figures.leads;
    case 'cpl':
      return figures.leads > 0 ? figures.spendCents / figures.leads : null;
    case 'ctr':
      return figures.impressions > 0 ? figures.clicks / figures.impressions : null;
    case 'cpm':
      return figures.impressions > 0 ? (figures.spendCents * 1000) / figures.impressions : null;
  }
}

/** Figures scaled by a factor: the average day of 7 (factor 1/7). Ratios are unchanged by scaling. */
export function scaled(figures: Comparable, factor: number): Comparable {
  return {
    spendCents: figures.spendCents * factor,
    leads: figures.leads * factor,
    impressions: figures.impressions * factor,
    clicks: figures.clicks * factor,
  };
}

export function metricChanges(
  current: Comparable,
  reference: Comparable | null,
): Record<MetricName, Change | null> {
  const changes = {} as Record<MetricName, Change | null>;
  for (const metric of METRICS)
    changes[metric] = reference ? change(metricValue(current, metric), metricValue(reference, metric)) : null;
  return changes;
}
