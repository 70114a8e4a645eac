import type { Migration } from './migration.js';

/**
 * Speed to lead, polished:
 *
 * 1. `/leads speed` over 100,000 leads in under 200 ms. Migration 16's statistics looked up
 *    each contacted lead's latest outcome (qualified or not) in lead_outcomes: one probe per
 *    lead, measured at 75 ms of CPU for 70,000 contacted leads, more than everything else the
 *    statistics read. That answer is now kept on the clock itself, `lead_speed.qualified` (1
 *    when the lead's latest outcome is Qualified or Signed case), by two triggers: each new
 *    outcome sets it (an outcome is never edited nor deleted, and the newest row is the
 *    latest), and a clock started after its lead already had outcomes reads it once.
 *
 *    The two covering indexes are rebuilt with it, and without `lead_id` (nothing reads it per
 *    lead any more):
 *    - `lead_speed_stats` (account_id, lead_created_at, …): one account's leads in a range, one
 *      seek then the index alone;
 *    - `lead_speed_stats_created` (lead_created_at, …): every account's leads in a range.
 *    Both hold exactly what the statistics read — campaign, owner, first contact's author,
 *    clock start, first contact, junk stop, qualified — so the table's rows are never read.
 *    The statistics' one statement groups by (campaign, rep, state) in a temporary b-tree
 *    (`USE TEMP B-TREE FOR GROUP BY`): an index ordered by campaign and rep could spare that
 *    sort only by reading every lead ever stored, not just the range's.
 *
 * 2. The round-robin assignee's DM is a timer like the reminder: `dm_state` is `pending` from
 *    the assignment (`dm_due_at`) until Slack takes it (`sent`, once, `dm_late` when it went
 *    out more than a minute after), or `skipped` (claimed by someone else, contacted, junk).
 *    The tick reads owed DMs through a partial index, so sent ones cost nothing. Clocks from
 *    before this step owe no DM (`none`).
 */
export const speedPolish: Migration = {
  version: 20,
  name: 'speed to lead: each clock’s qualified flag in the statistics’ indexes; the assignee’s DM as a timer',
  up: (db) =>
    db.exec(`
      ALTER TABLE lead_speed ADD COLUMN qualified INTEGER NOT NULL DEFAULT 0 CHECK (qualified IN (0, 1));
      UPDATE lead_speed SET qualified = coalesce((
          SELECT o.outcome IN ('qualified', 'signed') FROM lead_outcomes o
            WHERE o.lead_id = lead_speed.lead_id ORDER BY o.id DESC LIMIT 1), 0)
        WHERE EXISTS (SELECT 1 FROM lead_outcomes o WHERE o.lead_id = lead_speed.lead_id);
      CREATE TRIGGER lead_outcomes_qualified AFTER INSERT ON lead_outcomes BEGIN
        UPDATE lead_speed SET qualified = NEW.outcome IN ('qualified', 'signed') WHERE lead_id = NEW.lead_id;
      END;
      CREATE TRIGGER lead_speed_qualified AFTER INSERT ON lead_speed
        WHEN EXISTS (SELECT 1 FROM lead_outcomes WHERE lead_id = NEW.lead_id) BEGIN
        UPDATE lead_speed SET qualified = coalesce((
            SELECT o.outcome IN ('qualified', 'signed') FROM lead_outcomes o
              WHERE o.lead_id = NEW.lead_id ORDER BY o.id DESC LIMIT 1), 0)
          WHERE lead_id = NEW.lead_id;
      END;
      DROP INDEX lead_speed_stats;
      DROP INDEX lead_speed_stats_created;
      CREATE INDEX lead_speed_stats ON lead_speed (account_id, lead_created_at, campaign_id, owner_id,
        first_contact_by, clock_start_at, first_contact_at, stopped_at, qualified);
      CREATE INDEX lead_speed_stats_created ON lead_speed (lead_created_at, campaign_id, owner_id,
        first_contact_by, clock_start_at, first_contact_at, stopped_at, qualified);

      ALTER TABLE lead_speed ADD COLUMN dm_state TEXT NOT NULL DEFAULT 'none'
        CHECK (dm_state IN ('none', 'pending', 'sent', 'skipped'));
      ALTER TABLE lead_speed ADD COLUMN dm_due_at INTEGER;
      ALTER TABLE lead_speed ADD COLUMN dm_sent_at INTEGER;
      ALTER TABLE lead_speed ADD COLUMN dm_late INTEGER NOT NULL DEFAULT 0 CHECK (dm_late IN (0, 1));
      CREATE INDEX lead_speed_dm_due ON lead_speed (dm_due_at) WHERE dm_state = 'pending';
    `),
};
