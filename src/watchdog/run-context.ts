import type { Account } from '../accounts/account.js';
import { addDays, type LocalDate, startOfLocalDay, todayIn } from '../dates/calendar.js';
import { readAccountSettings } from '../db/account-settings.js';
import type { Database } from '../db/open.js';
import { readSetting, writeSetting } from '../db/settings.js';
import { startedAt } from '../db/started-at.js';
import { type LeadScope, readCheckStatuses, readConditions } from '../db/watchdog-state.js';
import type {
  AccountHealthReader,
  AccountStanding,
  CampaignFigures,
  FlaggedAd,
} from '../meta/account-health.js';
import type { GraphStatus } from '../meta/graph-client.js';
import type { UsageFigures } from '../meta/graph-scheduler.js';
import type { TokenDebug } from '../meta/token-debug.js';
import type { CurrencyCode } from '../money.js';
import { attempt, type Read } from './check.js';
import { TRAILING_DAYS } from './checks/cpl.js';
import { checkEnabled, type SettingsOf, settingsOf } from './settings.js';
import type { CheckName } from './types.js';

/** The `settings` key of when the watchdog first ran for an account. */
export const watchingSinceKey = (accountId: string): string => `watchdog.watching_since@${accountId}`;

/**
 * What every check of one run of one ad account reads through: the run's moment, the
 * account (its currency and time zone), its settings in force, the store, and Meta's shared
 * figures — each read at most once per run however many checks need it (and the 14 days once
 * per local date), so a run costs a handful of Graph calls.
 */
export interface RunContext {
  readonly db: Database;
  readonly now: number;
  readonly account: Account;
  /** The account's time zone: dates and hours are the account's. */
  readonly timezone: string;
  /** The account's currency: every amount, threshold and figure is in it. */
  readonly currency: CurrencyCode;
  readonly today: LocalDate;
  readonly todayStart: number;
  /**
   * When the watchdog began watching the account (its first run for it, never before LeadOps
   * started on this database): the store may lack the account's leads from before.
   */
  readonly watchingSince: number;
  /** Which stored leads are the account's. */
  readonly leads: LeadScope;
  readonly reader: AccountHealthReader;
  readonly tokenDebug: TokenDebug;
  graphStatus(): GraphStatus;
  /** The account's last usage figures from Meta's headers (null before any answer for it). */
  usage(): UsageFigures | null;
  readonly webhooksConfigured: boolean;
  readonly pageIds: readonly string[];
  /** Every served account: the token must reach them all. */
  readonly accountIds: readonly string[];
  /** Why the registry could not read the account at its last read (Meta's words), or null. */
  readonly unreadable: string | null;
  /** Identifies META_ACCESS_TOKEN without keeping it: a new one is inspected at once. */
  readonly tokenFingerprint: string;
  enabled(check: CheckName): boolean;
  settings<C extends CheckName>(check: C): SettingsOf<C>;
  /** The keys of the check's conditions the last run saw. */
  activeKeys(check: CheckName): Set<string>;
  /** What the check kept from its last run ({} before the first). */
  previousMemo(check: CheckName): Record<string, unknown>;
  standing(): Promise<Read<AccountStanding>>;
  flaggedAds(): Promise<Read<FlaggedAd[]>>;
  /** Per campaign, today so far. */
  todayFigures(): Promise<Read<CampaignFigures[]>>;
  /** Per campaign, the 14 whole days before today. */
  trailingFigures(): Promise<Read<CampaignFigures[]>>;
}

export interface RunDeps {
  db: Database;
  account: Account;
  leads: LeadScope;
  reader: AccountHealthReader;
  tokenDebug: TokenDebug;
  graphStatus: () => GraphStatus;
  /** An account's last usage figures (the Graph scheduler's); absent: none known. */
  usageOf?: (accountId: string) => UsageFigures | undefined;
  webhooksConfigured: boolean;
  pageIds: readonly string[];
  accountIds: readonly string[];
  unreadable: string | null;
}

/** Kept by the Watchdog from run to run, per account: the 14 days change only when the date does. */
export interface RunMemory {
  trailing: { date: LocalDate; rows: CampaignFigures[] } | null;
}

/** Read at its first use, then shared. */
function once<T>(read: () => Promise<T>): () => Promise<Read<T>> {
  let pending: Promise<Read<T>> | null = null;
  return () => {
    pending ??= attempt(read);
    return pending;
  };
}

export function openRun(deps: RunDeps, memory: RunMemory, now: number, tokenFingerprint: string): RunContext {
  const { db, reader, account } = deps;
  const stored = readAccountSettings(db, account.id);
  const statuses = readCheckStatuses(db, account.id);
  const { timezone, currency } = account;
  const today = todayIn(timezone, now);
  // An account's first run marks its start (one added later is not judged on silence before it).
  let watchingSince = readSetting<number>(db, watchingSinceKey(account.id));
  if (watchingSince === null) {
    watchingSince = Math.max(now, startedAt(db) ?? now);
    writeSetting(db, watchingSinceKey(account.id), watchingSince, now);
  }
  return {
    db,
    now,
    account,
    timezone,
    currency,
    today,
    todayStart: startOfLocalDay(today, timezone),
    watchingSince,
    leads: deps.leads,
    reader,
    tokenDebug: deps.tokenDebug,
    graphStatus: deps.graphStatus,
    usage: () => deps.usageOf?.(account.id) ?? null,
    webhooksConfigured: deps.webhooksConfigured,
    pageIds: deps.pageIds,
    accountIds: deps.accountIds,
    unreadable: deps.unreadable,
    tokenFingerprint,
    enabled: (check) => checkEnabled(stored, check),
    settings: (check) => settingsOf(check, stored, currency),
    activeKeys: (check) =>
      new Set(
        readConditions(db, account.id, check)
          .filter((record) => record.active)
          .map((record) => record.key),
      ),
    previousMemo: (check) => statuses.get(check)?.memo ?? {},
    standing: once(() => reader.standing()),
    flaggedAds: once(() => reader.flaggedAds()),
    todayFigures: once(() => reader.campaignFigures(today, today)),
    trailingFigures: once(async () => {
      if (memory.trailing?.date === today) return memory.trailing.rows;
      const rows = await reader.campaignFigures(addDays(today, -TRAILING_DAYS), addDays(today, -1));
      memory.trailing = { date: today, rows };
      return rows;
    }),
  };
}
