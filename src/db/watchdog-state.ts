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

/** What each check last saw for one account. */
export function readCheckStatuses(db: Database, accountId: string): Map<CheckName, CheckStatus> {
  const rows = prepared(db, 'SELECT * FROM watchdog_checks WHERE account_id = ?').all(
    accountId,
  ) as CheckRow[];
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

export function saveCheckStatus(db: Database, accountId: string, status: CheckStatus): void {
  prepared(
    db,
    `INSERT INTO watchdog_checks (account_id, check_name, state, summary, checked_at, error, memo)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, check_name) DO UPDATE SET state = excluded.state, summary = excluded.summary,
       checked_at = excluded.checked_at, error = excluded.error, memo = excluded.memo`,
  ).run(
    accountId,
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

/** Every remembered condition of one account (of one check, when given), oldest first. */
export function readConditions(db: Database, accountId: string, check?: CheckName): ConditionRecord[] {
  const rows = (
    check === undefined
      ? prepared(
          db,
          'SELECT * FROM watchdog_conditions WHERE account_id = ? ORDER BY started_at, check_name, key',
        ).all(accountId)
      : prepared(
          db,
          'SELECT * FROM watchdog_conditions WHERE account_id = ? AND check_name = ? ORDER BY started_at, key',
        ).all(accountId, check)
  ) as ConditionRow[];
  return rows.map(fromConditionRow);
}

/** Replaces what is remembered of one account's conditions of one check, in one transaction. */
export function saveConditions(
  db: Database,
  accountId: string,
  check: CheckName,
  records: readonly ConditionRecord[],
): void {
  const insert = prepared(
    db,
    `INSERT INTO watchdog_conditions (account_id, check_name, key, active, level, title, detail, fix, started_at,
       seen_at, ended_at, announced_level, announced_at)
     VALUES (@accountId, @check, @key, @active, @level, @title, @detail, @fix, @startedAt, @seenAt, @endedAt,
       @announcedLevel, @announcedAt)`,
  );
  const remove = prepared(db, 'DELETE FROM watchdog_conditions WHERE account_id = ? AND check_name = ?');
  db.transaction(() => {
    remove.run(accountId, check);
    for (const record of records) {
      if (record.check !== check) throw new Error(`condition of ${record.check} saved under ${check}`);
      insert.run({ ...record, accountId, active: record.active ? 1 : 0 });
    }
  })();
}

/** One condition's row after Slack was told (or null: forgotten once its end was told). */
export function saveCondition(
  db: Database,
  accountId: string,
  check: CheckName,
  key: string,
  record: ConditionRecord | null,
): void {
  if (record === null) {
    prepared(db, 'DELETE FROM watchdog_conditions WHERE account_id = ? AND check_name = ? AND key = ?').run(
      accountId,
      check,
      key,
    );
    return;
  }
  prepared(
    db,
    `UPDATE watchdog_conditions SET announced_level = ?, announced_at = ?
     WHERE account_id = ? AND check_name = ? AND key = ?`,
  ).run(record.announcedLevel, record.announcedAt, accountId, check, key);
}

export interface Mute {
  check: CheckName;
  until: number;
  mutedBy: string;
  mutedAt: number;
}

/** One account's mutes still in force at `now`. */
export function readMutes(db: Database, accountId: string, now: number): Map<CheckName, Mute> {
  const rows = prepared(db, 'SELECT * FROM watchdog_mutes WHERE account_id = ? AND until > ?').all(
    accountId,
    now,
  ) as { check_name: CheckName; until: number; muted_by: string; muted_at: number }[];
  return new Map(
    rows.map((row) => [
      row.check_name,
      { check: row.check_name, until: row.until, mutedBy: row.muted_by, mutedAt: row.muted_at },
    ]),
  );
}

/** Mutes one account's check until `until`; `until` ≤ now lifts the mute. */
export function writeMute(
  db: Database,
  accountId: string,
  check: CheckName,
  until: number,
  mutedBy: string,
  now: number,
): void {
  if (until <= now) {
    prepared(db, 'DELETE FROM watchdog_mutes WHERE account_id = ? AND check_name = ?').run(accountId, check);
    return;
  }
  prepared(
    db,
    `INSERT INTO watchdog_mutes (account_id, check_name, until, muted_by, muted_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (account_id, check_name) DO UPDATE SET until = excluded.until, muted_by = excluded.muted_by,
       muted_at = excluded.muted_at`,
  ).run(accountId, check, until, mutedBy, now);
}

// What the watchdog reads from the leads table (owned by leads.ts); it never writes there.

/**
 * Which stored leads are an account's: those of its ads (`account_id`), and with
 * `unattributed` (the only account served) also those no account is recorded for (organic
 * leads, and leads stored before their account was).
 */
export interface LeadScope {
  accountId: string;
  unattributed: boolean;
}

const OF_ACCOUNT = '(account_id = @accountId OR (@unattributed = 1 AND account_id IS NULL))';
const scopeParams = (scope: LeadScope) => ({
  accountId: scope.accountId,
  unattributed: scope.unattributed ? 1 : 0,
});

/** Created times (received time when unknown) of the account's stored leads since `from`, ascending. */
export function leadTimesSince(db: Database, scope: LeadScope, from: number): number[] {
  const rows = prepared(
    db,
    `SELECT coalesce(created_time, received_at) AS t FROM leads
       WHERE ${OF_ACCOUNT} AND coalesce(created_time, received_at) >= @from ORDER BY t`,
  ).all({ ...scopeParams(scope), from }) as { t: number }[];
  return rows.map((row) => row.t);
}

/** The account's newest stored lead's created time, or null when it has none. */
export function newestLeadTime(db: Database, scope: LeadScope): number | null {
  const row = prepared(
    db,
    `SELECT max(coalesce(created_time, received_at)) AS t FROM leads WHERE ${OF_ACCOUNT}`,
  ).get(scopeParams(scope)) as { t: number | null };
  return row.t;
}

/** Leads from ads (not organic) created in [from, to): the account's, or every account's without a scope. */
export function countAdLeadsCreatedBetween(
  db: Database,
  from: number,
  to: number,
  scope?: LeadScope,
): number {
  const row = (
    scope === undefined
      ? prepared(
          db,
          `SELECT count(*) AS n FROM leads WHERE coalesce(is_organic, 0) = 0
             AND coalesce(created_time, received_at) >= @from AND coalesce(created_time, received_at) < @to`,
        ).get({ from, to })
      : prepared(
          db,
          `SELECT count(*) AS n FROM leads WHERE ${OF_ACCOUNT} AND coalesce(is_organic, 0) = 0
             AND coalesce(created_time, received_at) >= @from AND coalesce(created_time, received_at) < @to`,
        ).get({ ...scopeParams(scope), from, to })
  ) as { n: number };
  return row.n;
}

/** The account's leads polling brought at or after `since` at least `lateMs` after they were created: the webhook missed them. */
export function countPolledLate(db: Database, scope: LeadScope, since: number, lateMs: number): number {
  const row = prepared(
    db,
    `SELECT count(*) AS n FROM leads WHERE ${OF_ACCOUNT} AND received_via = 'poll' AND received_at >= @since
       AND created_time IS NOT NULL AND received_at - created_time >= @lateMs`,
  ).get({ ...scopeParams(scope), since, lateMs }) as { n: number };
  return row.n;
}
