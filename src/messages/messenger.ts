import type { Block } from './reply.js';

export interface ChannelMessage {
  text: string;
  blocks: Block[];
}

/**
 * A posted message, as the messenger that posted it knows it again (to edit it, reply in its
 * thread, name its channel). Opaque everywhere else: stored as it is (one TEXT column), never
 * taken apart; only the messenger that made it reads it (Slack: src/slack/message-ref.ts).
 */
export type MessageRef = string & { readonly __brand: 'MessageRef' };

export interface FileUpload {
  filename: string;
  title: string;
  bytes: Buffer;
  /** Posted in this message's thread when set. */
  thread?: MessageRef;
  initialComment?: string;
}

/** Why a Slack call failed, in the terms callers need: wait how long before trying again. */
export class MessengerError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'MessengerError';
  }
}

/**
 * Slack message metadata (chat.postMessage's `metadata`): what a posted message is, so a restart
 * can find it in the channel's history instead of posting it again. Values are Slack's: flat.
 */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, string | number>;
}

export interface PostOptions {
  /** In this message's thread. */
  thread?: MessageRef;
  /** Carried by the message; `findPosted` looks for it. */
  metadata?: MessageMetadata;
}

/** Posting to channels: Slack in production (src/slack/slack-messenger.ts), the terminal in the demo. */
export interface Messenger {
  /** Posts in a channel (an id or a name), in `thread`'s thread when set, carrying `metadata` when set. */
  post(channel: string, message: ChannelMessage, options?: PostOptions): Promise<MessageRef>;
  /**
   * A message carrying `metadata` (same event type, same payload) posted in `channel` since
   * `since` (ms), or null: work that may have been posted before a crash is looked for first.
   */
  findPosted(channel: string, metadata: MessageMetadata, since: number): Promise<MessageRef | null>;
  /** Edits a message in place (`chat.update`): used after a decision, when `response_url` may have expired. */
  update(ref: MessageRef, message: ChannelMessage): Promise<void>;
  /** Only `user` sees it (`chat.postEphemeral`). */
  postEphemeral(channel: string, user: string, message: ChannelMessage): Promise<void>;
  /** A file (a chart) into a channel id, through files.getUploadURLExternal + completeUploadExternal. */
  uploadFile(channel: string, file: FileUpload): Promise<void>;
  /** The channel id a posted message is in (mentions `<#C…>`, file uploads). */
  channelOf(ref: MessageRef): string;
}

/** The App Home tab (`views.publish`): Slack only; the terminal renders `home` itself. */
export interface HomePublisher {
  publishHome(userId: string, view: { type: 'home'; blocks: Block[] }): Promise<void>;
}
