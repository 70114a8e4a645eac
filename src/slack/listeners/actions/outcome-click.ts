import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import type { OutcomeResult } from '../../../conversions/outcome-result.js';
import type { Outcome } from '../../../db/lead-outcomes.js';
import { describeOutcomeResult } from '../../../messages/lead-outcome.js';
import { section } from '../../../messages/text.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Where a button was clicked: for an answer only the clicker sees. */
export function clickChannel(body: BlockButtonAction): string | null {
  return body.channel?.id ?? body.container?.channel_id ?? null;
}

/**
 * Tells the clicker what their click did when the alert alone would not: nothing changed,
 * the Conversions API is off, the value was wrong. A click that went through is shown by the alert.
 */
export async function answerClicker(
  services: Services,
  channel: string | null,
  userId: string,
  result: OutcomeResult,
): Promise<void> {
  if (!channel || (result.kind === 'recorded' && result.capi === 'queued')) return;
  const text = describeOutcomeResult(result);
  await services.messenger
    .postEphemeral(channel, userId, { text, blocks: [section(text)] })
    .catch((error: Error) =>
      services.logger.warn({ err: { message: error.message } }, 'ephemeral answer not posted'),
    );
}

/**
 * An outcome button on a lead alert (anyone in the channel may click: they work the leads):
 * ack at once, then record through the same domain function as the terminal's commands.
 * The button's value is the lead id.
 */
export function outcomeClickListener(outcome: Exclude<Outcome, 'signed'>, services: Services) {
  return async ({ ack, body, action }: ButtonArgs) => {
    await ack();
    try {
      const result = await services.outcomes.record({
        leadId: action.value ?? '',
        outcome,
        userId: body.user.id,
      });
      await answerClicker(services, clickChannel(body), body.user.id, result);
    } catch (error) {
      services.logger.error(
        { lead: action.value, outcome, err: { message: (error as Error).message } },
        'outcome click failed',
      );
    }
  };
}
