import { webApi } from '@slack/bolt';
import type { Block } from './reply.js';

export interface ChannelMessage {
  text: string;
  blocks: Block[];
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

/** Why a post failed, in the terms the outbox needs: wait how long, or was it our fault. */
export class MessengerError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'MessengerError';
  }
}

/** Posting to a channel: Slack in production, the terminal in the demo. */
export interface Messenger {
  post(channel: string, message: ChannelMessage): Promise<PostedMessage>;
}

/**
 * Posts with Slack's Web API, without the client's own retries: the outbox retries, so a
 * Slack outage never blocks other work and a restart does not forget what is left.
 */
export function slackMessenger(client: webApi.WebClient): Messenger {
  return {
    async post(channel, message) {
      try {
        const result = await client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
        });
        return { channel: result.channel ?? channel, ts: result.ts ?? '' };
      } catch (error) {
        const e = error as {
          code?: string;
          retryAfter?: number;
          data?: { error?: string };
          message?: string;
        };
        if (e.code === webApi.ErrorCode.RateLimitedError) {
          throw new MessengerError('Slack rate limit', (e.retryAfter ?? 1) * 1000);
        }
        if (e.code === webApi.ErrorCode.PlatformError)
          throw new MessengerError(`Slack refused: ${e.data?.error}`, null);
        throw new MessengerError(`Slack unreachable: ${e.message ?? 'unknown error'}`, null);
      }
    },
  };
}
