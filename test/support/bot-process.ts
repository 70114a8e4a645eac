import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { GraphEmulator, SandboxLead } from '../../src/sandbox/graph-emulator.js';
import { leadgenBody, metaSerialise } from '../../src/sandbox/meta-webhooks.js';
import type { SlackEmulator } from './slack-emulator.js';
import { startEnv, startNodeFlags } from './start-flags.js';
import { APP_SECRET } from './test-bot.js';

export interface BotProcess {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  coldStartMs: number;
  stop(): Promise<void>;
  /** kill -9: no shutdown, nothing flushed beyond what is already on disk. */
  kill(): Promise<void>;
}

/**
 * Starts the bot as its own process and waits until /healthz says ok: `dist/src/main.js`
 * as `npm start` runs it (the benchmark), or `src/main.ts` through tsx (tests).
 */
export async function startBotProcess(
  env: Record<string, string>,
  port: number,
  entry: 'dist' | 'source' = 'dist',
): Promise<BotProcess> {
  const started = performance.now();
  const args =
    entry === 'dist' ? [...startNodeFlags(), 'dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...(entry === 'dist' ? startEnv() : {}), ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('bot did not become healthy within 45 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const coldStartMs = performance.now() - started;
  return {
    child,
    url,
    coldStartMs,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
    async kill() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

/** A port that was free a moment ago (the child binds it itself). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/** The settings of a bot process wired to these emulators, its database in `dir` (the crash tests). */
export function crashEnv(graph: GraphEmulator, slack: SlackEmulator, dir: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'crash-secret',
    SLACK_API_URL: slack.apiUrl,
    META_ACCESS_TOKEN: graph.accessToken,
    META_AD_ACCOUNT_ID: graph.account.id,
    META_APP_SECRET: APP_SECRET,
    META_GRAPH_URL: graph.url,
    DATABASE_PATH: join(dir, 'leadops.sqlite'),
    REPORT_CHANNEL: '#leads',
    LOG_LEVEL: 'silent',
  };
}

/** A new lead named `fullName` in the emulator, and the raw leadgen webhook Meta would send for it. */
export function leadWebhook(graph: GraphEmulator, fullName: string): { lead: SandboxLead; raw: string } {
  const lead = graph.addLead({ fields: { full_name: fullName } });
  const raw = metaSerialise(
    leadgenBody(
      [{ pageId: graph.account.pages[0]?.id ?? '', changes: [{ leadId: lead.id, formId: lead.formId }] }],
      graph.now(),
    ),
  );
  return { lead, raw };
}
