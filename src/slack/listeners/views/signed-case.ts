import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { CASE_VALUE_PROBLEM } from '../../../conversions/outcomes.js';
import { VIEW_IDS } from '../../../messages/action-ids.js';
import {
  CASE_VALUE_BLOCK,
  CASE_VALUE_INPUT,
  parseSignedCaseContext,
} from '../../../messages/signed-case-modal.js';
import { centsFromDollarsInput } from '../../../money.js';
import { answerClicker } from '../actions/outcome-click.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The signed-case modal submitted: the value must be dollars above 0 (else the modal stays
 * open with the problem under the field); then the outcome is recorded like any click.
 */
export function registerSignedCaseSubmission(app: App, services: Services): void {
  app.view(VIEW_IDS.signedCase, async ({ ack, body, view }: SubmitArgs) => {
    const context = parseSignedCaseContext(view.private_metadata);
    const text = view.state.values[CASE_VALUE_BLOCK]?.[CASE_VALUE_INPUT]?.value ?? '';
    const cents = centsFromDollarsInput(text);
    if (context && (cents === null || cents <= 0)) {
      await ack({ response_action: 'errors', errors: { [CASE_VALUE_BLOCK]: CASE_VALUE_PROBLEM } });
      return;
    }
    await ack();
    if (!context || cents === null) return;
    try {
      const result = await services.outcomes.record({
        leadId: context.leadId,
        outcome: 'signed',
        userId: body.user.id,
        valueCents: cents,
      });
      await answerClicker(services, context.channel, body.user.id, result);
    } catch (error) {
      services.logger.error(
        { lead: context.leadId, err: { message: (error as Error).message } },
        'signed case not recorded',
      );
    }
  });
}
