import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../commands/types.js';
import { caseValueProblem } from '../../../conversions/outcomes.js';
import { VIEW_IDS } from '../../../messages/action-ids.js';
import {
  CASE_VALUE_BLOCK,
  CASE_VALUE_INPUT,
  parseSignedCaseContext,
} from '../../../messages/signed-case-modal.js';
import { type Minor, minorFromInput } from '../../../money.js';
import { answerClicker } from '../actions/outcome-click.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The signed-case modal submitted: the value must be an amount above 0 in the lead's account
 * currency (else the modal stays open with the problem under the field); then the outcome is
 * recorded like any click. A lead of no account's modal has no field: recorded without a value.
 */
export function registerSignedCaseSubmission(app: App, services: Services): void {
  app.view(VIEW_IDS.signedCase, async ({ ack, body, view }: SubmitArgs) => {
    const context = parseSignedCaseContext(view.private_metadata);
    if (!context) {
      await ack();
      return;
    }
    const currency = services.outcomes.currencyOf(context.leadId);
    let valueCents: Minor | null = null;
    if (currency !== null) {
      const text = view.state.values[CASE_VALUE_BLOCK]?.[CASE_VALUE_INPUT]?.value ?? '';
      valueCents = minorFromInput(text, currency);
      if (valueCents === null || valueCents <= 0) {
        await ack({ response_action: 'errors', errors: { [CASE_VALUE_BLOCK]: caseValueProblem(currency) } });
        return;
      }
    }
    await ack();
    try {
      const result = await services.outcomes.record({
        leadId: context.leadId,
        outcome: 'signed',
        userId: body.user.id,
        ...(valueCents !== null ? { valueCents } : {}),
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
