import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGraphEmulator } from '../src/sandbox/graph-emulator.js';
import { freePort, startBotProcess } from '../test/support/bot-process.js';
import { startSlackEmulator } from '../test/support/slack-emulator.js';
import { signSlackRequest, slashCommandBody } from '../test/support/slack-signing.js';
import { postRaw } from './post.js';
import { inPool, ms, percentile } from './stats.js';

const SIGNING_SECRET = 'bench-signing-secret';

/** `/cpl` against the sandbox with 300 ms of Graph latency: ack, answer, Graph calls, memory, cold start. */
export async function benchCpl(): Promise<void> {
  const graph = await startGraphEmulator({ appSecret: 'bench-app-secret' });
  graph.setLatency(300);
  const slack = await startSlackEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'leadops-bench-'));
  const bot = await startBotProcess(
    {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      META_ACCESS_TOKEN: graph.accessToken,
      META_AD_ACCOUNT_ID: graph.account.id,
      META_APP_SECRET: 'bench-app-secret',
      META_GRAPH_URL: graph.url,
      DATABASE_PATH: join(dir, 'bench.sqlite'),
      REPORT_CHANNEL: '#bench',
      LOG_LEVEL: 'warn',
    },
    await freePort(),
  );
  let label = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 20 });
  const send = async (text: string) => {
    const name = `bench-${++label}`;
    const body = slashCommandBody({ command: '/cpl', text, responseUrl: slack.responseUrl(name) });
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(SIGNING_SECRET, body),
    };
    const sent = performance.now();
    const status = await postRaw(agent, `${bot.url}/slack/events`, body, headers);
    const ackMs = performance.now() - sent;
    if (status !== 200) throw new Error(`ack ${status}`);
    await slack.waitFor(() => slack.responses.find((r) => r.label === name), 30_000);
    return { ackMs, answerMs: performance.now() - sent };
  };
  try {
    await send('last_30d'); // warm-up
    graph.resetCalls();
    const uncached = await send('last_7d adsets');
    const uncachedCalls = graph.calls.length;
    graph.resetCalls();
    await send('last_7d adsets');
    const cachedCalls = graph.calls.length;

    const acks: number[] = [];
    const answers: number[] = [];
    await inPool(200, 20, async (i) => {
      const { ackMs, answerMs } = await send(i % 2 ? 'last_7d' : 'yesterday');
      acks.push(ackMs);
      answers.push(answerMs);
    });
    const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { memory: { rssBytes: number } };

    console.log('\n/cpl — sandbox account, 300 ms injected Graph latency');
    console.log(`  cold start to healthy        ${ms(bot.coldStartMs)}   (goal < 2 s)`);
    console.log(
      `  ack latency, 200 cmds × 20   p50 ${ms(percentile(acks, 50))}  p99 ${ms(percentile(acks, 99))}  max ${ms(Math.max(...acks))}   (goal p99 < 100 ms, all < 3 s)`,
    );
    console.log(
      `  time to answer               p50 ${ms(percentile(answers, 50))}  p99 ${ms(percentile(answers, 99))}`,
    );
    console.log(`  uncached /cpl answer         ${ms(uncached.answerMs)}`);
    console.log(
      `  Graph calls per /cpl         ${uncachedCalls} uncached, ${cachedCalls} cached   (goal 1 / 0)`,
    );
    console.log(
      `  RSS after warm-up            ${(health.memory.rssBytes / 1024 / 1024).toFixed(1)} MB   (goal < 150 MB)`,
    );
  } finally {
    agent.destroy();
    await bot.stop();
    await slack.close();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
