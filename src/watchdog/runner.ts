import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { addDays, startOfLocalDay, todayIn } from '../dates/calendar.js';
import type { Database } from '../db/open.js';
import { readSetting, writeSetting } from '../db/settings.js';
import { readMutes, readWatchdogSettings } from '../db/watchdog-settings.js';
import {
  type CheckStatus,
  countAdLeadsCreatedBetween,
  countPolledLate,
  leadTimesSince,
  newestLeadTime,
  readCheckStatuses,
  readConditions,
  saveCheckStatus,
  saveCondition,
  saveConditions,
} from '../db/watchdog-state.js';
import { ErrorCode, userMessageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { Messenger } from '../messages/messenger.js';
import { buildWatchdogAlert, buildWatchdogResolved } from '../messages/watchdog.js';
import type { AccountHealthReader, CampaignFigures } from '../meta/account-health.js';
import { MetaError } from '../meta/errors.js';
import type { GraphStatus } from '../meta/graph-client.js';
import type { TokenDebug, TokenInfo } from '../meta/token-debug.js';
import { evaluateAccount } from './checks/account.js';
import { evaluateAds } from './checks/ads.js';
import { evaluateCpl, TRAILING_DAYS } from './checks/cpl.js';
import { evaluateDelivery } from './checks/delivery.js';
import {
  droughtThresholdMs,
  evaluateDrought,
  silenceStart,
  spendSince,
  usualSilence,
} from './checks/drought.js';
import { evaluateToken, missingScopes } from './checks/token.js';
import { DAY_MS, HOUR_MS } from './format.js';
import { CHECK_DEFINITIONS, type StoredSettings, settingsOf, settingValue } from './settings.js';
import { announced, applyResult, dueAnnouncements } from './transitions.js';
import { type Announcement, CHECK_NAMES, type CheckName, type CheckResult } from './types.js';
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

/** debug_token is read once a day (give or take a run), and at once for a new token or a known problem. */
const TOKEN_RECHECK_MS = DAY_MS - 10 * 60_000;
/** A lead polling brought this long after it was created was missed by the webhook (which takes seconds). */
const POLLED_LATE_MS = 60_000;
/** How far back spend since the last lead is read. */
const MAX_SPEND_LOOKBACK_DAYS = 28;
const WATCHING_SINCE = 'watchdog.watching_since';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

async function attempt<T>(read: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error: userMessageOf(error) };
  }
}

const valueOrNull = <T>(outcome: Outcome<T> | null): T | null => (outcome?.ok ? outcome.value : null);
const errorOf = (...outcomes: (Outcome<unknown> | null)[]): string | null =>
  outcomes.map((outcome) => (outcome && !outcome.ok ? outcome.error : null)).find((e) => e !== null) ?? null;

interface TokenMemo {
  info: TokenInfo | null;
  checkedAt: number | null;
  refused: string | null;
  fingerprint: string | null;
}

/**
 * The watchdog: reads a handful of figures from Meta and the store, judges every check, and
 * tells Slack only what changed — a start once, a change of level once, an end once — with
 * everything remembered in SQLite so a restart repeats nothing. One run at a time.
 */
export class Watchdog {
  private running: Promise<WatchdogRunResult> | null = null;
  private trailing: { date: string; rows: CampaignFigures[] } | null = null;
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
    const { db, clock, logger, reader } = this.deps;
    const now = clock.nowMilliseconds();
    const callsBefore = this.deps.graphStatus().calls;
    const stored = readWatchdogSettings(db);
    const enabled = (check: CheckName) => settingValue(stored, check, 'enabled') === true;
    const statuses = readCheckStatuses(db);
    const timezone = await this.deps.timezone().catch(() => 'UTC');
    const today = todayIn(timezone, now);
    const todayStart = startOfLocalDay(today, timezone);
    let watchingSince = readSetting<number>(db, WATCHING_SINCE);
    if (watchingSince === null) {
      watchingSince = now;
      writeSetting(db, WATCHING_SINCE, now, now);
    }

    // The reads: each one Graph call whatever the size of the account; the 14 days once a day.
    const needToday = enabled('cpl') || enabled('delivery') || enabled('drought') || enabled('ads');
    const [standing, flagged, todayRows, trailingRows] = await Promise.all([
      enabled('account') ? attempt(() => reader.standing()) : null,
      enabled('ads') ? attempt(() => reader.flaggedAds()) : null,
      needToday ? attempt(() => reader.campaignFigures(today, today)) : null,
      enabled('cpl') ? attempt(() => this.trailingFigures(today)) : null,
    ]);
    const droughtFigures = enabled('drought')
      ? await this.droughtFigures(stored, now, timezone, watchingSince, todayRows)
      : null;
    const token = enabled('token') ? await this.readToken(statuses.get('token'), now) : null;

    const results = new Map<CheckName, { result: CheckResult; error: string | null; memo?: object }>();
    const previousKeys = (check: CheckName) =>
      new Set(
        readConditions(db, check)
          .filter((record) => record.active)
          .map((record) => record.key),
      );
    for (const check of CHECK_NAMES) {
      if (!enabled(check)) continue;
      try {
        switch (check) {
          case 'drought':
            if (droughtFigures)
              results.set(check, {
                result: evaluateDrought(droughtFigures.figures, settingsOf('drought', stored)),
                error: droughtFigures.error,
              });
            break;
          case 'delivery':
            results.set(check, {
              result: evaluateDelivery(
                {
                  today,
                  metaFormLeads: todayRows?.ok
                    ? todayRows.value.reduce((n, row) => n + row.formLeads, 0)
                    : null,
                  receivedToday: countAdLeadsCreatedBetween(db, todayStart, now + 1),
                  wholeDayWatched: watchingSince <= todayStart,
                  webhooksConfigured: this.deps.webhooksConfigured,
                  polledLastHour: countPolledLate(db, now - HOUR_MS, POLLED_LATE_MS),
                },
                settingsOf('delivery', stored),
                previousKeys(check),
              ),
              error: errorOf(todayRows),
            });
            break;
          case 'token':
            if (token)
              results.set(check, {
                result: evaluateToken(
                  {
                    now,
                    timezone,
                    info: token.memo.info,
                    checkedAt: token.memo.checkedAt,
                    refused: token.memo.refused,
                    accountId: reader.accountId.replace(/^act_/, ''),
                    pageIds: this.deps.pageIds,
                  },
                  settingsOf('token', stored),
                ),
                error: token.error,
                memo: token.memo,
              });
            break;
          case 'account':
            results.set(check, {
              result: evaluateAccount(
                valueOrNull(standing),
                settingsOf('account', stored),
                previousKeys(check),
              ),
              error: errorOf(standing),
            });
            break;
          case 'ads': {
            const names = new Map(
              [...(valueOrNull(trailingRows) ?? []), ...(valueOrNull(todayRows) ?? [])].map((row) => [
                row.campaignId,
                row.name,
              ]),
            );
            results.set(check, { result: evaluateAds(valueOrNull(flagged), names), error: errorOf(flagged) });
            break;
          }
          case 'cpl':
            results.set(check, {
              result: evaluateCpl(
                { today: valueOrNull(todayRows), trailing: valueOrNull(trailingRows) },
                settingsOf('cpl', stored),
                previousKeys(check),
              ),
              error: errorOf(todayRows, trailingRows),
            });
            break;
        }
      } catch (error) {
        logger.error({ check, err: { message: (error as Error).message } }, 'watchdog check failed');
        results.set(check, {
          result: { check, state: 'unknown', summary: 'The check failed; see the log.', conditions: [] },
          error: (error as Error).message,
        });
      }
    }

    const mutes = readMutes(db, now);
    const outcome: WatchdogRunResult = {
      at: now,
      checks: [],
      alertsPosted: 0,
      resolvedPosted: 0,
      failedPosts: 0,
      graphCalls: 0,
    };
    for (const check of CHECK_NAMES) {
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
          memo: statuses.get(check)?.memo ?? {},
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
        memo: (evaluated.memo as Record<string, unknown> | undefined) ?? statuses.get(check)?.memo ?? {},
      });
      outcome.checks.push({ check, state, summary: result.summary });
      const due = dueAnnouncements(records, mutes.get(check)?.until ?? null, now);
      const info = {
        check,
        checkTitle: CHECK_DEFINITIONS[check].title,
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

  /** The 14 whole days before today, per campaign: read once per local date. */
  private async trailingFigures(today: string): Promise<CampaignFigures[]> {
    if (this.trailing?.date === today) return this.trailing.rows;
    const rows = await this.deps.reader.campaignFigures(addDays(today, -TRAILING_DAYS), addDays(today, -1));
    this.trailing = { date: today, rows };
    return rows;
  }

  private async droughtFigures(
    stored: StoredSettings,
    now: number,
    timezone: string,
    watchingSince: number,
    todayRows: Outcome<CampaignFigures[]> | null,
  ) {
    const { db, reader } = this.deps;
    const settings = settingsOf('drought', stored);
    const lastLeadAt = newestLeadTime(db);
    const history = leadTimesSince(db, now - (settings.learn_weeks * 7 + 1) * DAY_MS);
    const usualSilenceMs = usualSilence(history, now, settings.learn_weeks, timezone);
    const from = silenceStart({ lastLeadAt, watchingSince });
    let spendSinceCents: number | null = null;
    let error: string | null = null;
    // Spend matters only once the silence is long enough to be a drought.
    if (now - from > droughtThresholdMs(usualSilenceMs, settings)) {
      if (!todayRows?.ok) error = errorOf(todayRows) ?? 'today’s spend unknown';
      else {
        const todaySpend = todayRows.value.reduce((sum, row) => sum + row.spendCents, 0);
        const today = todayIn(timezone, now);
        if (from >= startOfLocalDay(today, timezone))
          spendSinceCents = spendSince(from, now, timezone, todaySpend, []);
        else {
          const oldest = addDays(today, -MAX_SPEND_LOOKBACK_DAYS);
          const fromDate = todayIn(timezone, from);
          const daily = await attempt(() =>
            reader.dailySpend([fromDate, oldest].sort()[1] ?? fromDate, addDays(today, -1)),
          );
          if (daily.ok) spendSinceCents = spendSince(from, now, timezone, todaySpend, daily.value);
          else error = daily.error;
        }
      }
    }
    return {
      figures: { now, timezone, lastLeadAt, watchingSince, usualSilenceMs, spendSinceCents },
      error,
    };
  }

  /**
   * The token as Meta last described it. debug_token is called daily, for a new token, and
   * every run while something is wrong (so a fix shows within a run); in between, expiry is
   * judged from the last answer. A 190 on any call this run counts as a refusal at once.
   */
  private async readToken(
    status: CheckStatus | undefined,
    now: number,
  ): Promise<{ memo: TokenMemo; error: string | null }> {
    const previous = (status?.memo ?? {}) as Partial<TokenMemo>;
    const memo: TokenMemo = {
      info: previous.info ?? null,
      checkedAt: previous.checkedAt ?? null,
      refused: previous.refused ?? null,
      fingerprint: previous.fingerprint ?? null,
    };
    const graph = this.deps.graphStatus();
    const troubled =
      memo.refused !== null ||
      graph.token === 'invalid' ||
      (memo.info !== null &&
        (!memo.info.isValid ||
          missingScopes(memo.info, this.deps.reader.accountId.replace(/^act_/, ''), this.deps.pageIds)
            .length > 0));
    const due =
      memo.checkedAt === null ||
      now - memo.checkedAt >= TOKEN_RECHECK_MS ||
      memo.fingerprint !== this.fingerprint ||
      troubled;
    let error: string | null = null;
    if (due) {
      try {
        memo.info = await this.deps.tokenDebug.inspect();
        memo.refused = null;
        memo.checkedAt = now;
        memo.fingerprint = this.fingerprint;
      } catch (thrown) {
        if (thrown instanceof MetaError && thrown.code === ErrorCode.MetaTokenInvalid) {
          memo.refused = thrown.details.graphMessage;
          memo.checkedAt = now;
          memo.fingerprint = this.fingerprint;
        } else error = userMessageOf(thrown);
      }
    }
    const after = this.deps.graphStatus();
    if (memo.refused === null && after.token === 'invalid')
      memo.refused = after.lastError ?? 'Meta refused the token (code 190).';
    return { memo, error };
  }
}
