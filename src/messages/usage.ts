import type { Reply } from './reply.js';
import { context, escapeMrkdwn, section } from './text.js';

/** The answer to a malformed command: what was wrong, then how to use it. Only the asker sees it. */
export function buildUsageReply(problem: string, usage: string): Reply {
  return {
    visibility: 'ephemeral',
    text: `${problem} Usage: ${usage.split('\n')[0]}`,
    blocks: [
      section(`:warning: ${problem}`),
      context(
        usage
          .split('\n')
          .map((line) => `\`${escapeMrkdwn(line)}\``)
          .join('\n'),
      ),
    ],
  };
}

/** A failure the user should read (Meta token expired, Meta down), never a stack trace. */
export function buildErrorReply(message: string): Reply {
  return { visibility: 'ephemeral', text: message, blocks: [section(`:x: ${message}`)] };
}
