import type { Database } from 'better-sqlite3';

/**
 * One schema step, applied in its own transaction that also sets `PRAGMA user_version` to
 * `version`, so a database is always exactly at one step. Released migrations are never
 * edited: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
