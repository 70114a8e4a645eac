// The arithmetic of a follow-up: one window's figures against the same-length window before
// the change, and a verdict in plain words. Figures in, comparison out; no I/O.
import type { LocalDate } from '../dates/calendar.js';
import { costPer, type Minor } from '../money.js';
import type { ProposalAction } from '../rules/plan.js';

/**
 * What a follow-up judges. A paused ad set has no figures after the change, so a pause is judged
 * on the whole account: did the account bring its leads cheaper without it? A paused ad (creative
 * rotation) is judged on its ad set, whose other ads carry the budget. A budget change is judged on
 * the ad set (a campaign budget is changed only when the ad set is its campaign's one active ad set).
 */
export type FollowUpSubject = { level: 'account' } | { level: 'adset'; id: string };

export function subjectOf(proposal: {
  action: ProposalAction | string;
  target: { type: string };
  adsetId: string;
}): FollowUpSubject {
  if (proposal.action === 'pause' && proposal.target.type !== 'ad') return { level: 'account' };
  return { level: 'adset', id: proposal.adsetId };
}

/** One day of one object (or the account), as read from Meta. */
export interface DayFigures {
  date: LocalDate;
  spendCents: Minor;
  leads: number;
}

/** A window's totals. `delivered` false: Meta has no row for it at all (deleted, or nothing delivered). */
export interface WindowFigures {
  days: number;
  spendCents: Minor;
  leads: number;
  /** LeadOps' own leads created in the window whose latest outcome is qualified or signed. */
  qualified: number;
  delivered: boolean;
}

/** Sums the days of `rows` within `since`..`until` (both included). */
export function windowFigures(
  rows: readonly DayFigures[],
  since: LocalDate,
  until: LocalDate,
  days: number,
  qualified: number,
): WindowFigures {
  let spendCents = 0;
  let leads = 0;
  let delivered = false;
  for (const row of rows) {
    if (row.date < since || row.date > until) continue;
    delivered = true;
    spendCents += row.spendCents;
    leads += row.leads;
  }
  return { days, spendCents, leads, qualified, delivered };
}

export type Verdict = 'helped' | 'did_not_help' | 'too_early' | 'no_data';

/** Fewer leads than this in either window: too early to tell. */
export const MIN_LEADS = 5;
/** A raise helped when it brought more leads a day with a CPL at most this much higher. */
export const RAISE_CPL_TOLERANCE = 0.1;

export interface Comparison {
  before: WindowFigures;
  after: WindowFigures;
  cplBefore: Minor | null;
  cplAfter: Minor | null;
  /** (after − before) ÷ before; null when either is missing. */
  cplChange: number | null;
  leadsPerDayBefore: number;
  leadsPerDayAfter: number;
  leadsPerDayChange: number | null;
  costPerQualifiedBefore: Minor | null;
  costPerQualifiedAfter: Minor | null;
  verdict: Verdict;
}

function change(before: number | null, after: number | null): number | null {
  if (before === null || after === null || before === 0) return null;
  return (after - before) / before;
}

/**
 * The verdict: no data when Meta has no row in either window; too early with fewer than
 * MIN_LEADS leads in either; a raise helped when leads a day went up with the CPL at most 10%
 * higher (more budget buys dearer leads: some rise is the price of volume); anything else
 * helped when the CPL went down. Cost per qualified lead is shown, not judged: the leads after
 * the change have had less time to be marked.
 */
export function compareWindows(
  action: ProposalAction | string,
  before: WindowFigures,
  after: WindowFigures,
): Comparison {
  const cplBefore = costPer(before.spendCents, before.leads);
  const cplAfter = costPer(after.spendCents, after.leads);
  const leadsPerDayBefore = before.leads / before.days;
  const leadsPerDayAfter = after.leads / after.days;
  let verdict: Verdict;
  if (!before.delivered || !after.delivered) verdict = 'no_data';
  else if (before.leads < MIN_LEADS || after.leads < MIN_LEADS || cplBefore === null || cplAfter === null)
    verdict = 'too_early';
  else if (action === 'raise_budget')
    verdict =
      leadsPerDayAfter > leadsPerDayBefore && cplAfter <= cplBefore * (1 + RAISE_CPL_TOLERANCE)
        ? 'helped'
        : 'did_not_help';
  else verdict = cplAfter < cplBefore ? 'helped' : 'did_not_help';
  return {
    before,
    after,
    cplBefore,
    cplAfter,
    cplChange: change(cplBefore, cplAfter),
    leadsPerDayBefore,
    leadsPerDayAfter,
    leadsPerDayChange: change(leadsPerDayBefore, leadsPerDayAfter),
    costPerQualifiedBefore: costPer(before.spendCents, before.qualified),
    costPerQualifiedAfter: costPer(after.spendCents, after.qualified),
    verdict,
  };
}
