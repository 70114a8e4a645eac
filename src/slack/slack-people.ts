import { webApi } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { MessengerError } from '../messages/messenger.js';
import type { People } from '../speed/people.js';
import { boltLogger } from './bolt-logger.js';

/** A user's `deleted` flag changes rarely: read once per this long. */
const ACTIVE_TTL_MS = 10 * 60_000;

function unreachable(error: unknown): boolean {
  const e = error as { code?: string };
  return e.code !== webApi.ErrorCode.PlatformError;
}

/** `users.info` and `conversations.open` (scopes users:read, im:write), without the client's own retries. */
export function slackPeople(botToken: string, apiUrl: string, logger: Logger, clock: Clock): People {
  const client = new webApi.WebClient(botToken, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
  const active = new Map<string, { active: boolean; at: number }>();
  return {
    async isActive(userId) {
      const now = clock.nowMilliseconds();
      const known = active.get(userId);
      if (known && now - known.at < ACTIVE_TTL_MS) return known.active;
      try {
        const result = await client.users.info({ user: userId });
        const isActive = result.user?.deleted !== true;
        active.set(userId, { active: isActive, at: now });
        return isActive;
      } catch (error) {
        if (unreachable(error))
          throw new MessengerError(`Slack unreachable: ${(error as Error).message}`, null);
        // user_not_found and the like: not someone a lead can go to.
        active.set(userId, { active: false, at: now });
        return false;
      }
    },
    async openDirectMessage(userId) {
      try {
        const result = await client.conversations.open({ users: userId });
        return result.channel?.id ?? null;
      } catch (error) {
        if (unreachable(error))
          throw new MessengerError(`Slack unreachable: ${(error as Error).message}`, null);
        logger.warn({ user: userId, err: { message: (error as Error).message } }, 'DM not opened');
        return null;
      }
    },
  };
}
