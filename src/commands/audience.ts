import {
  draftLookalike,
  MIN_LOOKALIKE_SOURCE,
  mainCountry,
  parseLookalikeArgs,
  signedCases,
} from '../audiences/lookalike.js';
import { audienceRow } from '../audiences/sync.js';
import { CommandError } from '../errors.js';
import { buildAudienceSyncReply, buildLookalikeTooSmallReply } from '../messages/audience.js';
import { buildPlayProposedReply } from '../messages/plays.js';
import { buildErrorReply } from '../messages/usage.js';
import { proposeDepsOf, proposePlay } from '../plays/propose.js';
import { accountChoice, requireAccount } from './account-choice.js';
import type { Invocation, Services, SlashCommand } from './types.js';

export const AUDIENCE_USAGE = '/audience sync\n/audience lookalike [1-10%] [country]';

/**
 * `/audience lookalike [1-10%] [country]`: the signed cases as a customer list (built or
 * refreshed), then a lookalike of it proposed — 1% and the account's main country unless given.
 */
async function lookalike(invocation: Invocation, services: Services, args: readonly string[]) {
  const parsed = parseLookalikeArgs(args);
  if ('problem' in parsed) throw new CommandError(parsed.problem, AUDIENCE_USAGE);
  const { account } = requireAccount(invocation, services, AUDIENCE_USAGE);
  const several = services.accounts.served().length > 1;
  const { countryCode } = services.audiences;
  const cases = signedCases(services.db, several ? account.id : null).filter(
    (c) => audienceRow(c, countryCode) !== null,
  );
  if (cases.length < MIN_LOOKALIKE_SOURCE)
    return buildLookalikeTooSmallReply(cases.length, MIN_LOOKALIKE_SOURCE, several ? account : null);
  const country = parsed.country
    ? { country: parsed.country, from: 'as asked' }
    : mainCountry(
        cases.map((c) => c.phone),
        countryCode,
      );
  const source = await services.audiences.refreshSignedCases({
    account,
    cases,
    fallbackValue: services.outcomes.defaultValue(account.currency),
    userId: invocation.userId,
  });
  const draft = draftLookalike({
    account,
    args: parsed,
    country,
    source,
    userId: invocation.userId,
    now: services.clock.nowMilliseconds(),
  });
  const made = await proposePlay(proposeDepsOf(services), account, draft, invocation.userId);
  return buildPlayProposedReply(made.proposal, made.channel, made.posted);
}

/**
 * `/audience sync`: the exclusion audience of people who already sent a lead, in one ad
 * account (its home channel's, or `act_…`) with that account's leads. `/audience lookalike`:
 * a lookalike of the signed cases, proposed. Approvers only.
 */
export const audienceCommand: SlashCommand = {
  name: 'audience',
  usage: AUDIENCE_USAGE,
  summary:
    'sync: uploads the stored leads, hashed, to the “LeadOps — past leads” exclusion audience of the ad account (only new ones after the first time); lookalike: uploads the signed cases (at least 100) and proposes a lookalike of them (approvers only)',
  async handle(invocation, services) {
    const choice = accountChoice(invocation, services);
    const args = choice.kind === 'unknown' ? [] : choice.args;
    const verb = (args[0] ?? '').toLowerCase();
    if (choice.kind !== 'unknown' && verb === 'lookalike') {
      if (!services.config.approvers.includes(invocation.userId))
        return buildErrorReply(
          'Only approvers can propose lookalike audiences (APPROVERS). Nothing was uploaded.',
        );
      return lookalike(invocation, services, args.slice(1));
    }
    const rest = args.join(' ').toLowerCase();
    if (choice.kind !== 'unknown' && rest !== 'sync')
      throw new CommandError(
        rest ? `“${rest}” is not something /audience does.` : 'Say what to do: `/audience sync`.',
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
