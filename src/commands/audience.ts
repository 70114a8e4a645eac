import { CommandError } from '../errors.js';
import { buildAudienceSyncReply } from '../messages/audience.js';
import { buildErrorReply } from '../messages/usage.js';
import { accountChoice, requireAccount } from './account-choice.js';
import type { SlashCommand } from './types.js';

export const AUDIENCE_USAGE = '/audience sync';

/**
 * `/audience sync`: the exclusion audience of people who already sent a lead, in one ad
 * account (its home channel's, or `act_…`) with that account's leads. Approvers only.
 */
export const audienceCommand: SlashCommand = {
  name: 'audience',
  usage: AUDIENCE_USAGE,
  summary:
    'uploads the stored leads, hashed, to the “LeadOps — past leads” exclusion audience of the ad account (only new ones after the first time; approvers only)',
  async handle(invocation, services) {
    const choice = accountChoice(invocation, services);
    const verb = (choice.kind === 'unknown' ? '' : choice.args.join(' ')).toLowerCase();
    if (choice.kind !== 'unknown' && verb !== 'sync')
      throw new CommandError(
        verb ? `“${verb}” is not something /audience does.` : 'Say what to do: `/audience sync`.',
        AUDIENCE_USAGE,
      );
    if (!services.config.approvers.includes(invocation.userId))
      return buildErrorReply('Only approvers can sync the audience (APPROVERS). Nothing was uploaded.');
    const { account } = requireAccount(invocation, services, AUDIENCE_USAGE);
    const several = services.accounts.served().length > 1;
    const result = await services.audiences.sync(invocation.userId, {
      accountId: account.id,
      allLeads: !several,
    });
    return buildAudienceSyncReply(result, several ? account : null);
  },
};
