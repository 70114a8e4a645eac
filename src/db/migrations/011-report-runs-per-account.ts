import { ErrorCode, LeadOpsError } from '../../errors.js';
import type { Migration } from './migration.js';

/**
 * The daily report per ad account: `report_runs` keyed by (account_id, report_date), with the
 * figures the agency roll-up lists (`summary`, JSON) kept next to each run; the roll-up's own
 * runs use the account key `*`. The report schedule's start moves to one key per account
 * (`report.scheduledSince@<account>`), and the account of a single-account database is marked
 * as served from LeadOps' start (`leadops.served_since@<account>`: its leads are compared with
 * Meta's from then, as before). A single-account database's rows become its account's.
 */
export const reportRunsPerAccount: Migration = {
  version: 11,
  name: 'report runs and the report schedule per ad account',
  up: (db, { accountId }) => {
    const held = db.prepare(
      `SELECT (SELECT count(*) FROM report_runs)
            + (SELECT count(*) FROM settings WHERE key = 'report.scheduledSince') AS n`,
    );
    if ((held.get() as { n: number }).n > 0 && accountId === null)
      throw new LeadOpsError(
        ErrorCode.MigrationNeedsAccount,
        'migration 11 needs the ad account the stored report runs belong to',
        'Set META_AD_ACCOUNT_ID to the account this database served.',
      );
    db.exec(`
      CREATE TABLE report_runs_per_account (
        account_id TEXT NOT NULL,
        report_date TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'done')),
        owner TEXT,
        trigger TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        channel TEXT,
        ts TEXT,
        last_error TEXT,
        summary TEXT,
        claimed_at INTEGER NOT NULL,
        posted_at INTEGER,
        done_at INTEGER,
        PRIMARY KEY (account_id, report_date)
      ) STRICT;
    `);
    db.prepare(
      `INSERT INTO report_runs_per_account (account_id, report_date, state, owner, trigger, attempts,
         channel, ts, last_error, claimed_at, posted_at, done_at)
       SELECT ?, report_date, state, owner, trigger, attempts, channel, ts, last_error, claimed_at,
         posted_at, done_at
       FROM report_runs`,
    ).run(accountId ?? '');
    db.exec(`
      DROP TABLE report_runs;
      ALTER TABLE report_runs_per_account RENAME TO report_runs;
    `);
    if (accountId === null) return;
    db.prepare(`UPDATE settings SET key = ? WHERE key = 'report.scheduledSince'`).run(
      `report.scheduledSince@${accountId}`,
    );
    // Only a database that has run before: a new one marks its accounts at its first start.
    db.prepare(
      `INSERT INTO settings (key, value, updated_at)
       SELECT ?, '"start"', updated_at FROM settings WHERE key = 'leadops.started_at'`,
    ).run(`leadops.served_since@${accountId}`);
  },
};
