import type { Migration } from './migration.js';

/** Rule settings people changed, the proposals the rules made and what became of them, and the audit trail. */
export const rulesProposalsAudit: Migration = {
  version: 4,
  name: 'rule settings, proposals and the audit log',
  up: (db) =>
    db.exec(`
    CREATE TABLE rule_settings (
      rule TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (rule, key)
  ) STRICT;

  CREATE TABLE proposals (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('change', 'undo')),
      undo_of INTEGER REFERENCES proposals (id),
      rule TEXT NOT NULL,
      also_rules TEXT NOT NULL DEFAULT '[]',
      adset_id TEXT NOT NULL,
      adset_name TEXT NOT NULL,
      campaign_id TEXT NOT NULL,
      campaign_name TEXT NOT NULL,
      target_type TEXT NOT NULL CHECK (target_type IN ('adset', 'campaign')),
      target_id TEXT NOT NULL,
      target_name TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('pause', 'resume', 'raise_budget', 'lower_budget')),
      before_status TEXT NOT NULL,
      before_daily_budget INTEGER,
      after_status TEXT NOT NULL,
      after_daily_budget INTEGER,
      reason TEXT NOT NULL,
      figures TEXT NOT NULL,
      severity_metric TEXT,
      severity REAL,
      urgent INTEGER NOT NULL DEFAULT 0,
      status TEXT NOT NULL CHECK (status IN
        ('pending', 'approved', 'applied', 'unconfirmed', 'failed', 'rejected', 'expired', 'stale')),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      decided_by TEXT,
      decided_at INTEGER,
      finished_at INTEGER,
      note TEXT,
      channel TEXT,
      message_ts TEXT,
      undone_by INTEGER REFERENCES proposals (id)
  ) STRICT;
  CREATE INDEX proposals_adset ON proposals (adset_id, status, created_at);
  CREATE INDEX proposals_status ON proposals (status, expires_at);

  CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      event TEXT NOT NULL,
      proposal_id INTEGER,
      detail TEXT NOT NULL DEFAULT ''
  ) STRICT;
  CREATE INDEX audit_log_at ON audit_log (at);
  `),
};
