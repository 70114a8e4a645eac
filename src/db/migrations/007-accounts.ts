import { ErrorCode, LeadOpsError } from '../../errors.js';
import type { Migration } from './migration.js';

/** Keys of the key-value settings that belong to one account from now on (`key@act_…`). */
const PER_ACCOUNT_KEYS = ['report.scheduledSince', 'watchdog.watching_since', 'audiences.past_leads'];

/**
 * Several ad accounts: the accounts served (from the environment, or connected from Slack),
 * and an account on every row that belongs to one. Rule and watchdog settings become one
 * table of per-account settings. A single-account database's rows become its account's.
 */
export const accounts: Migration = {
  version: 7,
  name: 'accounts, and the account of every row',
  up: (db, { accountId }) => {
    const hasData = db
      .prepare('SELECT (SELECT COUNT(*) FROM leads) + (SELECT COUNT(*) FROM proposals) AS n')
      .get() as {
      n: number;
    };
    if (hasData.n > 0 && accountId === null)
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
      ALTER TABLE proposals ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE audit_log ADD COLUMN account_id TEXT;

      CREATE TABLE account_settings (
        account_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, scope, key)
      ) STRICT;

      CREATE TABLE report_runs_new (
        account_id TEXT NOT NULL,
        report_date TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'done')),
        owner TEXT,
        trigger TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        channel TEXT,
        ts TEXT,
        last_error TEXT,
        claimed_at INTEGER NOT NULL,
        posted_at INTEGER,
        done_at INTEGER,
        PRIMARY KEY (account_id, report_date)
      ) STRICT;

      CREATE TABLE watchdog_checks_new (
        account_id TEXT NOT NULL,
        check_name TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('ok', 'alert', 'unknown', 'error', 'off')),
        summary TEXT NOT NULL,
        checked_at INTEGER NOT NULL,
        error TEXT,
        memo TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (account_id, check_name)
      ) STRICT;

      CREATE TABLE watchdog_conditions_new (
        account_id TEXT NOT NULL,
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
        PRIMARY KEY (account_id, check_name, key)
      ) STRICT;

      CREATE TABLE watchdog_mutes_new (
        account_id TEXT NOT NULL,
        check_name TEXT NOT NULL,
        until INTEGER NOT NULL,
        muted_by TEXT NOT NULL,
        muted_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, check_name)
      ) STRICT;
    `);
    const run = (sql: string) => db.prepare(sql).run({ account });
    run('UPDATE leads SET account_id = :account WHERE ad_id IS NOT NULL');
    run('UPDATE proposals SET account_id = :account');
    run('UPDATE audit_log SET account_id = :account');
    run(`INSERT INTO account_settings (account_id, scope, key, value, updated_by, updated_at)
         SELECT :account, rule, key, value, updated_by, updated_at FROM rule_settings`);
    run(`INSERT INTO account_settings (account_id, scope, key, value, updated_by, updated_at)
         SELECT :account, 'watchdog.' || check_name, key, value, updated_by, updated_at FROM watchdog_settings`);
    run('INSERT INTO report_runs_new SELECT :account, * FROM report_runs');
    run('INSERT INTO watchdog_checks_new SELECT :account, * FROM watchdog_checks');
    run('INSERT INTO watchdog_conditions_new SELECT :account, * FROM watchdog_conditions');
    run('INSERT INTO watchdog_mutes_new SELECT :account, * FROM watchdog_mutes');
    for (const key of PER_ACCOUNT_KEYS)
      db.prepare("UPDATE settings SET key = key || '@' || :account WHERE key = :key").run({ account, key });
    // The profile a single-account LeadOps kept becomes the account's row (served from the environment).
    run(`INSERT INTO accounts (id, served, name, currency, timezone, read_at, updated_at)
         SELECT :account, 1, json_extract(value, '$.name'), json_extract(value, '$.currency'),
                json_extract(value, '$.timezone'), updated_at, updated_at
         FROM settings WHERE key = 'meta.account' AND :account <> ''`);
    db.exec(`
      DELETE FROM settings WHERE key = 'meta.account';
      DROP TABLE rule_settings;
      DROP TABLE watchdog_settings;
      DROP TABLE report_runs;
      ALTER TABLE report_runs_new RENAME TO report_runs;
      DROP TABLE watchdog_checks;
      ALTER TABLE watchdog_checks_new RENAME TO watchdog_checks;
      DROP TABLE watchdog_conditions;
      ALTER TABLE watchdog_conditions_new RENAME TO watchdog_conditions;
      DROP TABLE watchdog_mutes;
      ALTER TABLE watchdog_mutes_new RENAME TO watchdog_mutes;
      CREATE INDEX proposals_account ON proposals (account_id, status, created_at);
    `);
  },
};
