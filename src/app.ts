import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccountProfile } from './account-profile.js';
import { type Clock, systemClock } from './clock.js';
import type { Services } from './commands/types.js';
import type { Config } from './config.js';
import { openDatabase } from './db/open.js';
import { checkHealth } from './http/health.js';
import { type HttpRoutes, type RunningServer, sendJson, startHttpServer } from './http/server.js';
import type { Logger } from './log.js';
import { AdAccount } from './meta/ad-account.js';
import { GraphClient, type RetryPolicy } from './meta/graph-client.js';
import { connectSlack, type SlackConnection, type SlackRetry } from './slack/slack-app.js';
import { startTerminalChat, type TerminalChat } from './terminal/chat.js';

export interface LeadOpsOptions {
  logger: Logger;
  clock?: Clock;
  /** Tests shorten Meta's backoff and Slack's retries; production keeps the defaults. */
  metaRetry?: RetryPolicy;
  slackRetry?: SlackRetry;
  /** Terminal transport streams (demo without Slack tokens). */
  terminal?: {
    input: NodeJS.ReadableStream;
    output: NodeJS.WritableStream;
    onExit: () => void;
    /** Printed before the first prompt; gets the bot's HTTP address. */
    greeting?: (url: string) => string;
  };
}

export interface LeadOps {
  url: string;
  port: number;
  services: Services;
  stop(): Promise<void>;
}

const DEFAULT_META_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };
const DEFAULT_SLACK_RETRY: SlackRetry = { retries: 3, minTimeout: 1000, maxTimeout: 30_000 };

/** The composition root: config, database, Meta, Slack (or terminal) and HTTP, wired once. */
export async function startLeadOps(config: Config, options: LeadOpsOptions): Promise<LeadOps> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const startedAt = clock.nowMilliseconds();
  const db = openDatabase(config.databasePath);
  const graph = new GraphClient({
    graphUrl: config.meta.graphUrl,
    apiVersion: config.meta.apiVersion,
    accessToken: config.meta.accessToken,
    appSecret: config.meta.appSecret,
    cacheTtlMs: config.meta.cacheSeconds * 1000,
    timeoutMs: 30_000,
    retry: options.metaRetry ?? DEFAULT_META_RETRY,
    clock,
    logger: logger.child({ component: 'meta' }),
  });
  const adAccount = new AdAccount(graph, config.meta.adAccountId);
  const accountProfile = new AccountProfile(adAccount, db, clock, logger);
  const services: Services = { db, clock, logger, adAccount, accountProfile };

  const cleanups: (() => Promise<void> | void)[] = [() => db.close(), () => graph.close()];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn({ err: { message: (error as Error).message } }, 'shutdown step failed');
      }
    }
  };

  try {
    // Learn the account's time zone now; a failure is not fatal (a readable answer follows later).
    await accountProfile
      .get()
      .catch((error: Error) =>
        logger.warn({ err: { message: error.message } }, 'ad account not readable yet'),
      );

    let slack: SlackConnection | null = null;
    let terminal: TerminalChat | null = null;
    const transport = config.slack.transport;
    if (transport.kind !== 'terminal') {
      slack = await connectSlack(
        transport,
        config.slack.apiUrl,
        options.slackRetry ?? DEFAULT_SLACK_RETRY,
        services,
        logger,
      );
      const connection = slack;
      cleanups.push(() => connection.stop());
    }

    const routes: HttpRoutes = {
      'GET /healthz': (_req: IncomingMessage, res: ServerResponse) => {
        const health = checkHealth(db, graph.getStatus(), startedAt, clock.nowMilliseconds());
        sendJson(res, health.ok ? 200 : 503, health);
      },
    };
    if (slack?.requestListener) routes['POST /slack/events'] = slack.requestListener;
    const server: RunningServer = await startHttpServer(config.port, routes, logger);
    cleanups.push(() => server.close());

    if (transport.kind === 'terminal' && options.terminal) {
      const { greeting, ...streams } = options.terminal;
      if (greeting) streams.output.write(greeting(server.url));
      terminal = startTerminalChat({ ...streams, services });
      const chat = terminal;
      cleanups.push(() => chat.close());
    }
    logger.info({ port: server.port, transport: transport.kind }, 'LeadOps is running');
    return { url: server.url, port: server.port, services, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
