import type { Database } from 'better-sqlite3';
import type { AccountId } from '../accounts/account.js';
import type { LocalDate } from '../dates/calendar.js';
import type { Comparison, Verdict } from '../followups/compare.js';
import type { MessageRef } from '../messages/messenger.js';

/** scheduled → claimed → posted; skipped (the change was undone, its account no longer served); failed (gave up). */
export type FollowUpState = 'scheduled' | 'claimed' | 'posted' | 'skipped' | 'failed';

export interface FollowUp {
  id: number;
  proposalId: number;
  accountId: AccountId;
  horizonHours: number;
  appliedAt: number;
  dueAt: number;
  beforeSince: LocalDate;
  beforeUntil: LocalDate;
  afterSince: LocalDate;
  afterUntil: LocalDate;
  state: FollowUpState;
  /** The process run holding the claim; null when none does. */
  owner: string | null;
  attempts: number;
  nextTryAt: number;
  claimedAt: number | null;
  finishedAt: number | null;
  verdict: Verdict | null;
  /** The comparison that was posted. */
  result: Comparison | null;
  messageRef: MessageRef | null;
  /** Why it was skipped, or the last error. */
  note: string | null;
}

interface FollowUpRow {
  id: number;
  proposal_id: number;
  account_id: string;
  horizon_hours: number;
  applied_at: number;
  due_at: number;
  before_since: string;
  before_until: string;
  after_since: string;
  after_until: string;
  state: FollowUpState;
  owner: string | null;
  attempts: number;
  next_try_at: number;
  claimed_at: number | null;
  finished_at: number | null;
  verdict: string | null;
  result: string | null;
  message_ref: string | null;
  note: string | null;
}

function fromRow(row: FollowUpRow): FollowUp {
  return {
    id: row.id,
    proposalId: row.proposal_id,
    accountId: row.account_id,
    horizonHours: row.horizon_hours,
    appliedAt: row.applied_at,
    dueAt: row.due_at,
    beforeSince: row.before_since,
    beforeUntil: row.before_until,
    afterSince: row.after_since,
    afterUntil: row.after_until,
    state: row.state,
    owner: row.owner,
    attempts: row.attempts,
    nextTryAt: row.next_try_at,
    claimedAt: row.claimed_at,
    finishedAt: row.finished_at,
    verdict: row.verdict as Verdict | null,
    result: row.result === null ? null : (JSON.parse(row.result) as Comparison),
    messageRef: row.message_ref as MessageRef | null,
    note: row.note,
  };
}

export type NewFollowUp = Pick<
  FollowUp,
  | 'proposalId'
  | 'accountId'
  | 'horizonHours'
  | 'appliedAt'
  | 'dueAt'
  | 'beforeSince'
  | 'beforeUntil'
  | 'afterSince'
  | 'afterUntil'
>;

/** Schedules follow-ups; one per change and horizon (a second call for the same ones is a no-op). */
export function insertFollowUps(db: Database, followUps: readonly NewFollowUp[]): void {
  const insert = db.prepare(
    `INSERT INTO follow_ups (proposal_id, account_id, horizon_hours, applied_at, due_at, before_since,
       before_until, after_since, after_until, state, next_try_at)
     VALUES (@proposalId, @accountId, @horizonHours, @appliedAt, @dueAt, @beforeSince, @beforeUntil,
       @afterSince, @afterUntil, 'scheduled', @dueAt)
     ON CONFLICT (proposal_id, horizon_hours) DO NOTHING`,
  );
  db.transaction(() => {
    for (const followUp of followUps) insert.run(followUp);
  })();
}

export function getFollowUp(db: Database, id: number): FollowUp | null {
  const row = db.prepare('SELECT * FROM follow_ups WHERE id = ?').get(id) as FollowUpRow | undefined;
  return row ? fromRow(row) : null;
}

/**
 * Follow-ups to post now: due and waiting, or claimed by a run that is gone (`owner` is this
 * run: a claim by another owner was left by a crash). Oldest first.
 */
export function dueFollowUps(db: Database, now: number, owner: string): FollowUp[] {
  const rows = db
    .prepare(
      `SELECT * FROM follow_ups WHERE next_try_at <= ?
         AND (state = 'scheduled' OR (state = 'claimed' AND (owner IS NULL OR owner != ?)))
       ORDER BY due_at, id`,
    )
    .all(now, owner) as FollowUpRow[];
  return rows.map(fromRow);
}

/**
 * Claims a follow-up for `owner` before anything is read or posted: true for exactly one caller.
 * A claim left by another run (it stopped mid-way) is taken over.
 */
export function claimFollowUp(db: Database, id: number, owner: string, now: number): boolean {
  return (
    db
      .prepare(
        `UPDATE follow_ups SET state = 'claimed', owner = ?, claimed_at = ?, attempts = attempts + 1
         WHERE id = ? AND next_try_at <= ?
           AND (state = 'scheduled' OR (state = 'claimed' AND (owner IS NULL OR owner != ?)))`,
      )
      .run(owner, now, id, now, owner).changes === 1
  );
}

/** Posted: the verdict, the comparison and where, kept for /rules history and the scorecard. */
export function markFollowUpPosted(
  db: Database,
  id: number,
  owner: string,
  posted: { verdict: Verdict; result: Comparison; messageRef: MessageRef; at: number },
): boolean {
  return (
    db
      .prepare(
        `UPDATE follow_ups SET state = 'posted', owner = NULL, finished_at = ?, verdict = ?, result = ?,
           message_ref = ?, note = NULL
         WHERE id = ? AND state = 'claimed' AND owner = ?`,
      )
      .run(posted.at, posted.verdict, JSON.stringify(posted.result), posted.messageRef, id, owner).changes ===
    1
  );
}

/** Never posted, on purpose: the change was undone, or its account is no longer served. */
export function skipFollowUp(db: Database, id: number, note: string, now: number): void {
  db.prepare(
    `UPDATE follow_ups SET state = 'skipped', owner = NULL, finished_at = ?, note = ?
     WHERE id = ? AND state IN ('scheduled', 'claimed')`,
  ).run(now, note, id);
}

/**
 * A failed attempt (Meta or Slack) lets go of the claim and waits `retryAt`; after `maxAttempts`
 * the follow-up is given up (`failed`), never posted twice.
 */
export function releaseFollowUp(
  db: Database,
  id: number,
  owner: string,
  error: string,
  times: { now: number; retryAt: number },
  maxAttempts: number,
): void {
  db.prepare(
    `UPDATE follow_ups SET owner = NULL, note = ?, next_try_at = ?,
       state = CASE WHEN attempts >= ? THEN 'failed' ELSE 'scheduled' END,
       finished_at = CASE WHEN attempts >= ? THEN ? ELSE NULL END
     WHERE id = ? AND state = 'claimed' AND owner = ?`,
  ).run(error, times.retryAt, maxAttempts, maxAttempts, times.now, id, owner);
}

/** The follow-ups of these proposals, by proposal id, shortest horizon first. */
export function followUpsOf(db: Database, proposalIds: readonly number[]): Map<number, FollowUp[]> {
  const found = new Map<number, FollowUp[]>();
  if (proposalIds.length === 0) return found;
  const rows = db
    .prepare(
      `SELECT * FROM follow_ups WHERE proposal_id IN (SELECT value FROM json_each(?))
       ORDER BY proposal_id, horizon_hours`,
    )
    .all(JSON.stringify(proposalIds)) as FollowUpRow[];
  for (const row of rows) {
    const followUp = fromRow(row);
    const list = found.get(followUp.proposalId) ?? [];
    list.push(followUp);
    found.set(followUp.proposalId, list);
  }
  return found;
}

/** One account's follow-ups of changes applied in [from, to), oldest change first. */
export function followUpsAppliedBetween(
  db: Database,
  accountId: AccountId,
  from: number,
  to: number,
): FollowUp[] {
  const rows = db
    .prepare(
      `SELECT * FROM follow_ups WHERE account_id = ? AND applied_at >= ? AND applied_at < ?
       ORDER BY applied_at, proposal_id, horizon_hours`,
    )
    .all(accountId, from, to) as FollowUpRow[];
  return rows.map(fromRow);
}
