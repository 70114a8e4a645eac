// What the emulator reports as delivered: daily figures within the data window, with
// today's figures cut to the part of the local day that has passed.
import { isDelivering, type SandboxAccount, type SandboxAd, type SandboxAdSet } from './account.js';
import { type DailyFigures, dailyFigures, NO_DELIVERY } from './daily-figures.js';
import { addDays, fractionOfLocalDayElapsed, localDate } from './dates.js';

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

/**
 * Splits an ad set's day between its ads by delivery weight. Only ads that got impressions
 * receive the other figures (so no ad shows clicks without impressions), and the ads always
 * add up exactly to their ad set.
 */
export function splitAcrossAds(figures: DailyFigures, ads: readonly SandboxAd[]): DailyFigures[] {
  const impressions = apportion(
    figures.impressions,
    ads.map((ad) => ad.deliveryWeight),
  );
  const weights =
    figures.impressions > 0
      ? ads.map((ad, index) => ((impressions[index] ?? 0) > 0 ? ad.deliveryWeight : 0))
      : ads.map((ad) => ad.deliveryWeight);
  const spendCents = apportion(figures.spendCents, weights);
  const clicks = apportion(figures.clicks, weights);
  const reach = apportion(figures.reach, weights);
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
