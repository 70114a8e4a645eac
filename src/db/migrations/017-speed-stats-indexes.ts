import type { Migration } from './migration.js';

/**
 * Indexes for `/leads speed` and the daily report's speed line, which read every lead
 * created in a range (100,000 of them must answer in under 200 ms):
 * - `lead_speed_stats` (account_id, lead_created_at, …) and `lead_speed_stats_created`
 *   (lead_created_at, …): one account's leads, or every account's, by creation time, with
 *   every column the statistics read (clock start, first contact, junk stop, owner, first
 *   contact's author, lead id) in the index, so the range is one seek and a scan of the
 *   index alone. They take the place of migration 14's (account_id, lead_created_at) and
 *   (lead_created_at), their prefixes, which are dropped: each write updates two indexes, not four.
 * - `leads_campaign` (id, campaign_id, campaign_name): each lead's campaign read from the index,
 *   not from the leads table, whose rows carry Meta's raw JSON (a probe there reads a
 *   1–2 kB row from all over the file: 100,000 of them were most of the time).
 * - `lead_outcomes_latest` (lead_id, id, outcome): a lead's latest outcome (qualified or not)
 *   read from the index alone, scanned backwards; it replaces migration 6's (lead_id, id),
 *   its prefix, for every query that used it.
 */
export const speedStatsIndexes: Migration = {
  version: 17,
  name: 'covering indexes for the speed statistics',
  up: (db) =>
    db.exec(`
      CREATE INDEX lead_speed_stats ON lead_speed (account_id, lead_created_at, clock_start_at,
        first_contact_at, stopped_at, owner_id, first_contact_by, lead_id);
      CREATE INDEX lead_speed_stats_created ON lead_speed (lead_created_at, clock_start_at,
        first_contact_at, stopped_at, owner_id, first_contact_by, lead_id);
      DROP INDEX IF EXISTS lead_speed_account_created;
      DROP INDEX IF EXISTS lead_speed_created;
      CREATE INDEX leads_campaign ON leads (id, campaign_id, campaign_name);
      CREATE INDEX lead_outcomes_latest ON lead_outcomes (lead_id, id, outcome);
      DROP INDEX IF EXISTS lead_outcomes_lead;
    `),
};
