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
