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
import {
  type Fault,
  faultError,
  isKnownRateLimitCode,
  rateLimitError,
  takeFault,
  throttledUseCase,
} from './faults.js';
import {
  adAccountAccessLost,
  expiredAccessToken,
  GraphError,
  invalidAccessToken,
  invalidAppSecretProof,
  missingAccessToken,
  missingAppSecretProof,
  unknownError,
  unsupportedRequest,
} from './graph-errors.js';
import { decodeGraphRequest, type GraphRequest } from './graph-request.js';
import { aggregateInsights, type InsightsLevel, type InsightsTotals, insightsMembers } from './insights.js';
import {
  type AddLeadInput,
  createLeadFactory,
  type LeadFactory,
  LiveLeadCounts,
  leadHistory,
  type SandboxLead,
} from './leads.js';
import { type CallBudget, SandboxLimits, type ThrottleOptions } from './limits.js';
import { findNode } from './nodes.js';
import { createRandom } from './random.js';
import { type RouteContext, routeGraphRequest, type SandboxWorld } from './routes.js';
import { debugTokenAnswer, defaultTokenInfo, type SandboxTokenInfo, tokenRefusal } from './token-debug.js';
import { usageHeaders } from './usage-headers.js';

export type { SandboxAccountHealth } from './account-health.js';
export type { ReceivedEvent, SandboxConversions } from './conversions.js';
export type { AudienceUpload, SandboxAudiences } from './custom-audiences.js';
export type { Fault } from './faults.js';
export type { InsightsTotals } from './insights.js';
export type { AddLeadInput, SandboxLead } from './leads.js';
export type { CallBudget, ThrottleOptions } from './limits.js';
export type { SandboxTokenInfo } from './token-debug.js';

export interface GraphEmulatorOptions {
  /** One account (the default one when neither this nor `accounts` is given). */
  account?: SandboxAccount;
  /**
   * Several ad accounts, each with its own currency, time zone, Page, forms and objects; the
   * first is `graph.account`. Ids must be unique across them (accounts built with different seeds).
   */
  accounts?: SandboxAccount[];
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
  /** The first account: the only one unless `accounts` was given. */
  account: SandboxAccount;
  /** Every account the emulator serves, the first one first. */
  accounts: readonly SandboxAccount[];
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
  /**
   * The emulator's own truth: per object of one account (the first unless `accountId` names
   * another, 'act_…' or digits), integer totals for since..until in the account's own dates,
   * objects without impressions left out. `spendCents` is in the currency's Meta unit.
   */
  insightsRows(level: InsightsLevel, since: string, until: string, accountId?: string): InsightsTotals[];
  /**
   * A new lead in the store, in the account `accountId` names, else the account of `adId` or
   * `formId`, else the first; one from an ad also counts in that ad's insights (and above) on its day.
   */
  addLead(input?: AddLeadInput): SandboxLead;
  /** The token loses access to this served account ('act_…' or digits): Meta then refuses it (code 200). */
  revokeAccount(accountId: string): void;
  /** The token can read the account again. */
  restoreAccount(accountId: string): void;
  /** What `GET /debug_token` says about the current token; an expired or invalid one is refused everywhere. */
  readonly tokenInfo: Readonly<SandboxTokenInfo>;
  /** E.g. `{ expiresAt: unix seconds }`, `{ scopes: [...] }`, `{ isValid: false }`. */
  setTokenInfo(change: Partial<SandboxTokenInfo>): void;
  /** account_status, disable_reason, spend_cap, amount_spent of the first ad account, or of `accountId`. */
  setAccountHealth(change: Partial<SandboxAccountHealth>, accountId?: string): void;
  /** Meta's review flags the ad (default DISAPPROVED, with a policy explanation in ad_review_feedback). */
  disapproveAd(
    adId: string,
    review?: { status?: AdReviewStatus; feedback?: Record<string, string> },
  ): SandboxAd;
  /** The ad passes review again. */
  restoreAd(adId: string): void;
  /**
   * Meta throttles the ad account ('act_…' or digits) for `minutes` on the emulator's clock: its
   * calls (the account, its campaigns, ad sets, ads) answer error 17 (or `code`) with
   * `estimated_time_to_regain_access`, until then.
   */
  throttle(accountId: string, options: ThrottleOptions): void;
  /** Usage rises with the account's calls against this budget; the call beyond it throttles it (null: no budget). */
  setCallBudget(accountId: string, budget: CallBudget | null): void;
  /** When the account's throttle lifts (emulator clock ms), or null. */
  throttledUntil(accountId: string): number | null;
  /** Calls for the account that arrived while it was throttled, after Meta had said until when. */
  callsBeforeRegain(accountId: string): number;
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
  /** The ad account (digits) Meta refused this call for because it is throttled. */
  throttledAccount?: string;
}

const DEFAULT_TOKEN = 'sandbox-token';
const DEFAULT_VERSION = 'v24.0';

/** One served account and what the emulator keeps for it. */
interface AccountState {
  account: SandboxAccount;
  createLead: LeadFactory;
  liveLeads: LiveLeadCounts;
}

export async function startGraphEmulator(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const accounts = options.accounts ?? [options.account ?? createSandboxAccount()];
  const account: SandboxAccount | undefined = accounts[0];
  if (account === undefined) throw new Error('startGraphEmulator: accounts must hold at least one account');
  const now = options.now ?? (() => systemClock.nowMilliseconds());
  const pageSize = options.pageSize ?? 25;
  const appSecret = options.appSecret;
  let accessToken = options.accessToken ?? DEFAULT_TOKEN;
  const tokenInfo = defaultTokenInfo(accounts, now());
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

  const states: AccountState[] = accounts.map((served) => ({
    account: served,
    createLead: createLeadFactory(served, now),
    liveLeads: new LiveLeadCounts(served.timezone),
  }));
  const firstState = states[0] as AccountState;
  /** Every object id (the account's own as 'act_…') and lead id → the account holding it. */
  const owners = indexOwners(states);
  const revoked = new Set<string>();
  const limits = new SandboxLimits(now);
  /** The ad account each ad object (account, campaign, ad set, ad) counts against: Meta's limits are per account. */
  const adObjectAccounts = new Map<string, string>();
  for (const state of states)
    for (const id of [
      state.account.id,
      ...[state.account.campaigns, state.account.adsets, state.account.ads].flatMap((objects) =>
        objects.map((object) => object.id),
      ),
    ])
      adObjectAccounts.set(id, state.account.accountId);
  const conversions = createSandboxConversions({ now, seed: account.seed });
  const audiences = createSandboxAudiences({ accounts, now });
  const startedAt = now();
  const leads = states
    .flatMap((state) =>
      leadHistory(
        state.account,
        deliveryClock(state.account, startedAt),
        startedAt,
        options.leadHistoryDays ?? 0,
        state.createLead,
      ),
    )
    .sort((a, b) => a.createdTime - b.createdTime);
  for (const lead of leads) owners.set(lead.id, ownerOfLead(lead));

  function ownerOfLead(lead: SandboxLead): AccountState {
    return owners.get(lead.adAccountId) ?? firstState;
  }

  /** The served account an id names ('act_…' or digits); throws for one the emulator does not serve. */
  function stateOf(accountId: string | undefined): AccountState {
    if (accountId === undefined) return firstState;
    const digits = accountId.replace(/^act_/, '');
    const state = states.find((candidate) => candidate.account.accountId === digits);
    if (!state) throw new Error(`no ad account ${accountId} in the sandbox`);
    return state;
  }

  /** The account an addLead input belongs to. */
  function stateForLead(input: AddLeadInput): AccountState {
    if (input.accountId !== undefined) return stateOf(input.accountId);
    const byObject = owners.get(input.adId ?? input.formId ?? '');
    if ((input.adId ?? input.formId) !== undefined && !byObject)
      throw new Error(
        `addLead: no ${input.adId ? `ad ${input.adId}` : `form ${input.formId}`} in the sandbox`,
      );
    return byObject ?? firstState;
  }

  const setRevoked = (accountId: string, lost: boolean) => {
    const { account: served } = stateOf(accountId);
    if (lost) revoked.add(served.id);
    else revoked.delete(served.id);
    // debug_token lists the ad accounts the token's ads permissions still reach.
    for (const scope of tokenInfo.granularScopes) {
      if (scope.scope !== 'ads_read' && scope.scope !== 'ads_management') continue;
      scope.target_ids = states
        .filter((state) => !revoked.has(state.account.id))
        .map((state) => state.account.accountId);
    }
  };

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

  /**
   * The answer's usage headers count against the ad account of the ad object the path names;
   * a Page, form or lead counts against its own id (as Meta's Page quotas do); the rest (debug_token,
   * `?ids=` reads) against no business object: '' (no `x-business-use-case-usage`).
   */
  function usageAccountId(request: GraphRequest): string {
    const [id = ''] = request.segments;
    return adObjectAccounts.get(id) ?? (owners.has(id) ? id : '');
  }

  /** Each account's view of one request, built when the request first needs it. */
  function world(nowMs: number): SandboxWorld {
    const contexts = new Map<AccountState, RouteContext>();
    const contextOf = (state: AccountState): RouteContext => {
      let context = contexts.get(state);
      if (!context) {
        context = {
          account: state.account,
          leads,
          liveLeads: state.liveLeads,
          clock: deliveryClock(state.account, nowMs, startedAt),
          nowMs,
          pageSize,
          baseUrl,
          subscriptions,
          swallowWrite,
          register: (id: string) => owners.set(id, state),
        };
        contexts.set(state, context);
      }
      return context;
    };
    return {
      resolve(id) {
        const state = owners.get(id);
        if (!state) return undefined;
        const context = contextOf(state);
        const node = findNode(context, id);
        if (!node) return undefined;
        const ofAdAccount = ['account', 'campaign', 'adset', 'ad'].includes(node.type);
        if (ofAdAccount && revoked.has(state.account.id)) throw adAccountAccessLost();
        return { node, context };
      },
      checkAccount(id) {
        const state = owners.get(id);
        if (!state || state.account.id !== id) throw unsupportedRequest('GET', id);
        if (revoked.has(id)) throw adAccountAccessLost();
      },
      debugToken(debugged) {
        const input = debugged.params.input_token;
        const kind =
          input === accessToken ? 'current' : input && retiredTokens.has(input) ? 'retired' : 'unknown';
        return debugTokenAnswer(tokenInfo, input, kind, nowMs);
      },
      surfaces: [conversions.route, (r: GraphRequest) => audiences.route(r, { pageSize, baseUrl })],
    };
  }

  function answer(request: GraphRequest, fault: Fault | undefined): Answer {
    const nowMs = now();
    let throttledAccount: string | undefined;
    const useCase = useCaseOf(request.path);
    const quota = { accountId: usageAccountId(request), useCase, callCount };
    try {
      if (fault) {
        // A throttled answer reports the use case that ran out, at 100%.
        const throttledCase = fault.kind === 'rate_limit' ? throttledUseCase(fault.code ?? 17) : undefined;
        const headers = usageHeaders({ ...quota, useCase: throttledCase ?? useCase, throttled: true });
        const error = faultError(fault, nowMs, headers);
        if (error) throw error;
      }
      authorize(request.params);
      const limited = adObjectAccounts.get(request.segments[0] ?? '');
      const verdict = limited === undefined ? null : limits.count(limited);
      if (verdict?.throttled) {
        const { code, regainMinutes } = verdict.throttled;
        throttledAccount = limited;
        const headers = usageHeaders({
          ...quota,
          accountId: limited ?? quota.accountId,
          useCase: throttledUseCase(code) ?? useCase,
          throttled: true,
          regainMinutes,
        });
        throw rateLimitError(code, headers);
      }
      const body = routeGraphRequest(world(nowMs), request);
      const percent = verdict?.percent ?? undefined;
      return {
        status: 200,
        body,
        headers: usageHeaders({
          ...quota,
          ...(percent === undefined ? {} : { percent }),
          insights: useCase === 'ads_insights',
        }),
      };
    } catch (error) {
      const graphError = error instanceof GraphError ? error : unexpected(error);
      return {
        status: graphError.status,
        body: { error: { ...graphError.details, fbtrace_id: traceId(traceRandom) } },
        headers: graphError.headers,
        ...(throttledAccount === undefined ? {} : { throttledAccount }),
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
    const { status, body, headers, throttledAccount } = answer(request, fault);
    call.status = status;
    await wait(latencyMs);
    res.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      'facebook-api-version': request.version ?? DEFAULT_VERSION,
      'x-fb-trace-id': traceId(traceRandom).slice(0, 11),
      ...headers,
    });
    res.end(JSON.stringify(body), () => {
      if (throttledAccount !== undefined) limits.told(throttledAccount);
    });
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
    accounts,
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
    insightsRows(level, since, until, accountId) {
      const state = stateOf(accountId);
      const clock = deliveryClock(state.account, now(), startedAt);
      const members = insightsMembers(state.account, level === 'ad');
      return aggregateInsights(state.account, clock, level, members, [{ since, until }], state.liveLeads);
    },
    addLead(input = {}) {
      const state = stateForLead(input);
      const lead = state.createLead(input);
      leads.push(lead);
      owners.set(lead.id, state);
      state.liveLeads.add(lead);
      return lead;
    },
    revokeAccount(accountId) {
      setRevoked(accountId, true);
    },
    restoreAccount(accountId) {
      setRevoked(accountId, false);
    },
    get tokenInfo() {
      return tokenInfo;
    },
    setTokenInfo(change) {
      Object.assign(tokenInfo, change);
    },
    setAccountHealth(change, accountId) {
      setAccountHealth(stateOf(accountId).account, change);
    },
    disapproveAd(adId, review = {}) {
      const status = review.status ?? 'DISAPPROVED';
      const feedback = review.feedback ?? (status === 'DISAPPROVED' ? DEFAULT_DISAPPROVAL : {});
      return flagAd((owners.get(adId) ?? firstState).account, adId, { status, feedback });
    },
    restoreAd(adId) {
      restoreAd((owners.get(adId) ?? firstState).account, adId);
    },
    throttle(accountId, options) {
      limits.throttle(stateOf(accountId).account.accountId, options);
    },
    setCallBudget(accountId, budget) {
      limits.setBudget(stateOf(accountId).account.accountId, budget);
    },
    throttledUntil(accountId) {
      return limits.throttledUntil(stateOf(accountId).account.accountId);
    },
    callsBeforeRegain(accountId) {
      return limits.callsBeforeRegain(stateOf(accountId).account.accountId);
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

/** Every object of every account, by id; throws when two accounts share an id (same seed). */
function indexOwners(states: readonly AccountState[]): Map<string, AccountState> {
  const owners = new Map<string, AccountState>();
  for (const state of states) {
    const { account } = state;
    const ids = [
      account.id,
      ...[account.pages, account.forms, account.campaigns, account.adsets, account.ads].flatMap((objects) =>
        objects.map((object) => object.id),
      ),
    ];
    for (const id of ids) {
      const other = owners.get(id);
      if (other)
        throw new Error(
          `startGraphEmulator: ${id} is in both ${other.account.id} and ${account.id}; build the accounts with different seeds`,
        );
      owners.set(id, state);
    }
  }
  return owners;
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
