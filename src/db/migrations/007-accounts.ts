import { ErrorCode, LeadOpsError } from '../../errors.js';
import type { Migration } from './migration.js';

/**
 * Several ad accounts: the accounts served (from the environment, or connected from Slack),
 * the account of each lead, and one table of per-account settings (rule and watchdog
 * settings move into it in their own steps). A single-account database's leads and stored
 * profile become its account's (the first of META_AD_ACCOUNT_ID).
 */
export const accounts: Migration = {
  version: 7,
  name: 'accounts, the account of each lead, per-account settings',
  up: (db, { accountId }) => {
    const stored = db.prepare('SELECT (SELECT count(*) FROM leads) + (SELECT count(*) FROM proposals) AS n');
    if ((stored.get() as { n: number }).n > 0 && accountId === null)
      throw new LeadOpsError(
        ErrorCode.MigrationNeedsAccount,
        'migration 7 needs the ad account the stored data belongs to',
        'Set META_AD_ACCOUNT_ID to the account this database served.',
      );
    const account = accountId ?? '';
    db.exec(`
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        home_channel TEXT,
        served INTEGER NOT NULL CHECK (served IN (0, 1)),
        connected_by TEXT,
        name TEXT,
        currency TEXT,
        timezone TEXT,
        read_at INTEGER,
        last_error TEXT,
        updated_at INTEGER NOT NULL
      ) STRICT;

      ALTER TABLE leads ADD COLUMN account_id TEXT;
      CREATE INDEX leads_account_created ON leads (account_id, created_time);

      CREATE TABLE account_settings (
        account_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, scope, key)
      ) STRICT;
    `);
    db.prepare('UPDATE leads SET account_id = ? WHERE ad_id IS NOT NULL').run(account);
    // The profile a single-account LeadOps kept becomes the account's row (served, from the environment).
    db.prepare(
      `INSERT INTO accounts (id, served, name, currency, timezone, read_at, updated_at)
       SELECT ?, 1, json_extract(value, '$.name'), json_extract(value, '$.currency'),
              json_extract(value, '$.timezone'), updated_at, updated_at
       FROM settings WHERE key = 'meta.account'`,
    ).run(account);
    db.exec("DELETE FROM settings WHERE key = 'meta.account'");
  },
};
