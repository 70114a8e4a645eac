import type { Migration } from './migration.js';

/**
 * `/leads speed` and the daily report's speed line read every lead created in a range
 * (100,000 of them must answer in under 200 ms), so what they read sits in two covering
 * indexes and nothing else is touched per lead:
 * - each lead's campaign is copied into lead_speed (`campaign_id`, kept by two triggers:
 *   when a clock is started, and when a lead's campaign is read from Meta later). Reading it
 *   through a join cost one probe per lead into the leads table, whose rows carry Meta's raw
 *   JSON — most of the time, measured;
 * - `lead_speed_stats` (account_id, lead_created_at, …) and `lead_speed_stats_created`
 *   (lead_created_at, …) hold every column the statistics read (campaign, clock start, first
 *   contact, junk stop, owner, first contact's author, lead id): one account's leads, or every
 *   account's, are one seek then a scan of the index alone. They take the place of migration
 *   15's (account_id, lead_created_at) and (lead_created_at), their prefixes, dropped: a write
 *   updates two indexes, not four;
 * - `lead_outcomes_latest` (lead_id, id, outcome): a contacted lead's latest outcome (qualified
 *   or not) read from the index alone, one backward probe; it replaces migration 6's
 *   (lead_id, id), its prefix, for every query that used it;
 * - `leads_campaign_name` (campaign_id, campaign_name): a campaign's name when Meta's insights
 *   did not give it (one probe per campaign, not per lead).
 */
export const speedStatsIndexes: Migration = {
  version: 16,
  name: 'the speed statistics: each clock’s campaign, covering indexes',
  up: (db) =>
    db.exec(`
      ALTER TABLE lead_speed ADD COLUMN campaign_id TEXT;
      UPDATE lead_speed SET campaign_id = (SELECT campaign_id FROM leads WHERE id = lead_speed.lead_id);
      CREATE TRIGGER lead_speed_campaign AFTER INSERT ON lead_speed WHEN NEW.campaign_id IS NULL BEGIN
        UPDATE lead_speed SET campaign_id = (SELECT campaign_id FROM leads WHERE id = NEW.lead_id)
          WHERE lead_id = NEW.lead_id;
      END;
      CREATE TRIGGER leads_campaign_to_speed AFTER UPDATE OF campaign_id ON leads
        WHEN NEW.campaign_id IS NOT OLD.campaign_id BEGIN
        UPDATE lead_speed SET campaign_id = NEW.campaign_id WHERE lead_id = NEW.id;
      END;
      CREATE INDEX lead_speed_stats ON lead_speed (account_id, lead_created_at, campaign_id, clock_start_at,
        first_contact_at, stopped_at, owner_id, first_contact_by, lead_id);
      CREATE INDEX lead_speed_stats_created ON lead_speed (lead_created_at, campaign_id, clock_start_at,
        first_contact_at, stopped_at, owner_id, first_contact_by, lead_id);
      DROP INDEX IF EXISTS lead_speed_account_created;
      DROP INDEX IF EXISTS lead_speed_created;
      CREATE INDEX lead_outcomes_latest ON lead_outcomes (lead_id, id, outcome);
      DROP INDEX IF EXISTS lead_outcomes_lead;
      CREATE INDEX leads_campaign_name ON leads (campaign_id, campaign_name);
    `),
};
