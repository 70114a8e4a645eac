import type { Account } from '../src/accounts/account.js';
import { renderSpendCplChart } from '../src/charts/spend-cpl-chart.js';
import { systemClock } from '../src/clock.js';
import { todayIn } from '../src/dates/calendar.js';
import { resolvePreset } from '../src/dates/ranges.js';
import { openDatabase } from '../src/db/open.js';
import { silentLogger } from '../src/log.js';
import type { Messenger } from '../src/messages/messenger.js';
import { buildReportReply } from '../src/messages/report.js';
import { AdAccount } from '../src/meta/ad-account.js';
import { GraphClient } from '../src/meta/graph-client.js';
import { buildDailyReport } from '../src/reports/daily-report.js';
import { fetchReportRows } from '../src/reports/fetch.js';
import { prepareReport } from '../src/reports/publish.js';
import { reportWindow } from '../src/reports/window.js';
import { createSandboxAccount } from '../src/sandbox/account.js';
import { startGraphEmulator } from '../src/sandbox/graph-emulator.js';
import { ms, percentile } from './stats.js';

const CAMPAIGNS = 50;
const ADSETS_PER_CAMPAIGN = 10;
const LATENCY_MS = 300;

/** The daily report for a 50-campaign / 500-ad-set sandbox account: Graph calls, build time, chart time. */
export async function benchReport(): Promise<void> {
  const account = createSandboxAccount({ campaigns: CAMPAIGNS, adsetsPerCampaign: ADSETS_PER_CAMPAIGN });
  const graph = await startGraphEmulator({ account, appSecret: 'bench-app-secret' });
  const client = new GraphClient({
    graphUrl: graph.url,
    apiVersion: null,
    accessToken: graph.accessToken,
    appSecret: 'bench-app-secret',
    cacheTtlMs: 0,
    timeoutMs: 30_000,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    clock: systemClock,
    logger: silentLogger,
  });
  const adAccount = new AdAccount(client, account.id, account.currency);
  const db = openDatabase(':memory:');
  const info: Account = {
    id: account.id,
    name: account.name,
    timezone: account.timezone,
    currency: account.currency,
    homeChannel: null,
    pixelId: null,
  };
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  const messenger: Messenger = {
    post: unused,
    update: unused,
    postEphemeral: unused,
    uploadFile: unused,
    findPosted: unused,
    channelOf: (): never => {
      throw new Error('not used');
    },
  };
  const deps = {
    db,
    clock: systemClock,
    adAccountOf: () => adAccount,
    accounts: { served: () => [info] },
    messenger,
  };
  const yesterday = resolvePreset('yesterday', todayIn(account.timezone, Date.now()));
  try {
    await prepareReport(deps, info, yesterday); // warm-up
    graph.resetCalls();
    const prepared = await prepareReport(deps, info, yesterday);
    const insightCalls = graph.calls.filter((c) => c.path.endsWith('/insights')).length;
    const allCalls = graph.calls.length;

    const builds: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await prepareReport(deps, info, yesterday);
      builds.push(performance.now() - started);
    }
    graph.setLatency(LATENCY_MS);
    const slowBuilds: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await prepareReport(deps, info, yesterday);
      slowBuilds.push(performance.now() - started);
    }
    graph.setLatency(0);

    const window = reportWindow(yesterday, todayIn(account.timezone, Date.now()));
    const rows = await fetchReportRows(adAccount, window);
    const computes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const report = buildDailyReport({
        window,
        timezone: account.timezone,
        accountName: account.name,
        currency: account.currency,
        nowMilliseconds: Date.now(),
        ...rows,
        firstWholeDay: window.range.since,
        receivedLeads: 0,
      });
      buildReportReply(report);
      computes.push(performance.now() - started);
    }

    const charts: number[] = [];
    let pngBytes = 0;
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      pngBytes = (
        await renderSpendCplChart(prepared.report.chart.days, prepared.chart.title, {
          currency: account.currency,
        })
      ).length;
      charts.push(performance.now() - started);
    }

    console.log(
      `\nDaily report — sandbox account of ${CAMPAIGNS} campaigns / ${CAMPAIGNS * ADSETS_PER_CAMPAIGN} ad sets`,
    );
    console.log(
      `  Graph calls per report       ${insightCalls} insights (${allCalls} in all)   (goal ≤ 3; the guide's sample: 1 + ${CAMPAIGNS} = ${CAMPAIGNS + 1})`,
    );
    console.log(
      `  rows read                    ${rows.accountDays.length} account days, ${rows.campaigns.length} campaign, ${rows.adsets.length} ad set rows`,
    );
    console.log(
      `  report build, end to end     p50 ${ms(percentile(builds, 50))}  max ${ms(Math.max(...builds))}   (Graph calls + lead count + blocks + chart)`,
    );
    console.log(
      `  …with ${LATENCY_MS} ms Graph latency   p50 ${ms(percentile(slowBuilds, 50))}   (the three calls run at once)`,
    );
    console.log(`  figures → blocks only        p50 ${ms(percentile(computes, 50))}`);
    console.log(
      `  chart render (SVG → PNG)     p50 ${ms(percentile(charts, 50))}  max ${ms(Math.max(...charts))}   ${(pngBytes / 1024).toFixed(0)} KB`,
    );
  } finally {
    db.close();
    client.close();
    await graph.close();
  }
}
