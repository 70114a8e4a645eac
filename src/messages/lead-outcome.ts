// What a lead alert shows of the lead's outcome: the buttons people click as they work the
// lead, the current outcome (who, when) and what became of it at Meta.

import type { OutcomeResult } from '../conversions/outcome-result.js';
import { formatLocalTime } from '../dates/calendar.js';
import type { Outcome } from '../db/lead-outcomes.js';
import { type CurrencyCode, formatMoney, type Minor } from '../money.js';
import { ACTION_IDS } from './action-ids.js';
import { leadDisplayName } from './lead-alert.js';
import { type LeadOwnerView, ownerBlocks } from './lead-owner.js';
import type { ChannelMessage } from './messenger.js';
import type { Block } from './reply.js';
import { context, escapeMrkdwn, section } from './text.js';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  contacted: 'Contacted',
  qualified: 'Qualified',
  signed: 'Signed case',
  junk: 'Junk',
};

const OUTCOME_ACTIONS: Record<Outcome, string> = {
  contacted: ACTION_IDS.leadContacted,
  qualified: ACTION_IDS.leadQualified,
  signed: ACTION_IDS.leadSigned,
  junk: ACTION_IDS.leadJunk,
};

/** What became of the current outcome's Conversions API event. */
export type CapiStatus =
  | { kind: 'off' }
  | { kind: 'not_sent' }
  | { kind: 'sending'; eventName: string; failures: number }
  | { kind: 'sent'; eventName: string }
  | { kind: 'failed'; eventName: string; reason: string }
  | { kind: 'refused'; eventName: string; reason: string };

export interface CurrentOutcome {
  outcome: Outcome;
  userId: string;
  at: number;
  /** A signed case's value, in `currency`'s smallest unit. */
  valueCents: Minor | null;
  /** The lead's account currency; null when no account says which (then no value is shown). */
  currency: CurrencyCode | null;
}

/** The extra a lead alert carries beyond the lead itself. */
export interface LeadAlertView {
  /** The lead's short number: `qualify N` in the terminal. */
  number?: number | null;
  outcome?: CurrentOutcome | null;
  capi?: CapiStatus | null;
  /**
   * Who owns the lead (speed to lead): null → nobody yet (the Claim button alone); unset → a
   * message without ownership (no Claim button).
   */
  owner?: LeadOwnerView | null;
  /** The assignee's DM rather than the channel alert: it opens with “Assigned to you”. */
  direct?: boolean;
  /** The DM went out late (Slack was down at the assignment): the assignment's time, said in the DM. */
  directLateSince?: number | null;
}

/** `Signed case (¥500,000)`: a signed case's value in its account's currency. */
export function outcomeLabel(
  outcome: Outcome,
  valueCents: Minor | null = null,
  currency: CurrencyCode | null = null,
): string {
  return outcome === 'signed' && valueCents !== null && currency !== null
    ? `${OUTCOME_LABELS.signed} (${formatMoney(valueCents, currency)})`
    : OUTCOME_LABELS[outcome];
}

export function capiStatusText(status: CapiStatus): string {
  switch (status.kind) {
    case 'off':
      return 'Conversions API off (no META_PIXEL_ID): recorded in LeadOps only';
    case 'not_sent':
      return 'not sent to Meta';
    case 'sending':
      return status.failures === 0
        ? `sending ${escapeMrkdwn(status.eventName)} to Meta…`
        : `:warning: Meta is not taking ${escapeMrkdwn(status.eventName)} yet (${status.failures} ${status.failures === 1 ? 'try' : 'tries'}); LeadOps keeps trying`;
    case 'sent':
      return `sent to Meta as ${escapeMrkdwn(status.eventName)}`;
    case 'failed':
      return `:warning: Meta refused ${escapeMrkdwn(status.eventName)}: ${escapeMrkdwn(status.reason)}`;
    case 'refused':
      return `:warning: ${escapeMrkdwn(status.eventName)} not sent to Meta: ${escapeMrkdwn(status.reason)}`;
  }
}

/** `✔ Qualified by @U… · Nov 29, 10:31 AM CST · sent to Meta as QualifiedLead` */
export function outcomeStatusText(
  current: CurrentOutcome,
  capi: CapiStatus | null,
  timezone: string,
): string {
  const mark = current.outcome === 'junk' ? ':x:' : ':white_check_mark:';
  const parts = [
    `${mark} *${outcomeLabel(current.outcome, current.valueCents, current.currency)}* by <@${current.userId}>`,
    formatLocalTime(current.at, timezone),
  ];
  if (capi) parts.push(capiStatusText(capi));
  return parts.join(' · ');
}

/** The four outcome buttons; the current outcome's is highlighted. Each carries only the lead id. */
export function outcomeButtons(leadId: string, current: Outcome | null): Block {
  return {
    type: 'actions',
    block_id: 'lead_outcome',
    elements: (Object.keys(OUTCOME_LABELS) as Outcome[]).map((outcome) => ({
      type: 'button' as const,
      action_id: OUTCOME_ACTIONS[outcome],
      text: { type: 'plain_text' as const, text: OUTCOME_LABELS[outcome], emoji: true },
      value: leadId,
      ...(current === outcome
        ? { style: outcome === 'junk' ? ('danger' as const) : ('primary' as const) }
        : {}),
    })),
  };
}

/** The blocks that end every lead alert: the current outcome when there is one, then the buttons. */
export function outcomeBlocks(leadId: string, view: LeadAlertView, timezone: string): Block[] {
  const blocks: Block[] = [];
  if (view.outcome) blocks.push(context(outcomeStatusText(view.outcome, view.capi ?? null, timezone)));
  blocks.push(outcomeButtons(leadId, view.outcome?.outcome ?? null));
  if (view.owner !== undefined) blocks.push(...ownerBlocks(leadId, view.owner, timezone));
  return blocks;
}

/** `#12 Dana Whitfield` in replies about a lead. */
export function leadRef(number: number | null, name: string): string {
  return number === null ? escapeMrkdwn(name) : `#${number} ${escapeMrkdwn(name)}`;
}

/** In the alert's thread: an event that will not reach Meta, with Meta's reason and trace id. */
export function buildCapiFailureNotice(input: {
  lead: string;
  eventName: string;
  state: 'failed' | 'refused';
  reason: string;
  fbtraceId: string | null;
}): ChannelMessage {
  const what =
    input.state === 'failed'
      ? `Meta refused the Conversions API event *${escapeMrkdwn(input.eventName)}* for lead ${input.lead}`
      : `LeadOps did not send the Conversions API event *${escapeMrkdwn(input.eventName)}* for lead ${input.lead}`;
  const blocks: Block[] = [section(`:warning: ${what}: ${escapeMrkdwn(input.reason)}`)];
  if (input.fbtraceId) blocks.push(context(`fbtrace_id ${escapeMrkdwn(input.fbtraceId)}`));
  return { text: `${input.state === 'failed' ? 'Meta refused' : 'Not sent'}: ${input.eventName}`, blocks };
}

/** In the alert's thread: Meta is not answering; LeadOps keeps trying until Meta's window closes. */
export function buildCapiRetryNotice(input: {
  lead: string;
  eventName: string;
  failures: number;
  error: string;
  until: string;
}): ChannelMessage {
  return {
    text: `Meta is not taking ${input.eventName} yet`,
    blocks: [
      section(
        `:warning: Meta has not taken the Conversions API event *${escapeMrkdwn(input.eventName)}* for lead ${input.lead} after ${input.failures} tries (${escapeMrkdwn(input.error)}). LeadOps keeps trying until ${input.until}, when Meta’s 7-day window closes.`,
      ),
    ],
  };
}

/** What a click did, in a sentence: the terminal prints it, Slack shows it to the clicker when it matters. */
export function describeOutcomeResult(result: OutcomeResult): string {
  switch (result.kind) {
    case 'no_lead':
      return 'LeadOps has no such lead.';
    case 'invalid_value':
      return result.problem;
    case 'unchanged':
      return `Lead ${leadRef(result.number, leadDisplayName(result.lead))} is already marked ${outcomeLabel(result.entry.outcome, result.entry.valueCents, result.currency)} (by <@${result.entry.userId}>); nothing changed.`;
    case 'recorded': {
      const { outcome, valueCents } = result.entry;
      const what = `Lead ${leadRef(result.number, leadDisplayName(result.lead))}: ${outcomeLabel(outcome, valueCents, result.currency)}.`;
      if (result.capi === 'off')
        return `${what} Recorded in LeadOps; not sent to Meta: the Conversions API is off (META_PIXEL_ID is not set).`;
      if (result.capi === 'no_dataset')
        return `${what} Recorded in LeadOps; not sent to Meta: META_PIXEL_ID names no dataset for this lead’s ad account.`;
      if (result.capi === 'not_sent')
        return `${what} Recorded; ${OUTCOME_LABELS[outcome]} is not sent to Meta.`;
      return `${what} Recorded, and on its way to Meta (Conversions API).`;
    }
  }
}
