import type { Migration } from './migration.js';

/**
 * What each applied change did (issue 15): two follow-ups per applied change, 24 h and 72 h,
 * each a row claimed before it is posted (like report_runs), so one that fell due while
 * LeadOps was down is posted once at the next start. The windows compared (whole local dates)
 * are fixed when the change is applied; `result` keeps the comparison that was posted.
 * A new table only: no existing row changes.
 */
export const followUps: Migration = {
  version: 17,
  name: 'follow-ups of applied changes',
  up: (db) =>
    db.exec(`
    CREATE TABLE follow_ups (
      id INTEGER PRIMARY KEY,
      proposal_id INTEGER NOT NULL REFERENCES proposals(id),
      account_id TEXT NOT NULL,
      horizon_hours INTEGER NOT NULL CHECK (horizon_hours > 0),
      applied_at INTEGER NOT NULL,
      due_at INTEGER NOT NULL,
      before_since TEXT NOT NULL,
      before_until TEXT NOT NULL,
      after_since TEXT NOT NULL,
      after_until TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('scheduled', 'claimed', 'posted', 'skipped', 'failed')),
      owner TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_try_at INTEGER NOT NULL,
      claimed_at INTEGER,
      finished_at INTEGER,
      verdict TEXT,
      result TEXT,
      message_ref TEXT,
      note TEXT,
      UNIQUE (proposal_id, horizon_hours)
    ) STRICT;
    CREATE INDEX follow_ups_waiting ON follow_ups (state, next_try_at);
  `),
};
