import type { LocalDate } from '../dates/calendar.js';
import { type ActionValue, countLeads } from '../insights/lead-count.js';
import { type CurrencyCode, type Minor, minorFromDecimal } from '../money.js';
import { countFormLeads } from '../reports/form-leads.js';
import type { GraphClient } from './graph-client.js';

/** The ad account's standing with Meta, as the watchdog reads it. Amounts in its currency's Meta unit. */
export interface AccountStanding {
  name: string;
  timezone: string;
  currency: CurrencyCode;
  /** 1 active, 2 disabled, 3 unsettled, 7 pending risk review, 8 pending settlement, 9 in grace period, 100 pending closure, 101 closed. */
  accountStatus: number;
  /** 0 = none. */
  disableReason: number;
  amountSpentCents: Minor;
  /** null = no account spending limit. */
  spendCapCents: Minor | null;
}

/** An ad Meta's review has flagged, with its explanation where the API gives one. */
export interface FlaggedAd {
  id: string;
  name: string;
  /** `DISAPPROVED` or `WITH_ISSUES`. */
  effectiveStatus: string;
  campaignId: string | null;
  adsetId: string | null;
  /** `Policy: explanation` lines from `ad_review_feedback`. */
  feedback: string[];
}

/** One campaign's figures over a range: spend (the account currency's Meta unit), leads as Ads Manager counts them, and instant-form leads. */
export interface CampaignFigures {
  campaignId: string;
  name: string;
  spendCents: Minor;
  leads: number;
  formLeads: number;
}

export interface DailySpend {
  date: LocalDate;
  spendCents: Minor;
}

export const FLAGGED_STATUSES = ['DISAPPROVED', 'WITH_ISSUES'] as const;

interface RawAccount {
  id: string;
  name?: string;
  timezone_name?: string;
  account_status?: number;
  disable_reason?: number;
  amount_spent?: string;
  spend_cap?: string;
}

interface RawAd {
  id: string;
  name?: string;
  effective_status?: string;
  campaign_id?: string;
  adset_id?: string;
  ad_review_feedback?: Record<string, Record<string, string> | undefined>;
}

interface RawRow {
  campaign_id?: string;
  campaign_name?: string;
  spend?: string;
  actions?: ActionValue[];
  date_start: string;
}

/** Meta's money fields on the account are strings in the currency's Meta unit ("0" = none for the spend cap). */
function cents(value: string | undefined): Minor {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : 0;
}

/** `ad_review_feedback` is `{global: {policy: text}, placement_specific: {placement: {policy: text}}}`. */
function feedbackLines(raw: RawAd['ad_review_feedback']): string[] {
  if (!raw) return [];
  const lines: string[] = [];
  for (const [scope, entries] of Object.entries(raw)) {
    if (!entries || typeof entries !== 'object') continue;
    for (const [policy, text] of Object.entries(entries)) {
      if (typeof text === 'string')
        lines.push(scope === 'global' ? `${policy}: ${text}` : `${policy} (${scope}): ${text}`);
      else if (text && typeof text === 'object')
        for (const [inner, innerText] of Object.entries(text as Record<string, unknown>))
          if (typeof innerText === 'string') lines.push(`${inner} (${policy}): ${innerText}`);
    }
  }
  return lines;
}

/**
 * The few reads the watchdog makes per run of one ad account, each one Graph call however
 * large the account (paging aside), and never from the cache: a check must see Meta's
 * current state. Amounts in the account's currency.
 */
export class AccountHealthReader {
  readonly accountId: string;
  private readonly currency: CurrencyCode;

  constructor(
    private readonly graph: GraphClient,
    account: { id: string; currency: CurrencyCode },
  ) {
    this.accountId = account.id;
    this.currency = account.currency;
  }

  async standing(): Promise<AccountStanding> {
    const raw = await this.graph.get<RawAccount>(
      [this.accountId],
      { fields: 'id,name,timezone_name,account_status,disable_reason,amount_spent,spend_cap' },
      { fresh: true, account: this.accountId },
    );
    const cap = cents(raw.spend_cap);
    return {
      name: raw.name ?? raw.id,
      timezone: raw.timezone_name ?? 'UTC',
      currency: this.currency,
      accountStatus: raw.account_status ?? 1,
      disableReason: raw.disable_reason ?? 0,
      amountSpentCents: cents(raw.amount_spent),
      spendCapCents: cap > 0 ? cap : null,
    };
  }

  /** Every ad whose effective status is DISAPPROVED or WITH_ISSUES: one filtered call. */
  async flaggedAds(): Promise<FlaggedAd[]> {
    const rows = await this.graph.getAll<RawAd>(
      [this.accountId, 'ads'],
      {
        fields: 'id,name,effective_status,campaign_id,adset_id,ad_review_feedback',
        effective_status: [...FLAGGED_STATUSES],
        limit: 500,
      },
      { fresh: true, account: this.accountId },
    );
    return rows.map((raw) => ({
      id: raw.id,
      name: raw.name ?? raw.id,
      effectiveStatus: raw.effective_status ?? 'UNKNOWN',
      campaignId: raw.campaign_id ?? null,
      adsetId: raw.adset_id ?? null,
      feedback: feedbackLines(raw.ad_review_feedback),
    }));
  }

  /** One row per campaign with delivery over since..until: one account-level insights call. */
  async campaignFigures(since: LocalDate, until: LocalDate): Promise<CampaignFigures[]> {
    const rows = await this.graph.getAll<RawRow>(
      [this.accountId, 'insights'],
      {
        level: 'campaign',
        fields: 'campaign_id,campaign_name,spend,actions',
        time_range: { since, until },
        limit: 500,
      },
      { fresh: true, account: this.accountId },
    );
    return rows.map((raw) => ({
      campaignId: raw.campaign_id ?? '',
      name: raw.campaign_name ?? raw.campaign_id ?? '',
      spendCents: minorFromDecimal(raw.spend, this.currency),
      leads: countLeads(raw.actions),
      formLeads: countFormLeads(raw.actions),
    }));
  }

  /** The account's spend per day over since..until: one call. */
  async dailySpend(since: LocalDate, until: LocalDate): Promise<DailySpend[]> {
    const rows = await this.graph.getAll<RawRow>(
      [this.accountId, 'insights'],
      { level: 'account', fields: 'spend', time_range: { since, until }, time_increment: 1, limit: 500 },
      { fresh: true, account: this.accountId },
    );
    return rows.map((raw) => ({
      date: raw.date_start,
      spendCents: minorFromDecimal(raw.spend, this.currency),
    }));
  }
}
