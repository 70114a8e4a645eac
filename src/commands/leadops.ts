import { normaliseAccountId } from '../accounts/account.js';
import { channelMention, parseChannelArgument } from '../accounts/channel-argument.js';
import { CommandError, userMessageOf } from '../errors.js';
import { type AccountListing, buildAccountListReply } from '../messages/accounts.js';
import { buildHelpReply } from '../messages/help.js';
import type { Reply } from '../messages/reply.js';
import { escapeMrkdwn, section } from '../messages/text.js';
import { buildErrorReply } from '../messages/usage.js';
import type { Invocation, Services, SlashCommand } from './types.js';

export const LEADOPS_USAGE = [
  '/leadops help · /leadops accounts',
  '/leadops connect <act_id> <#channel>: serve an ad account with that home channel, or move its home channel (approvers)',
  '/leadops disconnect <act_id>: stop serving an ad account; its history stays (approvers)',
].join('\n');

function done(message: string): Reply {
  return { visibility: 'ephemeral', text: message, blocks: [section(`:white_check_mark: ${message}`)] };
}

function refusal(what: string): Reply {
  return buildErrorReply(`Only approvers can ${what} (APPROVERS). Nothing was changed.`);
}

function accountArgument(text: string | undefined): string {
  const id = text === undefined ? null : normaliseAccountId(text);
  if (id === null)
    throw new CommandError(
      text === undefined
        ? 'Which ad account? Give its id (act_…).'
        : `“${text}” is not an ad account id (act_ and digits).`,
      LEADOPS_USAGE,
    );
  return id;
}

/** Every served account with what Meta last said of it (currency and zone once read). */
function listings(services: Pick<Services, 'accounts'>): AccountListing[] {
  const served = services.accounts.served();
  return services.accounts.statuses().map((status) => {
    const account = served.find((a) => a.id === status.id);
    return {
      id: status.id,
      name: account?.name ?? status.name,
      currency: account?.currency ?? null,
      timezone: account?.timezone ?? null,
      homeChannel: status.homeChannel,
      ok: status.ok,
      lastError: status.lastError,
    };
  });
}

/** `/leadops connect <act_id> <#channel>`: Meta must show the token can read it first; nothing stored otherwise. */
async function connect(args: readonly string[], invocation: Invocation, services: Services): Promise<Reply> {
  if (!services.config.approvers.includes(invocation.userId)) return refusal('connect ad accounts');
  const [idText, channelText, ...extra] = args;
  const id = accountArgument(idText);
  if (channelText === undefined)
    throw new CommandError(`Which channel should ${id}’s messages go to? Add it: #channel.`, LEADOPS_USAGE);
  const channel = parseChannelArgument(channelText);
  if (channel === null) throw new CommandError(`“${channelText}” is not a Slack channel.`, LEADOPS_USAGE);
  if (extra.length > 0)
    throw new CommandError(`“${extra.join(' ')}” is one argument too many.`, LEADOPS_USAGE);
  const before = services.accounts.statuses().find((status) => status.id === id);
  let account: Awaited<ReturnType<Services['accounts']['connect']>>;
  try {
    account = await services.accounts.connect(id, channel, invocation.userId);
  } catch (error) {
    services.logger.warn({ account: id, err: { message: (error as Error).message } }, 'connect refused');
    return buildErrorReply(`${id} was not connected: ${userMessageOf(error)} Nothing was changed.`);
  }
  const where = channelMention(channel);
  const what = `${escapeMrkdwn(account.name)} · ${account.id} · ${account.currency} · ${account.timezone}`;
  if (!before)
    return done(`Connected ${what}. Its lead alerts, report, proposals and watchdog alerts go to ${where}.`);
  if (before.homeChannel === channel) return done(`${what} already has ${where} as its home channel.`);
  const from = before.homeChannel ? ` from ${channelMention(before.homeChannel)}` : '';
  return done(`Moved the home channel of ${what}${from} to ${where}.`);
}

/** `/leadops disconnect <act_id>`: no more reports, alerts or proposals for it; its history stays. */
function disconnect(args: readonly string[], invocation: Invocation, services: Services): Reply {
  if (!services.config.approvers.includes(invocation.userId)) return refusal('disconnect ad accounts');
  const [idText, ...extra] = args;
  const id = accountArgument(idText);
  if (extra.length > 0)
    throw new CommandError(`“${extra.join(' ')}” is one argument too many.`, LEADOPS_USAGE);
  const name = services.accounts.statuses().find((status) => status.id === id)?.name ?? null;
  if (!services.accounts.disconnect(id, invocation.userId))
    return buildErrorReply(`LeadOps does not serve ${id}. Nothing was changed.`);
  const label = name ? `${escapeMrkdwn(name)} (${id})` : id;
  return done(
    `Disconnected ${label}: no more reports, alerts or proposals for it. Its history stays; \`/leadops connect ${id} #channel\` brings it back.`,
  );
}

/** `/leadops help` (the usage of every command, built from the registry so it never drifts) and the accounts. */
export function leadopsCommand(commands: () => readonly SlashCommand[]): SlashCommand {
  return {
    name: 'leadops',
    usage: LEADOPS_USAGE,
    summary: 'this help, and the ad accounts LeadOps serves',
    async handle(invocation, services) {
      const [first, ...args] = invocation.text.trim().split(/\s+/).filter(Boolean);
      const word = first?.toLowerCase();
      switch (word) {
        case undefined:
        case 'help':
          return buildHelpReply(commands());
        case 'accounts':
          return buildAccountListReply(listings(services));
        case 'connect':
          return connect(args, invocation, services);
        case 'disconnect':
          return disconnect(args, invocation, services);
        default:
          throw new CommandError(`“${first}” is not a /leadops command.`, LEADOPS_USAGE);
      }
    },
  };
}
