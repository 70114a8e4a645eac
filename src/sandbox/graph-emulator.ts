// The sandbox ad account over real HTTP on 127.0.0.1: a Graph API emulator that answers
// with Meta's shapes (rows, paging, errors, usage headers) so the bot's real client is exercised.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../clock.js';
import { createSandboxAccount, type SandboxAccount, type SandboxAd } from './account.js';
import {
  type AdReviewStatus,
  DEFAULT_DISAPPROVAL,
  flagAd,
  restoreAd,
  type SandboxAccountHealth,
  setAccountHealth,
} from './account-health.js';
import { createSandboxConversions, type SandboxConversions } from './conversions.js';
import { createSandboxAudiences, type SandboxAudiences } from './custom-audiences.js';
import { deliveryClock } from './delivery.js';
import { type Fault, faultError, isKnownRateLimitCode, takeFault, throttledUseCase } from './faults.js';
import {
  expiredAccessToken,
  GraphError,
  invalidAccessToken,
  invalidAppSecretProof,
  missingAccessToken,
  missingAppSecretProof,
  unknownError,
} from './graph-errors.js';
import { decodeGraphRequest, type GraphRequest } from './graph-request.js';
import { aggregateInsights, type InsightsLevel, type InsightsTotals, insightsMembers } from './insights.js';
import {
  type AddLeadInput,
  createLeadFactory,
  LiveLeadCounts,
  leadHistory,
  type SandboxLead,
} from './leads.js';
import { createRandom } from './random.js';
import { routeGraphRequest } from './routes.js';
import { debugTokenAnswer, defaultTokenInfo, type SandboxTokenInfo, tokenRefusal } from './token-debug.js';
import { usageHeaders } from './usage-headers.js';

export type { SandboxAccountHealth } from './account-health.js';
export type { ReceivedEvent, SandboxConversions } from './conversions.js';
export type { AudienceUpload, SandboxAudiences } from './custom-audiences.js';
export type { Fault } from './faults.js';
export type { InsightsTotals } from './insights.js';
export type { AddLeadInput, SandboxLead } from './leads.js';
export type { SandboxTokenInfo } from './token-debug.js';

export interface GraphEmulatorOptions {
  account?: SandboxAccount;
  accessToken?: string;
  /** When set, every call must carry appsecret_proof = hex HMAC-SHA256(access_token, appSecret). */
  appSecret?: string;
  /** The emulator's clock; the bot's own in tests and the demo. */
  now?: () => number;
  /** 0 = an ephemeral port. */
  port?: number;
  /** Rows per page for insights and edges without `limit`. */
  pageSize?: number;
  /**
   * Days of leads (today so far included) in the store at start, one per instant-form lead the
   * ads delivered. Default 0: the store starts empty, so tests see only the leads they add.
   */
  leadHistoryDays?: number;
}

export interface RecordedCall {
  method: string;
  /** Without the version prefix, e.g. '/act_1/insights'. */
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** 0 until the answer has been decided. */
  status: number;
  /** When the request arrived (the emulator's clock). */
  at: number;
}

export interface GraphEmulator {
  /** 'http://127.0.0.1:PORT': what the bot is given as META_GRAPH_URL. */
  url: string;
  account: SandboxAccount;
  readonly accessToken: string;
  calls: RecordedCall[];
  /** The lead store, oldest first. */
  leads: SandboxLead[];
  resetCalls(): void;
  /** The emulator's "now" (its clock, which tests share with the bot): stamps webhooks it sends. */
  now(): number;
  /** Added to every response. */
  setLatency(ms: number): void;
  /** Each fault answers the next request whose path contains its `match`, once. */
  injectFaults(...faults: Fault[]): void;
  /** The old token then gets Meta's "Session has expired" error (190/463); unknown tokens get 190. */
  setAccessToken(token: string): void;
  /** The next n writes answer {"success": true} and change nothing (Meta has been seen doing this). */
  ignoreNextWrites(n: number): void;
  /** The emulator's own truth: per object, integer totals for since..until, objects without impressions left out. */
  insightsRows(level: InsightsLevel, since: string, until: string): InsightsTotals[];
  /** A new lead in the store; one from an ad also counts in that ad's insights (and above) on its day. */
  addLead(input?: AddLeadInput): SandboxLead;
  /** What `GET /debug_token` says about the current token; an expired or invalid one is refused everywhere. */
  readonly tokenInfo: Readonly<SandboxTokenInfo>;
  /** E.g. `{ expiresAt: unix seconds }`, `{ scopes: [...] }`, `{ isValid: false }`. */
  setTokenInfo(change: Partial<SandboxTokenInfo>): void;
  /** account_status, disable_reason, spend_cap, amount_spent of the ad account. */
  setAccountHealth(change: Partial<SandboxAccountHealth>): void;
  /** Meta's review flags the ad (default DISAPPROVED, with a policy explanation in ad_review_feedback). */
  disapproveAd(
    adId: string,
    review?: { status?: AdReviewStatus; feedback?: Record<string, string> },
  ): SandboxAd;
  /** The ad passes review again. */
  restoreAd(adId: string): void;
  /** `POST /{pixel_id}/events`: what was received, refusals on demand, an event-driven wait. */
  conversions: SandboxConversions;
  /** Customer-list audiences and every `/{audience_id}/users` upload. */
  audiences: Omit<SandboxAudiences, 'route'>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const DEFAULT_TOKEN = 'sandbox-token';
const DEFAULT_VERSION = 'v24.0';

export async function startGraphEmulator(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const account = options.account ?? createSandboxAccount();
  const now = options.now ?? (() => systemClock.nowMilliseconds());
  const pageSize = options.pageSize ?? 25;
  const appSecret = options.appSecret;
  let accessToken = options.accessToken ?? DEFAULT_TOKEN;
  const tokenInfo = defaultTokenInfo(account, now());
  const retiredTokens = new Set<string>();
  const faults: Fault[] = [];
  const calls: RecordedCall[] = [];
  const subscriptions = new Map<string, string[]>();
  const timers = new Set<NodeJS.Timeout>();
  const traceRandom = createRandom(account.seed);
  let latencyMs = 0;
  let writesToSwallow = 0;
  let callCount = 0;
  let baseUrl = '';

  const createLead = createLeadFactory(account, now);
  const conversions = createSandboxConversions({ now, seed: account.seed });
  const audiences = createSandboxAudiences({ account, now });
  const startedAt = now();
  const leads = leadHistory(
    account,
    deliveryClock(account, startedAt),
    startedAt,
    options.leadHistoryDays ?? 0,
    createLead,
  );
  const liveLeads = new LiveLeadCounts(account.timezone);

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function authorize(params: Record<string, string>): void {
    const token = params.access_token;
    if (!token) throw missingAccessToken();
    if (token !== accessToken)
      throw retiredTokens.has(token) ? expiredAccessToken(now()) : invalidAccessToken();
    const refusal = tokenRefusal(tokenInfo, now());
    if (refusal) throw refusal;
    if (appSecret === undefined) return;
    const proof = params.appsecret_proof;
    if (!proof) throw missingAppSecretProof();
    if (proof !== createHmac('sha256', appSecret).update(token).digest('hex')) throw invalidAppSecretProof();
  }

  const swallowWrite = () => {
    if (writesToSwallow === 0) return false;
    writesToSwallow -= 1;
    return true;
  };

  function answer(request: GraphRequest, fault: Fault | undefined): Answer {
    const nowMs = now();
    const useCase = useCaseOf(request.path);
    const quota = { accountId: account.accountId, useCase, callCount };
    try {
      if (fault) {
        // A throttled answer reports the use case that ran out, at 100%.
        const throttledCase = fault.kind === 'rate_limit' ? throttledUseCase(fault.code ?? 17) : undefined;
        const headers = usageHeaders({ ...quota, useCase: throttledCase ?? useCase, throttled: true });
        const error = faultError(fault, nowMs, headers);
        if (error) throw error;
      }
      authorize(request.params);
      const clock = deliveryClock(account, nowMs, startedAt);
      const debugToken = (debugged: GraphRequest) => {
        const input = debugged.params.input_token;
        const kind =
          input === accessToken ? 'current' : input && retiredTokens.has(input) ? 'retired' : 'unknown';
        return debugTokenAnswer(tokenInfo, input, kind, nowMs);
      };
      const context = {
        account,
        leads,
        liveLeads,
        clock,
        nowMs,
        pageSize,
        baseUrl,
        subscriptions,
        swallowWrite,
        debugToken,
        surfaces: [conversions.route, (r: GraphRequest) => audiences.route(r, { pageSize, baseUrl })],
      };
      const body = routeGraphRequest(context, request);
      return { status: 200, body, headers: usageHeaders({ ...quota, insights: useCase === 'ads_insights' }) };
    } catch (error) {
      const graphError = error instanceof GraphError ? error : unexpected(error);
      return {
        status: graphError.status,
        body: { error: { ...graphError.details, fbtrace_id: traceId(traceRandom) } },
        headers: graphError.headers,
      };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const request = decodeGraphRequest(
      req.method ?? 'GET',
      req.url ?? '/',
      rawBody,
      req.headers['content-type'] ?? '',
    );
    const call: RecordedCall = {
      method: request.method,
      path: request.path,
      query: request.query,
      body: request.body,
      status: 0,
      at: now(),
    };
    calls.push(call);
    callCount += 1;
    const fault = takeFault(faults, request.path);
    if (fault?.kind === 'timeout') await wait(fault.ms);
    const { status, body, headers } = answer(request, fault);
    call.status = status;
    await wait(latencyMs);
    res.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      'facebook-api-version': request.version ?? DEFAULT_VERSION,
      'x-fb-trace-id': traceId(traceRandom).slice(0, 11),
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Only a broken connection gets here; there is no one left to answer.
      if (!res.headersSent) res.writeHead(500).end();
      console.error('graph emulator:', error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    account,
    get accessToken() {
      return accessToken;
    },
    calls,
    leads,
    resetCalls() {
      calls.length = 0;
    },
    now,
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    injectFaults(...added) {
      for (const fault of added) {
        if (fault.kind === 'rate_limit' && fault.code !== undefined && !isKnownRateLimitCode(fault.code)) {
          throw new Error(`injectFaults: ${fault.code} is not a Meta rate-limit code`);
        }
      }
      faults.push(...added);
    },
    setAccessToken(token) {
      retiredTokens.add(accessToken);
      retiredTokens.delete(token);
      accessToken = token;
    },
    ignoreNextWrites(n) {
      writesToSwallow = Math.max(0, n);
    },
    insightsRows(level, since, until) {
      const clock = deliveryClock(account, now(), startedAt);
      const members = insightsMembers(account, level === 'ad');
      return aggregateInsights(account, clock, level, members, [{ since, until }], liveLeads);
    },
    addLead(input) {
      const lead = createLead(input);
      leads.push(lead);
      liveLeads.add(lead);
      return lead;
    },
    get tokenInfo() {
      return tokenInfo;
    },
    setTokenInfo(change) {
      Object.assign(tokenInfo, change);
    },
    setAccountHealth(change) {
      setAccountHealth(account, change);
    },
    disapproveAd(adId, review = {}) {
      const status = review.status ?? 'DISAPPROVED';
      const feedback = review.feedback ?? (status === 'DISAPPROVED' ? DEFAULT_DISAPPROVAL : {});
      return flagAd(account, adId, { status, feedback });
    },
    restoreAd(adId) {
      restoreAd(account, adId);
    },
    conversions,
    audiences,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The business use case a call counts against, for the usage headers. */
function useCaseOf(path: string): string {
  if (path.endsWith('/insights')) return 'ads_insights';
  if (/\/(leads|leadgen_forms|subscribed_apps)$/.test(path)) return 'leadgen';
  return 'ads_management';
}

/** An emulator bug still answers like Meta, with the cause in the message for whoever debugs it. */
function unexpected(error: unknown): GraphError {
  const base = unknownError();
  const cause = error instanceof Error ? error.message : String(error);
  return new GraphError(base.status, {
    ...base.details,
    message: `${base.details.message} (sandbox: ${cause})`,
  });
}

const TRACE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** Looks like Meta's fbtrace_id, e.g. 'AbX3kq9_ZpL0wQe2Rt7YuIo'. */
function traceId(random: () => number): string {
  let id = 'A';
  for (let i = 0; i < 22; i++) id += TRACE_ALPHABET[Math.floor(random() * TRACE_ALPHABET.length)];
  return id;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
