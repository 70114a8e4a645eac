import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Database } from '../db/open.js';
import { readMutes } from '../db/watchdog-settings.js';
import {
  type CheckStatus,
  readConditions,
  saveCheckStatus,
  saveCondition,
  saveConditions,
} from '../db/watchdog-state.js';
import type { Logger } from '../log.js';
import type { Messenger } from '../messages/messenger.js';
import { buildWatchdogAlert, buildWatchdogResolved } from '../messages/watchdog.js';
import type { AccountHealthReader } from '../meta/account-health.js';
import type { GraphStatus } from '../meta/graph-client.js';
import type { TokenDebug } from '../meta/token-debug.js';
import type { CheckEvaluation, WatchdogCheck } from './check.js';
import { WATCHDOG_CHECKS } from './checks/index.js';
import { openRun, type RunContext, type RunMemory } from './run-context.js';
import { announced, applyResult, dueAnnouncements } from './transitions.js';
import type { Announcement, CheckName } from './types.js';
import { type WatchdogView, watchdogHealth, watchdogView } from './view.js';

export interface WatchdogDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  reader: AccountHealthReader;
  tokenDebug: TokenDebug;
  /** The Graph client's view of the token (190 seen on any call) and its call count. */
  graphStatus: () => GraphStatus;
  /** The account's time zone (AccountProfile): dates and hours are the account's. */
  timezone: () => Promise<string>;
  messenger: Messenger;
  /** APPROVALS_CHANNEL. */
  channel: string;
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
  checks: { check: CheckName; state: CheckStatus['state']; summary: string }[];
  alertsPosted: number;
  resolvedPosted: number;
  /** Messages Slack refused this time; they are tried again next run. */
  failedPosts: number;
  /** Graph calls this run made (pages and retries included). */
  graphCalls: number;
}

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
      logger.error({ check: check.name, err: { message } }, 'watchdog check failed');
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

/**
 * The watchdog: reads a handful of figures from Meta and the store, judges every check, and
 * tells Slack only what changed — a start once, a change of level once, an end once — with
 * everything remembered in SQLite so a restart repeats nothing. One run at a time.
 */
export class Watchdog {
  private running: Promise<WatchdogRunResult> | null = null;
  private readonly memory: RunMemory = { trailing: null };
  private readonly fingerprint: string;

  constructor(private readonly deps: WatchdogDeps) {
    this.fingerprint = createHash('sha256').update(deps.accessToken).digest('hex').slice(0, 16);
  }

  run(): Promise<WatchdogRunResult> {
    if (!this.running) this.running = this.runOnce().finally(() => (this.running = null));
    return this.running;
  }

  /** How every check stands now (from the store). */
  async view(): Promise<WatchdogView> {
    const timezone = await this.deps.timezone().catch(() => 'UTC');
    return this.viewIn(timezone);
  }

  /** For /healthz: synchronous, no Meta call. */
  health(): ReturnType<typeof watchdogHealth> {
    return watchdogHealth(this.viewIn('UTC'));
  }

  private viewIn(timezone: string): WatchdogView {
    const { db, clock, cron, channel, approvers } = this.deps;
    return watchdogView(db, { now: clock.nowMilliseconds(), timezone, cron, channel, approvers });
  }

  private async runOnce(): Promise<WatchdogRunResult> {
    const { db, clock, logger } = this.deps;
    const now = clock.nowMilliseconds();
    const callsBefore = this.deps.graphStatus().calls;
    const context = await openRun(this.deps, this.memory, now, this.fingerprint);
    const { timezone } = context;
    const results = await evaluateChecks(WATCHDOG_CHECKS, context, logger);

    const mutes = readMutes(db, now);
    const outcome: WatchdogRunResult = {
      at: now,
      checks: [],
      alertsPosted: 0,
      resolvedPosted: 0,
      failedPosts: 0,
      graphCalls: 0,
    };
    for (const { name: check, definition } of WATCHDOG_CHECKS) {
      const evaluated = results.get(check);
      if (!evaluated) {
        // Turned off: forgotten silently; /watchdog shows it off.
        saveConditions(db, check, []);
        saveCheckStatus(db, {
          check,
          state: 'off',
          summary: 'Turned off.',
          checkedAt: now,
          error: null,
          memo: context.previousMemo(check),
        });
        continue;
      }
      const { result, error } = evaluated;
      const records = applyResult(readConditions(db, check), result, now);
      saveConditions(db, check, records);
      const state = error !== null && result.state === 'unknown' ? 'error' : result.state;
      saveCheckStatus(db, {
        check,
        state,
        summary: result.summary,
        checkedAt: now,
        error,
        memo: evaluated.memo ?? context.previousMemo(check),
      });
      outcome.checks.push({ check, state, summary: result.summary });
      const due = dueAnnouncements(records, mutes.get(check)?.until ?? null, now);
      const info = {
        check,
        checkTitle: definition.title,
        summary: result.summary,
        approvers: this.deps.approvers,
        timezone,
        now,
      };
      const starts = due.filter((a) => a.kind !== 'end');
      const ends = due.filter((a) => a.kind === 'end');
      if (starts.length > 0) {
        if (await this.post(check, starts, () => buildWatchdogAlert(starts, info), now))
          outcome.alertsPosted++;
        else outcome.failedPosts++;
      }
      if (ends.length > 0) {
        if (await this.post(check, ends, () => buildWatchdogResolved(ends, info), now))
          outcome.resolvedPosted++;
        else outcome.failedPosts++;
      }
    }
    outcome.graphCalls = this.deps.graphStatus().calls - callsBefore;
    logger.info(
      {
        graphCalls: outcome.graphCalls,
        alerts: outcome.alertsPosted,
        resolved: outcome.resolvedPosted,
        failedPosts: outcome.failedPosts,
      },
      'watchdog run',
    );
    return outcome;
  }

  /** Posts one message; only once Slack has it are its conditions marked told. */
  private async post(
    check: CheckName,
    announcements: readonly Announcement[],
    build: () => ReturnType<typeof buildWatchdogAlert>,
    now: number,
  ): Promise<boolean> {
    try {
      await this.deps.messenger.post(this.deps.channel, build());
    } catch (error) {
      this.deps.logger.warn(
        { check, err: { message: (error as Error).message } },
        'watchdog alert not posted; trying again next run',
      );
      return false;
    }
    for (const announcement of announcements)
      saveCondition(this.deps.db, check, announcement.record.key, announced(announcement, now));
    return true;
  }
}
