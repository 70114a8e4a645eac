import type { App } from '@slack/bolt';
import type { Services } from '../../commands/types.js';
import { registerCommands } from './commands/index.js';

export function registerListeners(app: App, services: Services): void {
  registerCommands(app, services);
}
