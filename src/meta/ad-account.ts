import type { LocalDate } from '../dates/calendar.js';
import { type ActionValue, countLeads } from '../insights/lead-count.js';
import type { InsightRow, InsightsLevel } from '../insights/types.js';
import { centsFromDecimal } from '../money.js';
import type { GraphClient } from './graph-client.js';

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

export function toInsightRow(level: InsightsLevel, raw: RawInsightRow): InsightRow {
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
    spendCents: centsFromDecimal(raw.spend),
    impressions: Number(raw.impressions ?? 0),
    clicks: Number(raw.clicks ?? 0),
    leads: countLeads(raw.actions),
    reach: raw.reach === undefined ? null : Number(raw.reach),
    frequency: raw.frequency === undefined ? null : Number(raw.frequency),
    dateStart: raw.date_start,
    dateStop: raw.date_stop,
  };
}

/** Typed questions about one ad account; nothing outside src/meta sees Graph's shapes. */
export class AdAccount {
  constructor(
    private readonly graph: GraphClient,
    readonly id: string,
  ) {}

  async info(): Promise<AccountInfo> {
    const raw = await this.graph.get<{
      id: string;
      name?: string;
      timezone_name?: string;
      currency?: string;
    }>([this.id], {
      fields: 'id,name,timezone_name,currency',
    });
    return {
      id: raw.id,
      name: raw.name ?? raw.id,
      timezone: raw.timezone_name ?? 'UTC',
      currency: raw.currency ?? 'USD',
    };
  }

  /** One account-level call for every campaign or ad set, however many there are (paging followed). */
  async insights(query: InsightsQuery): Promise<InsightRow[]> {
    const fields = [
      ...INSIGHT_FIELDS[query.level],
      'spend',
      'impressions',
      'clicks',
      'reach',
      'frequency',
      'actions',
    ];
    const rows = await this.graph.getAll<RawInsightRow>([this.id, 'insights'], {
      level: query.level,
      fields: fields.join(','),
      time_range: { since: query.since, until: query.until },
      time_increment: query.daily ? 1 : undefined,
      limit: 500,
    });
    return rows.map((raw) => toInsightRow(query.level, raw));
  }
}
