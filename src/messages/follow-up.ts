// What LeadOps says when it looks back at a change it applied: a reply in the proposal's thread.
import type { Account } from '../accounts/account.js';
import { daysBetween, formatDateRange, formatLocalTime, type LocalDate } from '../dates/calendar.js';
import type { FollowUp } from '../db/follow-ups.js';
import type { Proposal } from '../db/proposals.js';
import { type Comparison, type FollowUpSubject, MIN_LEADS, type Verdict } from '../followups/compare.js';
import type { ScorecardLine } from '../followups/scorecard.js';
import { type CurrencyCode, formatCostPer } from '../money.js';
import type { ChannelMessage } from './messenger.js';
import { describeChange } from './proposal.js';
import type { Reply } from './reply.js';
import { context, escapeMrkdwn, header, section, sectionsOf } from './text.js';

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

const PLURALS: Record<string, string> = { 'ad pause': 'ad pauses', 'budget cut': 'budget cuts' };

function counted(n: number, kind: string): string {
  return `${n} ${n === 1 ? kind : (PLURALS[kind] ?? `${kind}s`)}`;
}

/** `kill · 12 pauses: 7 helped, 3 did not help, 2 too early to tell · CPL of the account −18% after (median of 10)` */
export function scorecardLine(line: ScorecardLine): string {
  const verdicts = (['helped', 'did_not_help', 'too_early', 'no_data'] as const)
    .filter((v) => line.verdicts[v] > 0)
    .map((v) => `${line.verdicts[v]} ${VERDICT_WORDS[v]}`);
  if (line.waiting > 0) verdicts.push(`${line.waiting} waiting for a follow-up`);
  let text = `*${line.rule}* · ${counted(line.changes, line.kind)}: ${verdicts.join(', ')}`;
  if (line.medianCplChange !== null) {
    const of = line.judged === 'account' ? 'CPL of the account' : 'CPL of the ad sets';
    const leads =
      line.medianLeadsPerDayChange !== null && line.judged === 'adset'
        ? `, leads/day ${signedPercent(line.medianLeadsPerDayChange)}`
        : '';
    text += ` · ${of} ${signedPercent(line.medianCplChange)}${leads} after (median of ${line.measured})`;
  }
  return text;
}

export interface ScorecardView {
  account: Pick<Account, 'name' | 'id' | 'timezone' | 'currency'>;
  range: { label: string; since: LocalDate; until: LocalDate };
  lines: readonly ScorecardLine[];
}

/** `/rules scorecard [range]`: what the rules' applied changes did, per rule, for one account. */
export function buildScorecardReply(view: ScorecardView): Reply {
  const { account, range, lines } = view;
  const changes = lines.reduce((n, l) => n + l.changes, 0);
  const about = `${escapeMrkdwn(account.name)} · ${formatDateRange(range.since, range.until)} · changes applied in the range, each by its latest follow-up (72 h, else 24 h), whole days in ${account.timezone}, amounts in ${account.currency}`;
  if (lines.length === 0)
    return {
      visibility: 'ephemeral',
      text: `Rules scorecard — ${range.label}: no change applied`,
      blocks: [
        header(`Rules scorecard — ${range.label}`),
        section('No change was applied in this range, so there is nothing to score yet.'),
        context(about),
      ],
    };
  return {
    visibility: 'ephemeral',
    text: `Rules scorecard — ${range.label}: ${changes} change${changes === 1 ? '' : 's'}`,
    blocks: [
      header(`Rules scorecard — ${range.label}`),
      ...sectionsOf(lines.map(scorecardLine)).slice(0, 40),
      context(
        about,
        'A pause is judged on the whole account’s CPL, a paused ad on its ad set’s, a budget change on its ad set’s; a raise helped when it brought more leads a day at a CPL at most 10% higher.',
      ),
    ],
  };
}

/** `24 h: helped (CPL −26%)`, `72 h: due Dec 3, 2:00 AM CST`: a change's follow-ups for /rules history. */
export function followUpsText(followUps: readonly FollowUp[], timezone: string): string {
  return followUps
    .map((f) => {
      const label = `${f.horizonHours} h`;
      if (f.state === 'posted' && f.verdict) {
        const cpl = f.result?.cplChange;
        const figure =
          f.verdict !== 'no_data' && cpl !== null && cpl !== undefined ? ` (CPL ${signedPercent(cpl)})` : '';
        return `${label}: ${VERDICT_WORDS[f.verdict]}${figure}`;
      }
      if (f.state === 'scheduled' || f.state === 'claimed')
        return `${label}: due ${formatLocalTime(f.nextTryAt, timezone)}`;
      if (f.state === 'skipped') return `${label}: skipped`;
      return `${label}: not posted`;
    })
    .join(' · ');
}
