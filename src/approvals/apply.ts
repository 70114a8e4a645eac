// Applying an approved proposal: check Meta still matches what it assumed, write once, read back.
import type { Database } from 'better-sqlite3';
import { recordAudit } from '../db/audit-log.js';
import { getProposal, type Proposal, type ProposalStatus, transition } from '../db/proposals.js';
import type { AdObjectChange, AdObjectRef, AdObjectState } from '../meta/ad-account.js';
import { toMetaError } from '../meta/errors.js';
import { type CurrencyCode, formatMoney } from '../money.js';
import type { ObjectSnapshot } from '../rules/plan.js';

/** What applying needs from Meta: read an ad set or campaign fresh, and change it. */
export interface AdObjectPort {
  readAdObject(ref: AdObjectRef): Promise<AdObjectState>;
  updateAdObject(ref: AdObjectRef, change: AdObjectChange): Promise<void>;
}

export interface ApplyDeps {
  db: Database;
  /** Meta, for the proposal's own account. */
  port: AdObjectPort;
  /** The proposal's account currency: budgets are said in it. */
  currency: CurrencyCode;
  now: () => number;
}

/** How Meta's state differs from a snapshot, in words (budgets in `currency`); empty when it matches. */
export function differences(
  expected: ObjectSnapshot,
  actual: AdObjectState,
  currency: CurrencyCode,
): string[] {
  const budget = (amount: number | null) =>
    amount === null ? 'no daily budget' : `${formatMoney(amount, currency)}/day`;
  const found: string[] = [];
  if (actual.status !== expected.status) found.push(`status ${actual.status} (expected ${expected.status})`);
  if (expected.dailyBudgetCents !== null && actual.dailyBudgetCents !== expected.dailyBudgetCents) {
    found.push(
      `daily budget ${budget(actual.dailyBudgetCents)} (expected ${budget(expected.dailyBudgetCents)})`,
    );
  }
  return found;
}

/** Only what the proposal changes is written. */
export function changeOf(proposal: Proposal): AdObjectChange {
  if (proposal.action === 'pause' || proposal.action === 'resume')
    return { status: proposal.after.status === 'PAUSED' ? 'PAUSED' : 'ACTIVE' };
  if (proposal.after.dailyBudgetCents === null) throw new Error(`proposal ${proposal.id} has no new budget`);
  return { dailyBudgetCents: proposal.after.dailyBudgetCents };
}

function finish(
  deps: ApplyDeps,
  proposal: Proposal,
  status: Extract<ProposalStatus, 'applied' | 'unconfirmed' | 'failed' | 'stale'>,
  note: string | null,
): Proposal {
  const now = deps.now();
  transition(deps.db, proposal.id, ['approved'], status, { finishedAt: now, note });
  recordAudit(deps.db, {
    at: now,
    actor: 'system',
    event: `proposal.${status}`,
    accountId: proposal.accountId,
    proposalId: proposal.id,
    detail: note ?? '',
  });
  return getProposal(deps.db, proposal.id) as Proposal;
}

/**
 * Runs once per approval (the caller holds the claim). Reads the object fresh from Meta; if
 * someone changed it since the proposal was made, the proposal turns `stale` and nothing is
 * written. Otherwise one write, never retried, then a fresh read: `applied` only when Meta
 * shows the change. A write Meta did not clearly answer, or one that did not take, is
 * `unconfirmed`; a write Meta refused is `failed` with Meta's reason.
 */
export async function applyApproved(deps: ApplyDeps, proposal: Proposal): Promise<Proposal> {
  if (proposal.status !== 'approved')
    throw new Error(`proposal ${proposal.id} is ${proposal.status}, not approved`);
  const what =
    proposal.target.type === 'campaign' ? 'campaign' : proposal.target.type === 'ad' ? 'ad' : 'ad set';
  let current: AdObjectState;
  try {
    current = await deps.port.readAdObject(proposal.target);
  } catch (thrown) {
    const error = toMetaError(thrown);
    return finish(
      deps,
      proposal,
      'failed',
      `LeadOps could not read the ${what} from Meta first, so nothing was changed. ${error.userMessage}`,
    );
  }
  const changed = differences(proposal.before, current, deps.currency);
  if (changed.length > 0) {
    return finish(
      deps,
      proposal,
      'stale',
      `The ${what} was changed since this was proposed: Meta now shows ${changed.join(' and ')}. Nothing was written.`,
    );
  }
  try {
    await deps.port.updateAdObject(proposal.target, changeOf(proposal));
  } catch (thrown) {
    const error = toMetaError(thrown);
    const { status } = error.details;
    if (status === null || status >= 500) {
      return finish(
        deps,
        proposal,
        'unconfirmed',
        `Meta gave no clear answer to the change (${error.details.graphMessage}); it may or may not have been applied. Check the ${what} in Ads Manager — LeadOps does not retry it.`,
      );
    }
    return finish(deps, proposal, 'failed', error.userMessage);
  }
  let after: AdObjectState;
  try {
    after = await deps.port.readAdObject(proposal.target);
  } catch (thrown) {
    const error = toMetaError(thrown);
    return finish(
      deps,
      proposal,
      'unconfirmed',
      `Meta accepted the change but the ${what} could not be read back (${error.userMessage}). Check it in Ads Manager.`,
    );
  }
  const missing = differences(proposal.after, after, deps.currency);
  if (missing.length > 0) {
    return finish(
      deps,
      proposal,
      'unconfirmed',
      `Meta answered success, but the ${what} still shows ${missing.join(' and ')}. Check it in Ads Manager — LeadOps does not retry it.`,
    );
  }
  return finish(deps, proposal, 'applied', null);
}
