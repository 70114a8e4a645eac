import type { AccountStatus } from '../accounts/registry.js';
import type { Database } from '../db/open.js';
import { isDatabaseHealthy } from '../db/open.js';
import type { GraphStatus } from '../meta/graph-client.js';
import type { UsageFigures } from '../meta/graph-scheduler.js';

/** An account's last usage figures from Meta's headers: the highest share used, when throttling lifts, when read. */
export interface HealthUsage {
  percent: number;
  /** ISO time Meta said access comes back, while throttled; else null. */
  regainAt: string | null;
  /** ISO time of the answer these figures came with. */
  at: string;
}

export interface Health {
  ok: boolean;
  db: 'ok' | 'error';
  meta: { token: GraphStatus['token']; lastCallAt: string | null; lastError: string | null };
  /** Every served account: an unreadable one is reported here, it does not make the bot unhealthy. */
  accounts: {
    id: string;
    name: string | null;
    ok: boolean;
    lastError: string | null;
    /** null until Meta has answered a call for the account. */
    usage: HealthUsage | null;
  }[];
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
  usageOf: (accountId: string) => UsageFigures | undefined = () => undefined,
): Health {
  const dbOk = isDatabaseHealthy(db);
  return {
    ok: dbOk && graph.token !== 'invalid',
    db: dbOk ? 'ok' : 'error',
    meta: { token: graph.token, lastCallAt: graph.lastCallAt, lastError: graph.lastError },
    accounts: accounts.map(({ id, name, ok, lastError }) => ({
      id,
      name,
      ok,
      lastError,
      usage: healthUsage(usageOf(id)),
    })),
    uptimeSeconds: Math.round((nowMilliseconds - startedAt) / 1000),
    memory: { rssBytes: process.memoryUsage.rss() },
  };
}

function healthUsage(figures: UsageFigures | undefined): HealthUsage | null {
  if (!figures) return null;
  return {
    percent: figures.percent,
    regainAt: figures.regainAt === null ? null : new Date(figures.regainAt).toISOString(),
    at: new Date(figures.at).toISOString(),
  };
}
