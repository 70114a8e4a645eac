// What LeadOps says when it looks back at a change it applied: a reply in the proposal's thread.
import { daysBetween, formatDateRange, type LocalDate } from '../dates/calendar.js';
import type { Proposal } from '../db/proposals.js';
import { type Comparison, type FollowUpSubject, MIN_LEADS, type Verdict } from '../followups/compare.js';
import { type CurrencyCode, formatCostPer } from '../money.js';
import type { ChannelMessage } from './messenger.js';
import { describeChange } from './proposal.js';
import { context, escapeMrkdwn, section } from './text.js';

export interface FollowUpWindowDates {
  beforeSince: LocalDate;
  beforeUntil: LocalDate;
  afterSince: LocalDate;
  afterUntil: LocalDate;
}

export interface FollowUpView {
  proposal: Pick<Proposal, 'id' | 'rule' | 'action' | 'target' | 'adsetName' | 'before' | 'after'>;
  horizonHours: number;
  windows: FollowUpWindowDates;
  subject: FollowUpSubject;
  comparison: Comparison;
  currency: CurrencyCode;
  timezone: string;
}

/** `−26%`, `+4%`, `0%`: a change as whole percent, with a real minus sign. */
export function signedPercent(ratio: number): string {
  const pct = Math.round(ratio * 100);
  if (pct === 0) return '0%';
  return pct > 0 ? `+${pct}%` : `−${Math.abs(pct)}%`;
}

export const VERDICT_WORDS: Record<Verdict, string> = {
  helped: 'helped',
  did_not_help: 'did not help',
  too_early: 'too early to tell',
  no_data: 'no data',
};

function daysWord(days: number, side: 'before' | 'after'): string {
  return days === 1 ? `the day ${side}` : `the ${days} days ${side}`;
}

function windowDays(since: LocalDate, until: LocalDate): number {
  return daysBetween(since, until) + 1;
}

/** `CPL $52.10 → $38.40 (−26%), 3.1 → 4.0 leads/day, cost per qualified lead $180.00 → $150.00` */
export function comparisonFigures(comparison: Comparison, currency: CurrencyCode): string {
  const c = comparison;
  const cpl = `CPL ${formatCostPer(c.cplBefore, currency)} → ${formatCostPer(c.cplAfter, currency)}${c.cplChange === null ? '' : ` (${signedPercent(c.cplChange)})`}`;
  const leads = `${c.leadsPerDayBefore.toFixed(1)} → ${c.leadsPerDayAfter.toFixed(1)} leads/day`;
  const qualified =
    c.before.qualified === 0 && c.after.qualified === 0
      ? 'no leads marked qualified'
      : `cost per qualified lead ${formatCostPer(c.costPerQualifiedBefore, currency)} → ${formatCostPer(c.costPerQualifiedAfter, currency)}`;
  return `${cpl}, ${leads}, ${qualified}`;
}

function whose(subject: FollowUpSubject): string {
  return subject.level === 'account' ? 'The account' : 'The ad set';
}

/** The verdict line: figures then the plain answer, or why there is none. */
export function verdictLine(
  view: Pick<FollowUpView, 'subject' | 'comparison' | 'currency' | 'windows'>,
): string {
  const { comparison, currency, subject, windows } = view;
  if (comparison.verdict === 'no_data') {
    const before = windowDays(windows.beforeSince, windows.beforeUntil);
    const after = windowDays(windows.afterSince, windows.afterUntil);
    const missing = !comparison.after.delivered
      ? `${formatDateRange(windows.afterSince, windows.afterUntil)} (${daysWord(after, 'after')})`
      : `${formatDateRange(windows.beforeSince, windows.beforeUntil)} (${daysWord(before, 'before')})`;
    const what = subject.level === 'account' ? 'the account' : 'the ad set';
    return `No data: Meta has no figures for ${what} in ${missing} — it was deleted, or it did not deliver. Nothing to compare.`;
  }
  const figures = `${whose(subject)}: ${comparisonFigures(comparison, currency)}`;
  if (comparison.verdict === 'too_early')
    return `${figures}: *too early to tell* (fewer than ${MIN_LEADS} leads in a window)`;
  return `${figures}: *${VERDICT_WORDS[comparison.verdict]}*`;
}

function subjectNote(view: FollowUpView): string | null {
  if (view.subject.level === 'account')
    return 'A paused ad set has no figures after the change, so the whole account’s are compared: did it bring its leads cheaper without it?';
  if (view.proposal.target.type === 'ad')
    return 'The ad is paused; its ad set’s figures are compared, as its other ads carry the budget.';
  if (view.proposal.action === 'raise_budget')
    return 'A raise helped when it brought more leads a day at a CPL at most 10% higher.';
  return null;
}

/** The reply in the proposal's thread, 24 h or 72 h after the change. */
export function buildFollowUpMessage(view: FollowUpView): ChannelMessage {
  const { proposal, windows, horizonHours, currency, timezone } = view;
  const before = windowDays(windows.beforeSince, windows.beforeUntil);
  const after = windowDays(windows.afterSince, windows.afterUntil);
  const title = `:bar_chart: *${horizonHours} h follow-up* of proposal #${proposal.id}: ${describeChange(proposal, currency)}, “${escapeMrkdwn(proposal.adsetName)}” (${proposal.rule} rule)`;
  const dates = `${formatDateRange(windows.beforeSince, windows.beforeUntil)} (${daysWord(before, 'before')}) vs ${formatDateRange(windows.afterSince, windows.afterUntil)} (${daysWord(after, 'after')}), whole days in ${timezone}; the day of the change is in neither.`;
  const note = subjectNote(view);
  return {
    text: `${horizonHours} h follow-up of proposal #${proposal.id}: ${VERDICT_WORDS[view.comparison.verdict]}`,
    blocks: [section(`${title}\n${verdictLine(view)}`), context(note ? `${dates} ${note}` : dates)],
  };
}
