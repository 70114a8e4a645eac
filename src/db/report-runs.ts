import type { Database } from 'better-sqlite3';

/** How far a daily report got: claimed (nothing posted yet) → posted (message in Slack, chart not yet) → done. */
export type ReportRunState = 'claimed' | 'posted' | 'done';

export interface ReportRun {
  reportDate: string;
  state: ReportRunState;
  /** The process run holding the claim; null once a failed attempt let go of it. */
  owner: string | null;
  trigger: string;
  attempts: number;
  channel: string | null;
  ts: string | null;
  lastError: string | null;
  claimedAt: number;
  postedAt: number | null;
  doneAt: number | null;
}

interface ReportRunRow {
  report_date: string;
  state: ReportRunState;
  owner: string | null;
  trigger: string;
  attempts: number;
  channel: string | null;
  ts: string | null;
  last_error: string | null;
  claimed_at: number;
  posted_at: number | null;
  done_at: number | null;
}

function fromRow(row: ReportRunRow): ReportRun {
  return {
    reportDate: row.report_date,
    state: row.state,
    owner: row.owner,
    trigger: row.trigger,
    attempts: row.attempts,
    channel: row.channel,
    ts: row.ts,
    lastError: row.last_error,
    claimedAt: row.claimed_at,
    postedAt: row.posted_at,
    doneAt: row.done_at,
  };
}

export type ReportClaim =
  /** Go ahead: `run.state` 'claimed' = post everything, 'posted' = only the chart is missing. */
  | { claimed: true; run: ReportRun }
  | { claimed: false; reason: 'done' | 'in progress' | 'gave up'; run: ReportRun };

export function getReportRun(db: Database, reportDate: string): ReportRun | null {
  const row = db.prepare('SELECT * FROM report_runs WHERE report_date = ?').get(reportDate) as
    | ReportRunRow
    | undefined;
  return row ? fromRow(row) : null;
}

/**
 * Claims a report date for `owner` (one process run) in one write transaction, before
 * anything is posted. A finished report is never claimed again. A claim held by this
 * process is in progress; one left by another run (it crashed, or an attempt failed and let
 * go) is taken over and resumed from its state, up to `maxAttempts` attempts in all.
 * One LeadOps process per database: a claim by another owner is taken to be abandoned.
 */
export function claimReportRun(
  db: Database,
  reportDate: string,
  owner: string,
  trigger: string,
  now: number,
  maxAttempts: number,
): ReportClaim {
  const claim = db.transaction((): ReportClaim => {
    const existing = getReportRun(db, reportDate);
    if (!existing) {
      db.prepare(
        `INSERT INTO report_runs (report_date, state, owner, trigger, attempts, claimed_at)
         VALUES (?, 'claimed', ?, ?, 1, ?)`,
      ).run(reportDate, owner, trigger, now);
      return { claimed: true, run: getReportRun(db, reportDate) as ReportRun };
    }
    if (existing.state === 'done') return { claimed: false, reason: 'done', run: existing };
    if (existing.owner === owner) return { claimed: false, reason: 'in progress', run: existing };
    if (existing.attempts >= maxAttempts) return { claimed: false, reason: 'gave up', run: existing };
    db.prepare(
      `UPDATE report_runs SET owner = ?, trigger = ?, attempts = attempts + 1, claimed_at = ?
       WHERE report_date = ?`,
    ).run(owner, trigger, now, reportDate);
    return { claimed: true, run: getReportRun(db, reportDate) as ReportRun };
  });
  return claim.immediate();
}

/** The message is in Slack; only the chart is left. False if the claim is no longer `owner`'s. */
export function markReportPosted(
  db: Database,
  reportDate: string,
  owner: string,
  posted: { channel: string; ts: string },
  now: number,
): boolean {
  return (
    db
      .prepare(
        `UPDATE report_runs SET state = 'posted', channel = ?, ts = ?, posted_at = ?, last_error = NULL
         WHERE report_date = ? AND owner = ? AND state = 'claimed'`,
      )
      .run(posted.channel, posted.ts, now, reportDate, owner).changes === 1
  );
}

export function markReportDone(db: Database, reportDate: string, owner: string, now: number): boolean {
  return (
    db
      .prepare(
        `UPDATE report_runs SET state = 'done', done_at = ?, last_error = NULL
         WHERE report_date = ? AND owner = ? AND state = 'posted'`,
      )
      .run(now, reportDate, owner).changes === 1
  );
}

/** A failed attempt lets go of its claim, keeping the state it reached, so a later trigger resumes. */
export function releaseReportRun(db: Database, reportDate: string, owner: string, error: string): void {
  db.prepare(
    `UPDATE report_runs SET owner = NULL, last_error = ? WHERE report_date = ? AND owner = ? AND state != 'done'`,
  ).run(error, reportDate, owner);
}

/** The latest report date whose report is finished, or null. */
export function lastPostedReportDate(db: Database): string | null {
  const row = db.prepare(`SELECT max(report_date) AS date FROM report_runs WHERE state = 'done'`).get() as {
    date: string | null;
  };
  return row.date;
}
