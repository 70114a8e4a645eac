import { randomUUID } from 'node:crypto';
import { addDays, type LocalDate, todayIn } from '../dates/calendar.js';
import {
  claimReportRun,
  lastPostedReportDate,
  markReportDone,
  markReportPosted,
  releaseReportRun,
} from '../db/report-runs.js';
import { readSetting, writeSetting } from '../db/settings.js';
import type { Logger } from '../log.js';
import { prepareReport, type ReportDeps, saveChart, uploadChart } from './publish.js';
import { catchUpDecision, type ReportSchedule, reportDateAt } from './schedule.js';

/** A missed or failed daily report is looked at again this often (the same day only). */
export const REPORT_CATCH_UP_CRON = '*/15 * * * *';
/** When this database first ran the report schedule: slots before it were never missed. */
const SCHEDULED_SINCE_KEY = 'report.scheduledSince';
/** Attempts per report date before LeadOps stops trying (a channel that does not exist, say). */
export const MAX_REPORT_ATTEMPTS = 5;

export interface DailyReportJobOptions extends ReportDeps {
  logger: Logger;
  channel: string;
  schedule: ReportSchedule;
  /** Where chart PNGs are saved. */
  directory: string;
  maxAttempts?: number;
}

export type DailyReportOutcome =
  | { posted: true; reportDate: LocalDate; resumed: boolean; chartPath: string }
  | { posted: false; reportDate: LocalDate | null; reason: string };

/**
 * The daily report, posted once per report date: claimed in SQLite before posting, so two
 * triggers (the schedule and the catch-up, or two processes' worth of restarts) post it once.
 * Runs in this process are queued one after another.
 */
export class DailyReportJob {
  /** This process run: a claim by another owner was left by a run that is gone. */
  readonly owner = randomUUID();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DailyReportJobOptions) {}

  /** What REPORT_CRON runs: yesterday's report (the account's yesterday), unless it is already posted. */
  run(): Promise<DailyReportOutcome> {
    return this.serial(async () => {
      const { timezone } = await this.options.accountProfile.get();
      return this.post(reportDateAt(this.options.clock.nowMilliseconds(), timezone), 'schedule');
    });
  }

  /** At start-up and every quarter hour: today's report, if its time has passed and it is not posted yet. */
  catchUp(): Promise<DailyReportOutcome> {
    return this.serial(async () => {
      const { db, clock } = this.options;
      const now = clock.nowMilliseconds();
      let scheduledSince = readSetting<number>(db, SCHEDULED_SINCE_KEY);
      if (scheduledSince === null) {
        scheduledSince = now;
        writeSetting(db, SCHEDULED_SINCE_KEY, now, now);
      }
      const { timezone } = await this.options.accountProfile.get();
      const decision = catchUpDecision(
        now,
        this.options.schedule,
        timezone,
        lastPostedReportDate(db),
        scheduledSince,
      );
      if (!decision.due) return { posted: false, reportDate: decision.reportDate, reason: decision.reason };
      return this.post(decision.reportDate, 'catch-up');
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

  private async post(reportDate: LocalDate, trigger: string): Promise<DailyReportOutcome> {
    const { db, clock, logger, messenger } = this.options;
    const claim = claimReportRun(
      db,
      reportDate,
      this.owner,
      trigger,
      clock.nowMilliseconds(),
      this.options.maxAttempts ?? MAX_REPORT_ATTEMPTS,
    );
    if (!claim.claimed) {
      if (claim.reason === 'gave up')
        logger.warn(
          { reportDate, lastError: claim.run.lastError },
          'daily report: gave up after repeated failures',
        );
      return { posted: false, reportDate, reason: claim.reason };
    }
    try {
      const { timezone } = await this.options.accountProfile.get();
      const yesterday = addDays(todayIn(timezone, clock.nowMilliseconds()), -1);
      const range = {
        since: reportDate,
        until: reportDate,
        preset: reportDate === yesterday ? 'yesterday' : null,
      };
      const prepared = await prepareReport(this.options, range);
      const chartPath = saveChart(this.options.directory, prepared.chart);
      // A run that got as far as the message resumes with the chart: the message is never posted twice.
      let channelId = claim.run.channel ?? this.options.channel;
      if (claim.run.state === 'claimed') {
        const posted = await messenger.post(this.options.channel, prepared.message);
        markReportPosted(db, reportDate, this.owner, posted, clock.nowMilliseconds());
        channelId = posted.channel;
      }
      await uploadChart(messenger, channelId, prepared.chart);
      markReportDone(db, reportDate, this.owner, clock.nowMilliseconds());
      const resumed = claim.run.attempts > 1;
      logger.info({ reportDate, trigger, resumed, attempt: claim.run.attempts }, 'daily report posted');
      return { posted: true, reportDate, resumed, chartPath };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      releaseReportRun(db, reportDate, this.owner, message);
      throw error;
    }
  }
}
