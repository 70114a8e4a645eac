import type { Database } from 'better-sqlite3';
import type { AccountId } from '../accounts/account.js';
import type { MessageRef } from '../messages/messenger.js';
import type { CurrencyCode } from '../money.js';
import type { RuleName } from '../rules/definitions.js';
import type { Play, PlayResult, ProposalAction, ProposalDraft, ProposalOrigin } from '../rules/plan.js';
import type { Figures, Severity } from '../rules/types.js';
import { recordAudit } from './audit-log.js';

/**
 * pending → approved → applied | unconfirmed | failed; pending → rejected | expired;
 * approved → stale (Meta no longer matches what the proposal assumed). A failed one may be approved again.
 */
export type ProposalStatus =
  | 'pending'
  | 'approved'
  | 'applied'
  | 'unconfirmed'
  | 'failed'
  | 'rejected'
  | 'expired'
  | 'stale';

export interface Proposal extends ProposalDraft {
  id: number;
  /** The ad account whose ad set (or campaign) it changes. */
  accountId: AccountId;
  /** The currency its budgets and figures are in (the account's when it was made); null only for rows from before accounts whose currency was never read. */
  currency: CurrencyCode | null;
  /** `undo` restores what a `change` altered; it is approved by the click that asks for it. */
  kind: 'change' | 'undo';
  undoOf: number | null;
  status: ProposalStatus;
  createdAt: number;
  expiresAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
  finishedAt: number | null;
  /** Meta's reason for a failure, what differed for a stale one, what was seen for an unconfirmed one. */
  note: string | null;
  /** Its message (an undo: the change's message it is shown on); null until posted. */
  messageRef: MessageRef | null;
  undoneBy: number | null;
  /** What Meta created while applying a play (an ad set's copy, a lookalike); absent until then. */
  result?: PlayResult | null;
}

interface ProposalRow {
  id: number;
  account_id: string;
  currency: string | null;
  kind: 'change' | 'undo';
  undo_of: number | null;
  rule: string;
  also_rules: string;
  adset_id: string;
  adset_name: string;
  campaign_id: string;
  campaign_name: string;
  target_type: ProposalDraft['target']['type'];
  target_id: string;
  target_name: string;
  action: ProposalAction;
  before_status: string;
  before_daily_budget: number | null;
  after_status: string;
  after_daily_budget: number | null;
  reason: string;
  figures: string;
  severity_metric: string | null;
  severity: number | null;
  urgent: number;
  status: ProposalStatus;
  created_at: number;
  expires_at: number;
  decided_by: string | null;
  decided_at: number | null;
  finished_at: number | null;
  note: string | null;
  message_ref: string | null;
  undone_by: number | null;
  /** Absent before migration 15. */
  play?: string | null;
  result?: string | null;
}

function fromRow(row: ProposalRow): Proposal {
  return {
    id: row.id,
    accountId: row.account_id,
    currency: row.currency,
    kind: row.kind,
    undoOf: row.undo_of,
    rule: row.rule as ProposalOrigin,
    alsoRules: JSON.parse(row.also_rules) as RuleName[],
    adsetId: row.adset_id,
    adsetName: row.adset_name,
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    target: { type: row.target_type, id: row.target_id, name: row.target_name },
    action: row.action,
    before: { status: row.before_status, dailyBudgetCents: row.before_daily_budget },
    after: { status: row.after_status, dailyBudgetCents: row.after_daily_budget },
    reason: row.reason,
    figures: JSON.parse(row.figures) as Figures,
    severity:
      row.severity_metric !== null && row.severity !== null
        ? { metric: row.severity_metric as Severity['metric'], value: row.severity }
        : null,
    urgent: row.urgent === 1,
    status: row.status,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    finishedAt: row.finished_at,
    note: row.note,
    messageRef: row.message_ref as MessageRef | null,
    undoneBy: row.undone_by,
    // Only a play has these: a status or budget change reads back exactly as it was drafted.
    ...(row.play == null ? {} : { play: JSON.parse(row.play) as Play }),
    ...(row.result == null ? {} : { result: JSON.parse(row.result) as PlayResult }),
  };
}

export interface NewProposal {
  draft: ProposalDraft;
  accountId: AccountId;
  currency: CurrencyCode | null;
  kind: 'change' | 'undo';
  undoOf?: number | null;
  status: 'pending' | 'approved';
  createdAt: number;
  expiresAt: number;
  decidedBy?: string | null;
  messageRef?: MessageRef | null;
}

/**
 * A new pending change proposal of the account, expiring `ttlMs` after `now`, and its
 * `proposal.created` audit entry (by `actor`, saying `detail`); inside the caller's transaction.
 */
export function insertPendingProposal(
  db: Database,
  input: { draft: ProposalDraft; accountId: AccountId; currency: CurrencyCode; now: number; ttlMs: number },
  audit: { actor: string; detail: string },
): Proposal {
  const proposal = insertProposal(db, {
    draft: input.draft,
    accountId: input.accountId,
    currency: input.currency,
    kind: 'change',
    status: 'pending',
    createdAt: input.now,
    expiresAt: input.now + input.ttlMs,
  });
  recordAudit(db, {
    at: input.now,
    actor: audit.actor,
    event: 'proposal.created',
    accountId: input.accountId,
    proposalId: proposal.id,
    detail: audit.detail,
  });
  return proposal;
}

export function insertProposal(db: Database, input: NewProposal): Proposal {
  const { draft } = input;
  const result = db
    .prepare(
      `INSERT INTO proposals (account_id, currency, kind, undo_of, rule, also_rules, adset_id, adset_name, campaign_id, campaign_name,
         target_type, target_id, target_name, action, before_status, before_daily_budget, after_status,
         after_daily_budget, reason, figures, severity_metric, severity, urgent, status, created_at, expires_at,
         decided_by, decided_at, message_ref, play)
       VALUES (@account_id, @currency, @kind, @undo_of, @rule, @also_rules, @adset_id, @adset_name, @campaign_id, @campaign_name,
         @target_type, @target_id, @target_name, @action, @before_status, @before_daily_budget, @after_status,
         @after_daily_budget, @reason, @figures, @severity_metric, @severity, @urgent, @status, @created_at,
         @expires_at, @decided_by, @decided_at, @message_ref, @play)`,
    )
    .run({
      account_id: input.accountId,
      currency: input.currency,
      kind: input.kind,
      undo_of: input.undoOf ?? null,
      rule: draft.rule,
      also_rules: JSON.stringify(draft.alsoRules),
      adset_id: draft.adsetId,
      adset_name: draft.adsetName,
      campaign_id: draft.campaignId,
      campaign_name: draft.campaignName,
      target_type: draft.target.type,
      target_id: draft.target.id,
      target_name: draft.target.name,
      action: draft.action,
      before_status: draft.before.status,
      before_daily_budget: draft.before.dailyBudgetCents,
      after_status: draft.after.status,
      after_daily_budget: draft.after.dailyBudgetCents,
      reason: draft.reason,
      figures: JSON.stringify(draft.figures),
      severity_metric: draft.severity?.metric ?? null,
      severity: draft.severity?.value ?? null,
      urgent: draft.urgent ? 1 : 0,
      status: input.status,
      created_at: input.createdAt,
      expires_at: input.expiresAt,
      decided_by: input.decidedBy ?? null,
      decided_at: input.status === 'approved' ? input.createdAt : null,
      message_ref: input.messageRef ?? null,
      play: draft.play ? JSON.stringify(draft.play) : null,
    });
  return getProposal(db, Number(result.lastInsertRowid)) as Proposal;
}

export function getProposal(db: Database, id: number): Proposal | null {
  const row = db.prepare('SELECT * FROM proposals WHERE id = ?').get(id) as ProposalRow | undefined;
  return row ? fromRow(row) : null;
}

/**
 * Moves a proposal from one of `from` to `to` — only if it is still in one of them. True for
 * exactly one caller however many try at once: the claim behind "exactly once".
 */
export function transition(
  db: Database,
  id: number,
  from: readonly ProposalStatus[],
  to: ProposalStatus,
  fields: { decidedBy?: string; decidedAt?: number; finishedAt?: number; note?: string | null } = {},
): boolean {
  const placeholders = from.map(() => '?').join(', ');
  const sets = ['status = ?'];
  const values: (string | number | null)[] = [to];
  if (fields.decidedBy !== undefined) {
    sets.push('decided_by = ?');
    values.push(fields.decidedBy);
  }
  if (fields.decidedAt !== undefined) {
    sets.push('decided_at = ?');
    values.push(fields.decidedAt);
  }
  if (fields.finishedAt !== undefined) {
    sets.push('finished_at = ?');
    values.push(fields.finishedAt);
  }
  if (fields.note !== undefined) {
    sets.push('note = ?');
    values.push(fields.note);
  }
  return (
    db
      .prepare(`UPDATE proposals SET ${sets.join(', ')} WHERE id = ? AND status IN (${placeholders})`)
      .run(...values, id, ...from).changes === 1
  );
}

export function setMessage(db: Database, id: number, ref: MessageRef): void {
  db.prepare('UPDATE proposals SET message_ref = ? WHERE id = ?').run(ref, id);
}

/** What Meta created for a play, kept as soon as it exists (a retry goes on from it). */
export function setResult(db: Database, id: number, result: PlayResult): void {
  db.prepare('UPDATE proposals SET result = ? WHERE id = ?').run(JSON.stringify(result), id);
}

/** Links an undo to the change it restores, unless another undo got there first (a failed one may be replaced). */
export function claimUndo(db: Database, originalId: number, undoId: number): boolean {
  return (
    db
      .prepare(
        `UPDATE proposals SET undone_by = ? WHERE id = ? AND status = 'applied' AND (undone_by IS NULL OR
           undone_by IN (SELECT id FROM proposals WHERE status = 'failed'))`,
      )
      .run(undoId, originalId).changes === 1
  );
}

/** The same ad set's proposals for the same action since `since`, newest first. */
export function recentForAdSet(
  db: Database,
  adsetId: string,
  action: ProposalAction,
  since: number,
): Proposal[] {
  const rows = db
    .prepare(
      `SELECT * FROM proposals WHERE adset_id = ? AND action = ? AND kind = 'change' AND created_at >= ?
       ORDER BY created_at DESC, id DESC`,
    )
    .all(adsetId, action, since) as ProposalRow[];
  return rows.map(fromRow);
}

/** Proposals still waiting for a decision on this ad set. */
export function pendingForAdSet(db: Database, adsetId: string): Proposal[] {
  const rows = db
    .prepare(`SELECT * FROM proposals WHERE adset_id = ? AND status = 'pending' ORDER BY id`)
    .all(adsetId) as ProposalRow[];
  return rows.map(fromRow);
}

/** Changes applied (or possibly applied) to an ad set since `since`; undos not counted. */
export function appliedChangesSince(db: Database, adsetId: string, since: number): number {
  const row = db
    .prepare(
      `SELECT count(*) AS n FROM proposals WHERE adset_id = ? AND kind = 'change'
         AND status IN ('applied', 'unconfirmed') AND finished_at >= ?`,
    )
    .get(adsetId, since) as { n: number };
  return row.n;
}

export function pendingExpiredBy(db: Database, now: number): Proposal[] {
  const rows = db
    .prepare(`SELECT * FROM proposals WHERE status = 'pending' AND expires_at <= ? ORDER BY id`)
    .all(now) as ProposalRow[];
  return rows.map(fromRow);
}

/** Approved but never finished: the process stopped while applying. */
export function approvedBefore(db: Database, before: number): Proposal[] {
  const rows = db
    .prepare(`SELECT * FROM proposals WHERE status = 'approved' AND decided_at < ? ORDER BY id`)
    .all(before) as ProposalRow[];
  return rows.map(fromRow);
}

/** One account's pending proposals whose message never made it to Slack. */
export function unpostedPending(db: Database, now: number, accountId: AccountId): Proposal[] {
  const rows = db
    .prepare(
      `SELECT * FROM proposals WHERE account_id = ? AND status = 'pending' AND message_ref IS NULL
         AND expires_at > ? ORDER BY id`,
    )
    .all(accountId, now) as ProposalRow[];
  return rows.map(fromRow);
}

export function undoOf(db: Database, originalId: number): Proposal | null {
  const row = db
    .prepare(`SELECT * FROM proposals WHERE id = (SELECT undone_by FROM proposals WHERE id = ?)`)
    .get(originalId) as ProposalRow | undefined;
  return row ? fromRow(row) : null;
}

/** Proposals waiting for a decision and not expired, oldest first (the Home tab), and how many there are. */
export function pendingProposals(
  db: Database,
  now: number,
  limit: number,
): { proposals: Proposal[]; total: number } {
  const rows = db
    .prepare(`SELECT * FROM proposals WHERE status = 'pending' AND expires_at > ? ORDER BY id LIMIT ?`)
    .all(now, limit) as ProposalRow[];
  const total = db
    .prepare(`SELECT count(*) FROM proposals WHERE status = 'pending' AND expires_at > ?`)
    .pluck()
    .get(now) as number;
  return { proposals: rows.map(fromRow), total };
}
