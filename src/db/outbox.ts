import type { Database } from 'better-sqlite3';
import { prepared } from './prepared.js';

/** Work that must happen exactly once, after the fact that caused it is safely stored. */
export interface OutboxItem {
  id: number;
  kind: string;
  subject: string;
  attempts: number;
  createdAt: number;
  /** When an attempt handed its message to Slack without learning whether it was posted; else null. */
  postingSince: number | null;
}

/** Adds a job unless the same (kind, subject) is already queued or done. */
export function enqueue(db: Database, kind: string, subject: string, now: number): boolean {
  return (
    prepared(
      db,
      `INSERT INTO outbox (kind, subject, next_attempt_at, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (kind, subject) DO NOTHING`,
    ).run(kind, subject, now, now).changes === 1
  );
}

export function dueItems(db: Database, now: number, limit: number): OutboxItem[] {
  return prepared(
    db,
    `SELECT id, kind, subject, attempts, created_at AS createdAt, posting_since AS postingSince FROM outbox
       WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
  ).all(now, limit) as OutboxItem[];
}

/** When the next pending item falls due, or null when nothing is pending. */
export function nextDueAt(db: Database): number | null {
  const row = prepared(db, `SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'pending'`).get() as {
    at: number | null;
  };
  return row.at;
}

export function markDone(db: Database, id: number, result: unknown, now: number): void {
  prepared(
    db,
    `UPDATE outbox SET state = 'done', result = ?, done_at = ?, last_error = NULL WHERE id = ?`,
  ).run(JSON.stringify(result ?? null), now, id);
}

export function scheduleRetry(db: Database, id: number, at: number, error: string): void {
  prepared(
    db,
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?',
  ).run(at, error, id);
}

/**
 * Leaves jobs for `at` (or later, if already later) without counting an attempt: their channel is at its pace (or Slack said
 * 429). One time for all of them, so they fall due together and run in id (arrival) order.
 */
export function deferItems(
  db: Database,
  ids: readonly number[],
  at: number,
  reason: string | null = null,
): void {
  const defer = prepared(
    db,
    'UPDATE outbox SET next_attempt_at = max(next_attempt_at, ?), last_error = coalesce(?, last_error) WHERE id = ?',
  );
  db.transaction(() => {
    for (const id of ids) defer.run(at, reason, id);
  })();
}

/** The job is about to hand its message to Slack: from now on it may have been posted. */
export function markPosting(db: Database, id: number, now: number): void {
  prepared(db, 'UPDATE outbox SET posting_since = coalesce(posting_since, ?) WHERE id = ?').run(now, id);
}

/** Slack certainly did not post it (429, a refusal): no history to look through next time. */
export function clearPosting(db: Database, id: number): void {
  prepared(db, 'UPDATE outbox SET posting_since = NULL WHERE id = ?').run(id);
}

/** Makes every retried, still-pending job of a kind due now; returns how many. */
export function rearmRetries(db: Database, kind: string, now: number): number {
  return prepared(
    db,
    `UPDATE outbox SET next_attempt_at = ? WHERE kind = ? AND state = 'pending' AND attempts > 0 AND next_attempt_at > ?`,
  ).run(now, kind, now).changes;
}

export function outboxResult<T>(db: Database, kind: string, subject: string): T | null {
  const row = prepared(db, `SELECT result FROM outbox WHERE kind = ? AND subject = ? AND state = 'done'`).get(
    kind,
    subject,
  ) as { result: string } | undefined;
  return row ? (JSON.parse(row.result) as T) : null;
}

export function pendingStats(db: Database): {
  pending: number;
  oldestCreatedAt: number | null;
  lastError: string | null;
} {
  const row = prepared(
    db,
    `SELECT count(*) AS pending, min(created_at) AS oldest,
         (SELECT last_error FROM outbox WHERE state = 'pending' AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1) AS lastError
       FROM outbox WHERE state = 'pending'`,
  ).get() as { pending: number; oldest: number | null; lastError: string | null };
  return { pending: row.pending, oldestCreatedAt: row.oldest, lastError: row.lastError };
}
