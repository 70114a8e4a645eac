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
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const lower = sorted[low] as number;
  const upper = sorted[Math.min(low + 1, sorted.length - 1)] as number;
  return lower + (h - low) * (upper - lower);
}

/** Minutes from the clock's start to the first contact, never below 0; null without a contact. */
export function minutesToContact(record: Pick<SpeedRecord, 'clockStart' | 'firstContactAt'>): number | null {
  if (record.firstContactAt === null) return null;
  return Math.max(0, record.firstContactAt - record.clockStart) / 60_000;
}

export function speedFigures(records: readonly SpeedRecord[], options: SpeedOptions): SpeedFigures {
  const slaMs = options.slaMinutes * 60_000;
  const minutes: number[] = [];
  let withinSla = 0;
  let neverContacted = 0;
  let waitingInsideSla = 0;
  let junk = 0;
  let qualified = 0;
  for (const record of records) {
    if (record.qualified) qualified += 1;
    const taken = minutesToContact(record);
    if (taken !== null) {
      minutes.push(taken);
      if (taken * 60_000 <= slaMs) withinSla += 1;
    } else if (record.junkBeforeContact) junk += 1;
    else {
      neverContacted += 1;
      if (options.now < record.clockStart + slaMs) waitingInsideSla += 1;
    }
  }
  minutes.sort((a, b) => a - b);
  const measured = minutes.length + neverContacted - waitingInsideSla;
  return {
    leads: records.length,
    contacted: minutes.length,
    medianMinutes: percentile(minutes, 0.5),
    p90Minutes: percentile(minutes, 0.9),
    withinSla,
    measured,
    shareWithinSla: measured > 0 ? withinSla / measured : null,
    neverContacted,
    waitingInsideSla,
    junkBeforeContact: junk,
    qualified,
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

/**
 * Total, by rep and by campaign. `spend` null: insights were not read (Meta down), the
 * speed figures stand alone. Campaigns that spent but got no stored lead are listed too
 * (their speed figures empty), so the spend side is whole.
 */
export function buildSpeedReport(
  records: readonly SpeedRecord[],
  spend: readonly CampaignSpend[] | null,
  options: SpeedOptions,
): SpeedReport {
  const byRep = [...groupBy(records, (r) => r.rep).entries()]
    .map(([rep, group]): RepSpeed => ({ rep, ...speedFigures(group, options) }))
    .sort((a, b) => Number(a.rep === null) - Number(b.rep === null) || b.leads - a.leads || cmp(a.rep, b.rep));

  const spendById = new Map((spend ?? []).map((row) => [row.id, row]));
  const groups = groupBy(records, (r) => r.campaignId);
  for (const row of spend ?? []) if (!groups.has(row.id) && row.spendCents > 0) groups.set(row.id, []);
  const byCampaign = [...groups.entries()]
    .map(([id, group]): CampaignSpeed => {
      const figures = speedFigures(group, options);
      const insights = id === null ? undefined : spendById.get(id);
      const spendCents = spend === null || id === null ? null : (insights?.spendCents ?? 0);
      return {
        id,
        name: insights?.name ?? group.find((r) => r.campaignName !== null)?.campaignName ?? null,
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

  const total = speedFigures(records, options);
  let totalSpend: SpeedReport['spend'] = null;
  if (spend !== null) {
    const spendCents = spend.reduce((n, row) => n + row.spendCents, 0);
    const metaLeads = spend.reduce((n, row) => n + row.leads, 0);
    const qualified = records.filter((r) => r.qualified && r.campaignId !== null).length;
    totalSpend = {
      spendCents,
      cplCents: costPer(spendCents, metaLeads),
      costPerQualifiedCents: costPer(spendCents, qualified),
    };
  }
  return { slaMinutes: options.slaMinutes, total, byRep, byCampaign, spend: totalSpend };
}

function cmp(a: string | null, b: string | null): number {
  return (a ?? '').localeCompare(b ?? '');
}
