import type { Block } from './reply.js';

export interface ChannelMessage {
  text: string;
  blocks: Block[];
}

export interface PostedMessage {
  /** The channel id (Slack resolves a name to its id). */
  channel: string;
  ts: string;
}

export interface FileUpload {
  filename: string;
  title: string;
  bytes: Buffer;
  /** Posted in this thread when set. */
  threadTs?: string;
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

/** Posting to channels: Slack in production (src/slack/slack-messenger.ts), the terminal in the demo. */
export interface Messenger {
  post(channel: string, message: ChannelMessage, options?: { threadTs?: string }): Promise<PostedMessage>;
  /** Edits a message in place (`chat.update`): used after a decision, when `response_url` may have expired. */
  update(posted: PostedMessage, message: ChannelMessage): Promise<void>;
  /** Only `user` sees it (`chat.postEphemeral`). */
  postEphemeral(channel: string, user: string, message: ChannelMessage): Promise<void>;
  /** A file (a chart) into a channel id, through files.getUploadURLExternal + completeUploadExternal. */
  uploadFile(channelId: string, file: FileUpload): Promise<void>;
}

/** The App Home tab (`views.publish`): Slack only; the terminal renders `home` itself. */
export interface HomePublisher {
  publishHome(userId: string, view: { type: 'home'; blocks: Block[] }): Promise<void>;
}
