import type { Migration } from './migration.js';

/** The watchdog: what each check last saw, the conditions Slack was told about, thresholds people set, mutes. */
export const watchdog: Migration = {
  version: 5,
  name: 'watchdog checks, conditions, settings and mutes',
  up: (db) =>
    db.exec(`
    CREATE TABLE watchdog_checks (
      check_name TEXT PRIMARY KEY,
      state TEXT NOT NULL CHECK (state IN ('ok', 'alert', 'unknown', 'error', 'off')),
      summary TEXT NOT NULL,
      checked_at INTEGER NOT NULL,
      error TEXT,
      memo TEXT NOT NULL DEFAULT '{}'
  ) STRICT;

  CREATE TABLE watchdog_conditions (
      check_name TEXT NOT NULL,
      key TEXT NOT NULL,
      active INTEGER NOT NULL CHECK (active IN (0, 1)),
      level TEXT NOT NULL,
      title TEXT NOT NULL,
      detail TEXT NOT NULL,
      fix TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      seen_at INTEGER NOT NULL,
      ended_at INTEGER,
      announced_level TEXT,
      announced_at INTEGER,
      PRIMARY KEY (check_name, key)
  ) STRICT;

  CREATE TABLE watchdog_settings (
      check_name TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (check_name, key)
  ) STRICT;

  CREATE TABLE watchdog_mutes (
      check_name TEXT PRIMARY KEY,
      until INTEGER NOT NULL,
      muted_by TEXT NOT NULL,
      muted_at INTEGER NOT NULL
  ) STRICT;
  `),
};
