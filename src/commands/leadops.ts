import { CommandError } from '../errors.js';
import { buildHelpReply } from '../messages/help.js';
import type { SlashCommand } from './types.js';

export const LEADOPS_USAGE = '/leadops help';

/** `/leadops help`: the usage of every command. Built from the registry, so it never drifts. */
export function leadopsCommand(commands: () => readonly SlashCommand[]): SlashCommand {
  return {
    name: 'leadops',
    usage: LEADOPS_USAGE,
    summary: 'this help',
    async handle(invocation) {
      const word = invocation.text.trim().toLowerCase();
      if (word !== '' && word !== 'help')
        throw new CommandError(`“${word}” is not a /leadops command.`, LEADOPS_USAGE);
      return buildHelpReply(commands());
    },
  };
}
