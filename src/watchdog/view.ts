import type { Database } from 'better-sqlite3';
import { readMutes, readWatchdogSettings } from '../db/watchdog-settings.js';
import { type CheckStatus, readCheckStatuses, readConditions } from '../db/watchdog-state.js';
import { CHECK_DEFINITIONS, formatValue, keysOf, settingValue } from './settings.js';
import { CHECK_NAMES, type CheckName, type ConditionRecord } from './types.js';

export interface CheckView {
  check: CheckName;
  title: string;
  enabled: boolean;
  /** What its last run saw; null before the first. */
  status: CheckStatus | null;
  mutedUntil: number | null;
  /** Conditions going on, and those over whose "resolved" is not posted yet (muted). */
  conditions: ConditionRecord[];
  /** Its thresholds in force, as people read them (`enabled` left out). */
  settings: { key: string; value: string }[];
}

export interface WatchdogView {
  now: number;
  timezone: string;
  cron: string;
  channel: string;
  approvers: readonly string[];
  lastRunAt: number | null;
  checks: CheckView[];
}

/** How every check stands, read from the store: `/watchdog` and `/healthz` show it. */
export function watchdogView(
  db: Database,
  context: { now: number; timezone: string; cron: string; channel: string; approvers: readonly string[] },
): WatchdogView {
  const statuses = readCheckStatuses(db);
  const mutes = readMutes(db, context.now);
  const stored = readWatchdogSettings(db);
  const conditions = readConditions(db);
  const checks = CHECK_NAMES.map((check) => {
    const keys = keysOf(check);
    return {
      check,
      title: CHECK_DEFINITIONS[check].title,
      enabled: settingValue(stored, check, 'enabled') === true,
      status: statuses.get(check) ?? null,
      mutedUntil: mutes.get(check)?.until ?? null,
      conditions: conditions.filter((condition) => condition.check === check),
      settings: Object.entries(keys)
        .filter(([key]) => key !== 'enabled')
        .map(([key, definition]) => ({
          key,
          value: formatValue(definition, settingValue(stored, check, key)),
        })),
    };
  });
  const runs = checks.flatMap((check) => (check.status ? [check.status.checkedAt] : []));
  return { ...context, lastRunAt: runs.length > 0 ? Math.max(...runs) : null, checks };
}

/** The watchdog's findings for `/healthz`: what is wrong now, and each check's state. */
export function watchdogHealth(view: WatchdogView) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    lastRunAt: iso(view.lastRunAt),
    findings: view.checks.flatMap((check) =>
      check.conditions
        .filter((condition) => condition.active)
        .map((condition) => ({
          check: check.check,
          key: condition.key,
          level: condition.level,
          title: condition.title,
          since: iso(condition.startedAt),
          announced: condition.announcedLevel !== null,
          muted: check.mutedUntil !== null,
        })),
    ),
    checks: Object.fromEntries(
      view.checks.map((check) => [
        check.check,
        {
          state: check.enabled ? (check.status?.state ?? null) : 'off',
          summary: check.status?.summary ?? null,
          checkedAt: iso(check.status?.checkedAt ?? null),
          mutedUntil: iso(check.mutedUntil),
        },
      ]),
    ),
  };
}
