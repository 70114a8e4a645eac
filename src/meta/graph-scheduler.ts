import type { Clock } from '../clock.js';
import { ErrorCode } from '../errors.js';
import { isRateLimitCode, MetaError } from './errors.js';
import { type QuotaFigures, readUsageByScope } from './usage.js';

/** Whether a person is waiting for the answer (a command, a click) or nobody is (rules, watchdog, polling, reports). */
export type Priority = 'person' | 'background';

/** Meta makes a call wait: until when (the clock's ms), and for which account (null: the whole app). */
export interface ThrottleWait {
  accountId: string | null;
  until: number;
}

/** Who a Graph call is for. */
export interface CallLane {
  /** The ad account (`act_…`) the call is about; absent for Pages, leads, tokens (the app's own quota). */
  account?: string | null;
  /** Default 'background'. */
  priority?: Priority;
  /** Told when the call has to wait for Meta's regain time (the slash command's early note). */
  onWait?: (wait: ThrottleWait) => void;
}

/** An ad account's (or the app's) last usage figures, as Meta's headers gave them. */
export interface UsageFigures {
  /** The highest share used of any of its quotas, in percent. */
  percent: number;
  /** When Meta said access comes back (clock ms), while that is ahead; else null. */
  regainAt: number | null;
  /** When these figures were read. */
  at: number;
}

/**
 * Above this share of any quota, background calls of the account are spaced out. 75 %: Meta's
 * business-use-case quotas are rolling one-hour windows that throttle at 100 %, so slowing at
 * three quarters leaves a quarter of the window for the people who ask (a `/cpl` is 1 call,
 * a report 3) while the scheduled work still makes progress; Meta's own guide and the bot's
 * earlier log warning use the same mark.
 */
export const HIGH_WATER_PERCENT = 75;

export interface GraphSchedulerOptions {
  clock: Clock;
  highWaterPercent?: number;
  /** Above the mark, one background call per account at a time, at most one per this many ms. */
  backgroundSpacingMs?: number;
  /** A regain time further than this is not waited for: the call fails at once (a response_url lives 30 minutes). */
  maxWaitMs?: number;
  /** How often a wait looks at the clock again (a clock that jumps ahead ends it within a tick). */
  tickMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_SCHEDULER = {
  highWaterPercent: HIGH_WATER_PERCENT,
  backgroundSpacingMs: 15_000,
  maxWaitMs: 30 * 60_000,
  tickMs: 1000,
} as const;

/** The app's own quota (`x-app-usage`, code 4): calls for no account, and a ceiling for all. */
const APP = '';

interface LaneState {
  figures: UsageFigures | null;
  regainAt: number;
  /** Person calls admitted but not finished, and those waiting to be admitted. */
  personsWaiting: number;
  personsInFlight: number;
  backgroundInFlight: number;
  nextBackgroundAt: number;
}

/**
 * Every Graph call passes here first, per ad account and for the app: it waits out Meta's regain
 * time after a throttle, spaces out background calls above the high-water mark, and lets a
 * person's call go ahead of background ones. It learns from the usage headers of every answer,
 * errors included. All time is the injected Clock's.
 */
export class GraphScheduler {
  private readonly lanes = new Map<string, LaneState>();
  private readonly nappers = new Set<() => void>();
  private readonly clock: Clock;
  private readonly settings: Required<Omit<GraphSchedulerOptions, 'clock' | 'signal'>>;
  private readonly signal: AbortSignal | undefined;

  constructor(options: GraphSchedulerOptions) {
    this.clock = options.clock;
    this.signal = options.signal;
    this.settings = {
      highWaterPercent: options.highWaterPercent ?? DEFAULT_SCHEDULER.highWaterPercent,
      backgroundSpacingMs: options.backgroundSpacingMs ?? DEFAULT_SCHEDULER.backgroundSpacingMs,
      maxWaitMs: options.maxWaitMs ?? DEFAULT_SCHEDULER.maxWaitMs,
      tickMs: options.tickMs ?? DEFAULT_SCHEDULER.tickMs,
    };
    // One listener for every wait (not one each): stopping ends them all.
    this.signal?.addEventListener('abort', () => this.wake(), { once: true });
  }

  get highWaterPercent(): number {
    return this.settings.highWaterPercent;
  }

  /** The account's last figures (`act_…`), or the app's (null); undefined before any answer. */
  usageOf(accountId: string | null): UsageFigures | undefined {
    const lane = this.lanes.get(accountId ?? APP);
    if (!lane?.figures) return undefined;
    const regainAt = lane.regainAt > this.clock.nowMilliseconds() ? lane.regainAt : null;
    return { ...lane.figures, regainAt };
  }

  /** Until when calls for the account must wait (its own regain or the app's), or null. */
  blockedUntil(accountId: string | null): number | null {
    const now = this.clock.nowMilliseconds();
    const until = Math.max(this.lane(APP).regainAt, accountId ? this.lane(accountId).regainAt : 0);
    return until > now ? until : null;
  }

  /**
   * Waits until the call may go, then returns what to call when it is done. Throws a rate-limit
   * MetaError, without calling Meta, when the regain time is beyond `maxWaitMs`.
   */
  async admit(call: CallLane, options: { retry?: boolean } = {}): Promise<() => void> {
    const key = call.account ?? APP;
    const lane = this.lane(key);
    const person = call.priority === 'person';
    let told = 0;
    if (person) lane.personsWaiting += 1;
    try {
      for (;;) {
        if (this.signal?.aborted) break;
        const now = this.clock.nowMilliseconds();
        const blocked = this.blockedUntil(call.account ?? null);
        if (blocked !== null) {
          if (blocked - now > this.settings.maxWaitMs) throw throttled(call.account ?? null, blocked - now);
          if (blocked !== told) {
            told = blocked;
            call.onWait?.({ accountId: call.account ?? null, until: blocked });
          }
          await this.nap(blocked);
          continue;
        }
        if (person) break;
        // A person's call of the account goes first; background calls wait until it is through.
        if (lane.personsWaiting > 0 || lane.personsInFlight > 0) {
          await this.nap(now + this.settings.tickMs);
          continue;
        }
        // A retry keeps to its own backoff (and to the regain time above), not to the spacing.
        if (this.isHot(key) && !options.retry) {
          if (lane.backgroundInFlight > 0) {
            await this.nap(now + this.settings.tickMs);
            continue;
          }
          if (now < lane.nextBackgroundAt) {
            await this.nap(lane.nextBackgroundAt);
            continue;
          }
          lane.nextBackgroundAt = now + this.settings.backgroundSpacingMs;
        }
        break;
      }
    } finally {
      if (person) lane.personsWaiting -= 1;
    }
    if (person) lane.personsInFlight += 1;
    else lane.backgroundInFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (person) lane.personsInFlight -= 1;
      else lane.backgroundInFlight -= 1;
      this.wake();
    };
  }

  /**
   * What an answer (or an error) said: usage per account and for the app, and a regain time when
   * Meta throttled. `account` is the call's own (for `x-ad-account-usage`).
   */
  observe(account: string | null, headers: Record<string, string>, error?: MetaError): void {
    const now = this.clock.nowMilliseconds();
    const usage = readUsageByScope(headers);
    if (usage.app) this.record(APP, usage.app, now);
    for (const [id, figures] of usage.accounts) this.record(id, figures, now);
    if (account && usage.callAccount) this.record(account, usage.callAccount, now);
    if (error && isRateLimitCode(error.details.code)) {
      // Code 4 is the app's limit; the others (17, 32, 613, 800xx) the account's when the call had one.
      const key = error.details.code === 4 || !account ? APP : account;
      const named = account ? usage.accounts.get(account) : undefined;
      const regain = Math.max(named?.regainAccessMs ?? 0, key === APP ? (usage.app?.regainAccessMs ?? 0) : 0);
      if (regain > 0) this.throttle(key, now + regain);
    }
    this.wake();
  }

  private record(key: string, figures: QuotaFigures, now: number): void {
    const lane = this.lane(key);
    const regainAt = figures.regainAccessMs > 0 ? now + figures.regainAccessMs : null;
    lane.figures = { percent: figures.percent, regainAt, at: now };
    if (regainAt !== null) this.throttle(key, regainAt);
  }

  private throttle(key: string, until: number): void {
    const lane = this.lane(key);
    lane.regainAt = Math.max(lane.regainAt, until);
    if (lane.figures) lane.figures.regainAt = lane.regainAt;
  }

  private isHot(key: string): boolean {
    const mark = this.settings.highWaterPercent;
    return (this.lane(key).figures?.percent ?? 0) >= mark || (this.lane(APP).figures?.percent ?? 0) >= mark;
  }

  private lane(key: string): LaneState {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = {
        figures: null,
        regainAt: 0,
        personsWaiting: 0,
        personsInFlight: 0,
        backgroundInFlight: 0,
        nextBackgroundAt: 0,
      };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** Sleeps until `until` on the clock, a tick at most, or until something changes. */
  private nap(until: number): Promise<void> {
    const ms = Math.max(1, Math.min(until - this.clock.nowMilliseconds(), this.settings.tickMs));
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.nappers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.nappers.add(done);
    });
  }

  private wake(): void {
    for (const done of [...this.nappers]) done();
  }
}

/** The error of a call not made: Meta's regain time is too far ahead to wait for. */
function throttled(accountId: string | null, waitMs: number): MetaError {
  const minutes = Math.ceil(waitMs / 60_000);
  const what = accountId ? `ad account ${accountId}` : 'the app';
  const message = `Meta throttles ${what} for about ${minutes} more minutes`;
  return new MetaError(
    ErrorCode.MetaRateLimited,
    message,
    `Meta is throttling ${accountId ? 'this ad account' : 'LeadOps'} for about ${minutes} more minutes. Try again then.`,
    {
      status: null,
      code: null,
      subcode: null,
      type: null,
      graphMessage: message,
      fbtraceId: null,
      headers: {},
    },
    false,
  );
}
