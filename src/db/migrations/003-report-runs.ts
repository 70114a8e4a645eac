import type { Migration } from './migration.js';

/**
 * One row per daily report date, claimed before anything is posted. `state` says how far
 * the post got (claimed → posted → done); `owner` is the process run holding the claim,
 * NULL once a failed attempt let go of it.
 */
export const reportRuns: Migration = {
  version: 3,
  name: 'report runs',
  up: (db) =>
    db.exec(`
    CREATE TABLE report_runs (
      report_date TEXT PRIMARY KEY,
      state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'done')),
      owner TEXT,
      trigger TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 1,
      channel TEXT,
      ts TEXT,
      last_error TEXT,
      claimed_at INTEGER NOT NULL,
      posted_at INTEGER,
      done_at INTEGER
  ) STRICT;
  `),
};
