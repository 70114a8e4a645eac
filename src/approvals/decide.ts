// The decision itself: one SQLite transaction that either claims the proposal or finds it
// already decided. Nothing here talks to Meta or Slack.
import type { Database } from 'better-sqlite3';
import { recordAudit } from '../db/audit-log.js';
import {
  appliedChangesSince,
  claimUndo,
  getProposal,
  insertProposal,
  type Proposal,
  transition,
  undoOf,
} from '../db/proposals.js';
import { type CurrencyCode, formatMoney, type Minor } from '../money.js';
import { isProtected, type ProposalDraft } from '../rules/plan.js';
import { actionOf } from './actions/index.js';

export type Decision = 'approve' | 'reject';

export type DecisionResult =
  /** Not in APPROVERS: nothing changed (the attempt is audited). */
  | { kind: 'refused' }
  | { kind: 'unknown' }
  /** Someone (or an earlier click) decided first. */
  | { kind: 'already'; proposal: Proposal }
  | { kind: 'expired'; proposal: Proposal; justNow: boolean }
  /** PROTECTED or MAX_DAILY_BUDGET changed since it was proposed: it turned `stale`, nothing changes. */
  | { kind: 'guarded'; proposal: Proposal }
  /** The ad set has had its share of changes today; the proposal stays pending. */
  | { kind: 'limited'; proposal: Proposal; count: number }
  /** Claimed: the caller applies it now, and only this caller. */
  | { kind: 'approved'; proposal: Proposal }
  | { kind: 'rejected'; proposal: Proposal };

export interface DecideInput {
  proposalId: number;
  userId: string;
  decision: Decision;
  now: number;
  approvers: readonly string[];
  maxChangesPerDay: number;
  /** Checked again at approval: settings may have changed since the proposal was made. */
  protected?: readonly string[];
  /** MAX_DAILY_BUDGET in the proposal's account currency (its Meta unit). */
  maxDailyBudget?: Minor | null;
  /** The proposal's account currency, to say the ceiling in. */
  currency?: CurrencyCode | null;
}

/** Why the guardrails now forbid this change, or null. */
function guardrailProblem(proposal: Proposal, input: DecideInput): string | null {
  const { adsetId, adsetName, campaignId, campaignName, target } = proposal;
  const ad = target.type === 'ad' ? [target.id, target.name] : [];
  if (isProtected(input.protected ?? [], adsetId, adsetName, campaignId, campaignName, ...ad))
    return `The ${ad.length > 0 ? 'ad, its ad set' : 'ad set'} or its campaign is now PROTECTED. Nothing was changed.`;
  const ceiling = input.maxDailyBudget ?? null;
  const next = proposal.after.dailyBudgetCents;
  if (actionOf(proposal.action).withinCeiling && ceiling !== null && next !== null && next > ceiling) {
    const currency = input.currency ?? proposal.currency;
    const shown = currency ? formatMoney(ceiling, currency) : String(ceiling);
    return `The new budget would now be above MAX_DAILY_BUDGET (${shown}/day). Nothing was changed.`;
  }
  return null;
}

const DAY_MS = 24 * 3_600_000;

export function isApprover(approvers: readonly string[], userId: string): boolean {
  return approvers.includes(userId);
}

/**
 * Approve or reject, exactly once. `pending → approved | rejected` (a `failed` one may be
 * approved again); an expired pending one turns `expired`. Concurrent clicks, double clicks and
 * Slack's retries all land here, and all but the first find it decided.
 */
export function decide(db: Database, input: DecideInput): DecisionResult {
  const { proposalId, userId, decision, now } = input;
  if (!isApprover(input.approvers, userId)) {
    recordAudit(db, {
      at: now,
      actor: userId,
      event: 'proposal.refused',
      accountId: getProposal(db, proposalId)?.accountId ?? null,
      proposalId,
      detail: `tried to ${decision}; not in APPROVERS`,
    });
    return { kind: 'refused' };
  }
  return db
    .transaction((): DecisionResult => {
      const proposal = getProposal(db, proposalId);
      if (proposal?.kind !== 'change') return { kind: 'unknown' };
      const { accountId } = proposal;
      const open = proposal.status === 'pending' || (decision === 'approve' && proposal.status === 'failed');
      if (!open) return { kind: 'already', proposal };
      if (proposal.expiresAt <= now) {
        if (proposal.status !== 'pending') return { kind: 'expired', proposal, justNow: false };
        transition(db, proposalId, ['pending'], 'expired', { finishedAt: now });
        recordAudit(db, { at: now, actor: 'system', event: 'proposal.expired', accountId, proposalId });
        return { kind: 'expired', proposal: getProposal(db, proposalId) as Proposal, justNow: true };
      }
      if (decision === 'reject') {
        transition(db, proposalId, ['pending'], 'rejected', {
          decidedBy: userId,
          decidedAt: now,
          finishedAt: now,
        });
        recordAudit(db, { at: now, actor: userId, event: 'proposal.rejected', accountId, proposalId });
        return { kind: 'rejected', proposal: getProposal(db, proposalId) as Proposal };
      }
      const problem = guardrailProblem(proposal, input);
      if (problem) {
        transition(db, proposalId, [proposal.status], 'stale', { finishedAt: now, note: problem });
        recordAudit(db, {
          at: now,
          actor: userId,
          event: 'proposal.stale',
          accountId,
          proposalId,
          detail: problem,
        });
        return { kind: 'guarded', proposal: getProposal(db, proposalId) as Proposal };
      }
      const count = actionOf(proposal.action).capped
        ? appliedChangesSince(db, proposal.adsetId, now - DAY_MS)
        : 0;
      if (count >= input.maxChangesPerDay) {
        recordAudit(db, {
          at: now,
          actor: userId,
          event: 'proposal.limited',
          accountId,
          proposalId,
          detail: `${count} changes applied to this ad set in the last 24 hours (limit ${input.maxChangesPerDay})`,
        });
        return { kind: 'limited', proposal, count };
      }
      transition(db, proposalId, [proposal.status], 'approved', {
        decidedBy: userId,
        decidedAt: now,
        note: null,
      });
      recordAudit(db, { at: now, actor: userId, event: 'proposal.approved', accountId, proposalId });
      return { kind: 'approved', proposal: getProposal(db, proposalId) as Proposal };
    })
    .immediate();
}

/** The change that puts back what `original` changed; null when Meta allows no undo LeadOps makes. */
export function undoDraft(original: Proposal): ProposalDraft | null {
  return actionOf(original.action).undo(original);
}

export type UndoResult =
  | { kind: 'refused' }
  | { kind: 'unknown' }
  /** Not applied, or already undone. */
  | { kind: 'not_undoable'; original: Proposal }
  /** The undo exists, approved by the click that asked for it: apply it now. */
  | { kind: 'approved'; original: Proposal; undo: Proposal };

/**
 * Undo is itself an approved action: the click creates the reverse change, approved by the
 * clicker, linked to the original in the same transaction so a second click finds it taken.
 * A failed undo may be asked for again.
 */
export function requestUndo(
  db: Database,
  input: { proposalId: number; userId: string; now: number; approvers: readonly string[] },
): UndoResult {
  const { proposalId, userId, now } = input;
  if (!isApprover(input.approvers, userId)) {
    recordAudit(db, {
      at: now,
      actor: userId,
      event: 'proposal.refused',
      accountId: getProposal(db, proposalId)?.accountId ?? null,
      proposalId,
      detail: 'tried to undo',
    });
    return { kind: 'refused' };
  }
  return db
    .transaction((): UndoResult => {
      const original = getProposal(db, proposalId);
      if (original?.kind !== 'change') return { kind: 'unknown' };
      const previous = undoOf(db, proposalId);
      const draft = original.status === 'applied' ? undoDraft(original) : null;
      if (!draft || (previous && previous.status !== 'failed')) return { kind: 'not_undoable', original };
      const undo = insertProposal(db, {
        draft,
        accountId: original.accountId,
        currency: original.currency,
        kind: 'undo',
        undoOf: original.id,
        status: 'approved',
        createdAt: now,
        expiresAt: now,
        decidedBy: userId,
        messageRef: original.messageRef,
      });
      if (!claimUndo(db, original.id, undo.id)) throw new Error('undo claimed concurrently');
      recordAudit(db, {
        at: now,
        actor: userId,
        event: 'proposal.undo_requested',
        accountId: original.accountId,
        proposalId: undo.id,
        detail: `undo of #${original.id}`,
      });
      recordAudit(db, {
        at: now,
        actor: userId,
        event: 'proposal.approved',
        accountId: original.accountId,
        proposalId: undo.id,
      });
      return { kind: 'approved', original: getProposal(db, original.id) as Proposal, undo };
    })
    .immediate();
}
