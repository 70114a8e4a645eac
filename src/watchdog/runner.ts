import { createHash } from 'node:crypto';
import { type Account, type AccountId, channelFor, type FallbackChannels } from '../accounts/account.js';
import type { AccountStatus } from '../accounts/registry.js';
import type { Clock } from '../clock.js';
import { eachLimited } from '../concurrency.js';
import { readAccountSettings } from '../db/account-settings.js';
import type { Database } from '../db/open.js';
import {
  type CheckStatus,
  readConditions,
  readMutes,
  saveCheckStatus,
  saveCondition,
  saveConditions,
} from '../db/watchdog-state.js';
import { userMessageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { Messenger } from '../messages/messenger.js';
import { buildWatchdogAlert, buildWatchdogResolved } from '../messages/watchdog.js';
import type { AccountHealthReader } from '../meta/account-health.js';
import type { GraphStatus } from '../meta/graph-client.js';
import type { UsageFigures } from '../meta/graph-scheduler.js';
import type { TokenDebug } from '../meta/token-debug.js';
import type { CheckEvaluation, WatchdogCheck } from './check.js';
import { evaluateUnreadable } from './checks/account.js';
import { WATCHDOG_CHECKS } from './checks/index.js';
import { openRun, type RunContext, type RunMemory } from './run-context.js';
import { CHECK_DEFINITIONS, checkEnabled } from './settings.js';
import { announced, applyResult, dueAnnouncements } from './transitions.js';
import type { Announcement, CheckName, CheckResult } from './types.js';
import { type WatchdogView, watchdogHealth, watchdogView } from './view.js';

/** What the watchdog needs of the account registry. */
export interface WatchdogAccounts {
  /** The accounts to watch (known currency and time zone). */
  served(): Account[];
  /** Every served account's health, those Meta never answered for included. */
  statuses(): AccountStatus[];
  /** Reads again the accounts never read or not read for a while (an unreadable one may be readable now). */
  refresh(onlyStale?: boolean): Promise<void>;
}

export interface WatchdogDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  accounts: WatchdogAccounts;
  /** The watchdog's Meta reads of one account, amounts in its currency. */
  readerFor: (account: Account) => AccountHealthReader;
  tokenDebug: TokenDebug;
  /** The Graph client's view of the token (190 seen on any call) and its call count. */
  graphStatus: () => GraphStatus;
  /** Each account's last usage figures from Meta's headers (the `usage` check); absent: none known. */
  usageOf?: (accountId: string) => UsageFigures | undefined;
  messenger: Messenger;
  /** Where an account without a home channel is alerted (`approvals`: APPROVALS_CHANNEL). */
  fallback: FallbackChannels;
  approvers: readonly string[];
  /** WATCHDOG_CRON, for /watchdog. */
  cron: string;
  /** META_APP_SECRET set: webhooks are accepted, so leads only polling found mean the webhook missed them. */
  webhooksConfigured: boolean;
  pageIds: readonly string[];
  /** META_ACCESS_TOKEN, only to notice a new one (inspected at once) by its hash. */
  accessToken: string;
}

export interface WatchdogRunResult {
  at: number;
  /** Each check of each account run (the token's once, with the first account). */
  checks: { account: AccountId; check: CheckName; state: CheckStatus['state']; summary: string }[];
  alertsPosted: number;
  resolvedPosted: number;
  /** Messages Slack refused this time; they are tried again next run. */
  failedPosts: number;
  /** Graph calls this run made (pages and retries included). */
  graphCalls: number;
  /** Accounts whose run failed as a whole (the others ran). */
  failedAccounts: { account: AccountId; error: string }[];
}

type Outcome = Omit<WatchdogRunResult, 'at' | 'graphCalls'>;

const emptyOutcome = (): Outcome => ({
  checks: [],
  alertsPosted: 0,
  resolvedPosted: 0,
  failedPosts: 0,
  failedAccounts: [],
});

function addOutcome(total: Outcome, part: Outcome): void {
  total.checks.push(...part.checks);
  total.alertsPosted += part.alertsPosted;
  total.resolvedPosted += part.resolvedPosted;
  total.failedPosts += part.failedPosts;
  total.failedAccounts.push(...part.failedAccounts);
}

/** Accounts watched at once: enough to be quick, few enough for Meta's rate limits. */
const ACCOUNT_CONCURRENCY = 3;

/** The token check is about the one token, not an account: it runs once per run. */
const TOKEN_CHECKS = WATCHDOG_CHECKS.filter((check) => check.name === 'token');
const ACCOUNT_CHECKS = WATCHDOG_CHECKS.filter((check) => check.name !== 'token');

/**
 * Every enabled check, evaluated side by side (their shared reads overlap), those marked
 * `runsLast` after the rest. A check that throws is unknown, the others unaffected.
 */
async function evaluateChecks(
  checks: readonly WatchdogCheck[],
  context: RunContext,
  logger: Logger,
): Promise<Map<CheckName, CheckEvaluation>> {
  const evaluate = async (check: WatchdogCheck): Promise<[CheckName, CheckEvaluation]> => {
    try {
      return [check.name, await check.evaluate(context)];
    } catch (thrown) {
      const message = (thrown as Error).message;
      logger.error(
        { account: context.account.id, check: check.name, err: { message } },
        'watchdog check failed',
      );
      const summary = 'The check failed; see the log.';
      return [
        check.name,
        { result: { check: check.name, state: 'unknown', summary, conditions: [] }, error: message },
      ];
    }
  };
  const enabled = checks.filter((check) => context.enabled(check.name));
  const first = await Promise.all(enabled.filter((check) => !check.runsLast).map(evaluate));
  const last = await Promise.all(enabled.filter((check) => check.runsLast).map(evaluate));
  return new Map([...first, ...last]);
}

/** Where one account's alerts go and how they name it. */
interface Destination {
  accountId: AccountId;
  channel: string;
  timezone: string;
  /** The account's name in messages when LeadOps serves several; null with one (and for the token). */
  label: string | null;
}

/**
 * The watchdog: for each ad account it serves, reads a handful of figures from Meta and the
 * store, judges every check, and tells the account's home channel only what changed — a start
 * once, a change of level once, an end once — with everything remembered in SQLite per
 * account so a restart repeats nothing. The token is checked once per run. An account Meta
 * does not let LeadOps read is itself an alert; one account failing never stops the others.
 */
export class Watchdog {
  /** One run at a time per account (and for the token, and for the whole). */
  private readonly running = new Map<string, Promise<Outcome>>();
  private readonly memories = new Map<AccountId, RunMemory>();
  private readonly fingerprint: string;

  constructor(private readonly deps: WatchdogDeps) {
    this.fingerprint = createHash('sha256').update(deps.accessToken).digest('hex').slice(0, 16);
  }

  /** WATCHDOG_CRON: every served account (a few at a time), the token once, then accounts Meta cannot read. */
  async runAll(): Promise<WatchdogRunResult> {
    const at = this.deps.clock.nowMilliseconds();
    const callsBefore = this.deps.graphStatus().calls;
    const outcome = await this.exclusive('*', async () => {
      await this.refreshAccounts();
      const total = emptyOutcome();
      const served = this.deps.accounts.served();
      await eachLimited(served, ACCOUNT_CONCURRENCY, async (account) => {
        addOutcome(total, await this.runAccount(account));
      });
      addOutcome(total, await this.runToken());
      for (const status of this.unservedUnreadable())
        addOutcome(total, await this.guarded(status.id, () => this.runUnreadable(status)));
      return total;
    });
    return this.finish(at, callsBefore, outcome);
  }

  /** `/watchdog run`: one account's checks now (and the token's, when it is checked with this account). */
  async run(account: Account): Promise<WatchdogRunResult> {
    const at = this.deps.clock.nowMilliseconds();
    const callsBefore = this.deps.graphStatus().calls;
    await this.refreshAccounts();
    const total = emptyOutcome();
    addOutcome(total, await this.runAccount(account));
    if (this.tokenAccount()?.id === account.id) addOutcome(total, await this.runToken());
    return this.finish(at, callsBefore, total);
  }

  /** The account the token check runs with (its state, settings, mutes and alerts): the first served. */
  tokenAccount(): Account | null {
    return this.deps.accounts.served()[0] ?? null;
  }

  /** Whose settings and mutes a check of `account` uses: the token's are the token account's. */
  settingsOwner(check: CheckName, account: Account): Account {
    return check === 'token' ? (this.tokenAccount() ?? account) : account;
  }

  /** How messages name the account: `Acme (act_1)` when LeadOps serves several, null with one. */
  labelOf(account: Account): string | null {
    return this.several() ? `${account.name} (${account.id})` : null;
  }

  /** How every check stands now for one account (from the store). */
  async view(account: Account): Promise<WatchdogView> {
    return watchdogView(this.deps.db, {
      account,
      label: this.labelOf(account),
      tokenAccountId: this.tokenAccount()?.id ?? null,
      now: this.deps.clock.nowMilliseconds(),
      cron: this.deps.cron,
      channel: channelFor(account, 'approvals', this.deps.fallback),
      approvers: this.deps.approvers,
    });
  }

  /**
   * For /healthz: synchronous, no Meta call. With one account, its findings; with several, by
   * account id (those Meta cannot read included).
   */
  health(): ReturnType<typeof watchdogHealth> | Record<AccountId, ReturnType<typeof watchdogHealth>> {
    const served = new Map(this.deps.accounts.served().map((account) => [account.id, account]));
    const statuses = this.deps.accounts.statuses();
    const tokenAccountId = this.tokenAccount()?.id ?? null;
    const healthOf = (status: AccountStatus) => {
      const account = served.get(status.id);
      return watchdogHealth(
        watchdogView(this.deps.db, {
          account: { id: status.id, currency: account?.currency ?? null, timezone: 'UTC' },
          label: null,
          tokenAccountId,
          now: this.deps.clock.nowMilliseconds(),
          cron: this.deps.cron,
          channel: status.homeChannel ?? this.deps.fallback.approvals,
          approvers: this.deps.approvers,
        }),
      );
    };
    const [only] = statuses;
    if (statuses.length === 1 && only) return healthOf(only);
    return Object.fromEntries(statuses.map((status) => [status.id, healthOf(status)]));
  }

  private several(): boolean {
    return this.deps.accounts.statuses().length > 1;
  }

  private destination(account: Account, label: boolean): Destination {
    return {
      accountId: account.id,
      channel: channelFor(account, 'approvals', this.deps.fallback),
      timezone: account.timezone,
      label: label ? this.labelOf(account) : null,
    };
  }

  private finish(at: number, callsBefore: number, outcome: Outcome): WatchdogRunResult {
    const result = { at, ...outcome, graphCalls: this.deps.graphStatus().calls - callsBefore };
    this.deps.logger.info(
      {
        accounts: new Set(result.checks.map((check) => check.account)).size,
        graphCalls: result.graphCalls,
        alerts: result.alertsPosted,
        resolved: result.resolvedPosted,
        failedPosts: result.failedPosts,
        failedAccounts: result.failedAccounts.length,
      },
      'watchdog run',
    );
    return result;
  }

  /** An account never read, or not for a while, is read again: the one Meta refused may be readable now. */
  private async refreshAccounts(): Promise<void> {
    await this.deps.accounts
      .refresh(true)
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: { message: userMessageOf(error) } }, 'ad accounts not refreshed'),
      );
  }

  /** Accounts served but never read (no currency or time zone known): only their unreadability is told. */
  private unservedUnreadable(): AccountStatus[] {
    const served = new Set(this.deps.accounts.served().map((account) => account.id));
    return this.deps.accounts.statuses().filter((status) => !status.ok && !served.has(status.id));
  }

  /** Joins a run of the same key in progress rather than starting a second one. */
  private exclusive(key: string, work: () => Promise<Outcome>): Promise<Outcome> {
    let pending = this.running.get(key);
    if (!pending) {
      pending = work().finally(() => this.running.delete(key));
      this.running.set(key, pending);
    }
    return pending;
  }

  /** One account's run, exclusive, its failure caught and reported: the others carry on. */
  private guarded(key: AccountId, work: () => Promise<Outcome>): Promise<Outcome> {
    return this.exclusive(key, work).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.error({ account: key, err: { message } }, 'watchdog run of an account failed');
      return { ...emptyOutcome(), failedAccounts: [{ account: key, error: message }] };
    });
  }

  private runAccount(account: Account): Promise<Outcome> {
    return this.guarded(account.id, () => this.runChecks(account, ACCOUNT_CHECKS, true));
  }

  private async runToken(): Promise<Outcome> {
    const account = this.tokenAccount();
    if (!account) return emptyOutcome();
    return this.guarded('token', () => this.runChecks(account, TOKEN_CHECKS, false));
  }

  private async runChecks(
    account: Account,
    checks: readonly WatchdogCheck[],
    label: boolean,
  ): Promise<Outcome> {
    const { db, clock, logger } = this.deps;
    const now = clock.nowMilliseconds();
    const served = this.deps.accounts.served();
    const status = this.deps.accounts.statuses().find((candidate) => candidate.id === account.id);
    let memory = this.memories.get(account.id);
    if (!memory) {
      memory = { trailing: null };
      this.memories.set(account.id, memory);
    }
    const context = openRun(
      {
        db,
        account,
        // Leads no account is recorded for are the only account's.
        leads: { accountId: account.id, unattributed: served.length === 1 },
        reader: this.deps.readerFor(account),
        tokenDebug: this.deps.tokenDebug,
        graphStatus: this.deps.graphStatus,
        ...(this.deps.usageOf ? { usageOf: this.deps.usageOf } : {}),
        webhooksConfigured: this.deps.webhooksConfigured,
        pageIds: this.deps.pageIds,
        accountIds: served.map((candidate) => candidate.id),
        unreadable: this.unreadable(status),
      },
      memory,
      now,
      this.fingerprint,
    );
    const results = await evaluateChecks(checks, context, logger);
    const destination = this.destination(account, label);
    const outcome = emptyOutcome();
    for (const { name: check } of checks) {
      const evaluated = results.get(check);
      if (!evaluated) {
        // Turned off: forgotten silently; /watchdog shows it off.
        saveConditions(db, account.id, check, []);
        saveCheckStatus(db, account.id, {
          check,
          state: 'off',
          summary: 'Turned off.',
          checkedAt: now,
          error: null,
          memo: context.previousMemo(check),
        });
        continue;
      }
      addOutcome(
        outcome,
        await this.judge(destination, evaluated, evaluated.memo ?? context.previousMemo(check), now),
      );
    }
    return outcome;
  }

  /**
   * A served account Meta never let LeadOps read: the `account` check's one condition (no
   * money, times in UTC), in its home channel or APPROVALS_CHANNEL. It ends once the account
   * is read and its own checks run.
   */
  private async runUnreadable(status: AccountStatus): Promise<Outcome> {
    const now = this.deps.clock.nowMilliseconds();
    if (!checkEnabled(readAccountSettings(this.deps.db, status.id), 'account')) return emptyOutcome();
    const error = this.unreadable(status);
    const result: CheckResult =
      error === null
        ? { check: 'account', state: 'unknown', summary: 'Meta refuses the token.', conditions: [] }
        : evaluateUnreadable({ id: status.id, name: status.name, error });
    const destination: Destination = {
      accountId: status.id,
      channel: status.homeChannel ?? this.deps.fallback.approvals,
      timezone: 'UTC',
      label: this.several() ? (status.name ? `${status.name} (${status.id})` : status.id) : null,
    };
    return this.judge(destination, { result, error: null }, {}, now);
  }

  /**
   * Why the registry could not read the account, or null. While Meta refuses the token itself
   * every account is unreadable: the token check tells that once, not once per account.
   */
  private unreadable(status: AccountStatus | undefined): string | null {
    if (!status || status.ok) return null;
    if (this.deps.graphStatus().token === 'invalid') return null;
    return status.lastError ?? 'Meta did not answer.';
  }

  /** Folds one check's verdict into the account's memory, and posts what Slack must hear. */
  private async judge(
    destination: Destination,
    evaluated: CheckEvaluation,
    memo: Record<string, unknown>,
    now: number,
  ): Promise<Outcome> {
    const { db } = this.deps;
    const { result, error } = evaluated;
    const { check } = result;
    const { accountId } = destination;
    const records = applyResult(readConditions(db, accountId, check), result, now);
    saveConditions(db, accountId, check, records);
    const state = error !== null && result.state === 'unknown' ? 'error' : result.state;
    saveCheckStatus(db, accountId, { check, state, summary: result.summary, checkedAt: now, error, memo });
    const outcome = emptyOutcome();
    outcome.checks.push({ account: accountId, check, state, summary: result.summary });
    const mutedUntil = readMutes(db, accountId, now).get(check)?.until ?? null;
    const due = dueAnnouncements(records, mutedUntil, now);
    const info = {
      check,
      checkTitle: CHECK_DEFINITIONS[check].title,
      summary: result.summary,
      approvers: this.deps.approvers,
      timezone: destination.timezone,
      now,
      account: destination.label,
    };
    const starts = due.filter((a) => a.kind !== 'end');
    const ends = due.filter((a) => a.kind === 'end');
    if (starts.length > 0) {
      if (await this.post(destination, check, starts, () => buildWatchdogAlert(starts, info), now))
        outcome.alertsPosted++;
      else outcome.failedPosts++;
    }
    if (ends.length > 0) {
      if (await this.post(destination, check, ends, () => buildWatchdogResolved(ends, info), now))
        outcome.resolvedPosted++;
      else outcome.failedPosts++;
    }
    return outcome;
  }

  /** Posts one message; only once Slack has it are its conditions marked told. */
  private async post(
    destination: Destination,
    check: CheckName,
    announcements: readonly Announcement[],
    build: () => ReturnType<typeof buildWatchdogAlert>,
    now: number,
  ): Promise<boolean> {
    try {
      await this.deps.messenger.post(destination.channel, build());
    } catch (error) {
      this.deps.logger.warn(
        { account: destination.accountId, check, err: { message: (error as Error).message } },
        'watchdog alert not posted; trying again next run',
      );
      return false;
    }
    for (const announcement of announcements)
      saveCondition(
        this.deps.db,
        destination.accountId,
        check,
        announcement.record.key,
        announced(announcement, now),
      );
    return true;
  }
}
