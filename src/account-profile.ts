import type { AccountRegistry } from './accounts/registry.js';
import type { AccountInfo } from './meta/ad-account.js';

/**
 * The first served account's name, currency and time zone, from the registry (which reads
 * them from Meta and keeps them in SQLite). Transitional: code not yet given its account as
 * a value asks here.
 */
export class AccountProfile {
  constructor(
    private readonly registry: AccountRegistry,
    private readonly accountId: string,
  ) {}

  async get(): Promise<AccountInfo> {
    let account = this.registry.get(this.accountId);
    if (!account) {
      await this.registry.refresh();
      account = this.registry.get(this.accountId);
    }
    if (!account) throw new Error(`ad account ${this.accountId} is not readable yet`);
    return { id: account.id, name: account.name, timezone: account.timezone, currency: account.currency };
  }
}
