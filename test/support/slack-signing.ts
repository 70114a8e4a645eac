/**
 * Builds and signs requests the way Slack sends them to the bot (slash commands, interactivity), so
 * end-to-end tests go through Bolt's real signature verification and body parsing.
 * Scheme (v0): signature = 'v0=' + hex(HMAC-SHA256(signingSecret, `v0:${timestamp}:${rawBody}`)).
 */
import { createHmac } from 'node:crypto';

const TEAM_ID = 'T0LEADOPS';
const APP_ID = 'A0LEADOPS';
/** The deprecated verification token Slack still puts in payloads; Bolt ignores it. */
const VERIFICATION_TOKEN = 'verification-token-unused';

export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const timestamp = String(timestampSeconds);
  const hash = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${hash}`, 'x-slack-request-timestamp': timestamp };
}

let triggerSeq = 0;
function triggerId(): string {
  triggerSeq += 1;
  return `${1000000000 + triggerSeq}.${TEAM_ID}.${'0'.repeat(24)}${triggerSeq}`;
}

/** A slash command body, fields in the order Slack sends them. */
export function slashCommandBody(fields: {
  command: string;
  text: string;
  responseUrl: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  teamId?: string;
  triggerId?: string;
}): string {
  const teamId = fields.teamId ?? TEAM_ID;
  return new URLSearchParams([
    ['token', VERIFICATION_TOKEN],
    ['team_id', teamId],
    ['team_domain', 'leadops-test'],
    ['channel_id', fields.channelId ?? 'C0LEADOPS'],
    ['channel_name', fields.channelName ?? 'leadops'],
    ['user_id', fields.userId ?? 'U0OPERATOR'],
    ['user_name', fields.userName ?? 'operator'],
    ['command', fields.command],
    ['text', fields.text],
    ['api_app_id', APP_ID],
    ['is_enterprise_install', 'false'],
    ['response_url', fields.responseUrl],
    ['trigger_id', fields.triggerId ?? triggerId()],
  ]).toString();
}

/** Interactivity payloads arrive as a single form field: payload=<JSON>. */
export function blockActionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A realistic block_actions payload for a button click on a bot message. */
export function buttonClickPayload(fields: {
  actionId: string;
  value: string;
  userId: string;
  userName?: string;
  channelId: string;
  messageTs: string;
  responseUrl: string;
  blockId?: string;
  messageBlocks?: unknown[];
  triggerId?: string;
}): Record<string, unknown> {
  const userName = fields.userName ?? 'operator';
  const blockId = fields.blockId ?? 'actions';
  const blocks = fields.messageBlocks ?? [];
  return {
    type: 'block_actions',
    user: { id: fields.userId, username: userName, name: userName, team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    container: {
      type: 'message',
      message_ts: fields.messageTs,
      channel_id: fields.channelId,
      is_ephemeral: false,
    },
    trigger_id: fields.triggerId ?? triggerId(),
    team: { id: TEAM_ID, domain: 'leadops-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: fields.channelId, name: 'leadops' },
    message: {
      type: 'message',
      subtype: 'bot_message',
      text: '',
      ts: fields.messageTs,
      bot_id: 'BBOT0001',
      blocks,
    },
    state: { values: {} },
    response_url: fields.responseUrl,
    actions: [
      {
        action_id: fields.actionId,
        block_id: blockId,
        value: fields.value,
        type: 'button',
        action_ts: `${Math.floor(Date.now() / 1000)}.000001`,
        text: { type: 'plain_text', text: buttonLabel(blocks, fields.actionId) ?? fields.value, emoji: true },
      },
    ],
  };
}

/** The clicked button's label, when the message blocks are given. */
function buttonLabel(blocks: unknown[], actionId: string): string | undefined {
  for (const block of blocks) {
    const elements = (block as { elements?: unknown }).elements;
    const accessory = (block as { accessory?: unknown }).accessory;
    const candidates = [...(Array.isArray(elements) ? elements : []), accessory];
    for (const el of candidates) {
      const button = el as { action_id?: unknown; text?: { text?: unknown } } | undefined;
      if (button?.action_id === actionId && typeof button.text?.text === 'string') return button.text.text;
    }
  }
  return undefined;
}

/**
 * POSTs a signed body to the bot's Slack endpoint. Content-Type is exactly
 * 'application/x-www-form-urlencoded': Bolt compares it verbatim and a '; charset=…' suffix breaks parsing.
 */
export async function postToSlackEndpoint(
  url: string,
  signingSecret: string,
  rawBody: string,
  options: { timestampSeconds?: number; forgeSignature?: boolean; contentType?: string } = {},
): Promise<{ status: number; text: string; json?: unknown }> {
  const secret = options.forgeSignature ? `${signingSecret}-forged` : signingSecret;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded',
      ...signSlackRequest(secret, rawBody, options.timestampSeconds),
    },
    body: rawBody,
  });
  const text = await response.text();
  try {
    return { status: response.status, text, json: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, text };
  }
}

/** An Events API callback as Slack posts it (JSON), e.g. `app_home_opened`. */
export function eventCallbackBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    api_app_id: APP_ID,
    event,
    type: 'event_callback',
    event_id: `Ev${String(++triggerSeq).padStart(9, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: 'UBOT0001', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

/** `app_home_opened` for a user on a tab (`home` or `messages`). */
export function appHomeOpenedEvent(
  userId: string,
  tab: 'home' | 'messages' = 'home',
): Record<string, unknown> {
  return {
    type: 'app_home_opened',
    user: userId,
    channel: `D${userId.slice(1)}`,
    tab,
    event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
  };
}
