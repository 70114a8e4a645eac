import type { App } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { registerAppHomeOpened } from './app-home-opened.js';

/** Every Events API event LeadOps subscribes to (manifest.yml: settings.event_subscriptions.bot_events). */
export function registerEvents(app: App, services: Services): void {
  registerAppHomeOpened(app, services);
}
