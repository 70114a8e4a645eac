import type { RequestListener } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Services } from '../commands/types.js';
import type { SlackTransport } from '../config.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { boltLogger } from './bolt-logger.js';
import { registerListeners } from './listeners/index.js';

export interface SlackRetry {
  retries: number;
  minTimeout?: number;
  maxTimeout?: number;
}

export interface SlackConnection {
  app: App;
  /** In HTTP mode, the handler for `POST /slack/events` on our one server. */
  requestListener: RequestListener | null;
  stop(): Promise<void>;
}

/**
 * Builds the Bolt app for HTTP or Socket Mode, checks the bot token with Slack
 * (a refused token stops start-up with a clear line), and registers the listeners.
 */
export async function connectSlack(
  transport: Exclude<SlackTransport, { kind: 'terminal' }>,
  apiUrl: string,
  retry: SlackRetry,
  services: Services,
  logger: Logger,
): Promise<SlackConnection> {
  const common = {
    token: transport.botToken,
    logger: boltLogger(logger),
    clientOptions: { slackApiUrl: apiUrl, retryConfig: retry },
    deferInitialization: true,
  };
  const receiver =
    transport.kind === 'http'
      ? new HTTPReceiver({
          signingSecret: transport.signingSecret,
          endpoints: '/slack/events',
          logger: common.logger,
        })
      : null;
  const app = receiver
    ? new App({ ...common, receiver })
    : new App({
        ...common,
        socketMode: true,
        appToken: transport.kind === 'socket' ? transport.appToken : '',
      });
  registerListeners(app, services);
  try {
    await app.init();
  } catch (error) {
    const reason = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    throw new ConfigError('SLACK_BOT_TOKEN', `was refused by Slack (${reason})`);
  }
  if (transport.kind === 'socket') await app.start();
  return {
    app,
    requestListener: receiver ? receiver.requestListener : null,
    stop: async () => {
      if (transport.kind === 'socket') await app.stop();
    },
  };
}
