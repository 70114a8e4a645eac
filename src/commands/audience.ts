import { CommandError } from '../errors.js';
import { buildAudienceSyncReply } from '../messages/audience.js';
import { buildErrorReply } from '../messages/usage.js';
import type { SlashCommand } from './types.js';

export const AUDIENCE_USAGE = '/audience sync';

/** `/audience sync`: the exclusion audience of people who already sent a lead. Approvers only. */
export const audienceCommand: SlashCommand = {
  name: 'audience',
  usage: AUDIENCE_USAGE,
  summary:
    'uploads the stored leads, hashed, to the “LeadOps — past leads” exclusion audience (only new ones after the first time; approvers only)',
  async handle(invocation, services) {
    const verb = invocation.text.trim().toLowerCase();
    if (verb !== 'sync')
      throw new CommandError(
        verb ? `“${verb}” is not something /audience does.` : 'Say what to do: `/audience sync`.',
        AUDIENCE_USAGE,
      );
    if (!services.config.approvers.includes(invocation.userId))
      return buildErrorReply('Only approvers can sync the audience (APPROVERS). Nothing was uploaded.');
    return buildAudienceSyncReply(await services.audiences.sync(invocation.userId));
  },
};
