// The Conversions API as the sandbox serves it: `POST /{pixel_id}/events` checked the way
// Meta checks it (a bad event refuses the whole request), every event recorded for tests and
// the demo, `test_event_code` honoured, failures on demand.
import { GraphError, invalidParameter } from './graph-errors.js';
import type { GraphRequest } from './graph-request.js';
import { createRandom } from './random.js';
import { createWaiters } from './waiters.js';

/** The sandbox's dataset (pixel): what the demo sets as META_PIXEL_ID. */
export const SANDBOX_PIXEL_ID = '2200000000000001';

const MAX_AGE_SECONDS = 7 * 86_400;
/** Meta refuses events dated more than a few minutes ahead. */
const MAX_AHEAD_SECONDS = 10 * 60;
const MAX_EVENTS_PER_REQUEST = 1000;
const ACTION_SOURCES = new Set([
  'email',
  'website',
  'app',
  'phone_call',
  'chat',
  'physical_store',
  'system_generated',
  'business_messaging',
  'other',
]);
/** Keys Meta only takes SHA-256 hashed (lower-case hex). */
const HASHED_KEYS = ['em', 'ph', 'fn', 'ln', 'ge', 'db', 'ct', 'st', 'zp', 'country'];
const SHA256 = /^[a-f0-9]{64}$/;

/** One event as the sandbox received it. */
export interface ReceivedEvent {
  pixelId: string;
  /** The event exactly as sent (event_name, event_time, event_id, user_data, custom_data…). */
  event: Record<string, unknown>;
  /** The request's `test_event_code`: such events show in Test Events, not in the dataset's figures. */
  testEventCode: string | null;
  /** An earlier event had the same event_name and event_id: Meta counts it once. */
  deduplicated: boolean;
  /** The emulator's clock. */
  receivedAt: number;
}

/** Every `POST /{pixel}/events`, answered or refused. */
export interface EventsRequest {
  pixelId: string;
  events: number;
  status: number;
  /** Meta's user-facing reason, for a refusal. */
  error: string | null;
  testEventCode: string | null;
  at: number;
}

export interface SandboxConversions {
  /** The pixel the sandbox knows; others answer "does not exist". */
  readonly pixelId: string;
  /** Accepted events, in order of arrival (duplicates included, flagged). */
  readonly events: ReceivedEvent[];
  readonly requests: EventsRequest[];
  /** The next `n` event requests are refused as Meta refuses an invalid event (default: one). */
  rejectNext(n?: number, reason?: { title?: string; message?: string }): void;
  /** Resolves once `select` holds after a request arrives (or at once); event-driven, no polling. */
  waitFor<T>(select: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  reset(): void;
  /** Called with each accepted request's events (the demo prints them). */
  onReceive(listener: (events: ReceivedEvent[]) => void): void;
  /** The emulator's router: an answer for `POST /{pixel}/events`, undefined for anything else. */
  route(request: GraphRequest): unknown;
}

/** A refusal as Meta words it for people (`error_user_title`, `error_user_msg`). */
function fail(title: string, message: string, subcode?: number): GraphError {
  return new GraphError(400, {
    message: 'Invalid parameter',
    type: 'OAuthException',
    code: 100,
    ...(subcode === undefined ? {} : { error_subcode: subcode }),
    is_transient: false,
    error_user_title: title,
    error_user_msg: message,
  });
}

/** Meta's checks on one event; the first problem refuses the request. */
function checkEvent(event: unknown, index: number, nowSeconds: number): void {
  const at = `data[${index}]`;
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw invalidParameter(`${at} must be an object`);
  const e = event as Record<string, unknown>;
  if (typeof e.event_name !== 'string' || e.event_name === '')
    throw invalidParameter(`The parameter event_name is required (${at})`);
  if (typeof e.event_time !== 'number' || !Number.isInteger(e.event_time))
    throw invalidParameter(
      `The parameter event_time is required and must be a Unix timestamp in seconds (${at})`,
    );
  if (nowSeconds - e.event_time > MAX_AGE_SECONDS)
    throw fail(
      'Event Timestamp Too Old',
      'The timestamp for this event is too far in the past. Events need to be sent from your server within 7 days of when they occurred. Enter a timestamp that has occurred within the last 7 days.',
      2804003,
    );
  if (e.event_time - nowSeconds > MAX_AHEAD_SECONDS)
    throw fail('Event Timestamp In The Future', 'The timestamp for this event is in the future.', 2804004);
  if (typeof e.action_source !== 'string' || !ACTION_SOURCES.has(e.action_source))
    throw invalidParameter(
      `The parameter action_source is required and must be one of ${[...ACTION_SOURCES].join(', ')} (${at})`,
    );
  const userData = e.user_data;
  if (typeof userData !== 'object' || userData === null || Object.keys(userData).length === 0)
    throw fail('Missing User Data', `The parameter user_data is required and cannot be empty (${at}).`);
  const user = userData as Record<string, unknown>;
  for (const key of HASHED_KEYS) {
    const value = user[key];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((v) => typeof v === 'string' && SHA256.test(v)))
      throw fail(
        'Unhashed Customer Information',
        `user_data.${key} must be SHA-256 hashed after normalisation (64 lower-case hex characters) (${at}).`,
      );
  }
  if (user.lead_id !== undefined && !/^\d{1,20}$/.test(String(user.lead_id)))
    throw fail('Invalid Lead ID', `user_data.lead_id must be the Lead Ads lead id, unhashed (${at}).`);
  const custom = e.custom_data as Record<string, unknown> | undefined;
  if (custom?.event_source === 'crm') {
    if (e.action_source !== 'system_generated')
      throw fail('Invalid Action Source', `CRM events must have action_source system_generated (${at}).`);
    if (typeof custom.lead_event_source !== 'string' || custom.lead_event_source === '')
      throw fail(
        'Missing Lead Event Source',
        `CRM events need custom_data.lead_event_source, the CRM's name (${at}).`,
      );
  }
  if (
    custom?.value !== undefined &&
    (typeof custom.value !== 'number' || typeof custom.currency !== 'string')
  )
    throw invalidParameter(`custom_data.value must be a number sent with custom_data.currency (${at})`);
}

export function createSandboxConversions(options: { now: () => number; seed: number }): SandboxConversions {
  const events: ReceivedEvent[] = [];
  const requests: EventsRequest[] = [];
  const seen = new Set<string>();
  const rejections: { title: string; message: string }[] = [];
  const waiters = createWaiters();
  const listeners: ((events: ReceivedEvent[]) => void)[] = [];
  const random = createRandom(options.seed ^ 0x5eed);
  const notify = () => waiters.notify();
  const traceId = () =>
    `A${Array.from({ length: 22 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 62)]).join('')}`;

  function receive(pixelId: string, request: GraphRequest): unknown {
    const at = options.now();
    const testEventCode = request.params.test_event_code || null;
    const record = (status: number, count: number, error: string | null) => {
      requests.push({ pixelId, events: count, status, error, testEventCode, at });
      setImmediate(notify);
    };
    try {
      let data: unknown = request.body.data;
      if (typeof data === 'string') {
        try {
          data = JSON.parse(data);
        } catch {
          throw invalidParameter('param data must be an array.');
        }
      }
      if (data === undefined) throw invalidParameter('The parameter data is required');
      if (!Array.isArray(data)) throw invalidParameter('param data must be an array.');
      if (data.length === 0) throw invalidParameter('param data must contain at least one event.');
      if (data.length > MAX_EVENTS_PER_REQUEST)
        throw invalidParameter(`param data must contain at most ${MAX_EVENTS_PER_REQUEST} events.`);
      const nowSeconds = Math.floor(at / 1000);
      for (const [index, event] of data.entries()) checkEvent(event, index, nowSeconds);
      const rejection = rejections.shift();
      if (rejection) throw fail(rejection.title, rejection.message);
      const accepted: ReceivedEvent[] = [];
      for (const event of data as Record<string, unknown>[]) {
        const key = `${String(event.event_name)}\u0000${String(event.event_id ?? '')}`;
        const deduplicated = event.event_id !== undefined && seen.has(key);
        if (event.event_id !== undefined) seen.add(key);
        accepted.push({ pixelId, event, testEventCode, deduplicated, receivedAt: at });
      }
      events.push(...accepted);
      record(200, data.length, null);
      for (const listener of listeners) listener(accepted);
      return { events_received: data.length, messages: [], fbtrace_id: traceId() };
    } catch (error) {
      const details = error instanceof GraphError ? error.details : null;
      record(
        error instanceof GraphError ? error.status : 500,
        0,
        details?.error_user_msg ?? details?.message ?? String(error),
      );
      throw error;
    }
  }

  return {
    pixelId: SANDBOX_PIXEL_ID,
    events,
    requests,
    rejectNext(n = 1, reason = {}) {
      for (let i = 0; i < n; i++)
        rejections.push({
          title: reason.title ?? 'Invalid Parameter',
          message: reason.message ?? 'The event was refused by the sandbox, as asked.',
        });
    },
    waitFor(select, timeoutMs = 5000) {
      return waiters.waitFor(
        select,
        timeoutMs,
        () => `conversions: ${requests.length} requests, ${events.length} events`,
      );
    },
    onReceive(listener) {
      listeners.push(listener);
    },
    reset() {
      events.length = 0;
      requests.length = 0;
      rejections.length = 0;
      seen.clear();
    },
    route(request) {
      const [id, edge, ...rest] = request.segments;
      if (edge !== 'events' || rest.length > 0 || id !== SANDBOX_PIXEL_ID) return undefined;
      if (request.method !== 'POST') throw invalidParameter('Unsupported get request on events');
      return receive(id, request);
    },
  };
}
