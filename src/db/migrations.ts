import type { Database } from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.js';

export { MIGRATIONS };

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
