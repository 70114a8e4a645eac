import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LeadOps, startLeadOps } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/log.js';
import type { SandboxAccount } from '../../src/sandbox/account.js';
import {
  type GraphEmulator,
  type SandboxLead,
  startGraphEmulator,
} from '../../src/sandbox/graph-emulator.js';
import { leadgenBody, metaSerialise, postWebhook } from '../../src/sandbox/meta-webhooks.js';
import { type PostedMessage, type SlackEmulator, startSlackEmulator } from './slack-emulator.js';
import {
  blockActionBody,
  buttonClickPayload,
  postToSlackEndpoint,
  slashCommandBody,
} from './slack-signing.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const APP_SECRET = 'test-app-secret';
/** Sunday Nov 29, 2026, noon in Chicago: `last_7d` is Nov 22 – Nov 28. */
export const NOW = Date.parse('2026-11-29T18:00:00Z');

/** A clock that starts at NOW and moves with real time, so retries and timers fall due. */
export function testClock(start = NOW): Clock {
  const offset = start - Date.now();
  return { nowMilliseconds: () => Date.now() + offset };
}

export interface TestBot {
  leadops: LeadOps;
  graph: GraphEmulator;
  slack: SlackEmulator;
  dir: string;
  env: Record<string, string>;
  /** Sends a signed slash command as Slack would; resolves with the HTTP ack and the response_url label. */
  command(
    command: string,
    text: string,
    options?: { userId?: string; forgeSignature?: boolean },
  ): Promise<{ status: number; text: string; label: string }>;
  /** The first thing posted to that response_url. */
  responseTo(label: string): Promise<Record<string, unknown>>;
  /**
   * Sends a signed block_actions POST, as Slack sends a click on one of `message`'s buttons;
   * resolves with the HTTP status of the ack.
   */
  click(
    message: PostedMessage,
    actionId: string,
    options: { value: string; userId: string },
  ): Promise<number>;
  /** Leads through one signed leadgen webhook (one entry per Page), as Meta batches them; resolves with the HTTP status. */
  deliverLeads(leads: readonly SandboxLead[]): Promise<number>;
  /** `message` once its blocks say `pattern` (event-driven: waits on Slack calls). */
  saying(message: PostedMessage, pattern: RegExp): Promise<PostedMessage>;
  stop(): Promise<void>;
}

export interface TestBotOptions {
  /** Settings over the defaults; a function gets the emulator (its account ids are known once it runs). */
  env?: Record<string, string> | ((graph: GraphEmulator) => Record<string, string>);
  clock?: Clock;
  /** An emulator the caller owns; else the bot starts (and stops) its own. */
  graph?: GraphEmulator;
  /** The ad accounts of the bot's own emulator (default: the one-account sandbox); all are served. */
  accounts?: SandboxAccount[];
  slack?: SlackEmulator;
  /** The Graph scheduler's pace (default: quick ticks and spacing for tests). */
  metaScheduler?: { tickMs?: number; backgroundSpacingMs?: number };
}

let labels = 0;

/** The real bot on an ephemeral port, wired to a Graph API emulator and a Slack emulator. */
export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const clock = options.clock ?? testClock();
  const graph =
    options.graph ??
    (await startGraphEmulator({
      appSecret: APP_SECRET,
      now: () => clock.nowMilliseconds(),
      leadHistoryDays: 0,
      ...(options.accounts ? { accounts: options.accounts } : {}),
    }));
  const slack = options.slack ?? (await startSlackEmulator({ now: () => clock.nowMilliseconds() }));
  const dir = mkdtempSync(join(tmpdir(), 'leadops-test-'));
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    META_ACCESS_TOKEN: graph.accessToken,
    META_AD_ACCOUNT_ID: graph.accounts.map((account) => account.id).join(','),
    META_APP_SECRET: APP_SECRET,
    META_VERIFY_TOKEN: 'test-verify-token',
    META_PAGE_ID: graph.accounts.flatMap((account) => account.pages.map((page) => page.id)).join(','),
    META_GRAPH_URL: graph.url,
    PORT: '0',
    DATABASE_PATH: join(dir, 'leadops.sqlite'),
    REPORT_CHANNEL: '#leadops',
    LOG_LEVEL: 'silent',
    // Slack's pace is a test of its own (slack-pace); elsewhere it would only make tests slow.
    SLACK_POSTS_PER_SECOND: '1000',
    ...(typeof options.env === 'function' ? options.env(graph) : options.env),
  };
  const leadops = await startLeadOps(loadConfig(env, 'start'), {
    logger: process.env.TEST_LOG ? createLogger(process.env.TEST_LOG) : silentLogger,
    clock,
    metaRetry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50 },
    // Waits for Meta's regain time look at the (manual) clock often, so a test's jump ends them at once.
    metaScheduler: options.metaScheduler ?? { tickMs: 20, backgroundSpacingMs: 50 },
    slackRetry: { retries: 0 },
    outbox: { concurrency: 4, baseRetryMs: 20, maxRetryMs: 200 },
  });
  return {
    leadops,
    graph,
    slack,
    dir,
    env,
    async command(command, text, commandOptions = {}) {
      const label = `cmd-${++labels}`;
      const body = slashCommandBody({
        command,
        text,
        responseUrl: slack.responseUrl(label),
        userId: commandOptions.userId ?? 'U0ASKER',
        channelId: 'C0LEADOPS',
      });
      const reply = await postToSlackEndpoint(`${leadops.url}/slack/events`, SIGNING_SECRET, body, {
        forgeSignature: commandOptions.forgeSignature ?? false,
      });
      return { status: reply.status, text: reply.text, label };
    },
    responseTo(label) {
      return slack.waitFor(() => slack.responses.find((r) => r.label === label)?.body);
    },
    async click(message, actionId, { value, userId }) {
      const payload = buttonClickPayload({
        actionId,
        value,
        userId,
        channelId: message.channel,
        messageTs: message.ts,
        responseUrl: slack.responseUrl(`click-${actionId}-${message.ts}`, {
          channel: message.channel,
          ts: message.ts,
        }),
        ...(message.blocks ? { messageBlocks: message.blocks } : {}),
      });
      const reply = await postToSlackEndpoint(
        `${leadops.url}/slack/events`,
        SIGNING_SECRET,
        blockActionBody(payload),
      );
      return reply.status;
    },
    async deliverLeads(leads) {
      const pageOf = (lead: SandboxLead) =>
        graph.accounts.flatMap((a) => a.forms).find((f) => f.id === lead.formId)?.pageId ?? '';
      const pages = [...new Set(leads.map(pageOf))];
      const body = leadgenBody(
        pages.map((pageId) => ({
          pageId,
          changes: leads
            .filter((lead) => pageOf(lead) === pageId)
            .map((lead) => ({ leadId: lead.id, formId: lead.formId, adId: lead.adId ?? undefined })),
        })),
        graph.now(),
      );
      return (await postWebhook(leadops.url, metaSerialise(body), APP_SECRET)).status;
    },
    saying(message, pattern) {
      return slack.waitFor(() =>
        slack
          .messages(message.channel)
          .find((m) => m.ts === message.ts && pattern.test(JSON.stringify(m.blocks ?? []))),
      );
    },
    async stop() {
      await leadops.stop();
      if (!options.graph) await graph.close();
      if (!options.slack) await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
