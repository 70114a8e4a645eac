import { createSandboxAccount } from '../src/sandbox/account.js';
import { startGraphEmulator } from '../src/sandbox/graph-emulator.js';
import type { WatchdogRunResult } from '../src/watchdog/runner.js';
import { startSlackEmulator } from '../test/support/slack-emulator.js';
import { APP_SECRET, startTestBot } from '../test/support/test-bot.js';
import { ms, percentile } from './stats.js';

const RUNS = 20;

/**
 * The watchdog on a 50-campaign / 500-ad-set sandbox account: Graph calls per run (the first
 * run reads the token and the 14-day baseline; later runs do not), and run time with and
 * without 300 ms of Graph latency. A handful of calls whatever the size of the account.
 */
export async function benchWatchdog(): Promise<void> {
  const account = createSandboxAccount({ campaigns: 50, adsetsPerCampaign: 10 });
  const graph = await startGraphEmulator({ account, appSecret: APP_SECRET });
  const slack = await startSlackEmulator();
  const bot = await startTestBot({
    graph,
    slack,
    env: { APPROVERS: 'U0BOSS', APPROVALS_CHANNEL: '#approvals', LOG_LEVEL: 'warn' },
  });
  const run = () => bot.leadops.runJob('watchdog') as Promise<WatchdogRunResult>;
  const paths = () =>
    [...new Set(graph.calls.map((call) => `${call.method} ${call.path.replace(/\d{6,}/g, '…')}`))].join(', ');
  try {
    // Let start-up work (the first lead poll) finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    graph.resetCalls();
    let started = performance.now();
    await run();
    const firstMs = performance.now() - started;
    const firstCalls = graph.calls.length;
    const firstPaths = paths();

    graph.resetCalls();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    const steadyCalls = graph.calls.length / RUNS;
    const steadyPaths = paths();

    // A problem going on (an ad disapproved, the account unsettled): one alert each, then quiet.
    graph.disapproveAd(account.ads[0]?.id ?? '');
    graph.setAccountHealth({ accountStatus: 3 });
    const alerting = await run();
    const quiet = await run();

    graph.setLatency(300);
    const slow: number[] = [];
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      await run();
      slow.push(performance.now() - started);
    }

    console.log(
      `\nwatchdog — sandbox account, ${account.campaigns.length} campaigns / ${account.adsets.length} ad sets / ${account.ads.length} ads`,
    );
    console.log(`  Graph calls, first run        ${firstCalls}   (${firstPaths})`);
    console.log(
      `  Graph calls, later runs       ${steadyCalls.toFixed(1)}   (${steadyPaths})   (goal: a handful, whatever the size)`,
    );
    console.log(
      `  run time, ${RUNS} runs            p50 ${ms(percentile(times, 50))}  max ${ms(Math.max(...times))}   (first ${ms(firstMs)})`,
    );
    console.log(
      `  run time, 300 ms Graph latency p50 ${ms(percentile(slow, 50))}  max ${ms(Math.max(...slow))}`,
    );
    console.log(
      `  alerts: a new problem → ${alerting.alertsPosted} messages; the next run → ${quiet.alertsPosted}   (goal 2 / 0)`,
    );
  } finally {
    await bot.stop();
    await slack.close();
    await graph.close();
  }
}
