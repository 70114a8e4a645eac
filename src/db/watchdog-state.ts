import type { Database } from 'better-sqlite3';
import type { CheckName, ConditionRecord } from '../watchdog/types.js';
import { prepared } from './prepared.js';

export type CheckState = 'ok' | 'alert' | 'unknown' | 'error' | 'off';

/** What a check last saw; `memo` is what it keeps between runs (the last debug_token answer…). */
export interface CheckStatus {
  check: CheckName;
  state: CheckState;
  summary: string;
  checkedAt: number;
  error: string | null;
  memo: Record<string, unknown>;
}

interface CheckRow {
  check_name: CheckName;
  state: CheckState;
  summary: string;
  checked_at: number;
  error: string | null;
  memo: string;
}

interface ConditionRow {
  check_name: CheckName;
  key: string;
  active: number;
  level: string;
  title: string;
  detail: string;
  fix: string;
  started_at: number;
  seen_at: number;
  ended_at: number | null;
  announced_level: string | null;
  announced_at: number | null;
}

export function readCheckStatuses(db: Database): Map<CheckName, CheckStatus> {
  const rows = prepared(db, 'SELECT * FROM watchdog_checks').all() as CheckRow[];
  return new Map(
    rows.map((row) => [
      row.check_name,
      {
        check: row.check_name,
        state: row.state,
        summary: row.summary,
        checkedAt: row.checked_at,
        error: row.error,
        memo: JSON.parse(row.memo) as Record<string, unknown>,
      },
    ]),
  );
}

export function saveCheckStatus(db: Database, status: CheckStatus): void {
  prepared(
    db,
    `INSERT INTO watchdog_checks (check_name, state, summary, checked_at, error, memo) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (check_name) DO UPDATE SET state = excluded.state, summary = excluded.summary,
       checked_at = excluded.checked_at, error = excluded.error, memo = excluded.memo`,
  ).run(
    status.check,
    status.state,
    status.summary,
    status.checkedAt,
    status.error,
    JSON.stringify(status.memo),
  );
}

function fromConditionRow(row: ConditionRow): ConditionRecord {
  return {
    check: row.check_name,
    key: row.key,
    active: row.active === 1,
    level: row.level,
    title: row.title,
    detail: row.detail,
    fix: row.fix,
    startedAt: row.started_at,
    seenAt: row.seen_at,
    endedAt: row.ended_at,
    announcedLevel: row.announced_level,
    announcedAt: row.announced_at,
  };
}

/** Every remembered condition (of one check, when given), oldest first. */
export function readConditions(db: Database, check?: CheckName): ConditionRecord[] {
  const rows = (
    check === undefined
      ? prepared(db, 'SELECT * FROM watchdog_conditions ORDER BY started_at, check_name, key').all()
      : prepared(db, 'SELECT * FROM watchdog_conditions WHERE check_name = ? ORDER BY started_at, key').all(
          check,
        )
  ) as ConditionRow[];
  return rows.map(fromConditionRow);
}

/** Replaces what is remembered of one check's conditions, in one transaction. */
export function saveConditions(db: Database, check: CheckName, records: readonly ConditionRecord[]): void {
  const insert = prepared(
    db,
    `INSERT INTO watchdog_conditions (check_name, key, active, level, title, detail, fix, started_at, seen_at,
       ended_at, announced_level, announced_at)
     VALUES (@check, @key, @active, @level, @title, @detail, @fix, @startedAt, @seenAt, @endedAt,
       @announcedLevel, @announcedAt)`,
  );
  const remove = prepared(db, 'DELETE FROM watchdog_conditions WHERE check_name = ?');
  db.transaction(() => {
    remove.run(check);
    for (const record of records) {
      if (record.check !== check) throw new Error(`condition of ${record.check} saved under ${check}`);
      insert.run({ ...record, active: record.active ? 1 : 0 });
    }
  })();
}

/** One condition's row after Slack was told (or null: forgotten once its end was told). */
export function saveCondition(
  db: Database,
  check: CheckName,
  key: string,
  record: ConditionRecord | null,
): void {
  if (record === null) {
    prepared(db, 'DELETE FROM watchdog_conditions WHERE check_name = ? AND key = ?').run(check, key);
    return;
  }
  prepared(
    db,
    `UPDATE watchdog_conditions SET announced_level = ?, announced_at = ? WHERE check_name = ? AND key = ?`,
  ).run(record.announcedLevel, record.announcedAt, check, key);
}

// What the watchdog reads from the leads table (owned by leads.ts); it never writes there.

/** Created times (received time when unknown) of the stored leads since `from`, ascending. */
export function leadTimesSince(db: Database, from: number): number[] {
  const rows = prepared(
    db,
    `SELECT coalesce(created_time, received_at) AS t FROM leads
       WHERE coalesce(created_time, received_at) >= ? ORDER BY t`,
  ).all(from) as { t: number }[];
  return rows.map((row) => row.t);
}

/** The newest stored lead's created time, or null with an empty store. */
export function newestLeadTime(db: Database): number | null {
  const row = prepared(db, 'SELECT max(coalesce(created_time, received_at)) AS t FROM leads').get() as {
    t: number | null;
  };
  return row.t;
}

/** Leads from ads (not organic) created in [from, to). */
export function countAdLeadsCreatedBetween(db: Database, from: number, to: number): number {
  const row = prepared(
    db,
    `SELECT count(*) AS n FROM leads WHERE coalesce(is_organic, 0) = 0
       AND coalesce(created_time, received_at) >= ? AND coalesce(created_time, received_at) < ?`,
  ).get(from, to) as { n: number };
  return row.n;
}

/** Leads polling brought at or after `since` at least `lateMs` after they were created: the webhook missed them. */
export function countPolledLate(db: Database, since: number, lateMs: number): number {
  const row = prepared(
    db,
    `SELECT count(*) AS n FROM leads WHERE received_via = 'poll' AND received_at >= ?
       AND created_time IS NOT NULL AND received_at - created_time >= ?`,
  ).get(since, lateMs) as { n: number };
  return row.n;
}
