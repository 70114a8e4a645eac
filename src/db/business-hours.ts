import type { Database } from 'better-sqlite3';
import { prepared } from './prepared.js';

/** One opening window: an ISO weekday (1 = Monday … 7 = Sunday), minutes from midnight, end after start (≤ 1440). */
export interface HoursWindow {
  day: number;
  start: number;
  end: number;
}

/** An account's business hours as set: the spec as people wrote it (normalised) and its windows. */
export interface BusinessHours {
  spec: string;
  windows: HoursWindow[];
}

/** The account's hours; null → always open (the default). */
export function businessHoursOf(db: Database, accountId: string): BusinessHours | null {
  const row = prepared(db, 'SELECT spec, windows FROM business_hours WHERE account_id = ?').get(accountId) as
    | { spec: string; windows: string }
    | undefined;
  return row ? { spec: row.spec, windows: JSON.parse(row.windows) as HoursWindow[] } : null;
}

/** Sets the account's hours; null → always open. */
export function setBusinessHours(
  db: Database,
  accountId: string,
  hours: BusinessHours | null,
  updatedBy: string,
  at: number,
): void {
  if (hours === null) {
    prepared(db, 'DELETE FROM business_hours WHERE account_id = ?').run(accountId);
    return;
  }
  prepared(
    db,
    `INSERT INTO business_hours (account_id, spec, windows, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (account_id) DO UPDATE SET spec = excluded.spec, windows = excluded.windows,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run(accountId, hours.spec, JSON.stringify(hours.windows), updatedBy, at);
}
