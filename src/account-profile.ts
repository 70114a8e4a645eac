import type { Clock } from './clock.js';
import type { Database } from './db/open.js';
import { readSetting, writeSetting } from './db/settings.js';
import type { Logger } from './log.js';
import type { AccountInfo, AdAccount } from './meta/ad-account.js';

const SETTING_KEY = 'meta.account';
const REFRESH_MS = 60 * 60 * 1000;

/**
 * The ad account's name and time zone (dates are the account's local dates). Read from
 * Meta, kept in SQLite so the bot still knows them when Meta is unreachable at start-up.
 */
export class AccountProfile {
  private current: { info: AccountInfo; fetchedAt: number } | null = null;

  constructor(
    private readonly adAccount: AdAccount,
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async get(): Promise<AccountInfo> {
    const now = this.clock.nowMilliseconds();
    if (this.current && now - this.current.fetchedAt < REFRESH_MS) return this.current.info;
    try {
      const info = await this.adAccount.info();
      this.current = { info, fetchedAt: now };
      writeSetting(this.db, SETTING_KEY, info, now);
      return info;
    } catch (error) {
      const stored = this.current?.info ?? readSetting<AccountInfo>(this.db, SETTING_KEY);
      if (!stored) throw error;
      this.logger.warn('Using the stored ad account profile: Meta did not answer');
      return stored;
    }
  }
}
