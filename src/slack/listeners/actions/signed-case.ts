import type { App } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { getLead } from '../../../db/leads.js';
import { ACTION_IDS } from '../../../messages/action-ids.js';
import { leadDisplayName } from '../../../messages/lead-alert.js';
import { buildSignedCaseModal } from '../../../messages/signed-case-modal.js';
import { answerClicker, type ButtonArgs, clickChannel } from './outcome-click.js';

/**
 * **Signed case** on a lead alert: ack, then the modal that asks the case value in the lead's
 * account currency (CASE_VALUE filled in). Its submission (listeners/views/) records the outcome.
 */
export function registerSignedCase(app: App, services: Services): void {
  app.action(ACTION_IDS.leadSigned, async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const channel = clickChannel(body);
    const lead = getLead(services.db, action.value ?? '');
    if (!lead) {
      await answerClicker(services, channel, body.user.id, { kind: 'no_lead' });
      return;
    }
    try {
      const currency = services.outcomes.currencyOf(lead.id);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildSignedCaseModal({
          context: { leadId: lead.id, channel },
          leadName: leadDisplayName(lead),
          currency,
          defaultCents: services.outcomes.defaultValue(currency),
        }),
      });
    } catch (error) {
      services.logger.error(
        { lead: lead.id, err: { message: (error as Error).message } },
        'signed-case modal not opened',
      );
    }
  });
}
