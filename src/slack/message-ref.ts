import type { MessageRef } from '../messages/messenger.js';

/** A Slack message as the Web API names it: its channel id and its `ts`. */
export interface SlackMessage {
  channel: string;
  ts: string;
}

/**
 * The one place that knows how a Slack message is kept as a `MessageRef`: `C0123ABCD/1700000000.000100`
 * (neither a channel id nor a ts has a `/`). Pure, no Bolt: migration 13 writes old rows with it.
 */
export function slackMessageRef(channel: string, ts: string): MessageRef {
  return `${channel}/${ts}` as MessageRef;
}

/** A ref made by `slackMessageRef`; anything else (another messenger's) is refused. */
export function parseSlackMessageRef(ref: MessageRef): SlackMessage {
  const slash = ref.indexOf('/');
  if (slash <= 0) throw new Error(`not a Slack message reference: ${ref}`);
  return { channel: ref.slice(0, slash), ts: ref.slice(slash + 1) };
}
