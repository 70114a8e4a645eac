import type { Database } from 'better-sqlite3';
import { prepared } from './prepared.js';

/** A rep on an account's roster. */
export interface RosterMember {
  accountId: string;
  userId: string;
  /** False while the rep is away (`/leads away`). */
  available: boolean;
  addedBy: string;
  addedAt: number;
  /** Round-robin's turn counter: the rep with the lowest goes next (0 = never assigned). */
  lastAssigned: number;
  assignedCount: number;
}

const COLUMNS = `account_id AS accountId, user_id AS userId, available, added_by AS addedBy, added_at AS addedAt,
  last_assigned AS lastAssigned, assigned_count AS assignedCount`;

type Row = Omit<RosterMember, 'available'> & { available: number };

/** The account's reps in round-robin order: whoever waited longest first, then the order they were added. */
export function rosterOf(db: Database, accountId: string): RosterMember[] {
  return (
    prepared(
      db,
      `SELECT ${COLUMNS} FROM roster_members WHERE account_id = ? ORDER BY last_assigned, added_at, rowid`,
    ).all(accountId) as Row[]
  ).map((row) => ({ ...row, available: row.available === 1 }));
}

/** Adds reps (already there → unchanged); returns the ones that were new. */
export function addToRoster(
  db: Database,
  accountId: string,
  userIds: readonly string[],
  addedBy: string,
  at: number,
): string[] {
  return db.transaction(() =>
    userIds.filter(
      (userId) =>
        prepared(
          db,
          `INSERT INTO roster_members (account_id, user_id, available, added_by, added_at)
             VALUES (?, ?, coalesce((SELECT min(available) FROM roster_members WHERE user_id = ?), 1), ?, ?)
             ON CONFLICT (account_id, user_id) DO NOTHING`,
        ).run(accountId, userId, userId, addedBy, at).changes === 1,
    ),
  )();
}

/** Removes reps; returns the ones that were on the roster. */
export function removeFromRoster(db: Database, accountId: string, userIds: readonly string[]): string[] {
  return db.transaction(() =>
    userIds.filter(
      (userId) =>
        prepared(db, 'DELETE FROM roster_members WHERE account_id = ? AND user_id = ?').run(accountId, userId)
          .changes === 1,
    ),
  )();
}

/** `/leads away` (true) or `/leads back` (false) on every roster the rep is on; returns how many rosters. */
export function setAway(db: Database, userId: string, away: boolean): number {
  return prepared(db, 'UPDATE roster_members SET available = ? WHERE user_id = ?').run(away ? 0 : 1, userId)
    .changes;
}

/** The accounts whose roster has the rep. */
export function rostersOfUser(db: Database, userId: string): string[] {
  return (
    prepared(
      db,
      'SELECT account_id AS accountId FROM roster_members WHERE user_id = ? ORDER BY account_id',
    ).all(userId) as { accountId: string }[]
  ).map((row) => row.accountId);
}

/** Round-robin gave the rep a lead: they go to the back of the line. */
export function markAssigned(db: Database, accountId: string, userId: string): void {
  prepared(
    db,
    `UPDATE roster_members SET assigned_count = assigned_count + 1,
         last_assigned = (SELECT coalesce(max(last_assigned), 0) + 1 FROM roster_members WHERE account_id = @accountId)
       WHERE account_id = @accountId AND user_id = @userId`,
  ).run({ accountId, userId });
}
