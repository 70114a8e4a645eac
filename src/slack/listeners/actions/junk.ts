import type { App } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { ACTION_IDS } from '../../../messages/action-ids.js';
import { outcomeClickListener } from './outcome-click.js';

/** **Junk** on a lead alert. */
export function registerJunk(app: App, services: Services): void {
  app.action(ACTION_IDS.leadJunk, outcomeClickListener('junk', services));
}
