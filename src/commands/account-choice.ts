import type { Account } from '../accounts/account.js';
import { type AccountChoice, chooseAccount } from '../accounts/choose.js';
import { CommandError } from '../errors.js';
import type { Invocation, Services } from './types.js';

/** The words of a command's text, `act_…` included (chooseAccount takes it out). */
export function words(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** Which account the command is about, and its other arguments (see chooseAccount). */
export function accountChoice(invocation: Invocation, services: Pick<Services, 'accounts'>): AccountChoice {
  return chooseAccount(words(invocation.text), invocation, services.accounts.served());
}

/** `act_1001 (Acme Injury Law, #client-acme)`: how a list of accounts names each. */
export function describeAccount(account: Account): string {
  return `${account.id} (${account.name}${account.homeChannel ? `, ${account.homeChannel}` : ''})`;
}

/**
 * For a command about one account: the account and the other arguments. Several accounts and
 * none named, or an `act_…` not served → a CommandError listing the accounts (ephemeral).
 */
export function requireAccount(
  invocation: Invocation,
  services: Pick<Services, 'accounts'>,
  usage: string,
): { account: Account; args: string[] } {
  const choice = accountChoice(invocation, services);
  if (choice.kind === 'one') return { account: choice.account, args: choice.args };
  const list = choice.accounts.map(describeAccount).join(', ');
  if (choice.kind === 'unknown')
    throw new CommandError(
      `LeadOps does not serve ${choice.id}. The accounts: ${list || 'none yet'}.`,
      usage,
    );
  throw new CommandError(`Which ad account? Add one of ${list}, or ask in its home channel.`, usage);
}
