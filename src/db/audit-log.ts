import type { Database } from 'better-sqlite3';

/** Who did what, when: decisions, refusals, outcomes and setting changes. Never updated, never deleted. */
export interface AuditEntry {
  id: number;
  at: number;
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
  entry: { at: number; actor: string; event: AuditEvent; proposalId?: number | null; detail?: string },
): void {
  db.prepare('INSERT INTO audit_log (at, actor, event, proposal_id, detail) VALUES (?, ?, ?, ?, ?)').run(
    entry.at,
    entry.actor,
    entry.event,
    entry.proposalId ?? null,
    entry.detail ?? '',
  );
}

/** Newest first. */
export function recentAudit(db: Database, limit: number): AuditEntry[] {
  return db
    .prepare(
      `SELECT id, at, actor, event, proposal_id AS proposalId, detail FROM audit_log
       ORDER BY at DESC, id DESC LIMIT ?`,
    )
    .all(limit) as AuditEntry[];
}

export function auditFor(db: Database, proposalId: number): AuditEntry[] {
  return db
    .prepare(
      `SELECT id, at, actor, event, proposal_id AS proposalId, detail FROM audit_log
       WHERE proposal_id = ? ORDER BY id`,
    )
    .all(proposalId) as AuditEntry[];
}
