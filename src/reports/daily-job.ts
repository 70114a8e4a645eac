import { randomUUID } from 'node:crypto';
import type { Account, AccountId, FallbackChannels } from '../accounts/account.js';
import { channelFor } from '../accounts/account.js';
import { addDays, type LocalDate, todayIn } from '../dates/calendar.js';
import {
  claimReportRun,
  getReportRun,
  lastPostedReportDate,
  markReportDone,
  markReportPosted,
  ROLL_UP_KEY,
  releaseReportRun,
} from '../db/report-runs.js';
import { readSetting, writeSetting } from '../db/settings.js';
import { markServedFromStart } from '../db/started-at.js';
import type { Logger } from '../log.js';
import { dailyReportMetadata } from '../messages/metadata.js';
import { buildRollUpReply } from '../messages/roll-up.js';
import { prepareReport, type ReportDeps, saveChart, uploadChart } from './publish.js';
import { buildRollUp, type RollUpEntry, rollUpDue, rollUpRun, summaryOf } from './roll-up.js';
import {
  catchUpDecision,
  type ReportSchedule,
  reportDateAt,
  reportScheduleFor,
  scheduleZones,
} from './schedule.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A missed or failed daily report is looked at again this often (the same day only). */
export const REPORT_CATCH_UP_CRON = '*/15 * * * *';
/** When this database first ran an account's report schedule: slots before it were never missed. */
const scheduledSinceKey = (accountId: AccountId) => `report.scheduledSince@${accountId}`;
/** Attempts per report date before LeadOps stops trying (a channel that does not exist, say). */
export const MAX_REPORT_ATTEMPTS = 5;
/** A report is only caught up the same day: a day and a little of the channel's history covers any earlier post. */
const REPORT_HISTORY_MS = 26 * 3_600_000;

export interface DailyReportJobOptions extends ReportDeps {
  logger: Logger;
  /** The served accounts (readable ones, and every id, readable or not). */
  accounts: ReportDeps['accounts'] & { statuses(): readonly { id: AccountId }[] };
  /** REPORT_CRON, read in each account's own time zone… */
  expression: string;
  /** …unless TIMEZONE is set: then in it, for every account. */
  timezone: string | null;
  /** An account without a home channel posts to `report`; the roll-up always goes there. */
  channels: FallbackChannels;
  /** Where chart PNGs are saved. */
  directory: string;
  /** LeadOps' first start on this database: the accounts served now are served from its start. */
  firstStart?: boolean;
  maxAttempts?: number;
}

export type DailyReportOutcome =
  | { posted: true; reportDate: LocalDate; resumed: boolean; chartPath: string }
  | {
      posted: false;
      reportDate: LocalDate | null;
      reason:
        | 'done'
        | 'in progress'
        | 'gave up'
        | 'no slot yet today'
        | 'slot before LeadOps was running'
        | 'already posted';
    }
  /** This account's report failed (Meta refused, Slack failed); the others went on. */
  | { posted: false; reportDate: LocalDate; reason: 'failed'; error: unknown };

export type RollUpOutcome =
  | { posted: true; reportDate: LocalDate; accounts: number }
  | { posted: false; reportDate: LocalDate; reason: 'waiting' | 'done' | 'in progress' | 'gave up' }
  | { posted: false; reportDate: LocalDate; reason: 'failed'; error: unknown };

/** One trigger's work: each account's report, then the roll-up (several accounts only). */
export interface DailyReportsResult {
  /** How many accounts were served when the trigger ran. */
  served: number;
  reports: { accountId: AccountId; outcome: DailyReportOutcome }[];
  rollUps: RollUpOutcome[];
}

/**
 * What `runJob('report' | 'report-catch-up')` answers: with one account, that account's
 * outcome, as a single-account LeadOps always answered (its failure thrown); else everything.
 */
export function jobResult(result: DailyReportsResult): DailyReportOutcome | DailyReportsResult {
  const [only] = result.reports;
  if (result.served !== 1 || result.reports.length !== 1 || !only) return result;
  const { outcome } = only;
  if (!outcome.posted && outcome.reason === 'failed') throw outcome.error;
  return outcome;
}

/**
 * The daily report, one per ad account and report date, in the account's home channel: claimed
 * in SQLite before posting, so two triggers (the schedule and the catch-up, or two processes'
 * worth of restarts) post it once. With several accounts, one roll-up per morning follows in
 * REPORT_CHANNEL. Runs in this process are queued one after another; one account failing
 * never stops the others.
 */
export class DailyReportJob {
  /** This process run: a claim by another owner was left by a run that is gone. */
  readonly owner = randomUUID();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DailyReportJobOptions) {
    if (options.firstStart)
      markServedFromStart(
        options.db,
        options.accounts.statuses().map((status) => status.id),
        options.clock.nowMilliseconds(),
      );
  }

  /** An account's schedule: REPORT_CRON in its own zone, or in TIMEZONE when set. */
  scheduleFor(account: Account): ReportSchedule {
    return reportScheduleFor(account, this.options.expression, this.options.timezone);
  }

  /** The zones the schedule runs in now (accounts sharing a zone share one task). */
  zones(): string[] {
    return [...scheduleZones(this.options.accounts.served(), this.options.timezone).keys()];
  }

  /**
   * What REPORT_CRON runs (in `zone`, for the accounts scheduled there; all when no zone):
   * each account's yesterday (its own), unless already posted; then the roll-up when due.
   */
  run(zone?: string): Promise<DailyReportsResult> {
    return this.serial(async () => {
      const served = this.options.accounts.served();
      const accounts =
        zone === undefined ? served : served.filter((account) => this.scheduleFor(account).timezone === zone);
      const reports = [];
      for (const account of accounts) {
        const reportDate = reportDateAt(this.options.clock.nowMilliseconds(), account.timezone);
        reports.push({ accountId: account.id, outcome: await this.attempt(account, reportDate, 'schedule') });
      }
      return { served: served.length, reports, rollUps: await this.rollUps(served, reports, 'schedule') };
    });
  }

  /**
   * At start-up and every quarter hour: each account's report of today's slot, if its time has
   * passed and it is not posted yet (an account connected since gets its first at its next slot).
   */
  catchUp(): Promise<DailyReportsResult> {
    return this.serial(async () => {
      const { db, clock } = this.options;
      const served = this.options.accounts.served();
      const reports = [];
      for (const account of served) {
        const now = clock.nowMilliseconds();
        const decision = catchUpDecision(
          now,
          this.scheduleFor(account),
          account.timezone,
          lastPostedReportDate(db, account.id),
          this.scheduledSince(account.id, now),
        );
        const outcome: DailyReportOutcome = decision.due
          ? await this.attempt(account, decision.reportDate, 'catch-up')
          : { posted: false, reportDate: decision.reportDate, reason: decision.reason };
        reports.push({ accountId: account.id, outcome });
      }
      return { served: served.length, reports, rollUps: await this.rollUps(served, reports, 'catch-up') };
    });
  }

  /** Resolves when nothing is running (shutdown). */
  async idle(): Promise<void> {
    await this.tail;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** When the account's schedule began; recorded the first time it is asked. */
  private scheduledSince(accountId: AccountId, now: number): number {
    const key = scheduledSinceKey(accountId);
    const since = readSetting<number>(this.options.db, key);
    if (since !== null) return since;
    writeSetting(this.options.db, key, now, now);
    return now;
  }

  /** One account's report, its failure caught (and logged) so the next account still gets its own. */
  private async attempt(
    account: Account,
    reportDate: LocalDate,
    trigger: string,
  ): Promise<DailyReportOutcome> {
    try {
      return await this.post(account, reportDate, trigger);
    } catch (error) {
      this.options.logger.warn(
        { account: account.id, reportDate, trigger, err: { message: messageOf(error) } },
        'daily report failed',
      );
      return { posted: false, reportDate, reason: 'failed', error };
    }
  }

  private async post(account: Account, reportDate: LocalDate, trigger: string): Promise<DailyReportOutcome> {
    const { db, clock, logger, messenger } = this.options;
    const claim = claimReportRun(
      db,
      account.id,
      reportDate,
      this.owner,
      trigger,
      clock.nowMilliseconds(),
      this.options.maxAttempts ?? MAX_REPORT_ATTEMPTS,
    );
    if (!claim.claimed) {
      if (claim.reason === 'gave up')
        logger.warn(
          { account: account.id, reportDate, lastError: claim.run.lastError },
          'daily report: gave up after repeated failures',
        );
      return { posted: false, reportDate, reason: claim.reason };
    }
    try {
      const yesterday = addDays(todayIn(account.timezone, clock.nowMilliseconds()), -1);
      const range = {
        since: reportDate,
        until: reportDate,
        preset: reportDate === yesterday ? 'yesterday' : null,
      };
      const prepared = await prepareReport(this.options, account, range);
      const chartPath = saveChart(this.options.directory, prepared.chart);
      // A run that got as far as the message resumes with the chart: the message is never posted twice.
      const channel = channelFor(account, 'report', this.options.channels);
      let channelId = claim.run.messageRef ? messenger.channelOf(claim.run.messageRef) : channel;
      if (claim.run.state === 'claimed') {
        // An earlier attempt may have posted it before dying (or before its answer was lost): look first.
        const metadata = dailyReportMetadata(account.id, reportDate);
        const earlier =
          claim.run.attempts > 1
            ? await messenger.findPosted(channel, metadata, clock.nowMilliseconds() - REPORT_HISTORY_MS)
            : null;
        if (earlier)
          logger.info(
            { account: account.id, reportDate },
            'daily report was already posted: recorded, not posted again',
          );
        const posted = earlier ?? (await messenger.post(channel, prepared.message, { metadata }));
        markReportPosted(
          db,
          account.id,
          reportDate,
          this.owner,
          posted,
          clock.nowMilliseconds(),
          summaryOf(prepared.report),
        );
        channelId = messenger.channelOf(posted);
      }
      await uploadChart(messenger, channelId, prepared.chart);
      markReportDone(db, account.id, reportDate, this.owner, clock.nowMilliseconds());
      const resumed = claim.run.attempts > 1;
      logger.info(
        { account: account.id, reportDate, trigger, resumed, attempt: claim.run.attempts },
        'daily report posted',
      );
      return { posted: true, reportDate, resumed, chartPath };
    } catch (error) {
      releaseReportRun(db, account.id, reportDate, this.owner, messageOf(error));
      throw error;
    }
  }

  /** After a trigger's reports: the roll-up of each date they were about, once all its accounts are in. */
  private async rollUps(
    served: readonly Account[],
    reports: readonly { outcome: DailyReportOutcome }[],
    trigger: string,
  ): Promise<RollUpOutcome[]> {
    if (served.length < 2) return [];
    const dates = [
      ...new Set(reports.flatMap(({ outcome }) => (outcome.reportDate ? [outcome.reportDate] : []))),
    ].sort();
    const outcomes: RollUpOutcome[] = [];
    for (const reportDate of dates) {
      try {
        outcomes.push(await this.rollUp(served, reportDate, trigger));
      } catch (error) {
        this.options.logger.warn(
          { reportDate, trigger, err: { message: messageOf(error) } },
          'daily roll-up failed',
        );
        outcomes.push({ posted: false, reportDate, reason: 'failed', error });
      }
    }
    return outcomes;
  }

  private async rollUp(
    served: readonly Account[],
    reportDate: LocalDate,
    trigger: string,
  ): Promise<RollUpOutcome> {
    const { db, clock, messenger } = this.options;
    const now = clock.nowMilliseconds();
    const entries: RollUpEntry[] = served.map((account) => ({
      account,
      schedule: this.scheduleFor(account),
      scheduledSince: readSetting<number>(db, scheduledSinceKey(account.id)),
      run: rollUpRun(getReportRun(db, account.id, reportDate), messenger),
    }));
    if (!rollUpDue(now, reportDate, entries)) return { posted: false, reportDate, reason: 'waiting' };
    const claim = claimReportRun(
      db,
      ROLL_UP_KEY,
      reportDate,
      this.owner,
      trigger,
      now,
      this.options.maxAttempts ?? MAX_REPORT_ATTEMPTS,
    );
    if (!claim.claimed) return { posted: false, reportDate, reason: claim.reason };
    try {
      const rollUp = buildRollUp(now, reportDate, entries);
      const posted = await messenger.post(this.options.channels.report, buildRollUpReply(rollUp));
      markReportPosted(db, ROLL_UP_KEY, reportDate, this.owner, posted, clock.nowMilliseconds());
      markReportDone(db, ROLL_UP_KEY, reportDate, this.owner, clock.nowMilliseconds());
      this.options.logger.info(
        { reportDate, trigger, accounts: rollUp.lines.length },
        'daily roll-up posted',
      );
      return { posted: true, reportDate, accounts: rollUp.lines.length };
    } catch (error) {
      releaseReportRun(db, ROLL_UP_KEY, reportDate, this.owner, messageOf(error));
      throw error;
    }
  }
}
