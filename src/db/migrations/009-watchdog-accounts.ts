import { ErrorCode, LeadOpsError } from '../../errors.js';
import type { Migration } from './migration.js';

/**
 * The watchdog per ad account: its thresholds move into `account_settings` (scope
 * `watchdog.<check>`), and what each check saw, its conditions and mutes, and when watching
 * began (LeadOps' recorded start, `leadops.started_at`), become one account's — a
 * single-account database's are its account's (the first of META_AD_ACCOUNT_ID). Depends only
 * on the watchdog's tables, `account_settings` and `settings`.
 */
export const watchdogAccounts: Migration = {
  version: 9,
  name: 'the watchdog per ad account',
  up: (db, { accountId }) => {
    const stored = db.prepare(
      `SELECT (SELECT count(*) FROM watchdog_settings) + (SELECT count(*) FROM watchdog_checks)
         + (SELECT count(*) FROM watchdog_conditions) + (SELECT count(*) FROM watchdog_mutes) AS n`,
    );
    if ((stored.get() as { n: number }).n > 0 && accountId === null)
      throw new LeadOpsError(
        ErrorCode.MigrationNeedsAccount,
        'migration 9 needs the ad account the watchdog’s state belongs to',
        'Set META_AD_ACCOUNT_ID to the account this database served.',
      );
    const account = accountId ?? '';
    db.prepare(
      `INSERT OR IGNORE INTO account_settings (account_id, scope, key, value, updated_by, updated_at)
       SELECT ?, 'watchdog.' || check_name, key, value, updated_by, updated_at FROM watchdog_settings`,
    ).run(account);
    db.exec(`
      DROP TABLE watchdog_settings;

      CREATE TABLE watchdog_checks_v9 (
        account_id TEXT NOT NULL,
        check_name TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('ok', 'alert', 'unknown', 'error', 'off')),
        summary TEXT NOT NULL,
        checked_at INTEGER NOT NULL,
        error TEXT,
        memo TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (account_id, check_name)
      ) STRICT;

      CREATE TABLE watchdog_conditions_v9 (
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

      CREATE TABLE watchdog_mutes_v9 (
        account_id TEXT NOT NULL,
        check_name TEXT NOT NULL,
        until INTEGER NOT NULL,
        muted_by TEXT NOT NULL,
        muted_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, check_name)
      ) STRICT;
    `);
    db.prepare(
      `INSERT INTO watchdog_checks_v9 (account_id, check_name, state, summary, checked_at, error, memo)
       SELECT ?, check_name, state, summary, checked_at, error, memo FROM watchdog_checks`,
    ).run(account);
    db.prepare(
      `INSERT INTO watchdog_conditions_v9 (account_id, check_name, key, active, level, title, detail, fix,
         started_at, seen_at, ended_at, announced_level, announced_at)
       SELECT ?, check_name, key, active, level, title, detail, fix, started_at, seen_at, ended_at,
         announced_level, announced_at FROM watchdog_conditions`,
    ).run(account);
    db.prepare(
      `INSERT INTO watchdog_mutes_v9 (account_id, check_name, until, muted_by, muted_at)
       SELECT ?, check_name, until, muted_by, muted_at FROM watchdog_mutes`,
    ).run(account);
    db.exec(`
      DROP TABLE watchdog_checks;
      DROP TABLE watchdog_conditions;
      DROP TABLE watchdog_mutes;
      ALTER TABLE watchdog_checks_v9 RENAME TO watchdog_checks;
      ALTER TABLE watchdog_conditions_v9 RENAME TO watchdog_conditions;
      ALTER TABLE watchdog_mutes_v9 RENAME TO watchdog_mutes;
    `);
    // The account watched since LeadOps started (migration 8 folded the old watching_since into it).
    if (accountId !== null)
      db.prepare(
        `INSERT OR IGNORE INTO settings (key, value, updated_at)
         SELECT 'watchdog.watching_since@' || ?, value, updated_at FROM settings
         WHERE key IN ('watchdog.watching_since', 'leadops.started_at') ORDER BY key = 'watchdog.watching_since' DESC
         LIMIT 1`,
      ).run(accountId);
    db.exec("DELETE FROM settings WHERE key = 'watchdog.watching_since'");
  },
};
