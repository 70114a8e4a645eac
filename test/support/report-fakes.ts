import type { Account } from '../../src/accounts/account.js';
import { daysBetween, eachDate } from '../../src/dates/calendar.js';
import type { ChannelMessage, Messenger } from '../../src/messages/messenger.js';
import type { PeriodInsightsQuery, ReportInsightRow } from '../../src/meta/ad-account.js';
import { parseSlackMessageRef, slackMessageRef } from '../../src/slack/message-ref.js';

/** Three ad accounts of an agency: dollars in Chicago, euros in Berlin, yen in Tokyo. */
export const USD: Account = {
  id: 'act_1001',
  name: 'Acme Injury Law',
  currency: 'USD',
  timezone: 'America/Chicago',
  homeChannel: 'C0ACME',
  pixelId: null,
};
export const EUR: Account = {
  id: 'act_2002',
  name: 'Berliner Kanzlei',
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  homeChannel: 'C0BERLIN',
  pixelId: null,
};
/** No home channel: its report goes to REPORT_CHANNEL. */
export const JPY: Account = {
  id: 'act_3003',
  name: 'Tokyo Law Office',
  currency: 'JPY',
  timezone: 'Asia/Tokyo',
  homeChannel: null,
  pixelId: null,
};
export const CHANNELS = { report: 'C0AGENCY', leads: 'C0AGENCY', approvals: 'C0AGENCY' };

/** Per account and day (in Meta's unit): spend and leads; Nov 28 differs from the days before. */
const DAILY: Record<string, { spend: number; leads: number; nov28: { spend: number; leads: number } }> = {
  [USD.id]: { spend: 15_000, leads: 5, nov28: { spend: 18_000, leads: 6 } },
  [EUR.id]: { spend: 12_345, leads: 3, nov28: { spend: 12_345, leads: 2 } },
  [JPY.id]: { spend: 96_000, leads: 8, nov28: { spend: 108_000, leads: 9 } },
};

function row(level: ReportInsightRow['level'], id: string, since: string, until: string, account: Account) {
  const days = eachDate(since, until).map((date) =>
    date === '2026-11-28'
      ? (DAILY[account.id]?.nov28 ?? { spend: 0, leads: 0 })
      : (DAILY[account.id] ?? { spend: 0, leads: 0 }),
  );
  const spendCents = days.reduce((n, d) => n + d.spend, 0);
  const leads = days.reduce((n, d) => n + d.leads, 0);
  return {
    level,
    objectId: id,
    name: level === 'account' ? account.name : `${account.name} ${level}`,
    campaignId: level === 'account' ? null : `${id}-c`,
    campaignName: level === 'account' ? null : `${account.name} campaign`,
    spendCents,
    impressions: 10_000 * days.length,
    clicks: 150 * days.length,
    leads,
    formLeads: leads,
    reach: 5000,
    frequency: 2,
    dateStart: since,
    dateStop: until,
  } satisfies ReportInsightRow;
}

/** A fake Meta: each account's figures as above, one object per level; calls counted; some accounts refused. */
export function fakeMeta() {
  const calls = new Map<string, number>();
  const refused = new Set<string>();
  return {
    calls,
    refused,
    adAccountOf(account: Account) {
      return {
        async periodInsights(query: PeriodInsightsQuery): Promise<ReportInsightRow[]> {
          calls.set(account.id, (calls.get(account.id) ?? 0) + 1);
          if (refused.has(account.id))
            throw new Error('Meta refused: (#200) Ad account owner has NOT grant ads_read permission');
          const step = query.daysPerRow ?? daysBetween(query.since, query.until) + 1;
          const dates = eachDate(query.since, query.until);
          const rows: ReportInsightRow[] = [];
          for (let i = 0; i < dates.length; i += step) {
            const chunk = dates.slice(i, i + step);
            rows.push(
              row(query.level, `${account.id}-${query.level}`, chunk[0] ?? '', chunk.at(-1) ?? '', account),
            );
          }
          return rows;
        },
      };
    },
  };
}

export function fakeSlack() {
  const posts: { channel: string; message: ChannelMessage }[] = [];
  const uploads: { channel: string; filename: string }[] = [];
  const messenger: Messenger = {
    async post(channel, message) {
      posts.push({ channel, message });
      return slackMessageRef(channel, `${posts.length}.000100`);
    },
    async update() {},
    async postEphemeral() {},
    async uploadFile(channel, file) {
      uploads.push({ channel, filename: file.filename });
    },
    findPosted: async () => null,
    channelOf: (ref) => parseSlackMessageRef(ref).channel,
  };
  return { posts, uploads, messenger };
}
