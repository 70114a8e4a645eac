import type { SlashCommand } from '../commands/types.js';
import type { Reply } from './reply.js';
import { context, escapeMrkdwn, header, section } from './text.js';

export function buildHelpReply(commands: readonly Pick<SlashCommand, 'name' | 'usage' | 'summary'>[]): Reply {
  return {
    visibility: 'ephemeral',
    text: `LeadOps commands: ${commands.map((c) => `/${c.name}`).join(', ')}`,
    blocks: [
      header('LeadOps — what you can ask'),
      ...commands.map((c) =>
        section(
          `*/${c.name}* — ${escapeMrkdwn(c.summary)}\n${c.usage
            .split('\n')
            .map((l) => `\`${escapeMrkdwn(l)}\``)
            .join('\n')}`,
        ),
      ),
      context('Money is in each ad account’s own currency, dates are its local dates.'),
      context(
        'LeadOps’ Home tab (open LeadOps in the sidebar): your open leads and their clocks, leads waiting for an owner, proposals waiting for a decision (approvers), each account’s health.',
      ),
    ],
  };
}
