import type { Clock } from '../clock.js';
import { eachLimited } from '../concurrency.js';
import {
  type AccountRow,
  connectAccount,
  disconnectAccount,
  listAccountRows,
  saveAccountError,
  saveAccountInfo,
  seedAccount,
} from '../db/accounts.js';
import type { Database } from '../db/open.js';
import { userMessageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { AccountInfo } from '../meta/ad-account.js';
import type { Account, AccountId } from './account.js';

/** How an account stands: shown by /healthz and /leadops accounts. */
export interface AccountStatus {
  id: AccountId;
  name: string | null;
  homeChannel: string | null;
  ok: boolean;
  lastError: string | null;
}

export interface AccountRegistryDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Reads name, currency and time zone from Meta (`GET /act_…`). */
  readInfo: (id: AccountId) => Promise<AccountInfo>;
  /** META_PIXEL_ID: one dataset for all, or per account. */
  pixelFor: (id: AccountId) => string | null;
  /** META_AD_ACCOUNT_ID and ACCOUNT_CHANNELS: the first set. */
  fromEnvironment: readonly { id: AccountId; homeChannel: string | null }[];
}

/** Accounts read at once from Meta at start-up and on refresh: enough to be quick, few enough for Meta. */
const READ_CONCURRENCY = 8;
/** Name, currency and time zone change rarely: read again this often. */
export const ACCOUNT_REFRESH_MS = 60 * 60 * 1000;

/**
 * The ad accounts LeadOps serves: the environment's first set plus what `/leadops connect`
 * and `disconnect` changed, kept in SQLite. What Meta said of each (name, currency, time
 * zone) is stored too, so an account Meta does not answer for keeps working from memory,
 * and one that was never readable is reported instead of stopping the others.
 */
export class AccountRegistry {
  private rows: AccountRow[] = [];

  constructor(private readonly deps: AccountRegistryDeps) {}

  /** Seeds the environment's accounts and reads every served account from Meta. */
  async start(): Promise<void> {
    const now = this.deps.clock.nowMilliseconds();
    for (const { id, homeChannel } of this.deps.fromEnvironment)
      seedAccount(this.deps.db, id, homeChannel, now);
    this.reload();
    await this.refresh();
  }

  /** Reads each served account again (all, or those not read for ACCOUNT_REFRESH_MS). */
  async refresh(onlyStale = false): Promise<void> {
    const now = this.deps.clock.nowMilliseconds();
    const due = this.rows.filter(
      (row) => row.served && (!onlyStale || row.readAt === null || now - row.readAt >= ACCOUNT_REFRESH_MS),
    );
    await eachLimited(due, READ_CONCURRENCY, async (row) => {
      try {
        saveAccountInfo(
          this.deps.db,
          row.id,
          await this.deps.readInfo(row.id),
          this.deps.clock.nowMilliseconds(),
        );
      } catch (error) {
        const message = userMessageOf(error);
        saveAccountError(this.deps.db, row.id, message, this.deps.clock.nowMilliseconds());
        this.deps.logger.warn({ account: row.id, err: { message } }, 'ad account not readable');
      }
    });
    this.reload();
  }

  /** Served accounts LeadOps knows enough of to work on (read from Meta now or before). */
  served(): Account[] {
    return this.rows.flatMap((row) => (row.served ? this.toAccount(row) : []));
  }

  get(id: AccountId): Account | null {
    const row = this.rows.find((r) => r.id === id && r.served);
    return row ? (this.toAccount(row)[0] ?? null) : null;
  }

  statuses(): AccountStatus[] {
    return this.rows
      .filter((row) => row.served)
      .map((row) => ({
        id: row.id,
        name: row.name,
        homeChannel: row.homeChannel,
        ok: row.lastError === null && row.currency !== null,
        lastError: row.lastError ?? (row.currency === null ? 'not read from Meta yet' : null),
      }));
  }

  /**
   * Serves an account (or moves its home channel) once Meta has shown the token can read it;
   * Meta's refusal is thrown as it came, and nothing is stored.
   */
  async connect(id: AccountId, homeChannel: string, by: string): Promise<Account> {
    const info = await this.deps.readInfo(id);
    const now = this.deps.clock.nowMilliseconds();
    this.deps.db.transaction(() => {
      connectAccount(this.deps.db, id, homeChannel, by, now);
      saveAccountInfo(this.deps.db, id, info, now);
    })();
    this.reload();
    return this.get(id) as Account;
  }

  /** True when it was served. */
  disconnect(id: AccountId, by: string): boolean {
    const changed = disconnectAccount(this.deps.db, id, by, this.deps.clock.nowMilliseconds());
    this.reload();
    return changed;
  }

  private reload(): void {
    this.rows = listAccountRows(this.deps.db);
  }

  private toAccount(row: AccountRow): Account[] {
    if (row.currency === null || row.timezone === null) return [];
    return [
      {
        id: row.id,
        name: row.name ?? row.id,
        currency: row.currency,
        timezone: row.timezone,
        homeChannel: row.homeChannel,
        pixelId: this.deps.pixelFor(row.id),
      },
    ];
  }
}
