import type { Database } from './open.js';
import { readSetting, writeSetting } from './settings.js';

const KEY = 'leadops.started_at';

/**
 * Records, once, when LeadOps began running on this database: only from then on can its lead
 * store hold every lead. Returns the recorded moment.
 */
export function recordStart(db: Database, nowMilliseconds: number): number {
  const known = startedAt(db);
  if (known !== null) return known;
  writeSetting(db, KEY, nowMilliseconds, nowMilliseconds);
  return nowMilliseconds;
}

/** When LeadOps began running on this database; null before it first started. */
export function startedAt(db: Database): number | null {
  return readSetting<number>(db, KEY);
}

/**
 * When LeadOps began serving one ad account: `"start"` for the accounts it served from its
 * first start (their leads reached the store from then), else the moment it first worked on
 * one connected later. Only from then can the store hold that account's leads.
 */
const servedSinceKey = (accountId: string) => `leadops.served_since@${accountId}`;

/** At LeadOps' first start on this database: its accounts are served from that start. */
export function markServedFromStart(
  db: Database,
  accountIds: readonly string[],
  nowMilliseconds: number,
): void {
  for (const id of accountIds)
    if (readSetting(db, servedSinceKey(id)) === null)
      writeSetting(db, servedSinceKey(id), 'start', nowMilliseconds);
}

/**
 * From when LeadOps can hold every lead of the account: its start, or (an account it began
 * serving later) when it first worked on it — recorded now when never recorded.
 */
export function accountStartedAt(db: Database, accountId: string, nowMilliseconds: number): number {
  const start = startedAt(db) ?? nowMilliseconds;
  let since = readSetting<number | 'start'>(db, servedSinceKey(accountId));
  if (since === null) {
    since = nowMilliseconds;
    writeSetting(db, servedSinceKey(accountId), since, nowMilliseconds);
  }
  return since === 'start' ? start : Math.max(start, since);
}
