import type { Database } from 'better-sqlite3';
import { prepared } from './prepared.js';

/** An ad account as LeadOps keeps it: whether it is served, where its messages go, what Meta last said of it. */
export interface AccountRow {
  id: string;
  homeChannel: string | null;
  served: boolean;
  /** Who connected it (or moved it) from Slack; null: it comes from the environment. */
  connectedBy: string | null;
  name: string | null;
  currency: string | null;
  timezone: string | null;
  readAt: number | null;
  lastError: string | null;
}

interface Row {
  id: string;
  home_channel: string | null;
  served: number;
  connected_by: string | null;
  name: string | null;
  currency: string | null;
  timezone: string | null;
  read_at: number | null;
  last_error: string | null;
}

const toAccountRow = (row: Row): AccountRow => ({
  id: row.id,
  homeChannel: row.home_channel,
  served: row.served === 1,
  connectedBy: row.connected_by,
  name: row.name,
  currency: row.currency,
  timezone: row.timezone,
  readAt: row.read_at,
  lastError: row.last_error,
});

export function listAccountRows(db: Database): AccountRow[] {
  return (prepared(db, 'SELECT * FROM accounts ORDER BY rowid').all() as Row[]).map(toAccountRow);
}

/**
 * An account from the environment: added when new; its home channel follows the environment
 * unless someone set it from Slack. One disconnected from Slack stays disconnected.
 */
export function seedAccount(db: Database, id: string, homeChannel: string | null, now: number): void {
  prepared(
    db,
    `INSERT INTO accounts (id, home_channel, served, updated_at) VALUES (?, ?, 1, ?)
     ON CONFLICT (id) DO UPDATE SET home_channel = excluded.home_channel, updated_at = excluded.updated_at
     WHERE accounts.connected_by IS NULL`,
  ).run(id, homeChannel, now);
}

/** `/leadops connect`: served from now on, with this home channel. */
export function connectAccount(db: Database, id: string, homeChannel: string, by: string, now: number): void {
  prepared(
    db,
    `INSERT INTO accounts (id, home_channel, served, connected_by, updated_at) VALUES (?, ?, 1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET home_channel = excluded.home_channel, served = 1,
       connected_by = excluded.connected_by, updated_at = excluded.updated_at`,
  ).run(id, homeChannel, by, now);
}

/** `/leadops disconnect`: no longer served; its history stays. True when it was served. */
export function disconnectAccount(db: Database, id: string, by: string, now: number): boolean {
  return (
    prepared(
      db,
      'UPDATE accounts SET served = 0, connected_by = ?, updated_at = ? WHERE id = ? AND served = 1',
    ).run(by, now, id).changes === 1
  );
}

export function saveAccountInfo(
  db: Database,
  id: string,
  info: { name: string; currency: string; timezone: string },
  now: number,
): void {
  prepared(
    db,
    `UPDATE accounts SET name = ?, currency = ?, timezone = ?, read_at = ?, last_error = NULL, updated_at = ?
     WHERE id = ?`,
  ).run(info.name, info.currency, info.timezone, now, now, id);
}

export function saveAccountError(db: Database, id: string, error: string, now: number): void {
  prepared(db, 'UPDATE accounts SET last_error = ?, updated_at = ? WHERE id = ?').run(error, now, id);
}
