// Where proposals meet people: posting them in their account's home channel, taking clicks
// (Slack buttons and the terminal's `approve N` alike), applying what was approved to the
// proposal's own account, and keeping each message up to date.
import { type Account, channelFor, type FallbackChannels } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/registry.js';
import type { Clock } from '../clock.js';
import { readAccountSettings } from '../db/account-settings.js';
import { recordAudit } from '../db/audit-log.js';
import type { Database } from '../db/open.js';
import {
  approvedBefore,
  getProposal,
  type Proposal,
  pendingExpiredBy,
  setMessage,
  transition,
  undoOf,
  unpostedPending,
} from '../db/proposals.js';
import { scheduleFollowUps } from '../followups/schedule.js';
import type { Logger } from '../log.js';
import type { Messenger } from '../messages/messenger.js';
import {
  buildClickNotice,
  buildFailureNotice,
  buildProposalMessage,
  type ProposalView,
} from '../messages/proposal.js';
import { dailyBudgetCeiling } from '../rules/plan.js';
import { resolveLimits } from '../rules/settings.js';
import { actionOf } from './actions/index.js';
import { type ActionPort, applyApproved } from './apply.js';
import { type DecisionResult, decide, isApprover, requestUndo, type UndoResult } from './decide.js';

export interface ApprovalDeskDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  messenger: Messenger;
  /** The served accounts: a proposal's account by its id (none once it is no longer served). */
  accounts: Pick<AccountRegistry, 'get'>;
  /** Meta, for one account: its ads, ad sets, campaigns and audiences, as the actions use them. */
  portOf: (account: Account) => ActionPort;
  /** APPROVERS: they decide for every account. */
  approvers: readonly string[];
  /** Guardrails, checked again when a proposal is approved. PROTECTED is global. */
  protected: readonly string[];
  /** MAX_DAILY_BUDGET as configured: read in the proposal's account currency when it is approved. */
  maxDailyBudget: string | null;
  /** Where an account without a home channel gets its proposals (APPROVALS_CHANNEL). */
  channels: FallbackChannels;
}

export type ClickAction = 'approve' | 'reject' | 'undo';

export interface Click {
  proposalId: number;
  userId: string;
  action: ClickAction;
  /** Where the click happened, for an ephemeral answer; the proposal's channel otherwise. */
  channel?: string | null;
}

export type ClickOutcome =
  | DecisionResult
  | Exclude<UndoResult, { kind: 'approved' }>
  /** Its ad account is no longer served: it cannot be applied or undone (rejecting still works). */
  | { kind: 'unserved'; proposal: Proposal }
  | { kind: 'finished'; proposal: Proposal };

/** An approval stuck in `approved` this long was interrupted (LeadOps stopped mid-way). */
const INTERRUPTED_AFTER_MS = 15 * 60_000;

export class ApprovalDesk {
  private readonly applying = new Set<number>();

  constructor(private readonly deps: ApprovalDeskDeps) {}

  /**
   * A click on Approve, Reject or Undo, by anyone: only approvers decide, exactly once. An
   * approval is applied before this returns; the message is updated in place either way.
   */
  async click(click: Click): Promise<ClickOutcome> {
    const { db, clock, approvers } = this.deps;
    const now = clock.nowMilliseconds();
    const found = getProposal(db, click.proposalId);
    const account = found ? this.deps.accounts.get(found.accountId) : null;
    // Applying or undoing needs the account: one no longer served cannot have it (a refusal comes first).
    if (found && !account && click.action !== 'reject' && isApprover(approvers, click.userId)) {
      const result: ClickOutcome = { kind: 'unserved', proposal: found };
      await this.explain(click, result);
      return result;
    }
    if (click.action === 'undo') {
      const result = requestUndo(db, { proposalId: click.proposalId, userId: click.userId, now, approvers });
      if (result.kind !== 'approved') {
        await this.explain(click, result);
        return result;
      }
      if (!account) throw new Error(`undo of proposal ${click.proposalId} approved without its account`);
      const undo = await this.apply(result.undo, account, this.refresh(result.original));
      return { kind: 'finished', proposal: undo };
    }
    const result = decide(db, {
      proposalId: click.proposalId,
      userId: click.userId,
      decision: click.action,
      now,
      approvers,
      maxChangesPerDay: resolveLimits(found ? readAccountSettings(db, found.accountId) : undefined)
        .maxChangesPerDay,
      protected: this.deps.protected,
      maxDailyBudget: account ? dailyBudgetCeiling(this.deps.maxDailyBudget, account.currency) : null,
      currency: account?.currency ?? null,
    });
    switch (result.kind) {
      case 'approved':
        if (!account) throw new Error(`proposal ${result.proposal.id} approved without its account`);
        return {
          kind: 'finished',
          proposal: await this.apply(result.proposal, account, this.refresh(result.proposal)),
        };
      case 'rejected':
        await this.refresh(result.proposal);
        return result;
      case 'guarded':
        await this.refresh(result.proposal);
        await this.explain(click, result);
        return result;
      case 'expired':
        if (result.justNow) await this.refresh(result.proposal);
        await this.explain(click, result);
        return result;
      default:
        await this.explain(click, result);
        return result;
    }
  }

  /** Where an account's proposals go: its home channel, else APPROVALS_CHANNEL. */
  channelOf(account: Account): string {
    return channelFor(account, 'approvals', this.deps.channels);
  }

  /** Posts a proposal's message in its account's channel and remembers where, so later updates edit it in place. */
  async post(proposal: Proposal, account: Account): Promise<Proposal> {
    const view = this.view(proposal, account);
    if (!view) throw new Error(`proposal ${proposal.id}: the currency of its amounts is not known`);
    const message = buildProposalMessage(proposal, view);
    const posted = await this.deps.messenger.post(this.channelOf(account), message);
    setMessage(this.deps.db, proposal.id, posted);
    return getProposal(this.deps.db, proposal.id) as Proposal;
  }

  /** An account's pending proposals whose message never reached Slack (it was down): posted now. */
  async postUnposted(account: Account): Promise<Proposal[]> {
    const posted: Proposal[] = [];
    const now = this.deps.clock.nowMilliseconds();
    for (const proposal of unpostedPending(this.deps.db, now, account.id)) {
      try {
        posted.push(await this.post(proposal, account));
      } catch (error) {
        this.warn('proposal not posted; tried again on the next evaluation', proposal, error);
      }
    }
    return posted;
  }

  /**
   * The sweep: pending proposals past their time turn `expired`; approvals interrupted by a
   * stop turn `unconfirmed` (never retried blindly). Each message says so.
   */
  async sweep(): Promise<{ expired: number; interrupted: number }> {
    const { db, clock } = this.deps;
    const now = clock.nowMilliseconds();
    let expired = 0;
    for (const proposal of pendingExpiredBy(db, now)) {
      if (!transition(db, proposal.id, ['pending'], 'expired', { finishedAt: now })) continue;
      recordAudit(db, {
        at: now,
        actor: 'system',
        event: 'proposal.expired',
        accountId: proposal.accountId,
        proposalId: proposal.id,
      });
      expired += 1;
      await this.refresh(proposal);
    }
    let interrupted = 0;
    for (const proposal of approvedBefore(db, now - INTERRUPTED_AFTER_MS)) {
      if (this.applying.has(proposal.id)) continue;
      const note =
        'LeadOps stopped while applying this change, so whether Meta has it is unknown. Check in Ads Manager — LeadOps does not retry it.';
      if (!transition(db, proposal.id, ['approved'], 'unconfirmed', { finishedAt: now, note })) continue;
      recordAudit(db, {
        at: now,
        actor: 'system',
        event: 'proposal.unconfirmed',
        accountId: proposal.accountId,
        proposalId: proposal.id,
        detail: note,
      });
      interrupted += 1;
      await this.refresh(proposal);
    }
    return { expired, interrupted };
  }

  /** Re-renders the message of a proposal (an undo re-renders the change it belongs to). */
  async refresh(proposal: Proposal): Promise<void> {
    const original =
      proposal.kind === 'undo' && proposal.undoOf !== null
        ? getProposal(this.deps.db, proposal.undoOf)
        : null;
    const current = original ?? getProposal(this.deps.db, proposal.id);
    if (!current?.messageRef) return;
    const view = this.view(current, this.deps.accounts.get(current.accountId));
    if (!view) {
      this.warn(
        'proposal message not updated',
        current,
        new Error('the currency of its amounts is not known'),
      );
      return;
    }
    try {
      const message = buildProposalMessage(current, view);
      await this.deps.messenger.update(current.messageRef, message);
    } catch (error) {
      this.warn('proposal message not updated', current, error);
    }
  }

  /**
   * Applies a claimed proposal. `interim` (the message saying "applying…") runs alongside so
   * the Graph write is not held up by Slack; the final update waits for it, so it lands last.
   */
  private async apply(proposal: Proposal, account: Account, interim: Promise<void>): Promise<Proposal> {
    this.applying.add(proposal.id);
    let finished: Proposal;
    try {
      finished = await applyApproved(
        {
          db: this.deps.db,
          port: this.deps.portOf(account),
          currency: proposal.currency ?? account.currency,
          now: () => this.deps.clock.nowMilliseconds(),
        },
        proposal,
      );
    } finally {
      this.applying.delete(proposal.id);
      await interim;
    }
    // An applied change gets its 24 h and 72 h follow-ups (src/followups/).
    scheduleFollowUps(this.deps.db, finished, account.timezone);
    await this.refresh(finished);
    if (finished.status === 'failed' && finished.messageRef) {
      try {
        const thread = finished.messageRef;
        await this.deps.messenger.post(this.deps.messenger.channelOf(thread), buildFailureNotice(finished), {
          thread,
        });
      } catch (error) {
        this.warn('failure notice not posted', finished, error);
      }
    }
    return finished;
  }

  /** The account's clock and the proposal's currency; null when no currency is known to show its amounts in. */
  private view(proposal: Proposal, account: Account | null): ProposalView | null {
    const currency = proposal.currency ?? account?.currency;
    if (!currency) return null;
    return {
      timezone: account?.timezone ?? 'UTC',
      currency,
      approvers: this.deps.approvers,
      undo:
        proposal.kind === 'change' && proposal.undoneBy !== null ? undoOf(this.deps.db, proposal.id) : null,
    };
  }

  /** Tells the clicker, and only them, why their click changed nothing. */
  private async explain(click: Click, result: ClickOutcome): Promise<void> {
    const text = clickNotice(result, click);
    const channel =
      click.channel ??
      this.messageChannel('proposal' in result ? result.proposal : null) ??
      this.messageChannel('original' in result ? result.original : null) ??
      this.deps.channels.approvals;
    try {
      await this.deps.messenger.postEphemeral(channel, click.userId, buildClickNotice(text));
    } catch (error) {
      this.deps.logger.warn({ err: { message: (error as Error).message } }, 'click notice not delivered');
    }
  }

  /** The channel a proposal's message is in, once posted. */
  private messageChannel(proposal: Proposal | null): string | null {
    return proposal?.messageRef ? this.deps.messenger.channelOf(proposal.messageRef) : null;
  }

  private warn(message: string, proposal: Proposal, error: unknown): void {
    this.deps.logger.warn({ proposal: proposal.id, err: { message: (error as Error).message } }, message);
  }
}

/** Why a click changed nothing, in the clicker's terms. */
export function clickNotice(result: ClickOutcome, click: Pick<Click, 'proposalId' | 'action'>): string {
  const id = `#${click.proposalId}`;
  switch (result.kind) {
    case 'refused':
      return `:warning: Only approvers can ${click.action} proposals (APPROVERS). Nothing was changed.`;
    case 'unknown':
      return `:warning: There is no proposal ${id}.`;
    case 'already':
      return `:warning: Proposal ${id} was already decided: it is ${result.proposal.status}${result.proposal.decidedBy ? ` (by <@${result.proposal.decidedBy}>)` : ''}. Nothing was changed.`;
    case 'expired':
      return `:warning: Proposal ${id} has expired. Nothing was changed; /rules run evaluates again.`;
    case 'guarded':
      return `:warning: Proposal ${id} was not applied: ${result.proposal.note ?? 'a guardrail forbids it.'}`;
    case 'limited':
      return `:warning: “${result.proposal.adsetName}” has had ${result.count} changes applied in the last 24 hours — the limit. Proposal ${id} stays pending.`;
    case 'unserved':
      return `:warning: Proposal ${id} is for ad account ${result.proposal.accountId}, which LeadOps no longer serves, so it cannot be ${click.action === 'undo' ? 'undone' : 'applied'}. Nothing was changed.`;
    case 'not_undoable': {
      const { original } = result;
      const noUndo = actionOf(original.action).words.noUndo;
      if (original.status === 'applied' && !original.undoneBy && noUndo)
        return `:warning: Proposal ${id} cannot be undone from Slack. ${noUndo}`;
      return `:warning: Proposal ${id} cannot be undone: it is ${original.undoneBy ? 'already undone' : original.status}.`;
    }
    default:
      return `Proposal ${id}: ${result.kind}.`;
  }
}
