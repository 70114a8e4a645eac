/**
 * Modal submissions as Slack sends them (`view_submission`), for end-to-end tests: the payload
 * goes through the same signed form body as a button click (test/support/slack-signing.ts).
 */
const TEAM_ID = 'T0LEADOPS';
const APP_ID = 'A0LEADOPS';

let submissions = 0;

/** A `view_submission` payload for a modal the bot opened (as views.open recorded it), with the typed values. */
export function viewSubmissionPayload(fields: {
  userId: string;
  /** The view as the bot sent it to views.open (callback_id, private_metadata, blocks…). */
  view: Record<string, unknown>;
  /** state.values: block_id → action_id → the input's value. */
  values: Record<string, Record<string, string>>;
  userName?: string;
}): Record<string, unknown> {
  submissions += 1;
  const userName = fields.userName ?? 'operator';
  const values = Object.fromEntries(
    Object.entries(fields.values).map(([blockId, inputs]) => [
      blockId,
      Object.fromEntries(
        Object.entries(inputs).map(([actionId, value]) => [actionId, { type: 'plain_text_input', value }]),
      ),
    ]),
  );
  return {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'leadops-test' },
    user: { id: fields.userId, username: userName, name: userName, team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: 'verification-token-unused',
    trigger_id: `${2000000000 + submissions}.${TEAM_ID}.${'0'.repeat(24)}${submissions}`,
    view: {
      id: `V0SUBMIT${submissions}`,
      team_id: TEAM_ID,
      type: 'modal',
      private_metadata: '',
      callback_id: '',
      hash: `${submissions}.hash`,
      app_id: APP_ID,
      bot_id: 'BBOT0001',
      ...fields.view,
      state: { values },
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
