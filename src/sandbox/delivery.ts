// What the emulator reports as delivered: daily figures within the data window, with
// today's figures cut to the part of the local day that has passed.
import { isDelivering, type SandboxAccount, type SandboxAd, type SandboxAdSet } from './account.js';
import { type DailyFigures, dailyFigures, NO_DELIVERY } from './daily-figures.js';
import { addDays, dayNumber, fractionOfLocalDayElapsed, localDate } from './dates.js';

/** The sandbox has history for the last 120 days, today included. */
const DATA_WINDOW_DAYS = 120;

export interface DeliveryClock {
  /** The account's local date now. */
  today: string;
  /** The first date with data. */
  firstDate: string;
  /** How much of today has passed (0..1). */
  dayFraction: number;
  /**
   * When the sandbox started: from then on its instant-form leads are only the ones it delivers
   * (addLead), so Meta's count never holds a lead its store and webhooks never had.
   */
  started?: { date: string; dayFraction: number };
}

export function deliveryClock(account: SandboxAccount, nowMs: number, startedMs?: number): DeliveryClock {
  const today = localDate(nowMs, account.timezone);
  return {
    today,
    firstDate: addDays(today, -(DATA_WINDOW_DAYS - 1)),
    dayFraction: fractionOfLocalDayElapsed(nowMs, account.timezone),
    started:
      startedMs === undefined
        ? undefined
        : {
            date: localDate(startedMs, account.timezone),
            dayFraction: fractionOfLocalDayElapsed(startedMs, account.timezone),
          },
  };
}

export function deliveredFigures(
  account: SandboxAccount,
  adset: SandboxAdSet,
  date: string,
  clock: DeliveryClock,
): DailyFigures {
  if (date > clock.today || date < clock.firstDate) return NO_DELIVERY;
  if (adset.createdDate !== undefined && date < adset.createdDate) return NO_DELIVERY;
  const day = dailyFigures(account, adset, date);
  if (date < clock.today) return beforeStart(day, date, clock);
  // A paused ad set (or one in a paused campaign) has delivered nothing today.
  if (!isDelivering(account, adset)) return NO_DELIVERY;
  return beforeStart(scaleFigures(day, clock.dayFraction), date, clock, day);
}

/** Instant-form leads up to the sandbox's start only; `day`: the whole day's figures. */
function beforeStart(figures: DailyFigures, date: string, clock: DeliveryClock, day = figures): DailyFigures {
  const { started } = clock;
  if (!started || date < started.date) return figures;
  const instantFormLeads = date === started.date ? Math.floor(day.instantFormLeads * started.dayFraction) : 0;
  return instantFormLeads === figures.instantFormLeads ? figures : { ...figures, instantFormLeads };
}

function scaleFigures(figures: DailyFigures, fraction: number): DailyFigures {
  const scale = (value: number) => Math.floor(value * fraction);
  return {
    spendCents: scale(figures.spendCents),
    impressions: scale(figures.impressions),
    clicks: scale(figures.clicks),
    reach: scale(figures.reach),
    instantFormLeads: scale(figures.instantFormLeads),
    pixelLeads: scale(figures.pixelLeads),
    linkClicks: scale(figures.linkClicks),
    postReactions: scale(figures.postReactions),
  };
}

/** Days over which a fatigued ad's click-through rate slides down to its lowest (yesterday's). */
export const FATIGUE_DAYS = 5;

/** How much of its CTR a fatigued ad keeps on `date` (1 = none lost). */
export function ctrKept(ad: SandboxAd, date: string, today: string): number {
  const drop = ad.fatigue?.ctrDrop ?? 0;
  if (drop <= 0) return 1;
  const daysAgo = dayNumber(today) - dayNumber(date);
  if (daysAgo >= FATIGUE_DAYS) return 1;
  const progress = Math.min(FATIGUE_DAYS, FATIGUE_DAYS - daysAgo) / FATIGUE_DAYS;
  return Math.max(0.05, 1 - drop * progress);
}

/**
 * Splits an ad set's day between its ads by delivery weight. Only ads that got impressions
 * receive the other figures (so no ad shows clicks without impressions), and the ads always
 * add up exactly to their ad set. `on` (the date and today) lets a fatigued ad lose clicks and
 * reach to its siblings, and keeps an ad paused today out of today's delivery.
 */
export function splitAcrossAds(
  figures: DailyFigures,
  ads: readonly SandboxAd[],
  on?: { date: string; today: string },
): DailyFigures[] {
  const delivering = (ad: SandboxAd) =>
    on && on.date === on.today && ad.status !== 'ACTIVE' && ads.some((other) => other.status === 'ACTIVE')
      ? 0
      : ad.deliveryWeight;
  const impressions = apportion(figures.impressions, ads.map(delivering));
  const weights =
    figures.impressions > 0
      ? ads.map((ad, index) => ((impressions[index] ?? 0) > 0 ? delivering(ad) : 0))
      : ads.map(delivering);
  const spendCents = apportion(figures.spendCents, weights);
  const clicks = apportion(
    figures.clicks,
    weights.map((weight, index) => {
      const ad = ads[index];
      return ad && on ? weight * ctrKept(ad, on.date, on.today) : weight;
    }),
  );
  const reach = apportion(
    figures.reach,
    weights.map((weight, index) => weight / (ads[index]?.fatigue?.frequency ?? 1)),
  );
  const instantFormLeads = apportion(figures.instantFormLeads, weights);
  const pixelLeads = apportion(figures.pixelLeads, weights);
  const linkClicks = apportion(figures.linkClicks, weights);
  const postReactions = apportion(figures.postReactions, weights);
  return ads.map((_, index) => {
    const at = (values: number[]) => values[index] ?? 0;
    return {
      spendCents: at(spendCents),
      impressions: at(impressions),
      clicks: at(clicks),
      reach: Math.min(at(reach), at(impressions)),
      instantFormLeads: at(instantFormLeads),
      pixelLeads: at(pixelLeads),
      linkClicks: at(linkClicks),
      postReactions: at(postReactions),
    };
  });
}

/** Largest-remainder split of an integer total by weights; the parts always sum to the total. */
function apportion(total: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0 || weightSum <= 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (total * weight) / weightSum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((sum, part) => sum + part, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}
