import type { Migration } from './migration.js';

/**
 * Speed to lead: one row per lead with its clock (start, owner, first contact, junk stop)
 * and its timers (round-robin assignment at opening time, the owner's reminder, the
 * escalation), kept in SQLite so they survive a restart and fire once; the reps of each
 * account's roster; each account's business hours. Leads stored before this step get
 * their row with the first contact they already had, and no timers (nobody is reminded
 * about history).
 *
 * Indexes: the tick reads only pending timers (partial indexes on the due times, so rows
 * whose timers are done cost nothing); `/leads speed` and the daily line read one account's
 * (or every account's) leads by creation time; the Home tab reads a rep's open leads.
 */
export const speedToLead: Migration = {
  version: 14,
  name: 'speed to lead: lead clocks and timers, rosters, business hours',
  up: (db) => {
    db.exec(`
      CREATE TABLE lead_speed (
        lead_id TEXT PRIMARY KEY REFERENCES leads (id),
        account_id TEXT,
        lead_created_at INTEGER NOT NULL,
        clock_start_at INTEGER NOT NULL,
        owner_id TEXT,
        owned_via TEXT CHECK (owned_via IN ('round_robin', 'claim')),
        owned_at INTEGER,
        first_owned_at INTEGER,
        first_owned_via TEXT CHECK (first_owned_via IN ('round_robin', 'claim')),
        assign_at INTEGER,
        first_contact_at INTEGER,
        first_contact_by TEXT,
        first_contact_outcome TEXT CHECK (first_contact_outcome IN ('contacted', 'qualified', 'signed')),
        stopped_at INTEGER,
        reminder_due_at INTEGER,
        reminder_state TEXT NOT NULL DEFAULT 'pending' CHECK (reminder_state IN ('pending', 'sent', 'skipped')),
        reminder_sent_at INTEGER,
        reminder_late INTEGER NOT NULL DEFAULT 0 CHECK (reminder_late IN (0, 1)),
        escalation_due_at INTEGER,
        escalation_state TEXT NOT NULL DEFAULT 'pending' CHECK (escalation_state IN ('pending', 'sent', 'skipped')),
        escalation_sent_at INTEGER,
        escalation_late INTEGER NOT NULL DEFAULT 0 CHECK (escalation_late IN (0, 1)),
        alert_ref TEXT,
        dm_ref TEXT
      ) STRICT;
      CREATE INDEX lead_speed_account_created ON lead_speed (account_id, lead_created_at);
      CREATE INDEX lead_speed_created ON lead_speed (lead_created_at);
      CREATE INDEX lead_speed_reminder_due ON lead_speed (reminder_due_at) WHERE reminder_state = 'pending';
      CREATE INDEX lead_speed_escalation_due ON lead_speed (escalation_due_at) WHERE escalation_state = 'pending';
      CREATE INDEX lead_speed_assign_due ON lead_speed (assign_at) WHERE assign_at IS NOT NULL;
      CREATE INDEX lead_speed_owner_open ON lead_speed (owner_id, clock_start_at)
        WHERE first_contact_at IS NULL AND stopped_at IS NULL;

      CREATE TABLE roster_members (
        account_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        available INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
        added_by TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        last_assigned INTEGER NOT NULL DEFAULT 0,
        assigned_count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, user_id)
      ) STRICT;
      CREATE INDEX roster_members_user ON roster_members (user_id);

      CREATE TABLE business_hours (
        account_id TEXT PRIMARY KEY,
        spec TEXT NOT NULL,
        windows TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
    // History: each stored lead's clock from its creation, its first contact as marked, no timers.
    db.exec(`
      INSERT INTO lead_speed (lead_id, account_id, lead_created_at, clock_start_at, first_contact_at,
          first_contact_by, first_contact_outcome, stopped_at, reminder_state, escalation_state)
        SELECT l.id, l.account_id, coalesce(l.created_time, l.received_at), coalesce(l.created_time, l.received_at),
            fc.recorded_at, fc.user_id, fc.outcome,
            CASE WHEN fc.id IS NULL THEN (SELECT min(recorded_at) FROM lead_outcomes WHERE lead_id = l.id AND outcome = 'junk') END,
            'skipped', 'skipped'
          FROM leads l
          LEFT JOIN lead_outcomes fc ON fc.id = (
            SELECT min(id) FROM lead_outcomes WHERE lead_id = l.id AND outcome IN ('contacted', 'qualified', 'signed'));
    `);
  },
};
