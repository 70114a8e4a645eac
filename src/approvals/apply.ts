// Applying an approved proposal: its action (src/approvals/actions/) checks Meta still matches
// what it assumed, writes once and reads back; here the outcome is recorded and audited.
import type { Database } from 'better-sqlite3';
import { recordAudit } from '../db/audit-log.js';
import { getProposal, type Proposal, setResult, transition } from '../db/proposals.js';
import type { CurrencyCode } from '../money.js';
import { actionOf } from './actions/index.js';
import type { ActionOutcome, ActionPort } from './actions/types.js';

export { differences } from './actions/object-change.js';
export type { ActionPort, AdObjectPort } from './actions/types.js';

export interface ApplyDeps {
  db: Database;
  /** Meta, for the proposal's own account. */
  port: ActionPort;
  /** The proposal's account currency: budgets are said in it. */
  currency: CurrencyCode;
  now: () => number;
}

function finish(deps: ApplyDeps, proposal: Proposal, outcome: ActionOutcome): Proposal {
  const now = deps.now();
  const { status, note } = outcome;
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
 * Runs once per approval (the caller holds the claim). The proposal's action reads what it
 * changes fresh from Meta; if someone changed it since the proposal was made, the proposal
 * turns `stale` and nothing is written. Otherwise it writes, never retried, and reads back:
 * `applied` only when Meta shows the change. A write Meta did not clearly answer, or one that
 * did not take, is `unconfirmed`; a write Meta refused is `failed` with Meta's reason.
 */
export async function applyApproved(deps: ApplyDeps, proposal: Proposal): Promise<Proposal> {
  if (proposal.status !== 'approved')
    throw new Error(`proposal ${proposal.id} is ${proposal.status}, not approved`);
  const outcome = await actionOf(proposal.action).apply(proposal, {
    port: deps.port,
    currency: deps.currency,
    keep: (result) => setResult(deps.db, proposal.id, result),
  });
  return finish(deps, proposal, outcome);
}
