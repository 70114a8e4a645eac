import { CommandError, userMessageOf } from '../errors.js';
import type { Reply } from '../messages/reply.js';
import { buildErrorReply, buildUsageReply } from '../messages/usage.js';
import { adsetsCommand } from './adsets.js';
import { audienceCommand } from './audience.js';
import { cplCommand } from './cpl.js';
import { leadopsCommand } from './leadops.js';
import { leadsCommand } from './leads.js';
import { reportCommand } from './report.js';
import { rulesCommand } from './rules.js';
import type { Invocation, Services, SlashCommand } from './types.js';
import { watchdogCommand } from './watchdog.js';

export const COMMANDS: readonly SlashCommand[] = [
  cplCommand,
  leadsCommand,
  reportCommand,
  rulesCommand,
  watchdogCommand,
  audienceCommand,
  adsetsCommand,
  leadopsCommand(() => COMMANDS),
];

export function findCommand(name: string): SlashCommand | undefined {
  return COMMANDS.find((command) => command.name === name.replace(/^\//, ''));
}

/**
 * Runs a command and always returns something to show: the answer, the usage for a
 * malformed argument, or a readable error. Unexpected failures are logged, not shown.
 */
export async function runCommand(
  command: SlashCommand,
  invocation: Invocation,
  services: Services,
): Promise<Reply> {
  try {
    return await command.handle(invocation, services);
  } catch (error) {
    if (error instanceof CommandError) return buildUsageReply(error.message, error.usage);
    services.logger.error(
      {
        err:
          error instanceof Error
            ? { name: error.name, code: (error as { code?: unknown }).code, message: error.message }
            : String(error),
        command: command.name,
      },
      'command failed',
    );
    return buildErrorReply(userMessageOf(error));
  }
}
