// Insights aggregation: sums delivered daily figures per object and period. This is the
// emulator's single source of truth, used both for HTTP rows and for tests (insightsRows).
import type { SandboxAccount, SandboxAd, SandboxAdSet, SandboxCampaign } from './account.js';
import { campaignOf } from './account.js';
import type { DailyFigures } from './daily-figures.js';
import type { DateRange } from './date-presets.js';
import { eachDate } from './dates.js';
import { type DeliveryClock, deliveredFigures, splitAcrossAds } from './delivery.js';
import type { LiveLeadCounts } from './leads.js';
import { CROSS_AD_SET_NOVELTY, combineReach } from './reach.js';

export type InsightsLevel = 'account' | 'campaign' | 'adset' | 'ad';

export const INSIGHTS_LEVELS: readonly InsightsLevel[] = ['account', 'campaign', 'adset', 'ad'];

export interface InsightsTotals {
  level: InsightsLevel;
  /** The id the row carries for its level: digits for the account, else the object id. */
  id: string;
  name: string;
  accountId: string;
  accountName: string;
  /** The account's currency: `spendCents` is in its Meta unit (cents, or whole yen for JPY). */
  currency: string;
  campaignId?: string;
  campaignName?: string;
  adsetId?: string;
  adsetName?: string;
  adId?: string;
  adName?: string;
  dateStart: string;
  dateStop: string;
  spendCents: number;
  impressions: number;
  clicks: number;
  linkClicks: number;
  postReactions: number;
  /** People reached over the whole period: less than the sum of daily reach. */
  reach: number;
  instantFormLeads: number;
  pixelLeads: number;
  /** What Meta reports as `lead`: instant form plus pixel. */
  leads: number;
}

/** What delivers: an ad set, or one ad of it when figures are needed per ad. */
export interface InsightsMember {
  campaign: SandboxCampaign;
  adset: SandboxAdSet;
  ad?: SandboxAd;
}

export function insightsMembers(account: SandboxAccount, perAd: boolean): InsightsMember[] {
  if (!perAd) return account.adsets.map((adset) => ({ campaign: campaignOf(account, adset), adset }));
  return account.adsets.flatMap((adset) => {
    const campaign = campaignOf(account, adset);
    return adsOf(account, adset).map((ad) => ({ campaign, adset, ad }));
  });
}

function adsOf(account: SandboxAccount, adset: SandboxAdSet): SandboxAd[] {
  return account.ads.filter((ad) => ad.adsetId === adset.id);
}

interface Group {
  totals: InsightsTotals;
  memberReaches: number[];
}

/**
 * Totals per object at `level` for each period, leaving out objects without impressions (as Meta
 * does). `liveLeads`: the leads added while the sandbox runs, counted on their ad and day.
 */
export function aggregateInsights(
  account: SandboxAccount,
  clock: DeliveryClock,
  level: InsightsLevel,
  members: readonly InsightsMember[],
  periods: readonly DateRange[],
  liveLeads?: LiveLeadCounts,
): InsightsTotals[] {
  const dayOf = memberDayReader(account, clock, liveLeads);
  // Ids and names per object, shared by every period.
  const identities = new Map<string, Identity>();
  return periods.flatMap((period) => {
    const dates = eachDate(period.since, period.until);
    const groups = new Map<string, Group>();
    for (const member of members) {
      const key = groupKey(account, level, member);
      let group = groups.get(key);
      if (!group) {
        let identity = identities.get(key);
        if (!identity) {
          identity = identityOf(account, level, member);
          identities.set(key, identity);
        }
        group = { totals: emptyTotals(identity, period), memberReaches: [] };
        groups.set(key, group);
      }
      const dailyReach: number[] = [];
      for (const date of dates) {
        const day = dayOf(member, date);
        addFigures(group.totals, day);
        dailyReach.push(day.reach);
      }
      const profile = member.adset.profile;
      group.memberReaches.push(combineReach(dailyReach, profile.audienceNovelty, profile.audienceSize));
    }
    const rows: InsightsTotals[] = [];
    for (const { totals, memberReaches } of groups.values()) {
      if (totals.impressions === 0) continue;
      totals.reach = combineReach(memberReaches, CROSS_AD_SET_NOVELTY);
      rows.push(totals);
    }
    return rows;
  });
}

/**
 * Reads a member's delivered day, splitting each ad set's day between its ads only once. Live
 * leads are added after the split: a lead on ad X counts for ad X, its ad set and above.
 */
function memberDayReader(account: SandboxAccount, clock: DeliveryClock, liveLeads?: LiveLeadCounts) {
  const adsByAdSet = new Map<string, SandboxAd[]>();
  const splits = new Map<string, DailyFigures[]>();
  const withLiveLeads = (figures: DailyFigures, ads: readonly SandboxAd[], date: string): DailyFigures => {
    const live = liveLeads ? ads.reduce((n, ad) => n + liveLeads.count(ad.id, date), 0) : 0;
    return live === 0 ? figures : { ...figures, instantFormLeads: figures.instantFormLeads + live };
  };
  return (member: InsightsMember, date: string): DailyFigures => {
    const figures = deliveredFigures(account, member.adset, date, clock);
    let ads = adsByAdSet.get(member.adset.id);
    if (!ads) {
      ads = adsOf(account, member.adset);
      adsByAdSet.set(member.adset.id, ads);
    }
    if (!member.ad) return withLiveLeads(figures, ads, date);
    const splitKey = `${member.adset.id}|${date}`;
    let split = splits.get(splitKey);
    if (!split) {
      split = splitAcrossAds(figures, ads, { date, today: clock.today });
      splits.set(splitKey, split);
    }
    return withLiveLeads(split[ads.indexOf(member.ad)] ?? figures, [member.ad], date);
  };
}

function groupKey(account: SandboxAccount, level: InsightsLevel, member: InsightsMember): string {
  if (level === 'campaign') return member.campaign.id;
  if (level === 'adset') return member.adset.id;
  if (level === 'ad') return member.ad?.id ?? member.adset.id;
  return account.accountId;
}

function emptyTotals(identity: Identity, period: DateRange): InsightsTotals {
  return {
    level: identity.level,
    id: identity.id,
    name: identity.name,
    accountId: identity.accountId,
    accountName: identity.accountName,
    currency: identity.currency,
    campaignId: identity.campaignId,
    campaignName: identity.campaignName,
    adsetId: identity.adsetId,
    adsetName: identity.adsetName,
    adId: identity.adId,
    adName: identity.adName,
    dateStart: period.since,
    dateStop: period.until,
    spendCents: 0,
    impressions: 0,
    clicks: 0,
    linkClicks: 0,
    postReactions: 0,
    reach: 0,
    instantFormLeads: 0,
    pixelLeads: 0,
    leads: 0,
  };
}

type Identity = Pick<
  InsightsTotals,
  | 'level'
  | 'id'
  | 'name'
  | 'accountId'
  | 'accountName'
  | 'currency'
  | 'campaignId'
  | 'campaignName'
  | 'adsetId'
  | 'adsetName'
  | 'adId'
  | 'adName'
>;

/** The row's own id and name plus those of the objects above it (absent below the level). */
function identityOf(account: SandboxAccount, level: InsightsLevel, member: InsightsMember): Identity {
  const depth = INSIGHTS_LEVELS.indexOf(level);
  const ad = depth >= 3 ? member.ad : undefined;
  const adset = depth >= 2 ? member.adset : undefined;
  const campaign = depth >= 1 ? member.campaign : undefined;
  const own = ad ?? adset ?? campaign;
  return {
    level,
    id: own?.id ?? account.accountId,
    name: own?.name ?? account.name,
    accountId: account.accountId,
    accountName: account.name,
    currency: account.currency,
    campaignId: campaign?.id,
    campaignName: campaign?.name,
    adsetId: adset?.id,
    adsetName: adset?.name,
    adId: ad?.id,
    adName: ad?.name,
  };
}

function addFigures(totals: InsightsTotals, day: DailyFigures): void {
  totals.spendCents += day.spendCents;
  totals.impressions += day.impressions;
  totals.clicks += day.clicks;
  totals.linkClicks += day.linkClicks;
  totals.postReactions += day.postReactions;
  totals.instantFormLeads += day.instantFormLeads;
  totals.pixelLeads += day.pixelLeads;
  totals.leads += day.instantFormLeads + day.pixelLeads;
}
