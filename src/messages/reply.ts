import type { KnownBlock } from '@slack/types';

export type Block = KnownBlock;

/** A message for Slack (or the terminal): `text` is the notification and screen-reader fallback. */
export interface Reply {
  visibility: 'in_channel' | 'ephemeral';
  text: string;
  blocks: Block[];
}

/** Slack allows 50 blocks per message and 3,000 characters per section text. */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
