import type { Database } from 'better-sqlite3';

/** Who did what, when: decisions, refusals, outcomes and setting changes. Never updated, never deleted. */
export interface AuditEntry {
  id: number;
  at: number;
  /** The ad account it concerns (null: from before accounts, with none to give it). */
  accountId: string | null;
  /** A Slack user id, or `rules` / `system` for what LeadOps did by itself. */
  actor: string;
  event: AuditEvent;
  proposalId: number | null;
  detail: string;
}

export type AuditEvent =
  | 'proposal.created'
  | 'proposal.superseded'
  | 'proposal.approved'
  | 'proposal.rejected'
  | 'proposal.refused'
  | 'proposal.limited'
  | 'proposal.applied'
  | 'proposal.unconfirmed'
  | 'proposal.failed'
  | 'proposal.stale'
  | 'proposal.expired'
  | 'proposal.undo_requested'
  | 'rules.run'
  | 'setting.changed'
  | 'setting.refused';

export function recordAudit(
  db: Database,
  entry: {
    at: number;
    actor: string;
    event: AuditEvent;
    accountId: string | null;
    proposalId?: number | null;
    detail?: string;
  },
): void {
  db.prepare(
    'INSERT INTO audit_log (at, actor, event, account_id, proposal_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(entry.at, entry.actor, entry.event, entry.accountId, entry.proposalId ?? null, entry.detail ?? '');
}

const COLUMNS = 'id, at, actor, event, account_id AS accountId, proposal_id AS proposalId, detail';

/** One account's entries, newest first. */
export function recentAudit(db: Database, limit: number, accountId: string): AuditEntry[] {
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM audit_log WHERE account_id = ?
       ORDER BY at DESC, id DESC LIMIT ?`,
    )
    .all(accountId, limit) as AuditEntry[];
}

export function auditFor(db: Database, proposalId: number): AuditEntry[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM audit_log WHERE proposal_id = ? ORDER BY id`)
    .all(proposalId) as AuditEntry[];
}
