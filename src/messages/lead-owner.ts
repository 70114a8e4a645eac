// Speed to lead on the lead alert: who owns the lead, the Claim button; the owner's DM,
// reminders and escalations.
import { formatLocalTime } from '../dates/calendar.js';
import type { OwnedVia } from '../db/lead-speed.js';
import { ACTION_IDS } from './action-ids.js';
import type { ChannelMessage } from './messenger.js';
import type { Block } from './reply.js';
import { context, escapeMrkdwn, section } from './text.js';

/** The lead's owner as the alert shows it. */
export interface LeadOwnerView {
  userId: string;
  via: OwnedVia;
  at: number;
}

/** `Claim`: the clicker owns the lead. Its value is the lead id. */
export function claimButton(leadId: string): Block {
  return {
    type: 'actions',
    block_id: 'lead_owner',
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.claimLead,
        text: { type: 'plain_text', text: 'Claim', emoji: true },
        value: leadId,
      },
    ],
  };
}

/** `:bust_in_silhouette: Owner <@U…> · claimed Nov 29, 10:31 AM CST` */
export function ownerText(owner: LeadOwnerView, timezone: string): string {
  const how = owner.via === 'claim' ? 'claimed' : 'assigned (round-robin)';
  return `:bust_in_silhouette: Owner <@${owner.userId}> · ${how} ${formatLocalTime(owner.at, timezone)}`;
}

/** After the outcome buttons: the owner (when there is one), then Claim. */
export function ownerBlocks(leadId: string, owner: LeadOwnerView | null, timezone: string): Block[] {
  return owner ? [context(ownerText(owner, timezone)), claimButton(leadId)] : [claimButton(leadId)];
}

/** Minutes as people read them: `5 min`, `1.5 min`, `30 s`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} min`;
}

export interface LeadNudge {
  leadId: string;
  number: number;
  name: string;
  phone: string | null;
  /** The account's name (several accounts), else null. */
  accountName: string | null;
  timezone: string;
  /** When the clock started (creation or opening time). */
  clockStartAt: number;
  /** When the nudge was due; a nudge sent well after (Slack was down) says so. */
  dueAt: number;
  late: boolean;
}

function late(nudge: LeadNudge): string {
  return nudge.late
    ? ` _(late: due ${formatLocalTime(nudge.dueAt, nudge.timezone)}; Slack was unreachable)_`
    : '';
}

function who(nudge: Pick<LeadNudge, 'number' | 'name' | 'phone' | 'accountName'>): string {
  const phone = nudge.phone ? ` · ${escapeMrkdwn(nudge.phone)}` : '';
  const account = nudge.accountName ? ` (${escapeMrkdwn(nudge.accountName)})` : '';
  return `#${nudge.number} ${escapeMrkdwn(nudge.name)}${phone}${account}`;
}

/** The owner's one reminder, by DM: the SLA passed without Contacted. */
export function buildReminder(nudge: LeadNudge, slaMinutes: number): ChannelMessage {
  const text = `:alarm_clock: Lead ${who(nudge)} has waited ${formatMinutes(slaMinutes)} without a call (clock from ${formatLocalTime(nudge.clockStartAt, nudge.timezone)}). Call now, then mark it *Contacted* on the alert.${late(nudge)}`;
  return {
    text: `Reminder: lead #${nudge.number} ${nudge.name} is waiting for a call`,
    blocks: [section(text)],
  };
}

/** The one escalation, in the home channel, mentioning the approvers: 3 × SLA without contact. */
export function buildEscalation(
  nudge: LeadNudge,
  waitedMinutes: number,
  ownerId: string | null,
  approvers: readonly string[],
): ChannelMessage {
  const owner = ownerId
    ? `Owner <@${ownerId}> has not marked it Contacted.`
    : 'Nobody owns it: click *Claim* on the alert.';
  const mention = approvers.length > 0 ? `${approvers.map((id) => `<@${id}>`).join(' ')} ` : '';
  const text = `:rotating_light: ${mention}Lead ${who(nudge)} has waited ${formatMinutes(waitedMinutes)} without contact. ${owner}${late(nudge)}`;
  return {
    text: `Escalation: lead #${nudge.number} ${nudge.name} not contacted after ${formatMinutes(waitedMinutes)}`,
    blocks: [section(text)],
  };
}

/** In the home channel when the assignee's DM cannot be opened (`late`: Slack was down at the assignment, `dueAt`). */
export function buildAssignmentMention(
  userId: string,
  nudge: Pick<LeadNudge, 'number' | 'name' | 'phone' | 'accountName' | 'timezone' | 'dueAt' | 'late'>,
): ChannelMessage {
  const late = nudge.late
    ? ` _(late: assigned ${formatLocalTime(nudge.dueAt, nudge.timezone)}; Slack was unreachable)_`
    : '';
  const text = `<@${userId}> lead ${who(nudge)} is yours (round-robin); LeadOps could not DM you, so it is here. The alert has its buttons.${late}`;
  return { text: `Lead #${nudge.number} ${nudge.name} assigned to <@${userId}>`, blocks: [section(text)] };
}

/** The owner's reminder when their DM cannot be opened: in the home channel instead. */
export function buildReminderMention(userId: string, reminder: ChannelMessage): ChannelMessage {
  return {
    text: reminder.text,
    blocks: [context(`<@${userId}> (LeadOps could not DM you)`), ...reminder.blocks],
  };
}

/** What a Claim did, in words (the terminal's `claim N`; Slack shows it on the alert itself). */
export function describeClaimResult(
  number: number,
  result: { kind: 'claimed'; previousOwner: string | null } | { kind: 'already_yours' } | { kind: 'no_lead' },
): string {
  switch (result.kind) {
    case 'no_lead':
      return 'LeadOps has no such lead.';
    case 'already_yours':
      return `Lead #${number} is already yours; nothing changed.`;
    case 'claimed':
      return result.previousOwner
        ? `Lead #${number} is yours now (taken from <@${result.previousOwner}>).`
        : `Lead #${number} is yours now.`;
  }
}
