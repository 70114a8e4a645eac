import type { Database } from 'better-sqlite3';
import type { StoredValue } from '../watchdog/settings.js';
import type { CheckName } from '../watchdog/types.js';
import { prepared } from './prepared.js';

/** Every threshold people changed, as `check.key` → value (dollars in cents). */
export function readWatchdogSettings(db: Database): Map<string, StoredValue> {
  const rows = prepared(db, 'SELECT check_name, key, value FROM watchdog_settings').all() as {
    check_name: string;
    key: string;
    value: string;
  }[];
  return new Map(rows.map((row) => [`${row.check_name}.${row.key}`, JSON.parse(row.value) as StoredValue]));
}

export function writeWatchdogSetting(
  db: Database,
  check: CheckName,
  key: string,
  value: StoredValue,
  updatedBy: string,
  now: number,
): void {
  prepared(
    db,
    `INSERT INTO watchdog_settings (check_name, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (check_name, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
  ).run(check, key, JSON.stringify(value), updatedBy, now);
}

export interface Mute {
  check: CheckName;
  until: number;
  mutedBy: string;
  mutedAt: number;
}

/** Mutes still in force at `now`. */
export function readMutes(db: Database, now: number): Map<CheckName, Mute> {
  const rows = prepared(db, 'SELECT * FROM watchdog_mutes WHERE until > ?').all(now) as {
    check_name: CheckName;
    until: number;
    muted_by: string;
    muted_at: number;
  }[];
  return new Map(
    rows.map((row) => [
      row.check_name,
      { check: row.check_name, until: row.until, mutedBy: row.muted_by, mutedAt: row.muted_at },
    ]),
  );
}

/** Mutes a check until `until`; `until` ≤ now lifts the mute. */
export function writeMute(db: Database, check: CheckName, until: number, mutedBy: string, now: number): void {
  if (until <= now) {
    prepared(db, 'DELETE FROM watchdog_mutes WHERE check_name = ?').run(check);
    return;
  }
  prepared(
    db,
    `INSERT INTO watchdog_mutes (check_name, until, muted_by, muted_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (check_name) DO UPDATE SET until = excluded.until, muted_by = excluded.muted_by,
       muted_at = excluded.muted_at`,
  ).run(check, until, mutedBy, now);
}
