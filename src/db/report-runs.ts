import type { Database } from 'better-sqlite3';
import type { MessageRef } from '../messages/messenger.js';

/** How far a daily report got: claimed (nothing posted yet) → posted (message in Slack, chart not yet) → done. */
export type ReportRunState = 'claimed' | 'posted' | 'done';

export interface ReportRun {
  /** The ad account reported on; `*` for the agency roll-up. */
  accountId: string;
  reportDate: string;
  state: ReportRunState;
  /** The process run holding the claim; null once a failed attempt let go of it. */
  owner: string | null;
  trigger: string;
  attempts: number;
  /** The report's message, once posted. */
  messageRef: MessageRef | null;
  lastError: string | null;
  /** What the roll-up lists of this report (JSON), saved with the post. */
  summary: unknown;
  claimedAt: number;
  postedAt: number | null;
  doneAt: number | null;
}

interface ReportRunRow {
  account_id: string;
  report_date: string;
  state: ReportRunState;
  owner: string | null;
  trigger: string;
  attempts: number;
  message_ref: string | null;
  last_error: string | null;
  summary: string | null;
  claimed_at: number;
  posted_at: number | null;
  done_at: number | null;
}

function fromRow(row: ReportRunRow): ReportRun {
  return {
    accountId: row.account_id,
    reportDate: row.report_date,
    state: row.state,
    owner: row.owner,
    trigger: row.trigger,
    attempts: row.attempts,
    messageRef: row.message_ref as MessageRef | null,
    lastError: row.last_error,
    summary: row.summary === null ? null : JSON.parse(row.summary),
    claimedAt: row.claimed_at,
    postedAt: row.posted_at,
    doneAt: row.done_at,
  };
}

export type ReportClaim =
  /** Go ahead: `run.state` 'claimed' = post everything, 'posted' = only the chart is missing. */
  | { claimed: true; run: ReportRun }
  | { claimed: false; reason: 'done' | 'in progress' | 'gave up'; run: ReportRun };

/** The agency roll-up's runs: one per morning, claimed like a report under this account key. */
export const ROLL_UP_KEY = '*';

export function getReportRun(db: Database, accountId: string, reportDate: string): ReportRun | null {
  const row = db
    .prepare('SELECT * FROM report_runs WHERE account_id = ? AND report_date = ?')
    .get(accountId, reportDate) as ReportRunRow | undefined;
  return row ? fromRow(row) : null;
}

/**
 * Claims an account's report date for `owner` (one process run) in one write transaction,
 * before anything is posted. A finished report is never claimed again. A claim held by this
 * process is in progress; one left by another run (it crashed, or an attempt failed and let
 * go) is taken over and resumed from its state, up to `maxAttempts` attempts in all.
 * One LeadOps process per database: a claim by another owner is taken to be abandoned.
 */
export function claimReportRun(
  db: Database,
  accountId: string,
  reportDate: string,
  owner: string,
  trigger: string,
  now: number,
  maxAttempts: number,
): ReportClaim {
  const claim = db.transaction((): ReportClaim => {
    const existing = getReportRun(db, accountId, reportDate);
    if (!existing) {
      db.prepare(
        `INSERT INTO report_runs (account_id, report_date, state, owner, trigger, attempts, claimed_at)
         VALUES (?, ?, 'claimed', ?, ?, 1, ?)`,
      ).run(accountId, reportDate, owner, trigger, now);
      return { claimed: true, run: getReportRun(db, accountId, reportDate) as ReportRun };
    }
    if (existing.state === 'done') return { claimed: false, reason: 'done', run: existing };
    if (existing.owner === owner) return { claimed: false, reason: 'in progress', run: existing };
    if (existing.attempts >= maxAttempts) return { claimed: false, reason: 'gave up', run: existing };
    db.prepare(
      `UPDATE report_runs SET owner = ?, trigger = ?, attempts = attempts + 1, claimed_at = ?
       WHERE account_id = ? AND report_date = ?`,
    ).run(owner, trigger, now, accountId, reportDate);
    return { claimed: true, run: getReportRun(db, accountId, reportDate) as ReportRun };
  });
  return claim.immediate();
}

/**
 * The message is in Slack; only the chart is left. `summary` is kept for the roll-up.
 * False if the claim is no longer `owner`'s.
 */
export function markReportPosted(
  db: Database,
  accountId: string,
  reportDate: string,
  owner: string,
  posted: MessageRef,
  now: number,
  summary: unknown = null,
): boolean {
  return (
    db
      .prepare(
        `UPDATE report_runs SET state = 'posted', message_ref = ?, posted_at = ?, last_error = NULL,
           summary = ?
         WHERE account_id = ? AND report_date = ? AND owner = ? AND state = 'claimed'`,
      )
      .run(posted, now, summary === null ? null : JSON.stringify(summary), accountId, reportDate, owner)
      .changes === 1
  );
}

export function markReportDone(
  db: Database,
  accountId: string,
  reportDate: string,
  owner: string,
  now: number,
): boolean {
  return (
    db
      .prepare(
        `UPDATE report_runs SET state = 'done', done_at = ?, last_error = NULL
         WHERE account_id = ? AND report_date = ? AND owner = ? AND state = 'posted'`,
      )
      .run(now, accountId, reportDate, owner).changes === 1
  );
}

/** A failed attempt lets go of its claim, keeping the state it reached, so a later trigger resumes. */
export function releaseReportRun(
  db: Database,
  accountId: string,
  reportDate: string,
  owner: string,
  error: string,
): void {
  db.prepare(
    `UPDATE report_runs SET owner = NULL, last_error = ?
     WHERE account_id = ? AND report_date = ? AND owner = ? AND state != 'done'`,
  ).run(error, accountId, reportDate, owner);
}

/** The account's latest report date whose report is finished, or null. */
export function lastPostedReportDate(db: Database, accountId: string): string | null {
  const row = db
    .prepare(`SELECT max(report_date) AS date FROM report_runs WHERE account_id = ? AND state = 'done'`)
    .get(accountId) as { date: string | null };
  return row.date;
}
