// `/leads roster|away|back|hours`: speed to lead's settings, per account (roster, hours) or per
// person (away, back). Bad input changes nothing and answers with the usage.
import { isApprover } from '../approvals/decide.js';
import { recordAudit } from '../db/audit-log.js';
import { businessHoursOf, setBusinessHours } from '../db/business-hours.js';
import { addToRoster, removeFromRoster, rosterOf, setAway } from '../db/rosters.js';
import { CommandError } from '../errors.js';
import type { Reply } from '../messages/reply.js';
import { context, section } from '../messages/text.js';
import { buildErrorReply } from '../messages/usage.js';
import { HOURS_USAGE, parseHours } from '../speed/hours.js';
import { requireAccount } from './account-choice.js';
import type { Invocation, Services } from './types.js';

export const SPEED_SUBCOMMANDS = ['roster', 'away', 'back', 'hours'] as const;
export type SpeedSubcommand = (typeof SPEED_SUBCOMMANDS)[number];

export const ROSTER_USAGE =
  '/leads roster · /leads roster add @user … · /leads roster remove @user … · /leads away · /leads back\n' +
  'e.g. /leads roster add @maria @james (approvers; each account its own roster)';

export function isSpeedSubcommand(word: string): word is SpeedSubcommand {
  return (SPEED_SUBCOMMANDS as readonly string[]).includes(word.toLowerCase());
}

/**
 * `<@U123>`, `<@U123|maria>` (Slack escapes mentions) or a bare `U123` → the user id; anything
 * else (a name without its mention, a channel) → null.
 */
export function userIdOf(word: string): string | null {
  const match = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word) ?? /^([UW][A-Z0-9]{2,})$/.exec(word);
  return match?.[1] ?? null;
}

/** The user ids of `@user …`; the first word that is not a user mention is a CommandError. */
export function parseUsers(words: readonly string[]): string[] {
  if (words.length === 0) throw new CommandError('Name at least one person: @maria.', ROSTER_USAGE);
  const ids = words.map((word) => {
    const id = userIdOf(word);
    if (!id) throw new CommandError(`“${word}” is not a person (mention them: @name).`, ROSTER_USAGE);
    return id;
  });
  return [...new Set(ids)];
}

const mentions = (ids: readonly string[]) => ids.map((id) => `<@${id}>`).join(', ');

function reply(text: string, note?: string): Reply {
  return {
    visibility: 'ephemeral',
    text,
    blocks: note ? [section(text), context(note)] : [section(text)],
  };
}

/** Handles `/leads <subcommand> …`; `args` are the words after the subcommand (account id taken out). */
export function handleSpeedSubcommand(
  subcommand: SpeedSubcommand,
  args: readonly string[],
  invocation: Invocation,
  services: Services,
): Reply {
  const { db, clock, config } = services;
  const now = clock.nowMilliseconds();
  switch (subcommand) {
    case 'away':
    case 'back': {
      if (args.length > 0)
        throw new CommandError(`\`/leads ${subcommand}\` takes no arguments.`, ROSTER_USAGE);
      const rosters = setAway(db, invocation.userId, subcommand === 'away');
      if (rosters === 0) return reply('You are on no roster: round-robin gives you no leads anyway.');
      return reply(
        subcommand === 'away'
          ? `You are away: round-robin gives you no new leads (${rosters} roster${rosters === 1 ? '' : 's'}) until \`/leads back\`.`
          : `Welcome back: round-robin gives you leads again (${rosters} roster${rosters === 1 ? '' : 's'}).`,
      );
    }
    case 'roster': {
      const { account } = requireAccount(invocation, services, ROSTER_USAGE);
      const [action, ...rest] = args;
      if (action === undefined) {
        const roster = rosterOf(db, account.id);
        if (roster.length === 0)
          return reply(
            `${account.name} has no roster: nobody is assigned automatically (Claim still works).`,
            'Approvers add reps: /leads roster add @maria @james',
          );
        const lines = roster.map(
          (m, i) =>
            `${i + 1}. <@${m.userId}>${m.available ? '' : ' _(away)_'} · ${m.assignedCount} lead${m.assignedCount === 1 ? '' : 's'} assigned`,
        );
        return reply(`*${account.name}*: the roster, next turn first\n${lines.join('\n')}`);
      }
      const verb = action.toLowerCase();
      if (verb !== 'add' && verb !== 'remove')
        throw new CommandError(`“${action}” is not add or remove.`, ROSTER_USAGE);
      const users = parseUsers(rest);
      if (!isApprover(config.approvers, invocation.userId)) {
        recordAudit(db, {
          at: now,
          actor: invocation.userId,
          event: 'setting.refused',
          accountId: account.id,
          detail: `/leads ${invocation.text.trim()}`,
        });
        return buildErrorReply('Only approvers can change the roster (APPROVERS). Nothing was changed.');
      }
      const changed =
        verb === 'add'
          ? addToRoster(db, account.id, users, invocation.userId, now)
          : removeFromRoster(db, account.id, users);
      recordAudit(db, {
        at: now,
        actor: invocation.userId,
        event: 'setting.changed',
        accountId: account.id,
        detail: `roster ${verb} ${users.join(' ')}`,
      });
      const unchanged = users.filter((id) => !changed.includes(id));
      const done =
        verb === 'add'
          ? changed.length > 0
            ? `Added to ${account.name}'s roster: ${mentions(changed)}.`
            : 'Nobody added.'
          : changed.length > 0
            ? `Removed from ${account.name}'s roster: ${mentions(changed)}.`
            : 'Nobody removed.';
      const note =
        unchanged.length > 0
          ? `${verb === 'add' ? 'Already on it' : 'Not on it'}: ${mentions(unchanged)}.`
          : undefined;
      return reply(done, note);
    }
    case 'hours': {
      const { account } = requireAccount(invocation, services, HOURS_USAGE);
      if (args.length === 0) {
        const hours = businessHoursOf(db, account.id);
        return reply(
          hours
            ? `${account.name}'s business hours: ${hours.spec} (${account.timezone}).`
            : `${account.name} is always open (no business hours set).`,
          'Change them: /leads hours mon-fri 08:00-18:00 · /leads hours always',
        );
      }
      const parsed = parseHours(args.join(' '));
      if ('problem' in parsed) throw new CommandError(parsed.problem, HOURS_USAGE);
      if (!isApprover(config.approvers, invocation.userId))
        return buildErrorReply('Only approvers can change business hours (APPROVERS). Nothing was changed.');
      setBusinessHours(db, account.id, parsed.hours, invocation.userId, now);
      recordAudit(db, {
        at: now,
        actor: invocation.userId,
        event: 'setting.changed',
        accountId: account.id,
        detail: `hours ${parsed.hours?.spec ?? 'always'}`,
      });
      return reply(
        parsed.hours
          ? `${account.name}'s business hours: ${parsed.hours.spec} (${account.timezone}). Leads after hours start their clock at opening time.`
          : `${account.name} is now always open.`,
      );
    }
  }
}
