import { costPer, type Minor } from '../money.js';

/**
 * Speed to lead, measured: plain functions, figures in, figures out (no I/O, no clock but
 * the `now` given).
 *
 * Minutes to first contact run from the lead's clock start (its creation, or the opening
 * time of a lead that came in after hours) to its first `Contacted`, `Qualified` or
 * `Signed case`; a contact before the clock started counts as 0.
 *
 * Percentiles: linear interpolation between closest ranks (Hyndman & Fan type 7, the
 * default of Excel's PERCENTILE.INC, NumPy and R): for n sorted values x₀…xₙ₋₁ and p in
 * [0, 1], h = (n − 1)·p and the value is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋). The median
 * (p = 0.5) is then the middle value, or the mean of the two middle ones.
 */

/** One lead, as the statistics need it. */
export interface SpeedRecord {
  /** When its clock started (ms). */
  clockStart: number;
  /** Its first Contacted / Qualified / Signed case (ms); null when none yet. */
  firstContactAt: number | null;
  /** Marked Junk before any contact: the clock stopped, and it is neither contacted nor waiting. */
  junkBeforeContact: boolean;
  /** Its latest outcome is Qualified or Signed case (the funnel's “qualified”, as /cpl counts it). */
  qualified: boolean;
  /** Who owns it (the claimer or assignee); else who first contacted it; null: nobody. */
  rep: string | null;
  campaignId: string | null;
  campaignName: string | null;
}

export interface SpeedFigures {
  leads: number;
  /** Leads with a first contact. */
  contacted: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** Contacted within the SLA. */
  withinSla: number;
  /** Leads the SLA applies to so far: contacted, or not contacted with the SLA already past. */
  measured: number;
  /** withinSla ÷ measured; null when nothing is measured yet. */
  shareWithinSla: number | null;
  /** Not contacted and not junk: still waiting for a call (some may still be inside the SLA). */
  neverContacted: number;
  /** Of those, the ones still inside the SLA (not late yet). */
  waitingInsideSla: number;
  junkBeforeContact: number;
  qualified: number;
}

export interface SpeedOptions {
  slaMinutes: number;
  now: number;
}

/** Type 7 percentile of values sorted ascending; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  return interpolated(sorted.length, p, (k) => sorted[k] as number);
}

/** The 0-based ranks a type 7 percentile of n values reads (SQL fetches just these). */
export function percentileRanks(n: number, p: number): [number, number] {
  const low = Math.floor((n - 1) * p);
  return [low, Math.min(low + 1, n - 1)];
}

/** Type 7 percentile of n sorted values, given the value at a 0-based rank; null for none. */
export function interpolated(n: number, p: number, valueAt: (rank: number) => number): number | null {
  if (n === 0) return null;
  const h = (n - 1) * p;
  const [low, high] = percentileRanks(n, p);
  const lower = valueAt(low);
  return lower + (h - low) * (valueAt(high) - lower);
}

/**
 * Rearranges `values` so that `values[k]` is the k-th smallest (0-based), those before it no
 * greater and those after it no smaller; returns it. Wirth's selection (Hoare's partition
 * around a median of three): linear on average, and even on runs of equal values (common:
 * contacts before the clock started all count 0).
 */
export function selectRank(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const a = values[left] as number;
    const b = values[(left + right) >>> 1] as number;
    const c = values[right] as number;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c)); // the median of the three
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i += 1;
      while ((values[j] as number) > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] as number;
}

/**
 * The type 7 percentile of unsorted values, each divided by `unit` (the same figure, to the
 * last bit, as `percentile` of the sorted quotients), without sorting them: the value at the
 * lower rank is selected, the next one is the least of those after it. Reorders `values`.
 */
export function percentileOfUnsorted(values: Float64Array, p: number, unit = 1): number | null {
  const n = values.length;
  if (n === 0) return null;
  const [low, high] = percentileRanks(n, p);
  const lower = selectRank(values, low);
  let upper = lower;
  if (high > low) {
    upper = Number.POSITIVE_INFINITY;
    for (let i = high; i < n; i += 1) if ((values[i] as number) < upper) upper = values[i] as number;
  }
  return interpolated(n, p, (rank) => (rank === low ? lower : upper) / unit);
}

/** Minutes from the clock's start to the first contact, never below 0; null without a contact. */
export function minutesToContact(record: Pick<SpeedRecord, 'clockStart' | 'firstContactAt'>): number | null {
  if (record.firstContactAt === null) return null;
  return Math.max(0, record.firstContactAt - record.clockStart) / 60_000;
}

/** What is counted per group (SQL counts them without reading a row into JavaScript). */
export type SpeedCounts = Pick<
  SpeedFigures,
  | 'leads'
  | 'contacted'
  | 'withinSla'
  | 'neverContacted'
  | 'waitingInsideSla'
  | 'junkBeforeContact'
  | 'qualified'
>;

export function emptyCounts(): SpeedCounts {
  return {
    leads: 0,
    contacted: 0,
    withinSla: 0,
    neverContacted: 0,
    waitingInsideSla: 0,
    junkBeforeContact: 0,
    qualified: 0,
  };
}

export function addCounts(into: SpeedCounts, more: SpeedCounts): void {
  into.leads += more.leads;
  into.contacted += more.contacted;
  into.withinSla += more.withinSla;
  into.neverContacted += more.neverContacted;
  into.waitingInsideSla += more.waitingInsideSla;
  into.junkBeforeContact += more.junkBeforeContact;
  into.qualified += more.qualified;
}

/** Counts and the two percentiles (minutes) → the figures. */
export function figuresOf(
  counts: SpeedCounts,
  medianMinutes: number | null,
  p90Minutes: number | null,
): SpeedFigures {
  const measured = counts.contacted + counts.neverContacted - counts.waitingInsideSla;
  return {
    ...counts,
    medianMinutes,
    p90Minutes,
    measured,
    shareWithinSla: measured > 0 ? counts.withinSla / measured : null,
  };
}

export function speedFigures(records: readonly SpeedRecord[], options: SpeedOptions): SpeedFigures {
  const slaMs = options.slaMinutes * 60_000;
  const minutes: number[] = [];
  const counts = emptyCounts();
  for (const record of records) {
    counts.leads += 1;
    if (record.qualified) counts.qualified += 1;
    const taken = minutesToContact(record);
    if (taken !== null) {
      minutes.push(taken);
      if (taken * 60_000 <= slaMs) counts.withinSla += 1;
    } else if (record.junkBeforeContact) counts.junkBeforeContact += 1;
    else {
      counts.neverContacted += 1;
      if (options.now < record.clockStart + slaMs) counts.waitingInsideSla += 1;
    }
  }
  counts.contacted = minutes.length;
  minutes.sort((a, b) => a - b);
  return figuresOf(counts, percentile(minutes, 0.5), percentile(minutes, 0.9));
}

/** The figures of every group, however computed (from records here, in SQL by src/db/lead-speed-stats.ts). */
export interface SpeedGroups {
  total: SpeedFigures;
  byRep: Map<string | null, SpeedFigures>;
  byCampaign: Map<string | null, { name: string | null; figures: SpeedFigures }>;
}

function groupBy<K>(records: readonly SpeedRecord[], key: (r: SpeedRecord) => K): Map<K, SpeedRecord[]> {
  const groups = new Map<K, SpeedRecord[]>();
  for (const record of records) {
    const k = key(record);
    const group = groups.get(k);
    if (group) group.push(record);
    else groups.set(k, [record]);
  }
  return groups;
}

export function groupRecords(records: readonly SpeedRecord[], options: SpeedOptions): SpeedGroups {
  return {
    total: speedFigures(records, options),
    byRep: new Map(
      [...groupBy(records, (r) => r.rep)].map(([rep, group]) => [rep, speedFigures(group, options)]),
    ),
    byCampaign: new Map(
      [...groupBy(records, (r) => r.campaignId)].map(([id, group]) => [
        id,
        {
          name: group.find((r) => r.campaignName !== null)?.campaignName ?? null,
          figures: speedFigures(group, options),
        },
      ]),
    ),
  };
}

/** A campaign's spend and Meta's lead count over the range, from insights (as /cpl reads them). */
export interface CampaignSpend {
  id: string;
  name: string;
  spendCents: Minor;
  leads: number;
}

export interface RepSpeed extends SpeedFigures {
  /** The Slack user id; null: leads nobody owns or contacted. */
  rep: string | null;
}

export interface CampaignSpeed extends SpeedFigures {
  id: string | null;
  name: string | null;
  /** From insights; null when the campaign had no insights row (or insights could not be read). */
  spendCents: Minor | null;
  /** Spend ÷ Meta's lead count; null without spend figures or leads. */
  cplCents: Minor | null;
  /** Spend ÷ qualified leads (LeadOps' own); null without spend figures or qualified leads. */
  costPerQualifiedCents: Minor | null;
}

export interface SpeedReport {
  slaMinutes: number;
  total: SpeedFigures;
  /** Most leads first; the unowned group last. */
  byRep: RepSpeed[];
  /** Most leads first, then by spend; leads without a campaign last. */
  byCampaign: CampaignSpeed[];
  /** Totals from insights, when read: spend, CPL and cost per qualified lead of every campaign. */
  spend: { spendCents: Minor; cplCents: Minor | null; costPerQualifiedCents: Minor | null } | null;
}

/**
 * Total, by rep and by campaign. `spend` null: insights were not read (Meta down), the
 * speed figures stand alone. Campaigns that spent but got no stored lead are listed too
 * (their speed figures empty), so the spend side is whole.
 */
export function buildSpeedReport(
  groups: SpeedGroups,
  spend: readonly CampaignSpend[] | null,
  slaMinutes: number,
): SpeedReport {
  const byRep = [...groups.byRep.entries()]
    .map(([rep, figures]): RepSpeed => ({ rep, ...figures }))
    .sort(
      (a, b) => Number(a.rep === null) - Number(b.rep === null) || b.leads - a.leads || cmp(a.rep, b.rep),
    );

  const spendById = new Map((spend ?? []).map((row) => [row.id, row]));
  const campaigns = new Map(groups.byCampaign);
  for (const row of spend ?? [])
    if (!campaigns.has(row.id) && row.spendCents > 0)
      campaigns.set(row.id, { name: row.name, figures: figuresOf(emptyCounts(), null, null) });
  const byCampaign = [...campaigns.entries()]
    .map(([id, { name, figures }]): CampaignSpeed => {
      const insights = id === null ? undefined : spendById.get(id);
      const spendCents = spend === null || id === null ? null : (insights?.spendCents ?? 0);
      return {
        id,
        name: insights?.name ?? name,
        ...figures,
        spendCents,
        cplCents: spendCents === null ? null : costPer(spendCents, insights?.leads ?? 0),
        costPerQualifiedCents: spendCents === null ? null : costPer(spendCents, figures.qualified),
      };
    })
    .sort(
      (a, b) =>
        Number(a.id === null) - Number(b.id === null) ||
        b.leads - a.leads ||
        (b.spendCents ?? 0) - (a.spendCents ?? 0) ||
        cmp(a.name ?? a.id, b.name ?? b.id),
    );

  let totalSpend: SpeedReport['spend'] = null;
  if (spend !== null) {
    const spendCents = spend.reduce((n, row) => n + row.spendCents, 0);
    const metaLeads = spend.reduce((n, row) => n + row.leads, 0);
    const qualified = byCampaign.reduce((n, c) => n + (c.id === null ? 0 : c.qualified), 0);
    totalSpend = {
      spendCents,
      cplCents: costPer(spendCents, metaLeads),
      costPerQualifiedCents: costPer(spendCents, qualified),
    };
  }
  return { slaMinutes, total: groups.total, byRep, byCampaign, spend: totalSpend };
}

function cmp(a: string | null, b: string | null): number {
  return (a ?? '').localeCompare(b ?? '');
}
