import { createHmac } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { FacebookAdsApi } from 'facebook-nodejs-business-sdk';
import { type Clock, delay } from '../clock.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import { isRateLimitCode, MetaError, toMetaError } from './errors.js';
import {
  type CallLane,
  GraphScheduler,
  type GraphSchedulerOptions,
  type UsageFigures,
} from './graph-scheduler.js';
import { readUsage } from './usage.js';

export type GraphParams = Record<string, string | number | boolean | object | undefined>;

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  /** A wait Meta asks for beyond this is not waited out: the error goes to the caller. */
  maxDelayMs: number;
}

export interface GraphClientOptions {
  graphUrl: string;
  apiVersion: string | null;
  accessToken: string;
  appSecret: string | null;
  cacheTtlMs: number;
  timeoutMs: number;
  retry: RetryPolicy;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  /** The per-account scheduler's pace (tests shorten its waits); the defaults otherwise. */
  scheduler?: Omit<GraphSchedulerOptions, 'clock' | 'signal'>;
}

export type TokenState = 'valid' | 'invalid' | 'unknown';

export interface GraphStatus {
  token: TokenState;
  lastCallAt: string | null;
  lastError: string | null;
  calls: number;
}

export interface RequestOptions extends CallLane {
  /** Another token for this call (the Page token for lead retrieval). */
  token?: string;
  /** Skip the cache: money decisions read Meta's current state. */
  fresh?: boolean;
}

interface Paged<T> {
  data?: T[];
  paging?: { next?: string };
}

/**
 * The one door to the Graph API. It goes through the Business SDK's HTTP layer, but
 * builds the URL itself so the base URL and version are configurable (sandbox, tests)
 * and `appsecret_proof` is added. Rate limits and transient failures are retried with
 * exponential backoff and jitter; identical GETs within the TTL share one answer.
 */
export class GraphClient {
  readonly version: string;
  private readonly apis = new Map<string, FacebookAdsApi>();
  private readonly proofs = new Map<string, string>();
  private readonly cache = new Map<
    string,
    { expiresAt: number; value: Promise<unknown>; background: boolean; settled: boolean }
  >();
  private readonly stopped = new AbortController();
  /** Every call waits its turn here: per ad account and for the app. */
  readonly scheduler: GraphScheduler;
  private readonly status: GraphStatus = { token: 'unknown', lastCallAt: null, lastError: null, calls: 0 };

  constructor(private readonly options: GraphClientOptions) {
    this.version = options.apiVersion ?? FacebookAdsApi.VERSION;
    // Every pending backoff listens to the one stop signal: many at once under throttling is normal.
    setMaxListeners(0, this.stopped.signal);
    this.scheduler = new GraphScheduler({
      ...options.scheduler,
      clock: options.clock,
      signal: this.stopped.signal,
    });
  }

  /** An ad account's last usage figures (`act_…`), undefined before its first answer. */
  usageOf(accountId: string): UsageFigures | undefined {
    return this.scheduler.usageOf(accountId);
  }

  getStatus(): GraphStatus {
    return { ...this.status };
  }

  /** Ends pending backoffs at shutdown. */
  close(): void {
    this.stopped.abort();
  }

  get<T>(path: readonly string[], params: GraphParams = {}, options: RequestOptions = {}): Promise<T> {
    const url = this.buildUrl(path, params, options.token);
    return this.cached(url, options, () => this.send<T>('GET', url, {}, options));
  }

  /** Every row of a paged edge, following `paging.next` to the end; cached as a whole. */
  getAll<T>(path: readonly string[], params: GraphParams = {}, options: RequestOptions = {}): Promise<T[]> {
    const url = this.buildUrl(path, params, options.token);
    return this.cached(`all:${url}`, options, async () => {
      const rows: T[] = [];
      let next: string | undefined = url;
      while (next) {
        const page: Paged<T> = await this.send<Paged<T>>('GET', next, {}, options);
        rows.push(...(page.data ?? []));
        next = page.paging?.next ? this.pageUrl(page.paging.next, options.token) : undefined;
      }
      return rows;
    });
  }

  /** Identical reads within the TTL, and concurrent ones, share one Graph call. */
  private cached<T>(key: string, options: RequestOptions, produce: () => Promise<T>): Promise<T> {
    const ttl = this.options.cacheTtlMs;
    if (options.fresh || ttl <= 0) return produce();
    const now = this.options.clock.nowMilliseconds();
    const hit = this.cache.get(key);
    const person = options.priority === 'person';
    // A person does not queue behind a background call still waiting for the same answer.
    const overtakes = person && hit?.background === true && !hit.settled;
    if (hit && hit.expiresAt > now && !overtakes) return hit.value as Promise<T>;
    const value = produce();
    // Expired answers are dropped as new ones arrive, so the cache stays as small as the TTL allows.
    for (const [stale, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(stale);
    const entry = { expiresAt: now + ttl, value, background: !person, settled: false };
    this.cache.set(key, entry);
    value.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (this.cache.get(key) === entry) this.cache.delete(key);
      },
    );
    return value;
  }

  /**
   * A write. Never retried here. A change to ad objects drops the read cache so later reads
   * see it; sending events or audience members (`changesAdObjects: false`) keeps it.
   */
  async post<T>(
    path: readonly string[],
    body: GraphParams,
    options: RequestOptions & { changesAdObjects?: boolean } = {},
  ): Promise<T> {
    if (options.changesAdObjects !== false) this.cache.clear();
    return this.send<T>('POST', this.buildUrl(path, {}, options.token), body, options, false);
  }

  /** Built as a string at once: a URL's searchParams re-serialise the query at every `set`. */
  private buildUrl(path: readonly string[], params: GraphParams, token?: string): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params).sort(([a], [b]) => a.localeCompare(b))) {
      if (value === undefined) continue;
      query.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
    for (const [key, value] of this.credentials(token)) query.append(key, value);
    return `${this.options.graphUrl}/${this.version}/${path.map(encodeURIComponent).join('/')}?${query}`;
  }

  /** Meta's next links carry the token already; they are re-signed, and only followed on our own host. */
  private pageUrl(next: string, token?: string): string {
    const url = new URL(next);
    if (url.origin !== new URL(this.options.graphUrl).origin) {
      throw new MetaError(
        ErrorCode.MetaRequestFailed,
        'paging link to another host',
        'Meta sent an unexpected paging link.',
        {
          status: null,
          code: null,
          subcode: null,
          type: null,
          graphMessage: 'paging link to another host',
          fbtraceId: null,
          headers: {},
        },
        false,
      );
    }
    this.authorize(url, token);
    return url.toString();
  }

  private authorize(url: URL, token?: string): void {
    for (const [key, value] of this.credentials(token)) url.searchParams.set(key, value);
  }

  /** `access_token`, and `appsecret_proof` when there is an app secret: an HMAC, worked out once per token. */
  private credentials(token = this.options.accessToken): [string, string][] {
    const { appSecret } = this.options;
    if (!appSecret) return [['access_token', token]];
    let proof = this.proofs.get(token);
    if (!proof) {
      proof = createHmac('sha256', appSecret).update(token).digest('hex');
      this.proofs.set(token, proof);
    }
    return [
      ['access_token', token],
      ['appsecret_proof', proof],
    ];
  }

  private api(token = this.options.accessToken): FacebookAdsApi {
    let api = this.apis.get(token);
    if (!api) {
      // `false`: without it the SDK installs a crash reporter that posts to Meta and exits the process.
      api = new FacebookAdsApi(token, 'en_US', false);
      api.setShowHeader(true);
      this.apis.set(token, api);
    }
    return api;
  }

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    body: GraphParams,
    lane: RequestOptions,
    retry = true,
  ): Promise<T> {
    const { retry: policy, clock, logger } = this.options;
    const { token } = lane;
    const account = lane.account ?? null;
    const random = this.options.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
      const done = await this.scheduler.admit(lane, { retry: attempt > 1 });
      try {
        const { rest, headers } = await this.once(method, url, body, token);
        this.scheduler.observe(account, headers);
        this.status.token = 'valid';
        this.status.lastError = null;
        return rest as T;
      } catch (thrown) {
        const error = toMetaError(thrown);
        this.scheduler.observe(account, error.details.headers, error);
        this.status.lastError = error.message;
        if (
          error.code === ErrorCode.MetaTokenInvalid &&
          (token ?? this.options.accessToken) === this.options.accessToken
        ) {
          this.status.token = 'invalid';
        }
        const waitFor = readUsage(error.details.headers).regainAccessMs;
        // Throttled with a regain time: the scheduler holds the next attempt until then (up to its
        // maxWaitMs, beyond which it refuses without calling); only the backoff is waited here.
        const regained = isRateLimitCode(error.details.code) && this.scheduler.blockedUntil(account) !== null;
        const backoff =
          Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
        const wait = regained ? backoff : Math.max(waitFor, backoff);
        const again = retry && error.retryable && attempt < policy.maxAttempts && wait <= policy.maxDelayMs;
        logger.warn(
          {
            code: error.details.code,
            status: error.details.status,
            attempt,
            retryInMs: again ? Math.round(wait) : null,
            at: clock.nowMilliseconds(),
          },
          `Graph ${method} failed: ${error.details.graphMessage}`,
        );
        if (!again || this.stopped.signal.aborted) throw error;
        await delay(wait, this.stopped.signal);
      } finally {
        done();
      }
    }
  }

  private async once(
    method: 'GET' | 'POST',
    url: string,
    body: GraphParams,
    token?: string,
  ): Promise<{ rest: unknown; headers: Record<string, string> }> {
    this.status.calls += 1;
    this.status.lastCallAt = new Date(this.options.clock.nowMilliseconds()).toISOString();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            toMetaError({
              name: 'FacebookRequestError',
              status: null,
              response: { message: `no answer within ${this.options.timeoutMs} ms`, is_transient: true },
            }),
          ),
        this.options.timeoutMs,
      );
    });
    try {
      const data = (await Promise.race([this.api(token).call(method, url, body), timeout])) as Record<
        string,
        unknown
      >;
      const { headers, ...rest } = data;
      return { rest, headers: this.observeUsage(headers) };
    } finally {
      clearTimeout(timer);
    }
  }

  private observeUsage(headers: unknown): Record<string, string> {
    const flat: Record<string, string> = {};
    if (!headers || typeof headers !== 'object') return flat;
    for (const [key, value] of Object.entries(headers))
      if (typeof value === 'string') flat[key.toLowerCase()] = value;
    const usage = readUsage(flat);
    if (usage.maxPercent >= this.scheduler.highWaterPercent)
      this.options.logger.warn({ usagePercent: usage.maxPercent }, 'Meta API usage is high');
    return flat;
  }
}
