// Meta's per-ad-account limits, as the sandbox plays them: each account's usage rises with the
// calls made for it in a rolling window against a call budget, and past the budget (or when a
// test says so) the account is throttled — error 17 or 80004 with `estimated_time_to_regain_access`
// in `x-business-use-case-usage` — until the regain time on the emulator's clock.

/** A call budget: `calls` per rolling `windowMs`; one more throttles the account for `throttleMinutes`. */
export interface CallBudget {
  calls: number;
  windowMs: number;
  throttleMinutes: number;
  /** The error code of the throttle (17, 80000, 80004, …); default 80004. */
  code?: number;
  /** Calls others (Ads Manager, other tools on the account) have used in the window already. */
  used?: number;
}

export interface ThrottleOptions {
  minutes: number;
  /** Default 17 (“User request limit reached”). */
  code?: number;
}

/** What one call for an account meets. */
export interface LimitVerdict {
  /** Share of the budget used (null: no budget, the quiet default applies). */
  percent: number | null;
  /** Set when the call is refused: the error code and the whole minutes until the throttle lifts. */
  throttled: { code: number; regainMinutes: number } | null;
}

interface AccountLimits {
  budget: CallBudget | null;
  calls: number[];
  throttledUntil: number;
  code: number;
  /** Calls refused while throttled after the first refusal told the regain time. */
  refused: number;
  /** The current throttle's first refusal has been sent. */
  told: boolean;
}

export class SandboxLimits {
  private readonly accounts = new Map<string, AccountLimits>();

  constructor(private readonly now: () => number) {}

  throttle(accountId: string, options: ThrottleOptions): void {
    const limits = this.of(accountId);
    limits.throttledUntil = this.now() + options.minutes * 60_000;
    limits.code = options.code ?? 17;
    limits.told = false;
  }

  /** Lifts a throttle at once. */
  lift(accountId: string): void {
    this.of(accountId).throttledUntil = 0;
  }

  setBudget(accountId: string, budget: CallBudget | null): void {
    const limits = this.of(accountId);
    limits.budget = budget;
    limits.calls = Array.from({ length: budget?.used ?? 0 }, () => this.now());
  }

  /** When the account's throttle lifts (emulator clock ms), or null when it is not throttled. */
  throttledUntil(accountId: string): number | null {
    const until = this.of(accountId).throttledUntil;
    return until > this.now() ? until : null;
  }

  /** Calls for the account that arrived while it was throttled, after Meta had said until when. */
  callsBeforeRegain(accountId: string): number {
    return this.of(accountId).refused;
  }

  /**
   * A refusal has been sent whole: from now on a call for the account before the regain time is one
   * its caller made knowing (calls already on their way when Meta refused are not counted).
   */
  told(accountId: string): void {
    this.of(accountId).told = true;
  }

  /** Counts one call for the account and says whether Meta serves it. */
  count(accountId: string): LimitVerdict {
    const limits = this.of(accountId);
    const now = this.now();
    const budget = limits.budget;
    if (budget) limits.calls = limits.calls.filter((at) => at > now - budget.windowMs);
    if (limits.throttledUntil > now) {
      if (limits.told) limits.refused += 1;
      return { percent: 100, throttled: this.verdict(limits, now) };
    }
    if (!budget) return { percent: null, throttled: null };
    if (limits.calls.length >= budget.calls) {
      limits.throttledUntil = now + budget.throttleMinutes * 60_000;
      limits.code = budget.code ?? 80004;
      limits.told = false;
      limits.calls = [];
      return { percent: 100, throttled: this.verdict(limits, now) };
    }
    limits.calls.push(now);
    return {
      percent: Math.min(100, Math.round((limits.calls.length / budget.calls) * 100)),
      throttled: null,
    };
  }

  private verdict(limits: AccountLimits, now: number): { code: number; regainMinutes: number } {
    return {
      code: limits.code,
      regainMinutes: Math.max(1, Math.ceil((limits.throttledUntil - now) / 60_000)),
    };
  }

  private of(accountId: string): AccountLimits {
    const key = accountId.replace(/^act_/, '');
    let limits = this.accounts.get(key);
    if (!limits) {
      limits = { budget: null, calls: [], throttledUntil: 0, code: 17, refused: 0, told: false };
      this.accounts.set(key, limits);
    }
    return limits;
  }
}
