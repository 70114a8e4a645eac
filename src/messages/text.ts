import type { Block } from './reply.js';

export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function context(...texts: string[]): Block {
  return { type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn' as const, text })) };
}

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150), emoji: true } };
}

export const divider: Block = { type: 'divider' };

/** Slack mrkdwn control characters in user or Meta data (names) must not format or ping. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Packs lines into as few section blocks as fit Slack's 3,000-character limit. */
export function sectionsOf(lines: readonly string[], maxChars = 2900): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > maxChars && current) {
      blocks.push(section(current));
      current = line;
    } else {
      current = next;
    }
  }
  if (current) blocks.push(section(current));
  return blocks;
}
