/**
 * An in-process emulator of the Slack Web API for end-to-end tests and the benchmark.
 *
 * The bot's WebClient talks to it over real HTTP (`clientOptions.slackApiUrl = emu.apiUrl`), so request
 * encoding, retries and error handling are exercised exactly as in production. It records every call,
 * keeps the state of posted messages, serves file uploads and response_urls, and can inject failures.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { createWaiters } from '../../src/sandbox/waiters.js';

export interface SlackCall {
  method: string;
  /** Request arguments; JSON-encoded fields (blocks, attachments, view, files…) are parsed back. */
  args: Record<string, unknown>;
  at: number;
  status: number;
  /** The `error` of an `{ok:false}` answer, if any. */
  error?: string;
}

export interface ResponsePost {
  label: string;
  url: string;
  body: Record<string, unknown>;
  at: number;
}

export interface Upload {
  fileId: string;
  filename: string;
  bytes: Buffer;
  channelId?: string;
  initialComment?: string;
  title?: string;
  threadTs?: string;
  completed: boolean;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  updatedCount: number;
  /** chat.postMessage's `metadata` (`{event_type, event_payload}`), as sent. */
  metadata?: Record<string, unknown>;
}

/**
 * Slack's per-channel posting rate (about 1 message a second, short bursts allowed) as a token
 * bucket per channel: `burst` tokens, refilled at `perSecond`; a call without a token is answered
 * 429 `ratelimited` with `Retry-After` (whole seconds, as Slack sends it) until the next token.
 */
export interface RateLimit {
  burst: number;
  perSecond: number;
  /** Methods limited per channel (default: chat.postMessage). */
  methods?: string[];
}

export interface Failure {
  /** HTTP status; defaults to 429 for `ratelimited`, 200 for other errors, 500 when nothing is given. */
  status?: number;
  error?: string;
  /** Sent as `Retry-After` on 429 (default 1). 0 is allowed and keeps tests fast. */
  retryAfterSeconds?: number;
  /**
   * Web API methods to fail (default: all of them). The pseudo-methods `response_url` and `file_upload`
   * fail POSTs to response URLs / upload URLs; they are only matched when listed explicitly.
   */
  methods?: string[];
  /**
   * Slack did the work (a message is posted) and then the answer is lost: the failure is sent
   * after handling, or with `hang` nothing is answered at all (the bot dies waiting, or times out).
   */
  afterHandling?: boolean;
  hang?: boolean;
}

export interface SlackEmulatorOptions {
  port?: number;
  botToken?: string;
  botUserId?: string;
  teamId?: string;
  /** The app-level token (xapp-…) accepted by apps.connections.open for Socket Mode. */
  appToken?: string;
  /** Per-channel posting rate; off unless given (or set later with `setRateLimit`). */
  rateLimit?: RateLimit;
  /**
   * The emulator's clock (ms): message `ts`, the rate limit's buckets, `conversations.history`'s
   * `oldest`. Real time by default (the bench); a test passes its own to be deterministic.
   */
  now?: () => number;
}

export interface SlackEmulator {
  /** 'http://127.0.0.1:PORT/api/' — the trailing slash is what WebClient's slackApiUrl expects. */
  apiUrl: string;
  /**
   * A fresh URL that records what is posted to it, like a slash command's or an action's response_url.
   * Give `origin` when it belongs to a message, so `replace_original` / `delete_original` act on it.
   */
  responseUrl(label?: string, origin?: { channel: string; ts: string }): string;
  calls: SlackCall[];
  responses: ResponsePost[];
  uploads: Upload[];
  messages(channel?: string): PostedMessage[];
  /** The Home tab last published for a user (`views.publish`), if any. */
  homeOf(userId: string): { type: string; blocks: unknown[] } | undefined;
  waitFor<T>(select: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  failNext(n: number, failure: Failure): void;
  failUntil(untilMs: number, failure: Failure): void;
  /** Turns the per-channel posting rate on (or off with null); buckets start full. */
  setRateLimit(limit: RateLimit | null): void;
  /** How many calls the rate limit answered 429 (not counting `failNext`/`failUntil`). */
  rateLimited(): number;
  /**
   * Socket Mode: sends an envelope (e.g. type 'slash_commands' with the command's fields as payload)
   * to the connected app and resolves with its acknowledgement. Waits for the app to connect.
   */
  sendEnvelope(type: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The user left the workspace: `users.info` says deleted, `conversations.open` refuses (user_disabled). */
  deleteUser(userId: string): void;
  reset(): void;
  close(): Promise<void>;
}

/** Fields that @slack/web-api JSON-encodes inside form bodies. */
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'files',
  'view',
  'metadata',
  'unfurls',
  'user_auth_blocks',
]);
const TS_BASE_SECONDS = 1764400000;

interface FailureRule extends Failure {
  remaining?: number;
  until?: number;
}

export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const botToken = options.botToken ?? 'xoxb-test';
  const botUserId = options.botUserId ?? 'UBOT0001';
  const botId = 'BBOT0001';
  const teamId = options.teamId ?? 'T0LEADOPS';

  const calls: SlackCall[] = [];
  const responses: ResponsePost[] = [];
  const uploads: Upload[] = [];
  const posted = new Map<string, PostedMessage>(); // key: `${channel}/${ts}`
  const channelNames = new Map<string, string>(); // id -> name, for names we have seen
  const responseTargets = new Map<string, { label: string; origin?: { channel: string; ts: string } }>();
  const views = new Map<string, Record<string, unknown>>();
  const homes = new Map<string, { type: string; blocks: unknown[] }>();
  const deletedUsers = new Set<string>();
  let rules: FailureRule[] = [];
  const waiters = createWaiters();
  const sockets = new Set<WebSocket>();
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();
  // Counters survive reset() so a ts or id from before a reset never aliases a new one.
  let seq = 0;
  let base = '';

  const now = options.now ?? (() => Date.now());
  let rateLimit: RateLimit | null = options.rateLimit ?? null;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let rateLimitedCount = 0;
  let lastTsMicros = 0;

  const nextSeq = () => ++seq;
  /** A message's ts: the emulator's time in microseconds, unique and increasing (as Slack's are). */
  const nextTs = () => {
    nextSeq();
    lastTsMicros = Math.max(lastTsMicros + 1, Math.floor(now()) * 1000);
    return `${Math.floor(lastTsMicros / 1_000_000)}.${String(lastTsMicros % 1_000_000).padStart(6, '0')}`;
  };

  /** Takes a token from the channel's bucket; else how many seconds until there is one. */
  function throttle(method: string, args: Record<string, unknown>): number | null {
    if (!rateLimit || !(rateLimit.methods ?? ['chat.postMessage']).includes(method)) return null;
    if (typeof args.channel !== 'string') return null;
    const channel = resolveChannel(args.channel);
    const t = now();
    const bucket = buckets.get(channel) ?? { tokens: rateLimit.burst, at: t };
    bucket.tokens = Math.min(rateLimit.burst, bucket.tokens + ((t - bucket.at) / 1000) * rateLimit.perSecond);
    bucket.at = t;
    buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rateLimit.perSecond));
  }

  /** conversations.history: top-level messages of a channel, newest first, in pages. */
  function history(args: Record<string, unknown>): Record<string, unknown> {
    if (typeof args.channel !== 'string' || !args.channel) return { ok: false, error: 'channel_not_found' };
    const channel = resolveChannel(args.channel);
    const oldest = Number(args.oldest ?? 0);
    const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
    const inclusive = args.inclusive === true || args.inclusive === 'true' || args.inclusive === '1';
    const withMetadata =
      args.include_all_metadata === true ||
      args.include_all_metadata === 'true' ||
      args.include_all_metadata === '1';
    const limit = Math.min(999, Math.max(1, Number(args.limit ?? 100) || 100));
    const offset = Number(args.cursor ?? 0) || 0;
    const all = [...posted.values()]
      .filter((m) => m.channel === channel && (!m.threadTs || m.threadTs === m.ts))
      .filter((m) => {
        const ts = Number(m.ts);
        return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
      })
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const page = all.slice(offset, offset + limit);
    const more = offset + limit < all.length;
    return {
      ok: true,
      messages: page.map((m) => ({
        ...slackMessage(m),
        ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
      })),
      has_more: more,
      response_metadata: { next_cursor: more ? String(offset + limit) : '' },
    };
  }
  const notify = () => waiters.notify();

  /** Channel ids pass through; names ('#general', 'general') map to a stable id; user ids open a DM. */
  function resolveChannel(channel: string): string {
    if (/^U[A-Z0-9]+$/.test(channel)) return `D${channel.slice(1)}`;
    if (/^[A-Z][A-Z0-9]+$/.test(channel)) return channel;
    const name = channel.replace(/^#/, '');
    const id = `C${createHash('sha1').update(name).digest('hex').slice(0, 9).toUpperCase()}`;
    channelNames.set(id, name);
    return id;
  }

  function takeFailure(method: string): FailureRule | undefined {
    const now = Date.now();
    rules = rules.filter((r) => (r.remaining === undefined || r.remaining > 0) && (r.until ?? now) >= now);
    const pseudo = method === 'response_url' || method === 'file_upload';
    const rule = rules.find((r) => (r.methods ? r.methods.includes(method) : !pseudo));
    if (rule?.remaining !== undefined) rule.remaining -= 1;
    return rule;
  }

  function sendFailure(res: ServerResponse, rule: Failure): { status: number; error: string } {
    const status = rule.status ?? (rule.error === undefined ? 500 : rule.error === 'ratelimited' ? 429 : 200);
    const error = rule.error ?? (status === 429 ? 'ratelimited' : 'internal_error');
    const headers: Record<string, string> = {};
    if (status === 429) headers['Retry-After'] = String(rule.retryAfterSeconds ?? 1);
    sendJson(res, status, { ok: false, error }, headers);
    return { status, error };
  }

  function message(channel: string, ts: string): PostedMessage | undefined {
    return posted.get(`${resolveChannel(channel)}/${ts}`);
  }

  function slackMessage(m: PostedMessage): Record<string, unknown> {
    return {
      type: 'message',
      subtype: 'bot_message',
      user: botUserId,
      bot_id: botId,
      team: teamId,
      text: m.text,
      ts: m.ts,
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      ...(m.updatedCount > 0 ? { edited: { user: botUserId, ts: m.ts } } : {}),
    };
  }

  function channelInfo(id: string): Record<string, unknown> {
    const name = channelNames.get(id) ?? id.toLowerCase();
    const isIm = id.startsWith('D');
    return {
      id,
      name,
      is_channel: !isIm,
      is_group: false,
      is_im: isIm,
      is_private: id.startsWith('G'),
      is_archived: false,
      is_general: name === 'general',
      is_member: true,
      created: TS_BASE_SECONDS - 86400,
      context_team_id: teamId,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
    };
  }

  function storeView(args: Record<string, unknown>, id: string): Record<string, unknown> {
    const view = isRecord(args.view) ? args.view : {};
    const stored = {
      id,
      team_id: teamId,
      type: view.type ?? 'modal',
      blocks: view.blocks ?? [],
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      external_id: view.external_id ?? '',
      state: { values: {} },
      hash: `${seq}.hash`,
      app_id: 'A0LEADOPS',
      bot_id: botId,
      ...view,
    };
    views.set(id, stored);
    return stored;
  }

  /** The Web API methods; anything not listed answers {ok:true}. */
  function handle(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const str = (key: string) => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://leadops-test.slack.com/',
          team: 'LeadOps Test',
          user: 'leadops',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const channelArg = str('channel');
        if (!channelArg) return { ok: false, error: 'channel_not_found' };
        const blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
        const attachments = Array.isArray(args.attachments) ? args.attachments : undefined;
        if (!str('text') && !blocks?.length && !attachments?.length) return { ok: false, error: 'no_text' };
        const m: PostedMessage = {
          channel: resolveChannel(channelArg),
          ts: nextTs(),
          text: str('text') ?? '',
          updatedCount: 0,
          ...(blocks ? { blocks } : {}),
          ...(attachments ? { attachments } : {}),
          ...(str('thread_ts') ? { threadTs: str('thread_ts') } : {}),
          ...(isRecord(args.metadata) ? { metadata: args.metadata } : {}),
        };
        posted.set(`${m.channel}/${m.ts}`, m);
        return { ok: true, channel: m.channel, ts: m.ts, message: slackMessage(m) };
      }
      case 'chat.update': {
        const m = message(str('channel') ?? '', str('ts') ?? '');
        if (!m) return { ok: false, error: 'message_not_found' };
        if (args.text !== undefined) m.text = String(args.text);
        if (Array.isArray(args.blocks)) m.blocks = args.blocks;
        if (Array.isArray(args.attachments)) m.attachments = args.attachments;
        m.updatedCount += 1;
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text, message: slackMessage(m) };
      }
      case 'chat.delete': {
        const m = message(str('channel') ?? '', str('ts') ?? '');
        if (!m) return { ok: false, error: 'message_not_found' };
        posted.delete(`${m.channel}/${m.ts}`);
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'chat.postEphemeral':
        if (!str('channel')) return { ok: false, error: 'channel_not_found' };
        if (!str('user')) return { ok: false, error: 'user_not_in_channel' };
        return { ok: true, message_ts: nextTs() };
      case 'chat.getPermalink': {
        const channel = resolveChannel(str('channel') ?? '');
        const ts = str('message_ts') ?? '';
        if (!posted.has(`${channel}/${ts}`)) return { ok: false, error: 'message_not_found' };
        return {
          ok: true,
          channel,
          permalink: `https://leadops-test.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
        };
      }
      case 'conversations.info':
      case 'conversations.join': {
        const channel = str('channel');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: channelInfo(resolveChannel(channel)) };
      }
      case 'users.info': {
        const user = str('user') ?? '';
        if (!user) return { ok: false, error: 'user_not_found' };
        const name = user === botUserId ? 'leadops' : `user-${user.toLowerCase()}`;
        return {
          ok: true,
          user: {
            id: user,
            team_id: teamId,
            name,
            real_name: name,
            deleted: deletedUsers.has(user),
            is_bot: user === botUserId,
            is_admin: false,
            tz: 'America/New_York',
            tz_label: 'Eastern Standard Time',
            tz_offset: -18000,
            profile: { real_name: name, display_name: name, email: `${name}@example.com` },
          },
        };
      }
      case 'conversations.open': {
        const user = (str('users') ?? '').split(',')[0] ?? '';
        if (!/^U[A-Z0-9]+$/.test(user)) return { ok: false, error: 'user_not_found' };
        if (deletedUsers.has(user)) return { ok: false, error: 'user_disabled' };
        return { ok: true, channel: { id: resolveChannel(user) } };
      }
      case 'views.publish': {
        const user = str('user_id');
        if (!user) return { ok: false, error: 'invalid_arguments' };
        const view = isRecord(args.view) ? args.view : {};
        if (view.type !== 'home') return { ok: false, error: 'invalid_arguments' };
        const blocks = Array.isArray(view.blocks) ? view.blocks : [];
        // Slack's limit for a Home tab.
        if (blocks.length > 100) return { ok: false, error: 'invalid_blocks' };
        homes.set(user, { type: 'home', blocks });
        return { ok: true, view: storeView(args, `V${String(nextSeq()).padStart(8, '0')}`) };
      }
      case 'views.open':
      case 'views.push':
        return { ok: true, view: storeView(args, `V${String(nextSeq()).padStart(8, '0')}`) };
      case 'views.update': {
        const id =
          str('view_id') ?? [...views.values()].find((v) => v.external_id === str('external_id'))?.id;
        if (typeof id !== 'string' || !views.has(id)) return { ok: false, error: 'not_found' };
        return { ok: true, view: storeView(args, id) };
      }
      case 'files.getUploadURLExternal': {
        const filename = str('filename');
        if (!filename || !args.length) return { ok: false, error: 'invalid_arguments' };
        const fileId = `F${String(nextSeq()).padStart(8, '0')}`;
        uploads.push({ fileId, filename, bytes: Buffer.alloc(0), completed: false });
        return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? args.files.filter(isRecord) : [];
        const found = files.map((f) => uploads.find((u) => u.fileId === f.id));
        if (!files.length || found.some((u) => !u)) return { ok: false, error: 'file_not_found' };
        const done = files.flatMap((f, i) => {
          const u = found[i];
          if (!u) return [];
          u.completed = true;
          u.title = typeof f.title === 'string' ? f.title : u.filename;
          if (str('channel_id')) u.channelId = str('channel_id');
          if (str('initial_comment')) u.initialComment = str('initial_comment');
          if (str('thread_ts')) u.threadTs = str('thread_ts');
          return [{ id: u.fileId, title: u.title, name: u.filename, size: u.bytes.length }];
        });
        return { ok: true, files: done };
      }
      case 'conversations.history':
        return history(args);
      case 'conversations.list':
        // The channels the emulator has seen by name (one page).
        return {
          ok: true,
          channels: [...channelNames.keys()].map(channelInfo),
          response_metadata: { next_cursor: '' },
        };
      case 'apps.connections.open':
        // A bot token cannot open Socket Mode connections; that is what real Slack says too.
        return { ok: false, error: 'not_allowed_token_type' };
      default:
        return { ok: true };
    }
  }

  async function onApiCall(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    query: URLSearchParams,
  ) {
    const { fields } = parseBody(await readBody(req), req.headers['content-type']);
    for (const [key, value] of query) fields[key] ??= value;
    const bodyToken = typeof fields.token === 'string' ? fields.token : undefined;
    delete fields.token;
    const args = decodeJsonFields(fields);
    const call: SlackCall = { method, args, at: now(), status: 200 };

    const rule = takeFailure(method);
    if (rule && !rule.afterHandling) {
      const { status, error } = sendFailure(res, rule);
      calls.push({ ...call, status, error });
      return notify();
    }
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? bodyToken;
    if (method === 'apps.connections.open' && options.appToken && token === options.appToken) {
      sendJson(res, 200, { ok: true, url: `${base.replace('http', 'ws')}/socket` });
      calls.push(call);
      return notify();
    }
    const waitSeconds = token === botToken ? throttle(method, args) : null;
    if (waitSeconds !== null) {
      rateLimitedCount += 1;
      sendFailure(res, { error: 'ratelimited', retryAfterSeconds: waitSeconds });
      calls.push({ ...call, status: 429, error: 'ratelimited' });
      return notify();
    }
    const result: Record<string, unknown> =
      token === undefined
        ? { ok: false, error: 'not_authed' }
        : token !== botToken
          ? { ok: false, error: 'invalid_auth' }
          : handle(method, args);
    if (rule?.afterHandling) {
      calls.push({ ...call, status: rule.hang ? 0 : (rule.status ?? 500), error: 'answer lost' });
      if (!rule.hang) sendFailure(res, rule);
      return notify();
    }
    sendJson(res, 200, result);
    calls.push(result.ok === false ? { ...call, error: String(result.error) } : call);
    notify();
  }

  async function onUpload(req: IncomingMessage, res: ServerResponse, fileId: string) {
    const upload = uploads.find((u) => u.fileId === fileId);
    const raw = await readBody(req);
    if (!upload) return sendJson(res, 404, { ok: false, error: 'file_not_found' });
    const rule = takeFailure('file_upload');
    if (rule) return sendFailure(res, rule);
    // filesUploadV2 posts multipart/form-data (one file part); plain clients may post raw bytes.
    const { files } = parseBody(raw, req.headers['content-type']);
    upload.bytes = files[0]?.data ?? raw;
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
    notify();
  }

  async function onResponseUrl(req: IncomingMessage, res: ServerResponse, url: string) {
    const target = responseTargets.get(url);
    const raw = await readBody(req);
    if (!target) return sendJson(res, 404, { ok: false, error: 'unknown_response_url' });
    const rule = takeFailure('response_url');
    if (rule) return sendFailure(res, rule);
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      body = isRecord(parsed) ? parsed : { value: parsed };
    } catch {
      return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    }
    applyToOrigin(target.origin, body);
    responses.push({ label: target.label, url, body, at: Date.now() });
    sendJson(res, 200, { ok: true });
    notify();
  }

  /** response_url semantics for messages: replace_original edits it, delete_original removes it. */
  function applyToOrigin(origin: { channel: string; ts: string } | undefined, body: Record<string, unknown>) {
    const m = origin && message(origin.channel, origin.ts);
    if (!m) return;
    if (body.delete_original === true) posted.delete(`${m.channel}/${m.ts}`);
    else if (body.replace_original === true) {
      m.text = typeof body.text === 'string' ? body.text : '';
      m.blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
      m.updatedCount += 1;
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const route = /^\/(api|upload|response)\/([^/]+)/.exec(url.pathname);
    const run =
      route?.[1] === 'api'
        ? onApiCall(req, res, route[2] ?? '', url.searchParams)
        : route?.[1] === 'upload' && req.method === 'POST'
          ? onUpload(req, res, route[2] ?? '')
          : route?.[1] === 'response' && req.method === 'POST'
            ? onResponseUrl(req, res, `${base}${url.pathname}`)
            : Promise.resolve(sendJson(res, 404, { ok: false, error: 'unknown_method' }));
    run.catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: String(error) });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Socket Mode: the app connects here after apps.connections.open; Slack greets it with hello.
  const socketServer = new WebSocketServer({ server, path: '/socket' });
  socketServer.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const ack = JSON.parse(String(data)) as Record<string, unknown>;
      acks.get(String(ack.envelope_id))?.(ack);
    });
    socket.send(
      JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0LEADOPS' } }),
    );
    notify();
  });

  const emulator: SlackEmulator = {
    apiUrl: `${base}/api/`,
    calls,
    responses,
    uploads,
    responseUrl(label, origin) {
      const n = nextSeq();
      const url = `${base}/response/${n}`;
      responseTargets.set(url, { label: label ?? `response-${n}`, ...(origin ? { origin } : {}) });
      return url;
    },
    messages(channel) {
      const id = channel === undefined ? undefined : resolveChannel(channel);
      return [...posted.values()].filter((m) => id === undefined || m.channel === id).map((m) => ({ ...m }));
    },
    homeOf(userId) {
      return homes.get(userId);
    },
    waitFor(select, timeoutMs = 5000) {
      return waiters.waitFor(select, timeoutMs, () => {
        const seen = calls.map((c) => (c.error ? `${c.method}(${c.error})` : c.method)).join(', ') || 'none';
        return `calls: [${seen}]; responses: ${responses.length}; uploads: ${uploads.length}`;
      });
    },
    failNext(n, failure) {
      rules.push({ ...failure, remaining: n });
    },
    failUntil(untilMs, failure) {
      rules.push({ ...failure, until: untilMs });
    },
    setRateLimit(limit) {
      rateLimit = limit;
      buckets.clear();
    },
    rateLimited: () => rateLimitedCount,
    async sendEnvelope(type, payload) {
      const socket = await emulator.waitFor(() => [...sockets][0]);
      const envelopeId = `env-${nextSeq()}`;
      const acked = new Promise<Record<string, unknown>>((resolve) => acks.set(envelopeId, resolve));
      socket.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== 'events_api',
        }),
      );
      return acked;
    },
    deleteUser(userId) {
      deletedUsers.add(userId);
    },
    reset() {
      deletedUsers.clear();
      calls.length = 0;
      responses.length = 0;
      uploads.length = 0;
      posted.clear();
      buckets.clear();
      rateLimitedCount = 0;
      views.clear();
      homes.clear();
      responseTargets.clear();
      rules = [];
    },
    close() {
      for (const socket of sockets) socket.terminate();
      socketServer.close();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // WebClient and fetch keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      });
    },
  };
  return emulator;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeJsonFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value;
    if (JSON_FIELDS.has(key) && typeof value === 'string') {
      try {
        out[key] = JSON.parse(value);
      } catch {
        // Leave it as sent; Slack would answer invalid_blocks, the test will see the raw string.
      }
    }
  }
  return out;
}

interface FilePart {
  name: string;
  filename: string;
  data: Buffer;
}

/** Form, JSON or multipart body → fields (strings or JSON values) plus any file parts. */
function parseBody(raw: Buffer, contentType = ''): { fields: Record<string, unknown>; files: FilePart[] } {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
    return { fields: isRecord(parsed) ? parsed : {}, files: [] };
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    return boundary ? parseMultipart(raw, boundary) : { fields: {}, files: [] };
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { fields: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), files: [] };
  }
  return { fields: {}, files: [] };
}

function parseMultipart(
  raw: Buffer,
  boundary: string,
): { fields: Record<string, unknown>; files: FilePart[] } {
  const fields: Record<string, unknown> = {};
  const files: FilePart[] = [];
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // Prefixing CRLF lets the first delimiter match the same pattern as the others.
  const body = Buffer.concat([Buffer.from('\r\n'), raw]);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break; // closing delimiter
    const end = body.indexOf(delimiter, partStart);
    if (end === -1) break;
    const part = body.subarray(partStart + 2, end); // skip the CRLF after the delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const data = part.subarray(headerEnd + 4);
    const name = /(?:^|[;\s])name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (filename === undefined) fields[name] = data.toString('utf8');
    else files.push({ name, filename, data: Buffer.from(data) });
    start = end;
  }
  return { fields, files };
}
