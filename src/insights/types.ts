import type { LocalDate } from '../dates/calendar.js';
import type { Minor } from '../money.js';

export type InsightsLevel = 'account' | 'campaign' | 'adset';

/** One insights row from Meta, converted: integer cents and counts, leads counted once. */
export interface InsightRow {
  level: InsightsLevel;
  /** The campaign or ad set id (the account id at account level). */
  objectId: string;
  name: string;
  campaignId: string | null;
  campaignName: string | null;
  spendCents: Minor;
  impressions: number;
  clicks: number;
  leads: number;
  /** Reach and frequency are only meaningful per row: never summed across rows. */
  reach: number | null;
  frequency: number | null;
  dateStart: LocalDate;
  dateStop: LocalDate;
}
