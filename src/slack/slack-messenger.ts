import { webApi } from '@slack/bolt';
import type { Logger } from '../log.js';
import {
  type HomePublisher,
  type MessageMetadata,
  type MessageRef,
  type Messenger,
  MessengerError,
} from '../messages/messenger.js';
import { boltLogger } from './bolt-logger.js';
import type { ChannelPacer } from './channel-pacer.js';
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

/** How much of a channel's history `findPosted` reads at most (pages of 200). */
const HISTORY_PAGES = 5;

function isChannelId(channel: string): boolean {
  return /^[CGD][A-Z0-9]+$/.test(channel);
}

/** Whether a message's metadata is `wanted`: same event type, and every wanted payload field equal. */
function carries(found: unknown, wanted: MessageMetadata): boolean {
  const m = found as { event_type?: unknown; event_payload?: Record<string, unknown> } | undefined;
  if (m?.event_type !== wanted.event_type || typeof m.event_payload !== 'object') return false;
  return Object.entries(wanted.event_payload).every(
    ([key, value]) => String(m.event_payload?.[key] ?? '') === String(value),
  );
}

/**
 * Slack's Web API with a client that does not retry by itself: callers (the outbox) retry,
 * so a Slack outage never blocks other work and a restart does not forget what is left.
 * With a `pacer`, posts keep each channel's pace and a 429 holds that channel for its `Retry-After`.
 */
export function slackMessenger(
  botToken: string,
  apiUrl: string,
  logger: Logger,
  pacer?: ChannelPacer,
): Messenger & HomePublisher {
  const client = new webApi.WebClient(botToken, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
  // Channel names → ids, from Slack's answers (conversations.history takes ids only).
  const channelIds = new Map<string, string>();
  const learn = (channel: string, id: string) => {
    channelIds.set(channel, id);
    pacer?.learn(channel, id);
  };
  async function channelId(channel: string): Promise<string | null> {
    if (isChannelId(channel)) return channel;
    const known = channelIds.get(channel);
    if (known) return known;
    const name = channel.replace(/^#/, '');
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const listed = await call(() =>
        client.conversations.list({
          types: 'public_channel,private_channel',
          exclude_archived: true,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const found = listed.channels?.find((c) => c.name === name);
      if (found?.id) {
        learn(channel, found.id);
        return found.id;
      }
      cursor = listed.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return null;
  }
  return {
    async post(channel, message, options = {}) {
      await pacer?.take(channel);
      let result: Awaited<ReturnType<typeof client.chat.postMessage>>;
      try {
        result = await call(() =>
          client.chat.postMessage({
            channel,
            text: message.text,
            blocks: message.blocks,
            unfurl_links: false,
            ...(options.thread ? { thread_ts: parseSlackMessageRef(options.thread).ts } : {}),
            ...(options.metadata ? { metadata: options.metadata } : {}),
          }),
        );
      } catch (error) {
        if (error instanceof MessengerError && error.retryAfterMs !== null)
          pacer?.blockFor(channel, error.retryAfterMs);
        throw error;
      }
      // Slack answers with the channel's id, also when posted by name.
      if (result.channel && result.channel !== channel) learn(channel, result.channel);
      return slackMessageRef(result.channel ?? channel, result.ts ?? '');
    },
    async findPosted(channel, metadata, since) {
      try {
        const id = await channelId(channel);
        if (!id) return null;
        let cursor: string | undefined;
        for (let page = 0; page < HISTORY_PAGES; page++) {
          const history = await call(() =>
            client.conversations.history({
              channel: id,
              oldest: (since / 1000).toFixed(6),
              include_all_metadata: true,
              limit: 200,
              ...(cursor ? { cursor } : {}),
            }),
          );
          const found = history.messages?.find((m) => carries(m.metadata, metadata));
          if (found?.ts) return slackMessageRef(id, found.ts) as MessageRef;
          cursor = history.response_metadata?.next_cursor || undefined;
          if (!history.has_more || !cursor) break;
        }
        return null;
      } catch (error) {
        // A missing scope or channel must not stop the post forever: better a rare double than none.
        if (
          error instanceof MessengerError &&
          error.retryAfterMs === null &&
          error.message.startsWith('Slack refused')
        ) {
          logger.warn({ channel, err: { message: error.message } }, 'could not read the channel history');
          return null;
        }
        throw error;
      }
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
