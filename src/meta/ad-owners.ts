import { type AccountId, normaliseAccountId } from '../accounts/account.js';
import { ErrorCode } from '../errors.js';
import { BatchLoader } from './batch-loader.js';
import { type MetaError, toMetaError } from './errors.js';
import type { GraphClient } from './graph-client.js';

/** An ad Meta would not show (deleted, another business's, a test lead's fake id): it has no account we know. */
export class AdNotReadable extends Error {}

/**
 * Which ad account each ad belongs to (`GET /?ids=…&fields=account_id`). A Lead names its
 * ad but not its account; ads asked for in the same moment are read in one call (up to 50).
 */
export class AdOwners {
  private readonly loader = new BatchLoader<AccountId>((ids) => this.fetch(ids));

  constructor(private readonly graph: GraphClient) {}

  /** The ad's account (`act_…`); AdNotReadable when Meta will not show the ad, a MetaError when Meta did not answer. */
  accountOf(adId: string): Promise<AccountId> {
    return this.loader.load(adId);
  }

  private async fetchOne(id: string): Promise<AccountId | Error> {
    try {
      const raw = await this.graph.get<{ account_id?: string }>(
        [id],
        { fields: 'account_id' },
        { fresh: true },
      );
      return ownerOf(id, raw);
    } catch (thrown) {
      const error = toMetaError(thrown);
      return unanswered(error) ? error : new AdNotReadable(`ad ${id}: ${error.message}`);
    }
  }

  /** Meta fails a whole `?ids=` call for one unreadable id: a refused batch is read again one by one. */
  private async fetch(ids: string[]): Promise<Map<string, AccountId | Error>> {
    const results = new Map<string, AccountId | Error>();
    if (ids.length === 1) {
      results.set(ids[0] as string, await this.fetchOne(ids[0] as string));
      return results;
    }
    try {
      const raw = await this.graph.get<Record<string, { account_id?: string }>>(
        [],
        { ids: ids.join(','), fields: 'account_id' },
        { fresh: true },
      );
      for (const id of ids) results.set(id, ownerOf(id, raw[id]));
    } catch (error) {
      if (unanswered(toMetaError(error))) throw error;
      await Promise.all(ids.map(async (id) => results.set(id, await this.fetchOne(id))));
    }
    return results;
  }
}

/** Meta did not answer (or the token is refused): asked again later, not taken as "no account". */
function unanswered(error: MetaError): boolean {
  return error.retryable || error.code === ErrorCode.MetaTokenInvalid;
}

/** Meta's `account_id` on an ad is the bare digits; LeadOps names accounts `act_…`. */
function ownerOf(adId: string, raw: { account_id?: string } | undefined): AccountId | Error {
  const id = raw?.account_id ? normaliseAccountId(String(raw.account_id)) : null;
  return id ?? new AdNotReadable(`Meta gave no account for ad ${adId}`);
}
