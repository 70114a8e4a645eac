// One ad set's full-day delivery on one date: a pure function of the account seed, the ad set
// and the date, shaped by the ad set's profile. The emulator (delivery.ts) decides which days
// exist and how much of today has happened.
import type { SandboxAccount, SandboxAdSet } from './account.js';
import { dayNumber, weekday } from './dates.js';
import { between, unitHash } from './random.js';

export interface DailyFigures {
  spendCents: number;
  impressions: number;
  clicks: number;
  /** People reached that day; reach over several days is combined sub-additively (see reach.ts). */
  reach: number;
  instantFormLeads: number;
  /** Website-form leads seen by the pixel; Meta also counts these inside `lead`. */
  pixelLeads: number;
  linkClicks: number;
  postReactions: number;
}

export const NO_DELIVERY: DailyFigures = Object.freeze({
  spendCents: 0,
  impressions: 0,
  clicks: 0,
  reach: 0,
  instantFormLeads: 0,
  pixelLeads: 0,
  linkClicks: 0,
  postReactions: 0,
});

/** Sunday … Saturday: weekends are a little cheaper to skip for injury-law advertisers. Sums to 6.97. */
const WEEKDAY_SPEND_FACTOR = [0.92, 1.03, 1.05, 1.04, 1.02, 0.98, 0.93];

/**
 * How far a day's lead count may drift from the ad set's average. Leads come from a cumulative
 * count, so any run of N days holds N × average leads, give or take (jitter + 1): small ad sets
 * still see lumpy days, yet a low-CPL ad set reliably shows its leads in any 3-day window.
 */
const LEAD_JITTER = 0.6;

/**
 * Figures already computed, per ad set, by seed and date. Profiles never change after an
 * account is built, so a figure once computed stays right; this keeps long daily reports fast.
 */
const computed = new WeakMap<SandboxAdSet, Map<string, DailyFigures>>();

export function dailyFigures(account: SandboxAccount, adset: SandboxAdSet, date: string): DailyFigures {
  let byDate = computed.get(adset);
  if (!byDate) {
    byDate = new Map();
    computed.set(adset, byDate);
  }
  const key = `${account.seed}|${date}`;
  let figures = byDate.get(key);
  if (!figures) {
    figures = Object.freeze(computeDailyFigures(account, adset, date));
    byDate.set(key, figures);
  }
  return figures;
}

function computeDailyFigures(account: SandboxAccount, adset: SandboxAdSet, date: string): DailyFigures {
  const profile = adset.profile;
  const noise = (low: number, high: number, label: string) =>
    between(low, high, account.seed, adset.id, date, label);
  const weekdayFactor = WEEKDAY_SPEND_FACTOR[weekday(date)] ?? 1;
  const spendCents = Math.round(profile.dailySpend * weekdayFactor * noise(0.92, 1.08, 'spend'));
  if (spendCents <= 0) return NO_DELIVERY;
  const impressions = Math.round((spendCents * 1000) / (profile.cpm * noise(0.9, 1.1, 'cpm')));
  const clicks = Math.round(impressions * profile.ctr * noise(0.85, 1.15, 'ctr'));
  const reach = Math.round(impressions / (profile.dailyFrequency * noise(0.96, 1.04, 'frequency')));
  const leadsPerDay = profile.cpl === null ? 0 : profile.dailySpend / profile.cpl;
  const leadKey = [account.seed, adset.id];
  return {
    spendCents,
    impressions,
    clicks,
    reach: Math.min(impressions, reach),
    instantFormLeads: leadsOnDate(date, leadsPerDay * (1 - profile.pixelLeadShare), [...leadKey, 'instant']),
    pixelLeads: leadsOnDate(date, leadsPerDay * profile.pixelLeadShare, [...leadKey, 'pixel']),
    linkClicks: Math.round(clicks * profile.linkClickShare * noise(0.93, 1.07, 'link')),
    postReactions: Math.round(impressions * noise(0.0008, 0.0025, 'reactions')),
  };
}

/** The day's share of a running total that grows by `perDay` a day, wobbling by at most LEAD_JITTER. */
function leadsOnDate(date: string, perDay: number, key: (string | number)[]): number {
  if (perDay <= 0) return 0;
  const jitter = Math.min(perDay, LEAD_JITTER);
  const runningTotal = (day: number) => perDay * day + jitter * unitHash(...key, day);
  const day = dayNumber(date);
  return Math.floor(runningTotal(day)) - Math.floor(runningTotal(day - 1));
}
