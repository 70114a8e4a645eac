/** A Slack channel id: `C0123ABCD` (public), `G…` (private, older workspaces). */
const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;
/** Slack's escaped mention in a slash command's text: `<#C0123ABCD|client-acme>` or `<#C0123ABCD>`. */
const MENTION = /^<#([CG][A-Z0-9]{6,})(?:\|[^>]*)?>$/;
/** A channel name as Slack allows it: lowercase letters, digits, `-` and `_`, at most 80. */
const NAME = /^#?([\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_-]{0,79})$/u;

/**
 * The home channel a person gave `/leadops connect`: the id from Slack's escaped mention
 * (`<#C0123ABCD|client-acme>`) or a bare id, else `#name` for a name (`#client-acme` or
 * `client-acme`); null when it is none of these.
 */
export function parseChannelArgument(text: string): string | null {
  const word = text.trim();
  const mention = MENTION.exec(word);
  if (mention) return mention[1] as string;
  if (CHANNEL_ID.test(word)) return word;
  const name = NAME.exec(word);
  return name ? `#${name[1]}` : null;
}

/** How a message shows a stored channel: `<#C0123ABCD>` (Slack links it) for an id, the `#name` as it is. */
export function channelMention(channel: string): string {
  return CHANNEL_ID.test(channel) ? `<#${channel}>` : channel.startsWith('#') ? channel : `#${channel}`;
}
