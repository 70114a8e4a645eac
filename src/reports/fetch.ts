import type { AdAccount, ReportInsightRow } from '../meta/ad-account.js';
import { MAX_DAYS_PER_ROW, type ReportWindow } from './window.js';

export interface ReportRows {
  accountDays: ReportInsightRow[];
  campaigns: ReportInsightRow[];
  adsets: ReportInsightRow[];
}

type Insights = Pick<AdAccount, 'periodInsights'>;

/**
 * Everything a report needs in three account-level insights calls, however many campaigns
 * and ad sets there are (paging followed), made at once:
 * - level=account, time_increment=1 over the window: totals per day (range, previous,
 *   trailing average, the 14-day chart);
 * - level=campaign, time_increment=<days> over previous + range: one row per campaign per period;
 * - level=adset over the range: one row per ad set, with Meta's own frequency for the range.
 * A range longer than Meta's 90-day increment reads the previous period in a fourth call.
 */
export async function fetchReportRows(adAccount: Insights, window: ReportWindow): Promise<ReportRows> {
  const { range, previous, days } = window;
  const campaigns = async (): Promise<ReportInsightRow[]> => {
    if (!previous)
      return adAccount.periodInsights({ level: 'campaign', since: range.since, until: range.until });
    if (days <= MAX_DAYS_PER_ROW)
      return adAccount.periodInsights({
        level: 'campaign',
        since: previous.since,
        until: range.until,
        daysPerRow: days,
      });
    const [before, now] = await Promise.all([
      adAccount.periodInsights({ level: 'campaign', since: previous.since, until: previous.until }),
      adAccount.periodInsights({ level: 'campaign', since: range.since, until: range.until }),
    ]);
    return [...before, ...now];
  };
  const [accountDays, campaignRows, adsets] = await Promise.all([
    adAccount.periodInsights({
      level: 'account',
      since: window.daily.since,
      until: window.daily.until,
      daysPerRow: 1,
    }),
    campaigns(),
    adAccount.periodInsights({ level: 'adset', since: range.since, until: range.until }),
  ]);
  return { accountDays, campaigns: campaignRows, adsets };
}
