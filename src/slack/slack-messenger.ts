import { webApi } from '@slack/bolt';
import type { Logger } from '../log.js';
import { type HomePublisher, type Messenger, MessengerError } from '../messages/messenger.js';
import { boltLogger } from './bolt-logger.js';
import { parseSlackMessageRef, slackMessageRef } from './message-ref.js';

function toMessengerError(error: unknown): MessengerError {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
  if (e.code === webApi.ErrorCode.RateLimitedError)
    return new MessengerError('Slack rate limit', (e.retryAfter ?? 1) * 1000);
  if (e.code === webApi.ErrorCode.PlatformError)
    return new MessengerError(`Slack refused: ${e.data?.error}`, null);
  return new MessengerError(`Slack unreachable: ${e.message ?? 'unknown error'}`, null);
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toMessengerError(error);
  }
}

/**
 * Slack's Web API with a client that does not retry by itself: callers (the outbox) retry,
 * so a Slack outage never blocks other work and a restart does not forget what is left.
 */
export function slackMessenger(botToken: string, apiUrl: string, logger: Logger): Messenger & HomePublisher {
  const client = new webApi.WebClient(botToken, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
  return {
    async post(channel, message, options = {}) {
      const result = await call(() =>
        client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          ...(options.thread ? { thread_ts: parseSlackMessageRef(options.thread).ts } : {}),
        }),
      );
      // Slack answers with the channel's id, also when posted by name.
      return slackMessageRef(result.channel ?? channel, result.ts ?? '');
    },
    async update(ref, message) {
      const { channel, ts } = parseSlackMessageRef(ref);
      await call(() =>
        client.chat.update({
          channel,
          ts,
          text: message.text,
          blocks: message.blocks,
        }),
      );
    },
    async postEphemeral(channel, user, message) {
      await call(() =>
        client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks }),
      );
    },
    async publishHome(userId, view) {
      await call(() => client.views.publish({ user_id: userId, view }));
    },
    async uploadFile(channel, file) {
      const common = { file: file.bytes, filename: file.filename, title: file.title };
      const comment = file.initialComment ? { initial_comment: file.initialComment } : {};
      const threadTs = file.thread ? parseSlackMessageRef(file.thread).ts : null;
      await call(() =>
        threadTs
          ? client.filesUploadV2({ ...common, ...comment, channel_id: channel, thread_ts: threadTs })
          : client.filesUploadV2({ ...common, ...comment, channel_id: channel }),
      );
    },
    channelOf(ref) {
      return parseSlackMessageRef(ref).channel;
    },
  };
}
