import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ClickAction } from '../../../approvals/desk.js';
import type { Services } from '../../../commands/types.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * A proposal button: ack at once (Slack's 3 s; applying may take longer), then hand the click
 * to the approvals desk, which decides exactly once, applies, and updates the message itself.
 * The button's value is only the proposal id.
 */
export function proposalClickListener(action: ClickAction, services: Services) {
  return async ({ ack, body, action: button }: ButtonArgs) => {
    await ack();
    const proposalId = Number(button.value);
    if (!Number.isSafeInteger(proposalId) || proposalId <= 0) {
      services.logger.warn({ value: button.value }, 'proposal button without a proposal id');
      return;
    }
    try {
      await services.approvals.click({
        proposalId,
        userId: body.user.id,
        action,
        channel: body.channel?.id ?? body.container?.channel_id ?? null,
      });
    } catch (error) {
      services.logger.error(
        { proposal: proposalId, action, err: { message: (error as Error).message } },
        'proposal click failed',
      );
    }
  };
}
