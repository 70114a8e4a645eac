import { resolve } from 'node:path';
import { startLeadOps } from './app.js';
import { exitWithStartupError, loadDotEnv, stopOnSignals } from './cli.js';
import { loadConfig } from './config.js';
import { todayIn } from './dates/calendar.js';
import { resolvePreset } from './dates/ranges.js';
import { freshDemoDatabase } from './db/demo-database.js';
import { ConfigError } from './errors.js';
import { createLogger } from './log.js';
import { buildRunSummaryReply } from './messages/rules.js';
import { publishReport, reportChannelFor, reportsDirectory } from './reports/publish.js';
import { createAgencySandbox, type SandboxAccount } from './sandbox/account.js';
import { startGraphEmulator } from './sandbox/graph-emulator.js';
import { startLeadFeed } from './sandbox/lead-feed.js';
import { TERMINAL_USER } from './terminal/chat.js';
import { renderReply } from './terminal/render.js';

const SANDBOX_APP_SECRET = 'sandbox-app-secret';
/** The agency's accounts' home channels, in the sandbox's order (US injury law, Berlin dental, Tokyo realty). */
const HOME_CHANNELS = ['#brazos-injury', '#zahnklinik-berlin', '#tokyo-sakura-realty'];

/** ACCOUNT_CHANNELS for the sandbox's accounts: `act_…=#brazos-injury,…`. */
function sandboxHomeChannels(accounts: readonly SandboxAccount[]): string {
  return accounts
    .map((account, index) => (HOME_CHANNELS[index] ? `${account.id}=${HOME_CHANNELS[index]}` : ''))
    .filter(Boolean)
    .join(',');
}

/** How often the sandbox produces a lead: DEMO_LEAD_SECONDS, 45 by default. */
function leadInterval(value: string | undefined): number {
  if (value === undefined || value === '') return 45_000;
  const seconds = Number(value);
  if (!(seconds > 0)) throw new ConfigError('DEMO_LEAD_SECONDS', 'is a number of seconds above 0, e.g. 45');
  return seconds * 1000;
}

/**
 * `npm run demo`: the bot against the built-in sandbox — an agency's three ad accounts (US
 * dollars in Chicago, euros in Berlin, yen in Tokyo) on a Graph API emulator on loopback — with
 * no credentials. Without Slack tokens the chat happens in this terminal.
 */
async function demo(): Promise<void> {
  loadDotEnv();
  const leadEveryMs = leadInterval(process.env.DEMO_LEAD_SECONDS);
  const sandbox = await startGraphEmulator({
    accounts: createAgencySandbox(),
    appSecret: SANDBOX_APP_SECRET,
  });
  // The demo polls every minute so leads that skip the webhook show up soon.
  // The terminal's user stands in for the approvers' buttons (`approve 3`), in the demo only.
  const approvers = [process.env.APPROVERS, TERMINAL_USER].filter(Boolean).join(',');
  // Outcomes go to the sandbox's own dataset through the Conversions API (`qualify N`, `sign N 5000`).
  // Each account posts in its own home channel, unless ACCOUNT_CHANNELS says otherwise.
  const env = {
    PORT: '0',
    LEADS_POLL_CRON: '* * * * *',
    ACCOUNT_CHANNELS: sandboxHomeChannels(sandbox.accounts),
    ...process.env,
    APPROVERS: approvers,
    META_PIXEL_ID: sandbox.conversions.pixelId,
  };
  const config = loadConfig(env, 'demo', {
    graphUrl: sandbox.url,
    accessToken: sandbox.accessToken,
    adAccountIds: sandbox.accounts.map((account) => account.id),
    appSecret: SANDBOX_APP_SECRET,
    verifyToken: 'sandbox-verify-token',
    pageIds: sandbox.accounts.flatMap((account) => account.pages.map((page) => page.id)),
  });
  // The sandbox is new at every start, so the demo's data is too: nothing it remembers can contradict it.
  freshDemoDatabase(
    config.databasePath,
    sandbox.accounts.map((account) => account.id),
    sandbox.now(),
  );
  const inTerminal = config.slack.transport.kind === 'terminal';
  const logFile = resolve(config.databasePath, '..', 'demo.log');
  const logger = createLogger(config.logLevel, inTerminal ? logFile : undefined);
  const [tokyo] = sandbox.accounts.filter((account) => account.currency === 'JPY');
  const accountLines = sandbox.accounts.map(
    (account) =>
      `  • ${account.name} — ${account.id}, ${account.currency}, ${account.timezone} → ${config.meta.accountChannels.get(account.id) ?? 'the default channels'}`,
  );
  const greeting = (url: string) =>
    [
      '',
      `LeadOps demo — an agency's ${sandbox.accounts.length} sandbox ad accounts, each in its own currency and time zone, each posting in its home channel:`,
      ...accountLines,
      `Meta is simulated at ${sandbox.url}; the bot listens on ${url} (try ${url}/healthz).`,
      `The sandbox starts afresh at every run, and so does the demo's database (${config.databasePath}).`,
      inTerminal
        ? `No Slack tokens set, so this terminal is the chat. Logs go to ${logFile}.`
        : 'Connected to your Slack workspace: try /cpl last_7d there. Ctrl+C stops.',
      `A new sandbox lead arrives every ${leadEveryMs / 1000} s, from each account's Page in turn — most by webhook, every fourth only by polling (each minute).`,
      inTerminal
        ? `Try: /cpl last_7d (every account) · /cpl last_7d ${tokyo?.id ?? 'act_…'} adsets · /cpl 2026-11-01..2026-11-15 · /report last_7d · /leads · /rules · /leadops accounts · approve N · reject N · on a lead alert #N: contacted N · qualify N · sign N 5000 · junk N · /audience sync · /leadops help · exit\n`
        : '',
    ].join('\n');
  let shutdown: () => Promise<void> = async () => {};
  const leadops = await startLeadOps(config, {
    logger,
    terminal: {
      input: process.stdin,
      output: process.stdout,
      onExit: () => void shutdown(),
      greeting,
      // The morning report, as REPORT_CHANNEL would get it at REPORT_CRON; the chart goes to data/reports/.
      beforePrompt: async (services) => {
        // The rules' proposals, numbered; `approve N` / `reject N` are the buttons and really change the sandbox.
        const served = services.accounts.served();
        for (const run of await services.rules.runAll(served, 'demo')) {
          if (run.summary)
            process.stdout.write(
              renderReply(
                buildRunSummaryReply(
                  run.summary,
                  services.approvals.channelOf(run.account),
                  served.length > 1,
                ),
              ),
            );
          else logger.warn({ account: run.account.id, err: { message: run.error } }, 'demo rules run failed');
        }
        // Each account's report in its home channel (REPORT_CHANNEL, or #reports, for one without).
        for (const account of served) {
          const yesterday = resolvePreset(
            'yesterday',
            todayIn(account.timezone, services.clock.nowMilliseconds()),
          );
          const published = await publishReport(
            services,
            account,
            reportChannelFor(account, config),
            yesterday,
            reportsDirectory(config),
          );
          process.stdout.write(`\nThe report's chart is saved at ${published.chartPath}\n\n`);
        }
      },
    },
  });
  // What the sandbox's Conversions API endpoint received, as Meta's Events Manager would list it.
  if (inTerminal)
    sandbox.conversions.onReceive((events) => {
      for (const { event } of events)
        process.stdout.write(
          `\n── sandbox Meta received a Conversions API event ──\n${String(event.event_name)} · event_id ${String(event.event_id)} · lead_id ${String((event.user_data as { lead_id?: unknown } | undefined)?.lead_id ?? '—')}\n`,
        );
      leadops.promptAgain();
    });
  const feed = startLeadFeed({
    sandbox,
    botUrl: leadops.url,
    appSecret: SANDBOX_APP_SECRET,
    everyMs: leadEveryMs,
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
