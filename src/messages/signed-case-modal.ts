import type { ModalView } from '@slack/types';
import { type CurrencyCode, formatMoney, type Minor } from '../money.js';
import { VIEW_IDS } from './action-ids.js';
import { escapeMrkdwn, section } from './text.js';

export const CASE_VALUE_BLOCK = 'case_value';
export const CASE_VALUE_INPUT = 'case_value_input';

/** What the modal carries back on submit: which lead, and where its alert is. */
export interface SignedCaseContext {
  leadId: string;
  channel: string | null;
}

/**
 * The small modal behind **Signed case**: the case value in the lead's account currency,
 * CASE_VALUE filled in. A lead of no account (several served) has no currency: the modal
 * only confirms, and the case is recorded without a value.
 */
export function buildSignedCaseModal(input: {
  context: SignedCaseContext;
  leadName: string;
  currency: CurrencyCode | null;
  defaultCents: Minor;
}): ModalView {
  const { currency } = input;
  return {
    type: 'modal',
    callback_id: VIEW_IDS.signedCase,
    private_metadata: JSON.stringify(input.context),
    title: { type: 'plain_text', text: 'Signed case' },
    submit: { type: 'plain_text', text: 'Record' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: currency
      ? [
          section(`*${escapeMrkdwn(input.leadName)}* signed. What is the case worth?`),
          valueInput(currency, input.defaultCents),
        ]
      : [
          section(
            `*${escapeMrkdwn(input.leadName)}* signed. This lead came from no ad account LeadOps serves, so the case is recorded without a value.`,
          ),
        ],
  };
}

/** The amount as typed back into the field: `5,000.00`, `500,000` (no currency sign). */
function typedAmount(amount: Minor, currency: CurrencyCode): string {
  return formatMoney(amount, currency).replace(/^[^\d-]+/, '');
}

function valueInput(currency: CurrencyCode, defaultValue: Minor): ModalView['blocks'][number] {
  const initial = defaultValue > 0 ? typedAmount(defaultValue, currency) : undefined;
  return {
    type: 'input',
    block_id: CASE_VALUE_BLOCK,
    label: { type: 'plain_text', text: `Case value (${currency})` },
    hint: {
      type: 'plain_text',
      text: 'Sent to Meta with the SignedCase event, so delivery learns what a case is worth.',
    },
    element: {
      type: 'plain_text_input',
      action_id: CASE_VALUE_INPUT,
      placeholder: { type: 'plain_text', text: 'e.g. 5000' },
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

export function parseSignedCaseContext(privateMetadata: string): SignedCaseContext | null {
  try {
    const parsed = JSON.parse(privateMetadata) as Partial<SignedCaseContext>;
    return typeof parsed.leadId === 'string'
      ? { leadId: parsed.leadId, channel: typeof parsed.channel === 'string' ? parsed.channel : null }
      : null;
  } catch {
    return null;
  }
}
