import { resolve } from 'node:path';
import { startLeadOps } from './app.js';
import { exitWithStartupError, loadDotEnv, stopOnSignals } from './cli.js';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { startGraphEmulator } from './sandbox/graph-emulator.js';
import { startLeadFeed } from './sandbox/lead-feed.js';

const SANDBOX_APP_SECRET = 'sandbox-app-secret';
/** How often the sandbox produces a lead. */
const LEAD_EVERY_MS = 45_000;

/**
 * `npm run demo`: the bot against the built-in sandbox ad account (a Graph API emulator on
 * loopback), with no credentials. Without Slack tokens the chat happens in this terminal.
 */
async function demo(): Promise<void> {
  loadDotEnv();
  const sandbox = await startGraphEmulator({ appSecret: SANDBOX_APP_SECRET });
  // The demo polls every minute so leads that skip the webhook show up soon.
  const config = loadConfig({ PORT: '0', LEADS_POLL_CRON: '* * * * *', ...process.env }, 'demo', {
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
      `A new sandbox lead arrives every ${LEAD_EVERY_MS / 1000} s — most by webhook, every fourth only by polling (each minute).`,
      inTerminal
        ? 'Try: /cpl last_7d · /cpl 2026-11-01..2026-11-15 · /cpl yesterday adsets · /leads · /leadops help · exit\n'
        : '',
    ].join('\n');
  let shutdown: () => Promise<void> = async () => {};
  const leadops = await startLeadOps(config, {
    logger,
    terminal: { input: process.stdin, output: process.stdout, onExit: () => void shutdown(), greeting },
  });
  const feed = startLeadFeed({
    sandbox,
    botUrl: leadops.url,
    appSecret: SANDBOX_APP_SECRET,
    everyMs: LEAD_EVERY_MS,
    onError: (error) => logger.warn({ err: { message: error.message } }, 'sandbox webhook delivery failed'),
  });
  shutdown = stopOnSignals(async () => {
    feed.stop();
    await leadops.stop();
    await sandbox.close();
  });
  if (!inTerminal) process.stdout.write(greeting(leadops.url));
}

demo().catch(exitWithStartupError);
