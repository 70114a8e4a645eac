import type { Database } from 'better-sqlite3';
import { readAccountSettings } from '../db/account-settings.js';
import { type CheckStatus, readCheckStatuses, readConditions, readMutes } from '../db/watchdog-state.js';
import type { CurrencyCode } from '../money.js';
import { formatSettingValue } from '../settings/values.js';
import { CHECK_DEFINITIONS, checkEnabled, keysOf, settingValue } from './settings.js';
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
  /** Money thresholds not set for the account (no default outside USD): what needs them is off. */
  unset: string[];
}

export interface WatchdogView {
  now: number;
  timezone: string;
  /** The account's currency; null when Meta never told it (then no thresholds are shown). */
  currency: CurrencyCode | null;
  /** Names the account when LeadOps serves several (`Acme (act_1)`); null with one. */
  account: string | null;
  cron: string;
  channel: string;
  approvers: readonly string[];
  lastRunAt: number | null;
  checks: CheckView[];
}

export interface ViewContext {
  account: { id: string; currency: CurrencyCode | null; timezone: string };
  label: string | null;
  /**
   * The account the token check runs with (it is about the one token, not an account): its
   * state, settings and mutes are shown in every account's view. Null: the account's own.
   */
  tokenAccountId: string | null;
  now: number;
  cron: string;
  channel: string;
  approvers: readonly string[];
}

/** How every check stands for one account, read from the store: `/watchdog` and `/healthz` show it. */
export function watchdogView(db: Database, context: ViewContext): WatchdogView {
  const { account, now } = context;
  const sources = new Map<string, ReturnType<typeof readSource>>();
  const source = (id: string) => {
    let read = sources.get(id);
    if (!read) {
      read = readSource(db, id, now);
      sources.set(id, read);
    }
    return read;
  };
  const checks = CHECK_NAMES.map((check): CheckView => {
    const from = source(check === 'token' ? (context.tokenAccountId ?? account.id) : account.id);
    const currency = account.currency;
    const keys = Object.entries(keysOf(check)).filter(([key]) => key !== 'enabled');
    return {
      check,
      title: CHECK_DEFINITIONS[check].title,
      enabled: checkEnabled(from.stored, check),
      status: from.statuses.get(check) ?? null,
      mutedUntil: from.mutes.get(check)?.until ?? null,
      conditions: from.conditions.filter((condition) => condition.check === check),
      settings:
        currency === null
          ? []
          : keys.map(([key, definition]) => ({
              key,
              value: formatSettingValue(
                definition,
                settingValue(from.stored, check, key, currency),
                currency,
              ),
            })),
      unset:
        currency === null
          ? []
          : keys
              .filter(([key]) => settingValue(from.stored, check, key, currency) === null)
              .map(([key]) => key),
    };
  });
  const runs = checks.flatMap((check) => (check.status ? [check.status.checkedAt] : []));
  return {
    now,
    timezone: account.timezone,
    currency: account.currency,
    account: context.label,
    cron: context.cron,
    channel: context.channel,
    approvers: context.approvers,
    lastRunAt: runs.length > 0 ? Math.max(...runs) : null,
    checks,
  };
}

function readSource(db: Database, accountId: string, now: number) {
  return {
    stored: readAccountSettings(db, accountId),
    statuses: readCheckStatuses(db, accountId),
    mutes: readMutes(db, accountId, now),
    conditions: readConditions(db, accountId),
  };
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
