import type { AccountStatus } from '../accounts/registry.js';
import type { Database } from '../db/open.js';
import { isDatabaseHealthy } from '../db/open.js';
import type { GraphStatus } from '../meta/graph-client.js';

export interface Health {
  ok: boolean;
  db: 'ok' | 'error';
  meta: { token: GraphStatus['token']; lastCallAt: string | null; lastError: string | null };
  /** Every served account: an unreadable one is reported here, it does not make the bot unhealthy. */
  accounts: { id: string; name: string | null; ok: boolean; lastError: string | null }[];
  uptimeSeconds: number;
  memory: { rssBytes: number };
}

/**
 * The `/healthz` body: unhealthy when the database fails or Meta has refused the token. An ad
 * account Meta does not answer for is listed with its error but leaves `ok` alone (the others work).
 */
export function checkHealth(
  db: Database,
  graph: GraphStatus,
  accounts: readonly AccountStatus[],
  startedAt: number,
  nowMilliseconds: number,
): Health {
  const dbOk = isDatabaseHealthy(db);
  return {
    ok: dbOk && graph.token !== 'invalid',
    db: dbOk ? 'ok' : 'error',
    meta: { token: graph.token, lastCallAt: graph.lastCallAt, lastError: graph.lastError },
    accounts: accounts.map(({ id, name, ok, lastError }) => ({ id, name, ok, lastError })),
    uptimeSeconds: Math.round((nowMilliseconds - startedAt) / 1000),
    memory: { rssBytes: process.memoryUsage.rss() },
  };
}
