import { ErrorCode, LeadOpsError } from '../../errors.js';
import type { Migration } from './migration.js';

/**
 * Rules, proposals and their audit trail per ad account: the rule settings people changed move
 * into `account_settings` (scope = the rule, or `limits`) and `rule_settings` goes; each
 * proposal gets its account and the currency its budgets are in; each audit entry its account.
 * A single-account database's rows become its account's (the first of META_AD_ACCOUNT_ID).
 */
export const rulesPerAccount: Migration = {
  version: 10,
  name: 'rule settings, proposals and the audit log per account',
  up: (db, { accountId }) => {
    const stored = db.prepare(
      'SELECT (SELECT count(*) FROM rule_settings) + (SELECT count(*) FROM proposals) AS n',
    );
    if ((stored.get() as { n: number }).n > 0 && accountId === null)
      throw new LeadOpsError(
        ErrorCode.MigrationNeedsAccount,
        'migration 10 needs the ad account the stored rule settings and proposals belong to',
        'Set META_AD_ACCOUNT_ID to the account this database served.',
      );
    db.prepare(
      `INSERT INTO account_settings (account_id, scope, key, value, updated_by, updated_at)
       SELECT ?, rule, key, value, updated_by, updated_at FROM rule_settings WHERE true
       ON CONFLICT (account_id, scope, key) DO NOTHING`,
    ).run(accountId ?? '');
    db.exec(`
      DROP TABLE rule_settings;

      ALTER TABLE proposals ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE proposals ADD COLUMN currency TEXT;
      CREATE INDEX proposals_account_status ON proposals (account_id, status);

      ALTER TABLE audit_log ADD COLUMN account_id TEXT;
      CREATE INDEX audit_log_account_at ON audit_log (account_id, at);
    `);
    if (accountId === null) return;
    // The budgets were Meta's daily_budget in the account's own unit; its currency is what Meta said of it.
    db.prepare(
      'UPDATE proposals SET account_id = ?, currency = (SELECT currency FROM accounts WHERE id = ?)',
    ).run(accountId, accountId);
    db.prepare('UPDATE audit_log SET account_id = ?').run(accountId);
  },
};
