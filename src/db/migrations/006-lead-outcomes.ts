import type { Migration } from './migration.js';

/**
 * Lead quality: the outcomes people mark in Slack (history kept, latest wins), the
 * Conversions API events they cause, the short numbers the terminal uses for leads, and
 * what was uploaded to the exclusion audience.
 */
export const leadOutcomes: Migration = {
  version: 6,
  name: 'lead outcomes, Conversions API events and audience uploads',
  up: (db) =>
    db.exec(`
    CREATE TABLE lead_numbers (
      number INTEGER PRIMARY KEY,
      lead_id TEXT NOT NULL UNIQUE REFERENCES leads (id)
  ) STRICT;
  INSERT INTO lead_numbers (lead_id) SELECT id FROM leads ORDER BY received_at, id;

  CREATE TABLE lead_outcomes (
      id INTEGER PRIMARY KEY,
      lead_id TEXT NOT NULL REFERENCES leads (id),
      outcome TEXT NOT NULL CHECK (outcome IN ('contacted', 'qualified', 'signed', 'junk')),
      value_cents INTEGER CHECK (value_cents IS NULL OR value_cents > 0),
      user_id TEXT NOT NULL,
      recorded_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX lead_outcomes_lead ON lead_outcomes (lead_id, id);

  CREATE TABLE capi_events (
      lead_id TEXT NOT NULL REFERENCES leads (id),
      stage TEXT NOT NULL CHECK (stage IN ('lead', 'contacted', 'qualified', 'signed', 'junk')),
      event_name TEXT NOT NULL,
      event_id TEXT NOT NULL UNIQUE,
      event_time INTEGER NOT NULL,
      value_cents INTEGER,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'refused')),
      failures INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      events_received INTEGER,
      fbtrace_id TEXT,
      messages TEXT,
      reason TEXT,
      retry_reported_at INTEGER,
      failure_reported_at INTEGER,
      created_at INTEGER NOT NULL,
      finished_at INTEGER,
      PRIMARY KEY (lead_id, stage)
  ) STRICT;

  CREATE TABLE audience_members (
      audience_id TEXT NOT NULL,
      lead_id TEXT NOT NULL REFERENCES leads (id),
      session_id INTEGER NOT NULL,
      uploaded_at INTEGER NOT NULL,
      PRIMARY KEY (audience_id, lead_id)
  ) STRICT;

  CREATE TABLE audience_uploads (
      id INTEGER PRIMARY KEY,
      audience_id TEXT NOT NULL,
      session_id INTEGER NOT NULL,
      user_id TEXT NOT NULL,
      batches INTEGER NOT NULL,
      rows_sent INTEGER NOT NULL,
      num_received INTEGER NOT NULL,
      num_invalid INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('complete', 'partial')),
      error TEXT,
      at INTEGER NOT NULL
  ) STRICT;
  `),
};
