import type { Database } from '../db/open.js';
import { isDatabaseHealthy } from '../db/open.js';
import type { GraphStatus } from '../meta/graph-client.js';

export interface Health {
  ok: boolean;
  db: 'ok' | 'error';
  meta: { token: GraphStatus['token']; lastCallAt: string | null; lastError: string | null };
  uptimeSeconds: number;
  memory: { rssBytes: number };
}

/** The `/healthz` body: unhealthy when the database fails or Meta has refused the token. */
export function checkHealth(
  db: Database,
  graph: GraphStatus,
  startedAt: number,
  nowMilliseconds: number,
): Health {
  const dbOk = isDatabaseHealthy(db);
  return {
    ok: dbOk && graph.token !== 'invalid',
    db: dbOk ? 'ok' : 'error',
    meta: { token: graph.token, lastCallAt: graph.lastCallAt, lastError: graph.lastError },
    uptimeSeconds: Math.round((nowMilliseconds - startedAt) / 1000),
    memory: { rssBytes: process.memoryUsage.rss() },
  };
}
