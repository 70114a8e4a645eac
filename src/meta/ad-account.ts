import type { Account } from '../accounts/account.js';
import type { LocalDate } from '../dates/calendar.js';
import { ErrorCode, LeadOpsError } from '../errors.js';
import { type ActionValue, countLeads } from '../insights/lead-count.js';
import type { InsightRow, InsightsLevel } from '../insights/types.js';
import { type CurrencyCode, type Minor, minorFromDecimal } from '../money.js';
import { countFormLeads } from '../reports/form-leads.js';
import { MetaError } from './errors.js';
import type { GraphClient } from './graph-client.js';
import type { CallLane, Priority, ThrottleWait } from './graph-scheduler.js';

export interface AccountInfo {
  id: string;
  name: string;
  timezone: string;
  currency: string;
}

/** An insights row as Graph sends it: every number a string. */
interface RawInsightRow {
  account_id?: string;
  account_name?: string;
  campaign_id?: string;
  campaign_name?: string;
  adset_id?: string;
  adset_name?: string;
  spend?: string;
  impressions?: string;
  clicks?: string;
  reach?: string;
  frequency?: string;
  actions?: ActionValue[];
  date_start: string;
  date_stop: string;
}

const INSIGHT_FIELDS: Record<InsightsLevel, string[]> = {
  account: ['account_id', 'account_name'],
  campaign: ['campaign_id', 'campaign_name'],
  adset: ['campaign_id', 'campaign_name', 'adset_id', 'adset_name'],
};

export interface InsightsQuery {
  level: InsightsLevel;
  since: LocalDate;
  until: LocalDate;
  /** One row per object per day. */
  daily?: boolean;
}

export interface PeriodInsightsQuery {
  level: InsightsLevel;
  since: LocalDate;
  until: LocalDate;
  /** Days per row, 1–90 (1 = daily); omitted: one row per object for the whole range. */
  daysPerRow?: number;
}

/** An insights row for the report: InsightRow plus the leads LeadOps itself can receive. */
export interface ReportInsightRow extends InsightRow {
  /** Instant-form leads only (pixel leads never reach a webhook). */
  formLeads: number;
}

/** Meta's row to ours; `spend` (whole units as a decimal string) to the currency's Meta unit. */
export function toInsightRow(level: InsightsLevel, raw: RawInsightRow, currency: CurrencyCode): InsightRow {
  const objectId =
    (level === 'adset' ? raw.adset_id : level === 'campaign' ? raw.campaign_id : raw.account_id) ?? '';
  const name =
    (level === 'adset' ? raw.adset_name : level === 'campaign' ? raw.campaign_name : raw.account_name) ??
    objectId;
  return {
    level,
    objectId,
    name,
    campaignId: raw.campaign_id ?? null,
    campaignName: raw.campaign_name ?? null,
    ...insightFigures(raw, currency),
  };
}

/** The figures of one raw insights row, whatever its level: spend in the currency's minor unit, counts as numbers. */
function insightFigures(raw: RawInsightRow, currency: CurrencyCode) {
  return {
    spendCents: minorFromDecimal(raw.spend, currency),
    impressions: Number(raw.impressions ?? 0),
    clicks: Number(raw.clicks ?? 0),
    leads: countLeads(raw.actions),
    reach: raw.reach === undefined ? null : Number(raw.reach),
    frequency: raw.frequency === undefined ? null : Number(raw.frequency),
    dateStart: raw.date_start,
    dateStop: raw.date_stop,
  };
}

/** One active ad's figures over one period (ad-level insights). */
export interface AdInsightRow {
  adId: string;
  adName: string;
  adsetId: string;
  campaignId: string;
  spendCents: Minor;
  impressions: number;
  clicks: number;
  leads: number;
  reach: number | null;
  frequency: number | null;
  dateStart: LocalDate;
  dateStop: LocalDate;
}

interface RawAdInsightRow extends RawInsightRow {
  ad_id?: string;
  ad_name?: string;
}

/** What LeadOps may change on an ad, ad set or campaign, and what it reads back. */
export type AdObjectType = 'adset' | 'campaign' | 'ad';

export interface AdObjectRef {
  type: AdObjectType;
  id: string;
}

/** An ad set or campaign as it stands: configured status and budgets in cents (null when it has none). */
export interface AdObjectState {
  id: string;
  name: string;
  status: string;
  effectiveStatus: string;
  dailyBudgetCents: Minor | null;
  lifetimeBudgetCents: Minor | null;
}

export interface AdSetState extends AdObjectState {
  campaignId: string;
}

/** A copy Meta made of an ad set (`/copies`): its id, and each of its ads' copies. */
export interface AdSetCopy {
  adsetId: string;
  ads: { sourceId: string; copyId: string }[];
}

export interface AdObjectChange {
  status?: 'ACTIVE' | 'PAUSED';
  dailyBudgetCents?: Minor;
}

interface RawAdObject {
  id: string;
  name?: string;
  campaign_id?: string;
  status?: string;
  effective_status?: string;
  daily_budget?: string;
  lifetime_budget?: string;
}

const AD_OBJECT_FIELDS = 'id,name,status,effective_status,daily_budget,lifetime_budget';
/** An ad has no budget of its own. */
const AD_FIELDS = 'id,name,status,effective_status';

/** Meta writes budgets as strings of cents; "0" or absent means the object has no budget of that kind. */
function budgetCents(value: string | undefined): Minor | null {
  if (value === undefined || value === '' || !/^\d+$/.test(value) || Number(value) === 0) return null;
  return Number(value);
}

function toAdObjectState(raw: RawAdObject): AdObjectState {
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    status: raw.status ?? 'UNKNOWN',
    effectiveStatus: raw.effective_status ?? raw.status ?? 'UNKNOWN',
    dailyBudgetCents: budgetCents(raw.daily_budget),
    lifetimeBudgetCents: budgetCents(raw.lifetime_budget),
  };
}

/**
 * The account's currency, or where to learn it when it may be read later (the registry).
 * Insights need it: Meta's `spend` is in whole units of it.
 */
export type CurrencySource = CurrencyCode | (() => CurrencyCode | null);

/** Typed questions about one ad account; nothing outside src/meta sees Graph's shapes. */
export class AdAccount {
  constructor(
    private readonly graph: GraphClient,
    readonly id: string,
    private readonly currencySource: CurrencySource | null = null,
    /** Whether a person waits for these calls (commands, clicks) or nobody does (rules, reports…). */
    private readonly lane: Omit<CallLane, 'account'> = {},
  ) {}

  /** Every call says which account it is for and who waits for it. */
  private call<O extends object>(options?: O): O & CallLane {
    return { ...(options as O), ...this.lane, account: this.id };
  }

  /** The same account for one person's command: `onWait` hears when Meta makes it wait. */
  watched(onWait: (wait: ThrottleWait) => void): AdAccount {
    return new AdAccount(this.graph, this.id, this.currencySource, { priority: 'person', onWait });
  }

  /** The account's currency; an error while it is not known (never a guess). */
  get currency(): CurrencyCode {
    const source = this.currencySource;
    const currency = typeof source === 'function' ? source() : source;
    if (!currency)
      throw new LeadOpsError(
        ErrorCode.MetaRequestFailed,
        `the currency of ad account ${this.id} is not known`,
        `LeadOps has not read ad account ${this.id} from Meta yet, so its currency is not known. Try again in a minute.`,
      );
    return currency;
  }

  async info(): Promise<AccountInfo> {
    const raw = await this.graph.get<{
      id: string;
      name?: string;
      timezone_name?: string;
      currency?: string;
    }>(
      [this.id],
      {
        fields: 'id,name,timezone_name,currency',
      },
      this.call(),
    );
    if (!raw.currency)
      throw new LeadOpsError(
        ErrorCode.MetaRequestFailed,
        `Meta sent no currency for ad account ${this.id}`,
        `Meta did not say which currency ad account ${this.id} uses.`,
      );
    return {
      id: raw.id,
      name: raw.name ?? raw.id,
      timezone: raw.timezone_name ?? 'UTC',
      currency: raw.currency,
    };
  }

  /** One account-level call for every campaign or ad set, however many there are (paging followed). */
  async insights(query: InsightsQuery): Promise<InsightRow[]> {
    const currency = this.currency;
    const rows = await this.rawInsights(query.level, query.since, query.until, query.daily ? 1 : undefined);
    return rows.map((raw) => toInsightRow(query.level, raw, currency));
  }

  /**
   * Insights for the report: one account-level call (paging followed), rows cut every
   * `daysPerRow` days (Meta's `time_increment`) or one per object for the whole range,
   * with instant-form leads counted apart from pixel leads.
   */
  async periodInsights(query: PeriodInsightsQuery): Promise<ReportInsightRow[]> {
    const currency = this.currency;
    const rows = await this.rawInsights(query.level, query.since, query.until, query.daysPerRow);
    return rows.map((raw) => ({
      ...toInsightRow(query.level, raw, currency),
      formLeads: countFormLeads(raw.actions),
    }));
  }

  private rawInsights(
    level: InsightsLevel,
    since: string,
    until: string,
    timeIncrement: number | undefined,
  ): Promise<RawInsightRow[]> {
    const fields = [
      ...INSIGHT_FIELDS[level],
      'spend',
      'impressions',
      'clicks',
      'reach',
      'frequency',
      'actions',
    ];
    return this.graph.getAll<RawInsightRow>(
      [this.id, 'insights'],
      {
        level,
        fields: fields.join(','),
        time_range: { since, until },
        time_increment: timeIncrement,
        limit: 500,
      },
      this.call(),
    );
  }

  /**
   * One row per ad set per day over since..until for the given ad sets only, in one account-level
   * call (paging followed): the follow-ups of many changes in one read. An ad set Meta no longer
   * reports (deleted) or that delivered nothing on a day has no row for it.
   */
  async adSetDays(ids: readonly string[], since: LocalDate, until: LocalDate): Promise<InsightRow[]> {
    if (ids.length === 0) return [];
    const currency = this.currency;
    const rows = await this.graph.getAll<RawInsightRow>(
      [this.id, 'insights'],
      {
        level: 'adset',
        fields: [...INSIGHT_FIELDS.adset, 'spend', 'impressions', 'clicks', 'actions'].join(','),
        time_range: { since, until },
        time_increment: 1,
        filtering: [{ field: 'adset.id', operator: 'IN', value: [...ids] }],
        limit: 5000,
      },
      this.call(),
    );
    return rows.map((raw) => toInsightRow('adset', raw, currency));
  }

  /**
   * Every ad set of the account with its status and budgets, in one call (paging followed).
   * `effectiveStatus` narrows the list the way Meta does (e.g. ['ACTIVE']).
   */
  async adSets(options: { effectiveStatus?: string[] } = {}): Promise<AdSetState[]> {
    const rows = await this.graph.getAll<RawAdObject>(
      [this.id, 'adsets'],
      {
        fields: `${AD_OBJECT_FIELDS},campaign_id`,
        effective_status: options.effectiveStatus,
        limit: 500,
      },
      this.call(),
    );
    return rows.map((raw) => ({ ...toAdObjectState(raw), campaignId: raw.campaign_id ?? '' }));
  }

  /** The account's campaigns with the given ids, status and budgets, in one call. */
  async campaigns(ids: readonly string[]): Promise<AdObjectState[]> {
    if (ids.length === 0) return [];
    const rows = await this.graph.getAll<RawAdObject>(
      [this.id, 'campaigns'],
      {
        fields: AD_OBJECT_FIELDS,
        filtering: [{ field: 'id', operator: 'IN', value: ids }],
        limit: 500,
      },
      this.call(),
    );
    return rows.map(toAdObjectState);
  }

  /** One ad, ad set or campaign as Meta has it now: never from the cache (money decisions). */
  async readAdObject(ref: AdObjectRef): Promise<AdObjectState> {
    const fields = ref.type === 'ad' ? AD_FIELDS : AD_OBJECT_FIELDS;
    const raw = await this.graph.get<RawAdObject>([ref.id], { fields }, this.call({ fresh: true }));
    return toAdObjectState(raw);
  }

  /** An ad set's ads (any status), read fresh: which were on before a copy is turned on. */
  async adsOf(adsetId: string): Promise<AdObjectState[]> {
    const rows = await this.graph.getAll<RawAdObject>(
      [adsetId, 'ads'],
      { fields: AD_FIELDS, limit: 500 },
      this.call({ fresh: true }),
    );
    return rows.map(toAdObjectState);
  }

  /**
   * `POST /{adset_id}/copies` (guide §3): a copy of the ad set in its campaign, with copies of its
   * ads when `deepCopy`, created in `statusOption`. Throws MetaError when Meta refuses.
   */
  async copyAdSet(
    adsetId: string,
    options: { deepCopy: boolean; statusOption: 'PAUSED' | 'ACTIVE' | 'INHERITED_FROM_SOURCE' },
  ): Promise<AdSetCopy> {
    const answer = await this.graph.post<{
      copied_adset_id?: string;
      ad_object_ids?: { ad_object_type?: string; source_id?: string; copied_id?: string }[];
    }>(
      [adsetId, 'copies'],
      { deep_copy: options.deepCopy, status_option: options.statusOption },
      this.call(),
    );
    if (!answer.copied_adset_id) throw new Error('Meta copied the ad set but sent no id');
    return {
      adsetId: answer.copied_adset_id,
      ads: (answer.ad_object_ids ?? [])
        .filter((o) => o.ad_object_type === 'ad' && o.source_id && o.copied_id)
        .map((o) => ({ sourceId: o.source_id as string, copyId: o.copied_id as string })),
    };
  }

  /**
   * Every active ad's figures (ads that delivered in the range), in one account-level call with
   * paging followed: one row per ad for the whole range, or per `daysPerRow` days from `since`.
   */
  async adInsights(query: {
    since: LocalDate;
    until: LocalDate;
    daysPerRow?: number;
  }): Promise<AdInsightRow[]> {
    const currency = this.currency;
    const rows = await this.graph.getAll<RawAdInsightRow>(
      [this.id, 'insights'],
      {
        level: 'ad',
        fields: [
          'ad_id',
          'ad_name',
          'adset_id',
          'campaign_id',
          'spend',
          'impressions',
          'clicks',
          'reach',
          'frequency',
          'actions',
        ].join(','),
        time_range: { since: query.since, until: query.until },
        time_increment: query.daysPerRow,
        filtering: [{ field: 'ad.effective_status', operator: 'IN', value: ['ACTIVE'] }],
        // Meta's largest page: thousands of ads in one page, so one call each (paging still followed).
        limit: 5000,
      },
      this.call(),
    );
    return rows.map((raw) => ({
      adId: raw.ad_id ?? '',
      adName: raw.ad_name ?? raw.ad_id ?? '',
      adsetId: raw.adset_id ?? '',
      campaignId: raw.campaign_id ?? '',
      ...insightFigures(raw, currency),
    }));
  }

  /** `POST /{id}` with the new status and/or daily budget (integer cents). Throws MetaError when refused. */
  async updateAdObject(ref: AdObjectRef, change: AdObjectChange): Promise<void> {
    const body: Record<string, string> = {};
    if (change.status !== undefined) body.status = change.status;
    if (change.dailyBudgetCents !== undefined) {
      if (!Number.isInteger(change.dailyBudgetCents) || change.dailyBudgetCents <= 0)
        throw new Error(
          `daily budget must be a positive whole number of cents, not ${change.dailyBudgetCents}`,
        );
      body.daily_budget = String(change.dailyBudgetCents);
    }
    if (Object.keys(body).length === 0) throw new Error('nothing to change');
    const answer = await this.graph.post<{ success?: boolean }>([ref.id], body, this.call());
    if (answer.success === false) {
      const graphMessage = `Meta answered success: false to the change of ${ref.type} ${ref.id}`;
      throw new MetaError(
        ErrorCode.MetaRequestFailed,
        graphMessage,
        'Meta did not accept the change.',
        {
          status: 200,
          code: null,
          subcode: null,
          type: null,
          graphMessage,
          fbtraceId: null,
          headers: {},
        },
        false,
      );
    }
  }
}

/**
 * `adAccountOf(account)`: one AdAccount per served account (and currency), made on first use,
 * so every job and command asks the same object (and the same Graph cache). `priority`: 'person'
 * for commands and clicks, 'background' for scheduled work (rules, reports), which Meta's limits slow first.
 */
export function adAccountsOf(
  graph: GraphClient,
  priority: Priority = 'background',
): (account: Pick<Account, 'id' | 'currency'>) => AdAccount {
  const made = new Map<string, AdAccount>();
  return (account) => {
    const key = `${account.id} ${account.currency}`;
    let adAccount = made.get(key);
    if (!adAccount) {
      adAccount = new AdAccount(graph, account.id, account.currency, { priority });
      made.set(key, adAccount);
    }
    return adAccount;
  };
}
