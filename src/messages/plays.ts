import type { Proposal } from '../db/proposals.js';
import { describeChange } from './proposal.js';
import type { Reply } from './reply.js';
import { channelRef } from './rules.js';
import { escapeMrkdwn, section } from './text.js';

/** The asker's answer once a play is proposed: where its proposal waits for an approver. */
export function buildPlayProposedReply(proposal: Proposal, channel: string, posted: boolean): Reply {
  const change = proposal.currency ? describeChange(proposal, proposal.currency) : proposal.action;
  const where = posted
    ? `posted in ${channelRef(channel)}`
    : `recorded; Slack did not take its message, so it is posted in ${channelRef(channel)} with the next rules evaluation`;
  const text = `Proposal #${proposal.id} ${where}: ${change} — “${escapeMrkdwn(proposal.adsetName)}”. An approver approves or rejects it there; nothing changes at Meta before.`;
  return { visibility: 'ephemeral', text, blocks: [section(text)] };
}
