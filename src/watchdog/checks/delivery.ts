import { firstWholeDay, formatDateRange, type LocalDate } from '../../dates/calendar.js';
import { countAdLeadsCreatedBetween, countPolledLate } from '../../db/watchdog-state.js';
import { errorOf, valueOrNull, type WatchdogCheck } from '../check.js';
import { HOUR_MS } from '../format.js';
import { CHECK_DEFINITIONS, type SettingsOf } from '../settings.js';
import type { CheckResult, Condition } from '../types.js';

export interface DeliveryFigures {
  today: LocalDate;
  /** Instant-form leads Meta's insights count today; null when Meta did not answer. */
  metaFormLeads: number | null;
  /** The account's leads from ads in LeadOps' store created today (account time zone). */
  receivedToday: number;
  /** False until the watchdog has watched since the day began: before, the store may lack its early leads. */
  wholeDayWatched: boolean;
  /** Webhooks are set up (META_APP_SECRET): otherwise polling is the only door, by design. */
  webhooksConfigured: boolean;
  /** Leads received in the last hour that only polling brought, a minute or more after they were created. */
  polledLastHour: number;
}

export const COUNT_FIX =
  'Check that the Page is still subscribed to the app’s `leadgen` webhook and that LeadOps’ app has lead access ' +
  '(Business Settings → Integrations → Leads access). With META_PAGE_ID set and `leads_retrieval` on the token, ' +
  'polling (LEADS_POLL_CRON) fetches what webhooks miss.';

export const WEBHOOK_FIX =
  '1. Meta app → Webhooks → object Page: callback `https://<your host>/webhooks/meta`, subscribed to the `leadgen` field. ' +
  '2. Subscribe the Page again: `curl -X POST "https://graph.facebook.com/v24.0/PAGE_ID/subscribed_apps" ' +
  '-d "subscribed_fields=leadgen" -d "access_token=PAGE_ACCESS_TOKEN"`. ' +
  '3. Check that META_APP_SECRET is this app’s secret (a wrong one makes LeadOps refuse every webhook: see its log). ' +
  'Meta’s Lead Ads Testing Tool then shows whether a test lead arrives.';

const leadsWord = (n: number) => `${n} ${n === 1 ? 'lead' : 'leads'}`;

/**
 * Two ways leads go missing: Meta counts more instant-form leads today than LeadOps has
 * (webhook and polling both failing, or lead access lost), and the webhook missing leads
 * that polling then caught. The first ends when LeadOps has them all; the second when an
 * hour passes with none caught late. `previous`: keys active before (for hysteresis).
 */
export function evaluateDelivery(
  figures: DeliveryFigures,
  settings: SettingsOf<'delivery'>,
  previous: ReadonlySet<string>,
): CheckResult {
  const conditions: Condition[] = [];
  const held: string[] = [];
  const lines: string[] = [];
  const day = formatDateRange(figures.today, figures.today);
  if (figures.metaFormLeads === null) {
    held.push('count');
    lines.push('Meta’s count for today unknown');
  } else if (!figures.wholeDayWatched) {
    lines.push(
      `Meta counts ${leadsWord(figures.metaFormLeads)} today (compared from the first whole day watched)`,
    );
  } else {
    const missing = figures.metaFormLeads - figures.receivedToday;
    lines.push(
      `Meta counts ${leadsWord(figures.metaFormLeads)} today, LeadOps received ${figures.receivedToday}`,
    );
    // Once raised, it lasts until LeadOps has every lead Meta counts.
    if (missing >= settings.min_missing || (previous.has('count') && missing > 0)) {
      conditions.push({
        key: 'count',
        level: 'gap',
        title: `Meta counts ${leadsWord(figures.metaFormLeads)} today, LeadOps received ${figures.receivedToday}: webhook or lead access broken?`,
        detail: `${leadsWord(missing)} from instant forms on ${day} are in Meta’s insights but not in LeadOps’ store.`,
        fix: COUNT_FIX,
      });
    }
  }
  if (!figures.webhooksConfigured) {
    lines.push('webhooks not set up (META_APP_SECRET): polling is the only door');
  } else {
    lines.push(`${leadsWord(figures.polledLastHour)} in the last hour found only by polling`);
    if (
      figures.polledLastHour >= settings.min_polled ||
      (previous.has('webhook') && figures.polledLastHour > 0)
    ) {
      const n = figures.polledLastHour;
      conditions.push({
        key: 'webhook',
        level: 'missed',
        title: `The webhook missed ${leadsWord(n)} in the last hour; polling caught ${n === 1 ? 'it' : 'them'}`,
        detail: `${n === 1 ? 'This lead' : 'These leads'} reached LeadOps only through polling, minutes late: the Page’s webhook subscription may have dropped.`,
        fix: WEBHOOK_FIX,
      });
    }
  }
  return {
    check: 'delivery',
    state: conditions.length > 0 ? 'alert' : 'ok',
    summary: `${lines.join('; ')}.`,
    conditions,
    held,
  };
}

/** A lead polling brought this long after it was created was missed by the webhook (which takes seconds). */
const POLLED_LATE_MS = 60_000;

export const deliveryCheck: WatchdogCheck = {
  name: 'delivery',
  definition: CHECK_DEFINITIONS.delivery,
  async evaluate(context) {
    const { db, now, todayStart, leads } = context;
    const today = await context.todayFigures();
    const figures: DeliveryFigures = {
      today: context.today,
      metaFormLeads: valueOrNull(today)?.reduce((n, row) => n + row.formLeads, 0) ?? null,
      receivedToday: countAdLeadsCreatedBetween(db, todayStart, now + 1, leads),
      wholeDayWatched: firstWholeDay(context.watchingSince, context.timezone) <= context.today,
      webhooksConfigured: context.webhooksConfigured,
      polledLastHour: countPolledLate(db, leads, now - HOUR_MS, POLLED_LATE_MS),
    };
    return {
      result: evaluateDelivery(figures, context.settings('delivery'), context.activeKeys('delivery')),
      error: errorOf(today),
    };
  },
};
