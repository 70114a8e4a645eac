import { formatLocalTime } from '../dates/calendar.js';
import { readAccountSettings, writeAccountSetting } from '../db/account-settings.js';
import { writeMute } from '../db/watchdog-state.js';
import { CommandError } from '../errors.js';
import type { Reply } from '../messages/reply.js';
import { section } from '../messages/text.js';
import { buildErrorReply } from '../messages/usage.js';
import { buildWatchdogStatusReply } from '../messages/watchdog.js';
import { formatSettingValue, parseSettingValue } from '../settings/values.js';
import { HOUR_MS } from '../watchdog/format.js';
import { keysOf, settingsScope, settingValue } from '../watchdog/settings.js';
import { CHECK_NAMES, type CheckName, isCheckName } from '../watchdog/types.js';
import { requireAccount } from './account-choice.js';
import type { Invocation, Services, SlashCommand } from './types.js';

export const WATCHDOG_USAGE = [
  '/watchdog · /watchdog run · /watchdog set <check> <key> <value> · /watchdog mute <check> <hours>',
  `checks: ${CHECK_NAMES.join(', ')}; amounts in the account’s currency; mute 0 lifts a mute; outside an account’s home channel, with several accounts, add its act_<id>`,
  'e.g. /watchdog set drought min_spend 100 · /watchdog set cpl factor 2.5 · /watchdog mute ads 12',
].join('\n');

/** The longest mute: a month. */
const MAX_MUTE_HOURS = 720;

export type WatchdogArgs =
  | { kind: 'status' }
  | { kind: 'run' }
  | { kind: 'set'; check: CheckName; key: string; text: string }
  | { kind: 'mute'; check: CheckName; hours: number };

function checkOf(word: string | undefined): CheckName {
  const name = (word ?? '').toLowerCase();
  if (isCheckName(name)) return name;
  throw new CommandError(
    name ? `“${name}” is not a check. The checks: ${CHECK_NAMES.join(', ')}.` : 'Name a check.',
    WATCHDOG_USAGE,
  );
}

export function parseWatchdogArgs(text: string): WatchdogArgs {
  const [verb = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  switch (verb.toLowerCase()) {
    case '':
    case 'status':
      if (rest.length > 0) throw new CommandError('`/watchdog` takes nothing after it.', WATCHDOG_USAGE);
      return { kind: 'status' };
    case 'run':
      if (rest.length > 0) throw new CommandError('`/watchdog run` takes nothing after it.', WATCHDOG_USAGE);
      return { kind: 'run' };
    case 'set': {
      const check = checkOf(rest[0]);
      const key = (rest[1] ?? '').toLowerCase();
      const keys = Object.keys(keysOf(check));
      if (!keys.includes(key))
        throw new CommandError(
          `${key ? `“${key}” is not a setting of ${check}.` : `Name a setting of ${check}.`} Its settings: ${keys.join(', ')}.`,
          WATCHDOG_USAGE,
        );
      if (rest.length !== 3) throw new CommandError(`Give one value for ${check} ${key}.`, WATCHDOG_USAGE);
      return { kind: 'set', check, key, text: rest[2] ?? '' };
    }
    case 'mute': {
      const check = checkOf(rest[0]);
      const hoursText = (rest[1] ?? '').replace(/h$/i, '');
      const hours = Number(hoursText);
      if (rest.length !== 2 || !/^\d+(\.\d+)?$/.test(hoursText) || hours > MAX_MUTE_HOURS)
        throw new CommandError(`Mute for 0 to ${MAX_MUTE_HOURS} hours (0 lifts the mute).`, WATCHDOG_USAGE);
      return { kind: 'mute', check, hours };
    }
    default:
      throw new CommandError(`“${verb}” is not a /watchdog command.`, WATCHDOG_USAGE);
  }
}

function info(text: string): Reply {
  return { visibility: 'ephemeral', text, blocks: [section(text)] };
}

function isApprover(services: Services, userId: string): boolean {
  return services.config.approvers.includes(userId);
}

export const watchdogCommand: SlashCommand = {
  name: 'watchdog',
  usage: WATCHDOG_USAGE,
  summary:
    'what the watchdog watches (lead drought, delivery, token, account, ad review, CPL spike, Meta API usage), its state and thresholds',
  async handle(invocation: Invocation, services: Services) {
    const chosen = requireAccount(invocation, services, WATCHDOG_USAGE);
    const { account } = chosen;
    const args = parseWatchdogArgs(chosen.args.join(' '));
    const { db, clock, watchdog } = services;
    const now = clock.nowMilliseconds();
    const label = watchdog.labelOf(account);
    const forAccount = label === null ? '' : ` for ${label}`;
    switch (args.kind) {
      case 'status':
        return buildWatchdogStatusReply(await watchdog.view(account));
      case 'run': {
        const result = await watchdog.run(account);
        const reply = buildWatchdogStatusReply(await watchdog.view(account));
        const posted = `Checked now: ${result.alertsPosted} ${result.alertsPosted === 1 ? 'alert' : 'alerts'} and ${
          result.resolvedPosted
        } “resolved” posted${result.failedPosts > 0 ? `, ${result.failedPosts} not posted (Slack refused; next run tries again)` : ''}.`;
        return {
          ...reply,
          text: `${posted} ${reply.text}`,
          blocks: [section(posted), ...reply.blocks].slice(0, 50),
        };
      }
      case 'set': {
        if (!isApprover(services, invocation.userId))
          return buildErrorReply(
            'Only approvers can change the watchdog’s thresholds (APPROVERS). Nothing was changed.',
          );
        const definition = keysOf(args.check)[args.key];
        if (!definition)
          throw new CommandError(`“${args.key}” is not a setting of ${args.check}.`, WATCHDOG_USAGE);
        // The token check is the one token's, kept with the account it runs with.
        const owner = watchdog.settingsOwner(args.check, account);
        const { currency } = account;
        const parsed = parseSettingValue(definition, args.text, currency);
        if ('problem' in parsed)
          throw new CommandError(`${args.check} ${args.key}: ${parsed.problem}`, WATCHDOG_USAGE);
        const was = settingValue(readAccountSettings(db, owner.id), args.check, args.key, currency);
        writeAccountSetting(
          db,
          owner.id,
          settingsScope(args.check),
          args.key,
          parsed.value,
          invocation.userId,
          now,
        );
        services.logger.info(
          { account: owner.id, check: args.check, key: args.key, by: invocation.userId },
          'watchdog setting changed',
        );
        return info(
          `:white_check_mark: ${args.check} ${args.key}${args.check === 'token' ? '' : forAccount}: ${formatSettingValue(definition, was, currency)} → ${formatSettingValue(definition, parsed.value, currency)}. It counts from the next run.`,
        );
      }
      case 'mute': {
        if (!isApprover(services, invocation.userId))
          return buildErrorReply('Only approvers can mute the watchdog (APPROVERS). Nothing was changed.');
        const until = now + Math.round(args.hours * HOUR_MS);
        const owner = watchdog.settingsOwner(args.check, account);
        writeMute(db, owner.id, args.check, until, invocation.userId, now);
        services.logger.info(
          { account: owner.id, check: args.check, hours: args.hours, by: invocation.userId },
          'watchdog mute',
        );
        const which = `${args.check}${args.check === 'token' ? '' : forAccount}`;
        if (args.hours === 0)
          return info(
            `:loud_sound: ${which} is not muted. What changed meanwhile is posted at the next run.`,
          );
        return info(
          `:mute: ${which} is muted until ${formatLocalTime(until, account.timezone)}. It is still checked; what is still wrong then is posted then.`,
        );
      }
    }
  },
};
