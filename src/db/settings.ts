import type { Database } from 'better-sqlite3';
import { prepared } from './prepared.js';

export function readSetting<T>(db: Database, key: string): T | null {
  const row = prepared(db, 'SELECT value FROM settings WHERE key = ?').get(key) as
    | { value: string }
    | undefined;
  return row ? (JSON.parse(row.value) as T) : null;
}

export function writeSetting(db: Database, key: string, value: unknown, nowMilliseconds: number): void {
  prepared(
    db,
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), nowMilliseconds);
}
