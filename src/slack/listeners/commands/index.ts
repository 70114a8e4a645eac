import type { App } from '@slack/bolt';
import { COMMANDS } from '../../../commands/index.js';
import type { Services } from '../../../commands/types.js';
import { slashCommandListener } from './slash-command.js';

export function registerCommands(app: App, services: Services): void {
  for (const command of COMMANDS) app.command(`/${command.name}`, slashCommandListener(command, services));
}
