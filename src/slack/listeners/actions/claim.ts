import type { App } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { ACTION_IDS } from '../../../messages/action-ids.js';
import { section } from '../../../messages/text.js';
import { type ButtonArgs, clickChannel } from './outcome-click.js';

/**
 * **Claim** on a lead alert or the assignee's DM: the clicker owns the lead (taking it from
 * whoever had it); the alert and the DM show it. The button's value is the lead id.
 */
export function registerClaim(app: App, services: Services): void {
  app.action(ACTION_IDS.claimLead, async ({ ack, body, action }: ButtonArgs) => {
    await ack();
    try {
      const result = await services.speed.claim(action.value ?? '', body.user.id);
      const channel = clickChannel(body);
      if (result.kind === 'claimed' || !channel) return;
      const text = result.kind === 'no_lead' ? 'LeadOps has no such lead.' : 'This lead is already yours.';
      await services.messenger.postEphemeral(channel, body.user.id, { text, blocks: [section(text)] });
    } catch (error) {
      services.logger.error(
        { lead: action.value, err: { message: (error as Error).message } },
        'claim failed',
      );
    }
  });
}
