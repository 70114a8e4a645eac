import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Account, channelFor } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { addDays, firstWholeDay, formatDateRange, startOfLocalDay, todayIn } from '../dates/calendar.js';
import type { DateRange } from '../dates/ranges.js';
import { speedGroups } from '../db/lead-speed-stats.js';
import type { Database } from '../db/open.js';
import { accountStartedAt } from '../db/started-at.js';
import { countAdLeadsCreatedBetween } from '../db/watchdog-state.js';
import type { ChannelMessage, MessageRef, Messenger } from '../messages/messenger.js';
import { buildReportReply } from '../messages/report.js';
import type { AdAccount } from '../meta/ad-account.js';

import { buildDailyReport, comparedDays, type DailyReport } from './daily-report.js';
import { fetchReportRows } from './fetch.js';
import { reportWindow } from './window.js';

/** Where the terminal demo "posts" the report when no REPORT_CHANNEL is set. */
export const TERMINAL_REPORT_CHANNEL = '#reports';

/** What building and posting a report needs; Services provides all of it. */
export interface ReportDeps {
  db: Database;
  clock: Clock;
  /** Meta's insights of one account, its spend read in the account's currency. */
  adAccountOf(account: Account): Pick<AdAccount, 'periodInsights'>;
  messenger: Messenger;
  /** How many accounts are served: with one, its leads without an account are its own. */
  accounts: { served(): readonly Account[] };
  /** SPEED_SLA_MINUTES, for the report's speed line (default 5). */
  slaMinutes?: number;
}

export interface ReportChart {
  filename: string;
  title: string;
  png: Buffer;
}

export interface PreparedReport {
  report: DailyReport;
  message: ChannelMessage;
  chart: ReportChart;
}

export function reportChannel(config: Pick<Config, 'channels'>): string {
  return config.channels.report ?? TERMINAL_REPORT_CHANNEL;
}

/** Where an account's report goes: its home channel, else REPORT_CHANNEL (`#reports` in the terminal). */
export function reportChannelFor(account: Account, config: Pick<Config, 'channels'>): string {
  const report = reportChannel(config);
  return channelFor(account, 'report', {
    report,
    leads: config.channels.leads ?? report,
    approvals: config.channels.approvals ?? report,
  });
}

/** `data/reports/` next to the database (so `data/reports/` for the default paths). */
export function reportsDirectory(config: Pick<Config, 'databasePath'>): string {
  const base = config.databasePath === ':memory:' ? 'data/leadops.sqlite' : config.databasePath;
  return resolve(dirname(base), 'reports');
}

/** `leadops-report-2026-11-28.png`; with several accounts, the account's id in it too. */
function chartFilename(range: DateRange, accountId: string | null): string {
  const dates = range.since === range.until ? range.until : `${range.since}_${range.until}`;
  return `leadops-report-${accountId ? `${accountId}-` : ''}${dates}.png`;
}

/**
 * One account's report: reads Meta (three calls, in the account's currency) and LeadOps' own
 * lead store, then builds the message and the chart, dates in the account's time zone.
 */
export async function prepareReport(
  deps: Omit<ReportDeps, 'messenger'>,
  account: Account,
  range: DateRange,
): Promise<PreparedReport> {
  const now = deps.clock.nowMilliseconds();
  const today = todayIn(account.timezone, now);
  const window = reportWindow(range, today);
  const rows = await fetchReportRows(deps.adAccountOf(account), window);
  const single = deps.accounts.served().length <= 1;
  // Leads before LeadOps served the account never reached the store: compare from its first whole day.
  const firstDay = firstWholeDay(accountStartedAt(deps.db, account.id, now), account.timezone);
  const compared = comparedDays(range, firstDay);
  // The same count the watchdog compares: leads from ads, as Meta's insights count them.
  const receivedLeads = compared
    ? countAdLeadsCreatedBetween(
        deps.db,
        startOfLocalDay(compared.since, account.timezone),
        startOfLocalDay(addDays(compared.until, 1), account.timezone),
        { accountId: account.id, unattributed: single },
      )
    : 0;
  // Speed to lead over the range's leads: the same figures as /leads speed, from SQLite.
  const slaMinutes = deps.slaMinutes ?? 5;
  const speed = speedGroups(deps.db, {
    from: startOfLocalDay(range.since, account.timezone),
    to: startOfLocalDay(addDays(range.until, 1), account.timezone),
    accountId: single ? null : account.id,
    slaMinutes,
    now,
  }).total;
  const report = buildDailyReport({
    window,
    timezone: account.timezone,
    accountName: account.name,
    currency: account.currency,
    nowMilliseconds: now,
    ...rows,
    firstWholeDay: firstDay,
    receivedLeads,
    speed: { figures: speed, slaMinutes },
  });
  const { text, blocks } = buildReportReply(report);
  const period = formatDateRange(report.chart.period.since, report.chart.period.until);
  const title = `Spend and cost per lead · ${period}`;
  // ECharts and resvg are loaded on the first report, not at start-up: most of the day the bot needs neither.
  const { renderSpendCplChart } = await import('../charts/spend-cpl-chart.js');
  return {
    report,
    message: { text, blocks },
    chart: {
      filename: chartFilename(range, single ? null : account.id),
      title,
      png: await renderSpendCplChart(report.chart.days, title, {
        currency: account.currency,
        today,
        reported: range,
      }),
    },
  };
}

/** Writes the chart PNG into `directory` (created if needed); returns its absolute path. */
export function saveChart(directory: string, chart: ReportChart): string {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, chart.filename);
  writeFileSync(path, chart.png);
  return path;
}

export function uploadChart(messenger: Messenger, channel: string, chart: ReportChart): Promise<void> {
  return messenger.uploadFile(channel, { filename: chart.filename, title: chart.title, bytes: chart.png });
}

export interface Published {
  posted: MessageRef;
  chartPath: string;
  report: DailyReport;
}

/** One account's report now, for any range: message, then the chart under it (also saved in `directory`). */
export async function publishReport(
  deps: ReportDeps,
  account: Account,
  channel: string,
  range: DateRange,
  directory: string,
): Promise<Published> {
  const prepared = await prepareReport(deps, account, range);
  const chartPath = saveChart(directory, prepared.chart);
  const posted = await deps.messenger.post(channel, prepared.message);
  await uploadChart(deps.messenger, deps.messenger.channelOf(posted), prepared.chart);
  return { posted, chartPath, report: prepared.report };
}
