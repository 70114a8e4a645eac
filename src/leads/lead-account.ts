// A lead belongs to the ad account whose ad produced it. Meta's Lead names the ad, not the
// account: the ad's account is read once (one call for the leads handled together) and kept.
import { type Account, type AccountId, channelFor, type FallbackChannels } from '../accounts/account.js';
import type { Clock } from '../clock.js';
import { cachedAdAccount, saveAdAccount, setLeadAccount } from '../db/ad-accounts.js';
import type { StoredLead } from '../db/leads.js';
import type { Database } from '../db/open.js';
import type { Logger } from '../log.js';
import { AdNotReadable } from '../meta/ad-owners.js';
import type { CurrencyCode } from '../money.js';

/** Where a lead's messages go and how they read: its account's channel, clock, money and dataset. */
export interface LeadPlace {
  /** The served account whose ad produced the lead; null for organic and test leads, and ads of accounts not served. */
  account: Account | null;
  /** Its alert's channel: the account's home channel, else LEADS_CHANNEL. */
  channel: string;
  /** Its times are shown in this zone. */
  timezone: string;
  /** Its amounts (the signed case's value) are in this currency; null when no account says which. */
  currency: CurrencyCode | null;
  /** The Conversions API dataset its outcomes go to; null → recorded, not sent. */
  dataset: string | null;
}

/** What a lead of no served account falls back to. */
export interface LeadPlaceDefaults {
  fallback: FallbackChannels;
  /** TIMEZONE, else UTC. */
  timezone: string;
  /** META_PIXEL_ID when it is one id for every account; null when it names datasets per account. */
  dataset: string | null;
}

/**
 * The lead's account decides. A lead of no served account (organic, a test submission, an
 * ad of an account LeadOps does not serve) is alerted in LEADS_CHANNEL; with one account
 * served, it is still shown in that account's zone and money (as a one-account LeadOps
 * always did), with several in TIMEZONE and no currency.
 */
export function placeOfLead(
  lead: Pick<StoredLead, 'accountId'>,
  accounts: readonly Account[],
  defaults: LeadPlaceDefaults,
): LeadPlace {
  const account = lead.accountId === null ? null : (accounts.find((a) => a.id === lead.accountId) ?? null);
  if (account)
    return {
      account,
      channel: channelFor(account, 'leads', defaults.fallback),
      timezone: account.timezone,
      currency: account.currency,
      dataset: account.pixelId,
    };
  const only = accounts.length === 1 ? (accounts[0] ?? null) : null;
  return {
    account: null,
    channel: defaults.fallback.leads,
    timezone: only?.timezone ?? defaults.timezone,
    currency: only?.currency ?? null,
    dataset: only ? only.pixelId : defaults.dataset,
  };
}

export interface LeadAccountsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Meta: the ad's account (AdOwners). */
  owners: { accountOf(adId: string): Promise<AccountId> };
  /** The served accounts, as the registry knows them now. */
  served: () => readonly Account[];
  defaults: LeadPlaceDefaults;
}

/**
 * How long a lead's alert (and its Conversions API events) wait for Meta to say which account
 * its ad is in; after that they go on without it (LEADS_CHANNEL) rather than never.
 */
export const ACCOUNT_WAIT_MS = 10 * 60_000;

/** Gives stored leads their account, and tells where each lead's messages go. */
export class LeadAccounts {
  constructor(private readonly deps: LeadAccountsDeps) {}

  /**
   * Stores the account of each lead that has an ad but no account yet: from the ads already
   * known, else from Meta in one call for them all. An ad Meta will not show leaves its
   * lead without an account; Meta not answering is thrown (after the others are stored), so
   * the caller can try again later.
   */
  async assign(leads: readonly Pick<StoredLead, 'id' | 'adId' | 'accountId'>[]): Promise<void> {
    const { db, clock, logger, owners } = this.deps;
    const waiting = leads.filter((lead) => lead.adId !== null && lead.accountId === null);
    const unknownAds = new Set<string>();
    for (const lead of waiting) {
      const known = cachedAdAccount(db, lead.adId as string);
      if (known) setLeadAccount(db, lead.id, known);
      else unknownAds.add(lead.adId as string);
    }
    if (unknownAds.size === 0) return;
    const ads = [...unknownAds];
    const answers = await Promise.allSettled(ads.map((adId) => owners.accountOf(adId)));
    let unanswered: unknown = null;
    db.transaction(() => {
      answers.forEach((answer, index) => {
        const adId = ads[index] as string;
        if (answer.status === 'fulfilled') {
          saveAdAccount(db, adId, answer.value, clock.nowMilliseconds());
          for (const lead of waiting) if (lead.adId === adId) setLeadAccount(db, lead.id, answer.value);
        } else if (answer.reason instanceof AdNotReadable) {
          logger.info(
            { ad: adId, err: { message: answer.reason.message } },
            'lead’s ad not readable: no account',
          );
        } else {
          unanswered ??= answer.reason;
        }
      });
    })();
    if (unanswered !== null) throw unanswered;
  }

  /**
   * assign() for one lead about to be announced or sent: null when it may go on (its account
   * known, or none to know, or waited long enough), else why to try again later.
   */
  async settle(lead: Pick<StoredLead, 'id' | 'adId' | 'accountId' | 'receivedAt'>): Promise<string | null> {
    try {
      await this.assign([lead]);
      return null;
    } catch (error) {
      const message = (error as Error).message;
      if (this.deps.clock.nowMilliseconds() - lead.receivedAt < ACCOUNT_WAIT_MS)
        return `ad account of the lead: ${message}`;
      this.deps.logger.warn(
        { lead: lead.id, ad: lead.adId, err: { message } },
        'the lead’s ad account is still unknown: going on without it',
      );
      return null;
    }
  }

  placeOf(lead: Pick<StoredLead, 'accountId'>): LeadPlace {
    return placeOfLead(lead, this.deps.served(), this.deps.defaults);
  }
}
