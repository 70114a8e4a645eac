import { todayIn } from '../dates/calendar.js';
import { CommandError } from '../errors.js';
import { buildPlayProposedReply } from '../messages/plays.js';
import { buildErrorReply } from '../messages/usage.js';
import { minorFromInput } from '../money.js';
import { draftDuplicate, duplicateProblem, findAdSet } from '../plays/duplicate.js';
import { proposeDepsOf, proposePlay } from '../plays/propose.js';
import { dailyBudgetCeiling } from '../rules/plan.js';
import { requireAccount } from './account-choice.js';
import type { SlashCommand } from './types.js';

export const ADSETS_USAGE = '/adsets duplicate <ad set name or id> <daily budget>';

/** `duplicate Houston – Broad 120` → the ad set's name or id and the amount typed; null when malformed. */
export function parseDuplicate(
  args: readonly string[],
): { query: string; amount: string } | { problem: string } {
  const [verb, ...rest] = args;
  if (!verb) return { problem: 'Say what to do: `/adsets duplicate <ad set name or id> <daily budget>`.' };
  if (verb.toLowerCase() !== 'duplicate') return { problem: `“${verb}” is not something /adsets does.` };
  if (rest.length < 2) return { problem: 'Give the ad set (its name or id) and the copy’s daily budget.' };
  const amount = rest[rest.length - 1] as string;
  const query = rest
    .slice(0, -1)
    .join(' ')
    .replace(/^["“”']|["“”']$/g, '');
  return { query, amount };
}

/**
 * `/adsets duplicate <ad set name or id> <daily budget>` (approvers): proposes a copy of the ad
 * set with its ads at that daily budget, in the account's currency and within MAX_DAILY_BUDGET.
 * Nothing reaches Meta's writes until an approver approves it.
 */
export const adsetsCommand: SlashCommand = {
  name: 'adsets',
  usage: ADSETS_USAGE,
  summary:
    'proposes a copy of an ad set with its ads (Meta’s /copies, deep copy, created paused) at the daily budget given, turned on once an approver approves (approvers only)',
  async handle(invocation, services) {
    if (!services.config.approvers.includes(invocation.userId))
      return buildErrorReply(
        'Only approvers can propose copies of ad sets (APPROVERS). Nothing was proposed.',
      );
    const { account, args } = requireAccount(invocation, services, ADSETS_USAGE);
    const parsed = parseDuplicate(args);
    if ('problem' in parsed) throw new CommandError(parsed.problem, ADSETS_USAGE);
    const budget = minorFromInput(parsed.amount, account.currency);
    if (budget === null || budget <= 0)
      throw new CommandError(
        `“${parsed.amount}” is not a daily budget in ${account.currency} (e.g. 120 or 120.50).`,
        ADSETS_USAGE,
      );
    const adAccount = services.adAccountOf(account);
    const found = findAdSet(await adAccount.adSets(), parsed.query);
    if ('problem' in found) throw new CommandError(found.problem, ADSETS_USAGE);
    const problem = duplicateProblem(found.adset, budget, {
      protected: services.config.protected,
      ceiling: dailyBudgetCeiling(services.config.maxDailyBudget, account.currency),
      currency: account.currency,
    });
    if (problem) throw new CommandError(problem, ADSETS_USAGE);
    const draft = await draftDuplicate({
      adAccount,
      adset: found.adset,
      budget,
      userId: invocation.userId,
      today: todayIn(account.timezone, services.clock.nowMilliseconds()),
    });
    const made = await proposePlay(proposeDepsOf(services), account, draft, invocation.userId);
    return buildPlayProposedReply(made.proposal, made.channel, made.posted);
  },
};
