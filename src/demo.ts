import { resolve } from 'node:path';
import { startLeadOps } from './app.js';
import { exitWithStartupError, loadDotEnv, stopOnSignals } from './cli.js';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { startGraphEmulator } from './sandbox/graph-emulator.js';

const SANDBOX_APP_SECRET = 'sandbox-app-secret';

/**
 * `npm run demo`: the bot against the built-in sandbox ad account (a Graph API emulator on
 * loopback), with no credentials. Without Slack tokens the chat happens in this terminal.
 */
async function demo(): Promise<void> {
  loadDotEnv();
  const sandbox = await startGraphEmulator({ appSecret: SANDBOX_APP_SECRET });
  const config = loadConfig({ PORT: '0', ...process.env }, 'demo', {
    graphUrl: sandbox.url,
    accessToken: sandbox.accessToken,
    adAccountId: sandbox.account.id,
    appSecret: SANDBOX_APP_SECRET,
    verifyToken: 'sandbox-verify-token',
    pageIds: sandbox.account.pages.map((page) => page.id),
  });
  const inTerminal = config.slack.transport.kind === 'terminal';
  const logFile = resolve(config.databasePath, '..', 'demo.log');
  const logger = createLogger(config.logLevel, inTerminal ? logFile : undefined);
  const account = sandbox.account;
  const greeting = (url: string) =>
    [
      '',
      `LeadOps demo — sandbox ad account “${account.name}” (${account.id}, ${account.timezone}).`,
      `Meta is simulated at ${sandbox.url}; the bot listens on ${url} (try ${url}/healthz).`,
      inTerminal
        ? `No Slack tokens set, so this terminal is the chat. Logs go to ${logFile}.`
        : 'Connected to your Slack workspace: try /cpl last_7d there. Ctrl+C stops.',
      inTerminal
        ? 'Try: /cpl last_7d · /cpl 2026-11-01..2026-11-15 · /cpl yesterday adsets · /leadops help · exit\n'
        : '',
    ].join('\n');
  let shutdown: () => Promise<void> = async () => {};
  const leadops = await startLeadOps(config, {
    logger,
    terminal: { input: process.stdin, output: process.stdout, onExit: () => void shutdown(), greeting },
  });
  shutdown = stopOnSignals(async () => {
    await leadops.stop();
    await sandbox.close();
  });
  if (!inTerminal) process.stdout.write(greeting(leadops.url));
}

demo().catch(exitWithStartupError);
