import type { Migration } from './migration.js';

/**
 * One record of when LeadOps began running on this database (`leadops.started_at`), shared by
 * the watchdog and the report's lead check. A database that ran before it takes the earliest
 * moment it knows of: the watchdog's start of watching (which this replaces), the report
 * schedule's start, its first lead.
 */
export const startedAt: Migration = {
  version: 8,
  name: 'when LeadOps started on this database',
  up: (db) =>
    db.exec(`
    INSERT INTO settings (key, value, updated_at)
    SELECT 'leadops.started_at', CAST(at AS TEXT), at FROM (
      SELECT min(at) AS at FROM (
        SELECT CAST(value AS INTEGER) AS at FROM settings
          WHERE key IN ('watchdog.watching_since', 'report.scheduledSince')
        UNION ALL
        SELECT min(received_at) FROM leads
      )
    ) WHERE at IS NOT NULL;
    DELETE FROM settings WHERE key = 'watchdog.watching_since';
  `),
};
