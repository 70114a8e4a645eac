import type { Migration } from './migration.js';

/** Leads as Meta sent them (kept past Meta's 90 days), their forms, and the outbox of work to do. */
export const leadsAndOutbox: Migration = {
  version: 2,
  name: 'leads, lead forms and the outbox',
  up: (db) =>
    db.exec(`
    CREATE TABLE leads (
      id TEXT PRIMARY KEY,
      page_id TEXT,
      form_id TEXT,
      ad_id TEXT,
      ad_name TEXT,
      adset_id TEXT,
      adset_name TEXT,
      campaign_id TEXT,
      campaign_name TEXT,
      created_time INTEGER,
      received_at INTEGER NOT NULL,
      received_via TEXT NOT NULL CHECK (received_via IN ('webhook', 'poll')),
      state TEXT NOT NULL CHECK (state IN ('notified', 'complete', 'unreadable')),
      full_name TEXT,
      phone TEXT,
      email TEXT,
      answers TEXT,
      raw TEXT,
      is_organic INTEGER,
      platform TEXT,
      read_error TEXT,
      purged_at INTEGER
  ) STRICT;
  CREATE INDEX leads_created_time ON leads (created_time);
  CREATE INDEX leads_received_at ON leads (received_at);

  CREATE TABLE lead_forms (
      id TEXT PRIMARY KEY,
      page_id TEXT,
      name TEXT NOT NULL,
      questions TEXT NOT NULL,
      fetched_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE outbox (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      subject TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      last_error TEXT,
      result TEXT,
      created_at INTEGER NOT NULL,
      done_at INTEGER,
      UNIQUE (kind, subject)
  ) STRICT;
  CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
  `),
};
