import type { Block, Reply } from '../messages/reply.js';

/** The terminal's user id (the demo's approver); mentions of it read `@you`. */
export const TERMINAL_USER = 'UTERMINAL';

const EMOJI: Record<string, string> = {
  warning: '⚠',
  x: '✖',
  white_check_mark: '✔',
  rotating_light: '🚨',
  chart_with_upwards_trend: '📈',
  telephone_receiver: '☎',
  email: '✉',
  mute: '🔇',
  loud_sound: '🔊',
  bust_in_silhouette: '👤',
  alarm_clock: '⏰',
  inbox_tray: '📥',
  bar_chart: '📊',
  hourglass_flowing_sand: '⏳',
};

function decodeEntities(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** Slack mrkdwn to plain text: marks dropped, links spelled out, entities decoded; code spans kept as they are. */
export function mrkdwnToText(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, index) => (index % 2 === 1 ? decodeEntities(part.slice(1, -1)) : formattedToText(part)))
    .join('');
}

function formattedToText(text: string): string {
  return decodeEntities(
    text
      .replace(/<(tel:|mailto:)?([^|>]+)\|([^>]+)>/g, '$3')
      .replace(/<@([A-Z0-9]+)>/g, (_, id: string) => `@${id === TERMINAL_USER ? 'you' : id}`)
      .replace(/<([^>]+)>/g, '$1')
      .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1$2')
      .replace(/(^|[\s(])_([^_\n]+)_/g, '$1$2')
      .replace(/:([a-z_]+):/g, (whole, name: string) => EMOJI[name] ?? whole),
  );
}

function renderBlock(block: Block): string[] {
  switch (block.type) {
    case 'header':
      return ['', block.text.text, '═'.repeat(Math.min(60, block.text.text.length))];
    case 'section': {
      const lines = block.text ? [mrkdwnToText(block.text.text)] : [];
      if (block.fields)
        lines.push(block.fields.map((f) => mrkdwnToText(f.text).replace('\n', ': ')).join('   '));
      return lines;
    }
    case 'context':
      return [block.elements.map((e) => ('text' in e ? mrkdwnToText(e.text) : '')).join(' ')];
    case 'divider':
      return ['─'.repeat(60)];
    case 'actions':
      return [
        block.elements
          .map((e) => (e.type === 'button' ? `[${e.text.text}]` : ''))
          .filter(Boolean)
          .join(' '),
      ];
    case 'image':
      return [`(image: ${block.alt_text})`];
    default:
      return [];
  }
}

/** What the Slack message would say, as terminal text. */
export function renderReply(reply: Pick<Reply, 'visibility' | 'text' | 'blocks'>): string {
  const lines = reply.blocks.length > 0 ? reply.blocks.flatMap(renderBlock) : [mrkdwnToText(reply.text)];
  if (reply.visibility === 'ephemeral') lines.unshift('(only you can see this)');
  return `${lines.join('\n')}\n`;
}
