import { addDays, type LocalDate, startOfLocalDay, todayIn } from '../dates/calendar.js';
import type { Database } from '../db/open.js';
import { startedAt } from '../db/started-at.js';
import { readWatchdogSettings } from '../db/watchdog-settings.js';
import { readCheckStatuses, readConditions } from '../db/watchdog-state.js';
import type {
  AccountHealthReader,
  AccountStanding,
  CampaignFigures,
  FlaggedAd,
} from '../meta/account-health.js';
import type { GraphStatus } from '../meta/graph-client.js';
import type { TokenDebug } from '../meta/token-debug.js';
import { attempt, type Read } from './check.js';
import { TRAILING_DAYS } from './checks/cpl.js';
import { type SettingsOf, settingsOf, settingValue } from './settings.js';
import type { CheckName } from './types.js';

/**
 * What every check of one run reads through: the run's moment, the settings in force, the
 * store, and Meta's shared figures — each read at most once per run however many checks need
 * it (and the 14 days once per local date), so a run costs a handful of Graph calls.
 */
export interface RunContext {
  readonly db: Database;
  readonly now: number;
  /** The account's time zone: dates and hours are the account's. */
  readonly timezone: string;
  readonly today: LocalDate;
  readonly todayStart: number;
  /** When LeadOps first started on this database: the store may lack leads from before. */
  readonly watchingSince: number;
  readonly reader: AccountHealthReader;
  readonly tokenDebug: TokenDebug;
  graphStatus(): GraphStatus;
  readonly webhooksConfigured: boolean;
  readonly pageIds: readonly string[];
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
  reader: AccountHealthReader;
  tokenDebug: TokenDebug;
  graphStatus: () => GraphStatus;
  timezone: () => Promise<string>;
  webhooksConfigured: boolean;
  pageIds: readonly string[];
}

/** Kept by the Watchdog from run to run: the 14 days change only when the date does. */
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

export async function openRun(
  deps: RunDeps,
  memory: RunMemory,
  now: number,
  tokenFingerprint: string,
): Promise<RunContext> {
  const { db, reader } = deps;
  const stored = readWatchdogSettings(db);
  const statuses = readCheckStatuses(db);
  const timezone = await deps.timezone().catch(() => 'UTC');
  const today = todayIn(timezone, now);
  // LeadOps records its start when it opens the database (app.ts).
  const watchingSince = startedAt(db) ?? now;
  return {
    db,
    now,
    timezone,
    today,
    todayStart: startOfLocalDay(today, timezone),
    watchingSince,
    reader,
    tokenDebug: deps.tokenDebug,
    graphStatus: deps.graphStatus,
    webhooksConfigured: deps.webhooksConfigured,
    pageIds: deps.pageIds,
    tokenFingerprint,
    enabled: (check) => settingValue(stored, check, 'enabled') === true,
    settings: (check) => settingsOf(check, stored),
    activeKeys: (check) =>
      new Set(
        readConditions(db, check)
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
