import type { App } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { ACTION_IDS } from '../../../messages/action-ids.js';
import { proposalClickListener } from './proposal-click.js';

/** **Reject** on a proposal message. */
export function registerReject(app: App, services: Services): void {
  app.action(ACTION_IDS.rejectProposal, proposalClickListener('reject', services));
}
