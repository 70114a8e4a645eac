import type { Account } from '../accounts/account.js';
import { addDays, startOfLocalDay } from '../dates/calendar.js';
import type { DateRange } from '../dates/ranges.js';
import { speedGroups } from '../db/lead-speed-stats.js';
import { userMessageOf } from '../errors.js';
import { sumRows } from '../insights/totals.js';
import type { InsightRow } from '../insights/types.js';
import { buildLeadSpeedReply } from '../messages/lead-speed.js';
import type { Reply } from '../messages/reply.js';
import { buildSpeedReport, type CampaignSpend } from '../speed/stats.js';
import type { Services } from './types.js';

/** Insights rows (possibly split or paged) → one spend figure per campaign. */
export function campaignSpend(rows: readonly InsightRow[]): CampaignSpend[] {
  const byId = new Map<string, InsightRow[]>();
  for (const row of rows) byId.set(row.objectId, [...(byId.get(row.objectId) ?? []), row]);
  return [...byId].map(([id, group]) => {
    const totals = sumRows(group);
    return { id, name: (group[0] as InsightRow).name, spendCents: totals.spendCents, leads: totals.leads };
  });
}

/**
 * `/leads speed [range]` about one account: the figures from SQLite (the leads created in the
 * range, in the account's time zone), next to each campaign's spend, CPL and cost per
 * qualified lead from Meta's insights (one campaign-level call, as /cpl makes). Meta down:
 * the speed figures still answer, with why spend is missing.
 */
export async function leadSpeedReply(
  account: Account,
  range: DateRange,
  /** Only this account's leads; null: every stored lead (one account served). */
  onlyAccount: string | null,
  services: Services,
): Promise<Reply> {
  const { db, clock } = services;
  const slaMinutes = services.config.speed.slaMinutes;
  const groups = speedGroups(db, {
    from: startOfLocalDay(range.since, account.timezone),
    to: startOfLocalDay(addDays(range.until, 1), account.timezone),
    accountId: onlyAccount,
    slaMinutes,
    now: clock.nowMilliseconds(),
  });
  let spend: CampaignSpend[] | null = null;
  let spendError: string | null = null;
  try {
    spend = campaignSpend(
      await services
        .adAccountOf(account)
        .insights({ level: 'campaign', since: range.since, until: range.until }),
    );
  } catch (error) {
    spendError = userMessageOf(error);
  }
  return buildLeadSpeedReply({
    range,
    timezone: account.timezone,
    accountName: account.name,
    currency: account.currency,
    report: buildSpeedReport(groups, spend, slaMinutes),
    spendError,
  });
}
