import type { Database } from 'better-sqlite3';
import { prepared } from './prepared.js';

/** A stored threshold: money in the account currency's unit, counts, ratios, switches. */
export type SettingValue = number | string | boolean;

/**
 * The one table of per-account settings people changed: a rule's thresholds (`scope` = the
 * rule, or `limits`), a watchdog check's (`watchdog.<check>`). Defaults live in code.
 */
export function readAccountSettings(db: Database, accountId: string): Map<string, SettingValue> {
  const rows = prepared(db, 'SELECT scope, key, value FROM account_settings WHERE account_id = ?').all(
    accountId,
  ) as { scope: string; key: string; value: string }[];
  return new Map(rows.map((row) => [`${row.scope}.${row.key}`, JSON.parse(row.value) as SettingValue]));
}

export function writeAccountSetting(
  db: Database,
  accountId: string,
  scope: string,
  key: string,
  value: SettingValue,
  updatedBy: string,
  now: number,
): void {
  prepared(
    db,
    `INSERT INTO account_settings (account_id, scope, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, scope, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
  ).run(accountId, scope, key, JSON.stringify(value), updatedBy, now);
}
