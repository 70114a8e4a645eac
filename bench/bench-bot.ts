import type { Clock } from '../src/clock.js';
import {
  type GraphEmulator,
  type GraphEmulatorOptions,
  startGraphEmulator,
} from '../src/sandbox/graph-emulator.js';
import { type SlackEmulator, startSlackEmulator } from '../test/support/slack-emulator.js';
import { APP_SECRET, startTestBot, type TestBot } from '../test/support/test-bot.js';

export interface BenchBot {
  bot: TestBot;
  graph: GraphEmulator;
  slack: SlackEmulator;
  /** Stops the bot and both emulators. */
  stop(): Promise<void>;
}

/** A Graph emulator on `clock` (its app secret the bot's). */
export function startBenchGraph(clock: Clock, options: GraphEmulatorOptions): Promise<GraphEmulator> {
  return startGraphEmulator({ appSecret: APP_SECRET, now: () => clock.nowMilliseconds(), ...options });
}

/** The bot on `graph` and a Slack emulator of its own; U0BENCH approves in #approvals; only warnings logged. */
export async function startBenchBot(clock: Clock, graph: GraphEmulator): Promise<BenchBot> {
  const slack = await startSlackEmulator();
  const bot = await startTestBot({
    clock,
    graph,
    slack,
    env: { APPROVERS: 'U0BENCH', APPROVALS_CHANNEL: '#approvals', META_PAGE_ID: '', LOG_LEVEL: 'warn' },
  });
  return {
    bot,
    graph,
    slack,
    async stop() {
      await bot.stop();
      await slack.close();
      await graph.close();
    },
  };
}

/** The rules run once on the bot's first account with `latencyMs` of Graph latency: its summary, time and Graph reads. */
export async function timedRulesRun(bench: BenchBot, latencyMs: number) {
  const { services } = bench.bot.leadops;
  const [account] = services.accounts.served();
  if (!account) throw new Error('the sandbox account was not read');
  bench.graph.setLatency(latencyMs);
  bench.graph.resetCalls();
  const started = performance.now();
  const summary = await services.rules.run(account, 'bench');
  const evaluationMs = performance.now() - started;
  const reads = bench.graph.calls.filter((c) => c.method === 'GET');
  return { services, account, summary, evaluationMs, reads };
}
