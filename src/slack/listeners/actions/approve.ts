import type { App } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { ACTION_IDS } from '../../../messages/action-ids.js';
import { proposalClickListener } from './proposal-click.js';

/** **Approve** on a proposal message. */
export function registerApprove(app: App, services: Services): void {
  app.action(ACTION_IDS.approveProposal, proposalClickListener('approve', services));
}
