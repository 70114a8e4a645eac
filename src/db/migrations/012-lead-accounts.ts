import { ErrorCode, LeadOpsError } from '../../errors.js';
import type { Migration } from './migration.js';

/** Where the exclusion audience's id was kept when LeadOps served one account. */
const SINGLE_AUDIENCE_KEY = 'audiences.past_leads';

/**
 * Leads, their outcomes and the exclusion audience per ad account: which account each ad
 * belongs to (read once from Meta, an ad never moves), and the audience's id kept per
 * account (`audiences.past_leads@act_…`). A single-account database's audience, and its ad
 * leads stored without an account, become that account's (the first of META_AD_ACCOUNT_ID).
 */
export const leadAccounts: Migration = {
  version: 12,
  name: 'the account of each ad, the exclusion audience per account',
  up: (db, { accountId }) => {
    db.exec(`
      CREATE TABLE ad_accounts (
        ad_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        read_at INTEGER NOT NULL
      ) STRICT;
    `);
    const audience = db
      .prepare('SELECT count(*) AS n FROM settings WHERE key = ?')
      .get(SINGLE_AUDIENCE_KEY) as {
      n: number;
    };
    if (audience.n > 0) {
      if (accountId === null)
        throw new LeadOpsError(
          ErrorCode.MigrationNeedsAccount,
          'migration 12 needs the ad account the stored audience belongs to',
          'Set META_AD_ACCOUNT_ID to the account this database served.',
        );
      db.prepare('UPDATE settings SET key = ? WHERE key = ?').run(
        `${SINGLE_AUDIENCE_KEY}@${accountId}`,
        SINGLE_AUDIENCE_KEY,
      );
    }
    // Leads stored since migration 7 without their account: the one account this database served, if it served one.
    if (accountId !== null)
      db.prepare(
        `UPDATE leads SET account_id = ? WHERE ad_id IS NOT NULL AND account_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM accounts WHERE served = 1 AND id != ?)`,
      ).run(accountId, accountId);
  },
};
