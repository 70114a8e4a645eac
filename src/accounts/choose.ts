import type { Account } from './account.js';

/** Where a command was typed: Slack gives the channel's id and its name (without `#`). */
export interface CommandPlace {
  channelId: string | null;
  channelName: string | null;
}

/** Which account a command is about, and the arguments left once an `act_…` is taken out. */
export type AccountChoice =
  | { kind: 'one'; account: Account; args: string[] }
  /** Several accounts, none named, not typed in a home channel. */
  | { kind: 'several'; accounts: readonly Account[]; args: string[] }
  /** An `act_…` that LeadOps does not serve. */
  | { kind: 'unknown'; id: string; accounts: readonly Account[] };

const ACCOUNT_ARGUMENT = /^act_\d+$/;

/** True when `channel` (an id, a name or `#name`) is the channel the command was typed in. */
export function isPlace(channel: string, place: CommandPlace): boolean {
  if (channel === place.channelId) return true;
  const name = channel.replace(/^#/, '');
  return place.channelName !== null && name === place.channelName.replace(/^#/, '');
}

/**
 * `act_…` in the arguments names the account; else the account whose home channel this is;
 * else the only account; else several (a command that needs one then lists them).
 */
export function chooseAccount(
  args: readonly string[],
  place: CommandPlace,
  accounts: readonly Account[],
): AccountChoice {
  const named = args.filter((arg) => ACCOUNT_ARGUMENT.test(arg));
  const rest = args.filter((arg) => !ACCOUNT_ARGUMENT.test(arg));
  const id = named[0];
  if (id !== undefined) {
    const account = accounts.find((a) => a.id === id);
    return account ? { kind: 'one', account, args: rest } : { kind: 'unknown', id, accounts };
  }
  const home = accounts.find((a) => a.homeChannel !== null && isPlace(a.homeChannel, place));
  if (home) return { kind: 'one', account: home, args: rest };
  const only = accounts.length === 1 ? accounts[0] : undefined;
  if (only) return { kind: 'one', account: only, args: rest };
  return { kind: 'several', accounts, args: rest };
}
