// A play proposed by a person through a command (/adsets duplicate, /audience lookalike): the
// same proposal → Approve/Reject → apply machinery as the rules' — recorded, audited, posted in
// the account's channel for approvers.
import type { Account } from '../accounts/account.js';
import type { ApprovalDesk } from '../approvals/desk.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/open.js';
import { insertPendingProposal, type Proposal } from '../db/proposals.js';
import type { Logger } from '../log.js';
import type { ProposalDraft } from '../rules/plan.js';

const HOUR_MS = 3_600_000;

export interface ProposeDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  desk: Pick<ApprovalDesk, 'post' | 'channelOf'>;
  /** PROPOSAL_TTL_HOURS. */
  ttlHours: number;
}

/** The deps of proposePlay from the bot's services (a command's). */
export function proposeDepsOf(services: {
  db: Database;
  clock: Clock;
  logger: Logger;
  approvals: ProposeDeps['desk'];
  config: { proposalTtlHours: number };
}): ProposeDeps {
  return {
    db: services.db,
    clock: services.clock,
    logger: services.logger,
    desk: services.approvals,
    ttlHours: services.config.proposalTtlHours,
  };
}

/**
 * Records the draft as a pending proposal of `account` and posts it. Slack being down leaves it
 * unposted: the next rules evaluation of the account posts it (the desk's postUnposted).
 */
export async function proposePlay(
  deps: ProposeDeps,
  account: Account,
  draft: ProposalDraft,
  userId: string,
): Promise<{ proposal: Proposal; channel: string; posted: boolean }> {
  const now = deps.clock.nowMilliseconds();
  const proposal = deps.db
    .transaction(() => {
      return insertPendingProposal(
        deps.db,
        { draft, accountId: account.id, currency: account.currency, now, ttlMs: deps.ttlHours * HOUR_MS },
        { actor: userId, detail: `${draft.rule}: ${draft.reason}` },
      );
    })
    .immediate();
  const channel = deps.desk.channelOf(account);
  try {
    return { proposal: await deps.desk.post(proposal, account), channel, posted: true };
  } catch (error) {
    deps.logger.warn(
      { proposal: proposal.id, err: { message: (error as Error).message } },
      'proposal not posted; posted with the next rules evaluation',
    );
    return { proposal, channel, posted: false };
  }
}
