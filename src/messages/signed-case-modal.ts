import type { ModalView } from '@slack/types';
import { type Cents, formatDollars } from '../money.js';
import { VIEW_IDS } from './action-ids.js';
import { escapeMrkdwn, section } from './text.js';

export const CASE_VALUE_BLOCK = 'case_value';
export const CASE_VALUE_INPUT = 'case_value_input';

/** What the modal carries back on submit: which lead, and where its alert is. */
export interface SignedCaseContext {
  leadId: string;
  channel: string | null;
}

/** The small modal behind **Signed case**: the case value in dollars, CASE_VALUE filled in. */
export function buildSignedCaseModal(input: {
  context: SignedCaseContext;
  leadName: string;
  defaultCents: Cents;
}): ModalView {
  const initial = input.defaultCents > 0 ? formatDollars(input.defaultCents).replace(/^\$/, '') : undefined;
  return {
    type: 'modal',
    callback_id: VIEW_IDS.signedCase,
    private_metadata: JSON.stringify(input.context),
    title: { type: 'plain_text', text: 'Signed case' },
    submit: { type: 'plain_text', text: 'Record' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(`*${escapeMrkdwn(input.leadName)}* signed. What is the case worth?`),
      {
        type: 'input',
        block_id: CASE_VALUE_BLOCK,
        label: { type: 'plain_text', text: 'Case value (USD)' },
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
      },
    ],
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
