import { actionOf } from '../approvals/actions/index.js';
import { formatDateRange, formatLocalTime } from '../dates/calendar.js';
import type { Proposal } from '../db/proposals.js';
import { type CurrencyCode, costPer, formatCount, formatMoney } from '../money.js';
import { isCommandOrigin } from '../rules/plan.js';
import { ACTION_IDS } from './action-ids.js';
import type { ChannelMessage } from './messenger.js';
import type { Block } from './reply.js';
import { context, escapeMrkdwn, section } from './text.js';

const WINDOW_LABELS: Record<string, string> = {
  today: 'today',
  yesterday: 'yesterday',
  last_3d: 'last 3 days',
  last_7d: 'last 7 days',
  last_14d: 'last 14 days',
  last_28d: 'last 28 days',
  last_30d: 'last 30 days',
};

export interface ProposalView {
  /** The account's time zone. */
  timezone: string;
  /** The currency its budgets and figures are in (the account's). */
  currency: CurrencyCode;
  /** Mentioned on an urgent proposal. */
  approvers: readonly string[];
  /** The undo of this proposal, when one was asked for. */
  undo?: Proposal | null;
}

/** `pause the ad set (ACTIVE → PAUSED)`, `daily budget $40.00 → $48.00 (+20%)`, `daily budget ¥8,000 → ¥9,600 (+20%)`. */
export function describeChange(
  proposal: Pick<Proposal, 'action' | 'before' | 'after' | 'target'>,
  currency: CurrencyCode,
): string {
  return actionOf(proposal.action).words.change(proposal, currency);
}

function title(proposal: Proposal, currency: CurrencyCode): string {
  const headline = actionOf(proposal.action).words.headline(proposal, currency);
  const campaign =
    proposal.target.type === 'account' ? '' : `\nCampaign: ${escapeMrkdwn(proposal.campaignName)}`;
  return `*Proposal #${proposal.id} — ${headline}*${campaign}`;
}

function figuresLine(proposal: Proposal, currency: CurrencyCode): string {
  const facts = actionOf(proposal.action).words.facts;
  if (facts) return facts(proposal, currency);
  const f = proposal.figures;
  const cpl = costPer(f.spendCents, f.leads);
  const parts = [
    `Spend ${formatMoney(f.spendCents, currency)}`,
    `${formatCount(f.leads)} ${f.leads === 1 ? 'lead' : 'leads'}`,
    `CPL ${cpl === null ? '—' : formatMoney(cpl, currency)}`,
    `${formatCount(f.impressions)} impressions`,
  ];
  if (f.frequency !== null) parts.push(`frequency ${f.frequency.toFixed(2)}`);
  return parts.join(' · ');
}

function why(proposal: Proposal): string {
  if (isCommandOrigin(proposal.rule)) return `*Why:* ${proposal.reason}.`;
  const f = proposal.figures;
  const window = WINDOW_LABELS[f.window] ?? f.window;
  return `*Why:* ${proposal.rule} rule, ${window} (${formatDateRange(f.since, f.until)}): ${proposal.reason}.`;
}

const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text, emoji: true },
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});

function decisionButtons(proposal: Proposal): Block {
  const value = String(proposal.id);
  return {
    type: 'actions',
    block_id: `proposal_${proposal.id}`,
    elements: [
      button('Approve', ACTION_IDS.approveProposal, value, 'primary'),
      button('Reject', ACTION_IDS.rejectProposal, value),
    ],
  };
}

function undoButton(proposal: Proposal): Block {
  return {
    type: 'actions',
    block_id: `proposal_${proposal.id}_undo`,
    elements: [button('Undo', ACTION_IDS.undoProposal, String(proposal.id))],
  };
}

/** One line on what became of a decided proposal (or its undo). */
export function outcomeLine(proposal: Proposal, view: Pick<ProposalView, 'timezone' | 'currency'>): string {
  const { timezone } = view;
  const who = proposal.decidedBy ? `<@${proposal.decidedBy}>` : 'nobody';
  const when = (ms: number | null) => (ms === null ? '' : ` on ${formatLocalTime(ms, timezone)}`);
  const decided = `${who}${when(proposal.decidedAt)}`;
  const note = proposal.note ? ` ${escapeMrkdwn(proposal.note)}` : '';
  const undo = proposal.kind === 'undo';
  const label = undo ? 'Undo' : 'Approved';
  switch (proposal.status) {
    case 'pending':
      return `Waiting for an approver · expires${when(proposal.expiresAt)}`;
    case 'approved':
      return `*${label}* by ${decided} — applying…`;
    case 'applied':
      return `:white_check_mark: *${undo ? 'Undone' : 'Applied'}* — ${undo ? 'by' : 'approved by'} ${decided}. Meta confirms ${actionOf(proposal.action).words.confirmed(proposal, view.currency)}.`;
    case 'unconfirmed':
      return `:warning: *${undo ? 'Undo unconfirmed' : 'Unconfirmed'}* — ${undo ? 'asked by' : 'approved by'} ${decided}.${note}`;
    case 'failed':
      return `:x: *${undo ? 'Undo failed' : 'Failed'}* — ${undo ? 'asked by' : 'approved by'} ${decided}.${note}`;
    case 'stale':
      return proposal.decidedBy
        ? `:warning: *${undo ? 'Undo stale' : 'Stale'}* — ${undo ? 'asked by' : 'approved by'} ${decided}, but nothing was changed.${note}`
        : `:warning: *Stale* — nothing was changed.${note}`;
    case 'rejected':
      return `:x: *Rejected* by ${decided}. Nothing was changed.`;
    case 'expired':
      return `*Expired*${when(proposal.finishedAt ?? proposal.expiresAt)} with no decision. Nothing was changed.`;
  }
}

/**
 * The proposal message in the approvals channel: what would change, why (the rule and its
 * figures), Approve / Reject while pending; after a decision, who, when and the outcome,
 * with Undo once applied.
 */
export function buildProposalMessage(proposal: Proposal, view: ProposalView): ChannelMessage {
  const blocks: Block[] = [];
  const mentions = view.approvers.map((id) => `<@${id}>`).join(' ');
  const urgent = proposal.urgent ? `:rotating_light: *Urgent*${mentions ? ` — ${mentions}` : ''}\n` : '';
  const { currency } = view;
  blocks.push(section(`${urgent}${title(proposal, currency)}`));
  blocks.push(section(`*Change:* ${describeChange(proposal, currency)}\n${why(proposal)}`));
  const facts = [figuresLine(proposal, currency)];
  if (proposal.alsoRules.length > 0) facts.push(`also triggered: ${proposal.alsoRules.join(', ')}`);
  blocks.push(context(facts.join(' · ')));
  if (proposal.status === 'pending') {
    blocks.push(decisionButtons(proposal));
  } else {
    blocks.push(section(outcomeLine(proposal, view)));
  }
  const undo = view.undo ?? null;
  if (undo) blocks.push(section(outcomeLine(undo, view)));
  const kind = actionOf(proposal.action);
  const applied = proposal.status === 'applied';
  const undoable = applied && kind.undo(proposal) !== null && (!undo || undo.status === 'failed');
  if (undoable) blocks.push(undoButton(proposal));
  else if (applied && !undo && kind.words.noUndo) blocks.push(context(kind.words.noUndo));
  blocks.push(
    context(
      proposal.status === 'pending'
        ? `Proposal #${proposal.id} · only approvers can decide · expires ${formatLocalTime(proposal.expiresAt, view.timezone)}`
        : `Proposal #${proposal.id}`,
    ),
  );
  const state = undo && undo.status === 'applied' ? 'undone' : proposal.status;
  const text = `${proposal.urgent && proposal.status === 'pending' ? `Urgent: ${mentions} ` : ''}Proposal #${proposal.id}: ${describeChange(proposal, currency)} for “${escapeMrkdwn(proposal.adsetName)}” (${proposal.rule}) — ${state}`;
  return { text, blocks };
}

/** Posted in the proposal's thread when Meta refused: its reason, and a way to try again. */
export function buildFailureNotice(proposal: Proposal): ChannelMessage {
  const reason = proposal.note ?? 'Meta gave no reason.';
  const undo = proposal.kind === 'undo';
  const blocks: Block[] = [
    section(
      `:x: ${undo ? `Undo of proposal #${proposal.undoOf}` : `Proposal #${proposal.id}`} failed — ${escapeMrkdwn(reason)}`,
    ),
  ];
  if (!undo) {
    blocks.push({
      type: 'actions',
      block_id: `proposal_${proposal.id}_retry`,
      elements: [button('Try again', ACTION_IDS.approveProposal, String(proposal.id), 'primary')],
    });
  }
  return {
    text: `Proposal #${undo ? proposal.undoOf : proposal.id} failed: ${escapeMrkdwn(reason)}`,
    blocks,
  };
}

/** Only the clicker sees it. */
export function buildClickNotice(text: string): ChannelMessage {
  return { text, blocks: [section(text)] };
}
