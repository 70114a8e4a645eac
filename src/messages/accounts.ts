import { channelMention } from '../accounts/channel-argument.js';
import type { Reply } from './reply.js';
import { context, escapeMrkdwn, header, section, sectionsOf } from './text.js';

/** One served account as `/leadops accounts` shows it; currency and zone are null until Meta was read. */
export interface AccountListing {
  id: string;
  name: string | null;
  currency: string | null;
  timezone: string | null;
  homeChannel: string | null;
  ok: boolean;
  lastError: string | null;
}

function listingText(a: AccountListing): string {
  const title = `*${escapeMrkdwn(a.name ?? a.id)}* · ${a.id}`;
  const facts = [
    a.currency ?? 'currency not known yet',
    a.timezone ?? 'time zone not known yet',
    a.homeChannel ? `home ${channelMention(a.homeChannel)}` : 'no home channel (the configured channels)',
  ].join(' · ');
  const health = a.ok
    ? ':white_check_mark: readable'
    : `:warning: ${escapeMrkdwn(a.lastError ?? 'not readable')}`;
  return `${title}\n${facts} · ${health}`;
}

/** `/leadops accounts`: every served account, its money, clock, home channel and health; only the asker sees it. */
export function buildAccountListReply(accounts: readonly AccountListing[]): Reply {
  if (accounts.length === 0) {
    const message =
      'LeadOps serves no ad account. An approver can add one: `/leadops connect act_… #channel`.';
    return { visibility: 'ephemeral', text: message, blocks: [section(message)] };
  }
  const count = accounts.length === 1 ? '1 ad account' : `${accounts.length} ad accounts`;
  const unread = accounts.filter((a) => !a.ok).length;
  return {
    visibility: 'ephemeral',
    text: `LeadOps serves ${count}${unread > 0 ? `, ${unread} not readable` : ''}: ${accounts.map((a) => a.id).join(', ')}`,
    blocks: [
      header(`LeadOps — ${count}`),
      ...sectionsOf(accounts.map(listingText)),
      context(
        'Approvers: `/leadops connect act_… #channel` adds one or moves its home channel, `/leadops disconnect act_…` stops serving it.',
      ),
    ],
  };
}
