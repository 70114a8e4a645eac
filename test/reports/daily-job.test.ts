import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { daysBetween, eachDate } from '../../src/dates/calendar.js';
import { openDatabase } from '../../src/db/open.js';
import { getReportRun, ROLL_UP_KEY } from '../../src/db/report-runs.js';
import { silentLogger } from '../../src/log.js';
import type { ChannelMessage, Messenger } from '../../src/messages/messenger.js';
import type { PeriodInsightsQuery, ReportInsightRow } from '../../src/meta/ad-account.js';
import {
  DailyReportJob,
  type DailyReportOutcome,
  type DailyReportsResult,
  jobResult,
} from '../../src/reports/daily-job.js';

const USD: Account = {
  id: 'act_1001',
  name: 'Acme Injury Law',
  currency: 'USD',
  timezone: 'America/Chicago',
  homeChannel: 'C0ACME',
  pixelId: null,
};
const EUR: Account = {
  id: 'act_2002',
  name: 'Berliner Kanzlei',
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  homeChannel: 'C0BERLIN',
  pixelId: null,
};
/** No home channel: its report goes to REPORT_CHANNEL. */
const JPY: Account = {
  id: 'act_3003',
  name: 'Tokyo Law Office',
  currency: 'JPY',
  timezone: 'Asia/Tokyo',
  homeChannel: null,
  pixelId: null,
};
const CHANNELS = { report: 'C0AGENCY', leads: 'C0AGENCY', approvals: 'C0AGENCY' };

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
function fakeMeta() {
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

function fakeSlack() {
  const posts: { channel: string; message: ChannelMessage }[] = [];
  const uploads: { channel: string; filename: string }[] = [];
  const messenger: Messenger = {
    async post(channel, message) {
      posts.push({ channel, message });
      return { channel, ts: `${posts.length}.000100` };
    },
    async update() {},
    async postEphemeral() {},
    async uploadFile(channel, file) {
      uploads.push({ channel, filename: file.filename });
    },
  };
  return { posts, uploads, messenger };
}

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function setUp(accounts: Account[], start: number, timezone: string | null = null) {
  const dir = mkdtempSync(join(tmpdir(), 'leadops-job-'));
  dirs.push(dir);
  const db = openDatabase(':memory:');
  let now = start;
  const meta = fakeMeta();
  const slack = fakeSlack();
  const served = [...accounts];
  const job = new DailyReportJob({
    db,
    clock: { nowMilliseconds: () => now },
    logger: silentLogger,
    adAccountOf: (account) => meta.adAccountOf(account),
    accounts: { served: () => served, statuses: () => served.map(({ id }) => ({ id })) },
    messenger: slack.messenger,
    expression: '0 8 * * *',
    timezone,
    channels: CHANNELS,
    directory: dir,
    firstStart: true,
  });
  return { db, job, meta, slack, served, setNow: (at: number) => (now = at) };
}

const texts = (slack: ReturnType<typeof fakeSlack>) => slack.posts.map((p) => p.message.text);
const outcomeOf = (result: DailyReportsResult, id: string) =>
  result.reports.find((r) => r.accountId === id)?.outcome as DailyReportOutcome;

/** Nov 29, 2026, 08:00 in Chicago: Nov 28 is yesterday in Chicago, Berlin and Tokyo (23:00 there). */
const CHICAGO_8AM = Date.parse('2026-11-29T14:00:00Z');

describe('the daily report job, several accounts', () => {
  test('one report per account in its home channel (else REPORT_CHANNEL), then one roll-up; never twice', async () => {
    const { job, meta, slack, db } = setUp([USD, EUR, JPY], CHICAGO_8AM);
    const result = await job.run();
    assert.deepEqual(
      result.reports.map((r) => [r.accountId, r.outcome.posted, r.outcome.reportDate]),
      [
        [USD.id, true, '2026-11-28'],
        [EUR.id, true, '2026-11-28'],
        [JPY.id, true, '2026-11-28'],
      ],
    );
    assert.deepEqual(
      slack.posts.map((p) => p.channel),
      ['C0ACME', 'C0BERLIN', 'C0AGENCY', 'C0AGENCY'],
    );
    assert.deepEqual(texts(slack).slice(0, 3), [
      'Yesterday (Nov 28, 2026): $180.00 spend · 6 leads · CPL $30.00',
      'Yesterday (Nov 28, 2026): €123.45 spend · 2 leads · CPL €61.73',
      'Yesterday (Nov 28, 2026): ¥108,000 spend · 9 leads · CPL ¥12,000',
    ]);
    assert.deepEqual(result.rollUps, [{ posted: true, reportDate: '2026-11-28', accounts: 3 }]);
    assert.equal(texts(slack)[3], 'Daily roll-up — Nov 28, 2026: 3 ad accounts');
    // Each chart under its own report, named apart.
    assert.deepEqual(slack.uploads, [
      { channel: 'C0ACME', filename: `leadops-report-${USD.id}-2026-11-28.png` },
      { channel: 'C0BERLIN', filename: `leadops-report-${EUR.id}-2026-11-28.png` },
      { channel: 'C0AGENCY', filename: `leadops-report-${JPY.id}-2026-11-28.png` },
    ]);
    assert.deepEqual([...meta.calls.values()], [3, 3, 3], 'three Graph calls per account');
    assert.equal(getReportRun(db, ROLL_UP_KEY, '2026-11-28')?.state, 'done');

    const again = await Promise.all([job.run(), job.catchUp()]);
    assert.equal(slack.posts.length, 4, 'nothing more');
    assert.ok(again.every((r) => r.reports.every(({ outcome }) => !outcome.posted)));
    assert.deepEqual(again[0].rollUps, [{ posted: false, reportDate: '2026-11-28', reason: 'done' }]);
  });

  test('Meta refuses one account: the others still post, and the roll-up says which failed', async () => {
    const { job, meta, slack } = setUp([USD, EUR, JPY], CHICAGO_8AM);
    meta.refused.add(EUR.id);
    const result = await job.run();
    assert.equal(outcomeOf(result, USD.id).posted, true);
    assert.equal(outcomeOf(result, JPY.id).posted, true);
    const failed = outcomeOf(result, EUR.id);
    assert.equal(!failed.posted && failed.reason, 'failed');
    assert.deepEqual(
      slack.posts.map((p) => p.channel),
      ['C0ACME', 'C0AGENCY', 'C0AGENCY'],
    );
    const rollUp = JSON.stringify(slack.posts[2]?.message.blocks);
    assert.match(rollUp, /Berliner Kanzlei\* · :warning: no report — Meta refused/);
    assert.doesNotThrow(() => jobResult(result), 'several accounts: the result, not a throw');

    // The next trigger retries the failed one; the roll-up stays posted once.
    meta.refused.clear();
    const retry = await job.run();
    assert.equal(outcomeOf(retry, EUR.id).posted, true);
    assert.equal(slack.posts.filter((p) => p.message.text.startsWith('Daily roll-up')).length, 1);
  });

  test('each zone’s task at 08:00 local: Tokyo first, then Berlin, then Chicago; the roll-up after the last', async () => {
    // The catch-up ran the evening before (Nov 28, 20:00Z): every schedule is known, nothing due yet.
    const { job, slack, setNow } = setUp([USD, EUR, JPY], Date.parse('2026-11-28T20:00:00Z'));
    const before = await job.catchUp();
    assert.deepEqual(
      before.reports.map((r) => [r.accountId, !r.outcome.posted && r.outcome.reason]),
      [
        [USD.id, 'slot before LeadOps was running'],
        [EUR.id, 'slot before LeadOps was running'],
        [JPY.id, 'no slot yet today'],
      ],
    );
    assert.deepEqual(job.zones(), ['America/Chicago', 'Europe/Berlin', 'Asia/Tokyo']);

    setNow(Date.parse('2026-11-28T23:00:00Z')); // 08:00 Nov 29 in Tokyo
    const tokyo = await job.run('Asia/Tokyo');
    assert.deepEqual(
      tokyo.reports.map((r) => [r.accountId, r.outcome.reportDate]),
      [[JPY.id, '2026-11-28']],
    );
    assert.deepEqual(tokyo.rollUps, [{ posted: false, reportDate: '2026-11-28', reason: 'waiting' }]);

    setNow(Date.parse('2026-11-29T07:00:00Z')); // 08:00 in Berlin
    const berlin = await job.run('Europe/Berlin');
    assert.deepEqual(
      berlin.reports.map((r) => r.accountId),
      [EUR.id],
    );
    assert.equal(berlin.rollUps[0]?.posted, false);

    setNow(CHICAGO_8AM);
    const chicago = await job.run('America/Chicago');
    assert.deepEqual(
      chicago.reports.map((r) => r.accountId),
      [USD.id],
    );
    assert.deepEqual(chicago.rollUps, [{ posted: true, reportDate: '2026-11-28', accounts: 3 }]);
    assert.deepEqual(
      slack.posts.map((p) => p.channel),
      ['C0AGENCY', 'C0BERLIN', 'C0ACME', 'C0AGENCY'],
    );
  });

  test('an account connected after its slot: no report that morning, and the roll-up does not wait for it', async () => {
    const { job, slack, served, setNow } = setUp([USD, EUR], Date.parse('2026-11-29T06:00:00Z'));
    await job.catchUp();
    // JPY is connected at 06:30Z: Tokyo's 08:00 (23:00Z) has passed.
    setNow(Date.parse('2026-11-29T06:30:00Z'));
    served.push(JPY);
    const late = await job.catchUp();
    assert.equal(!outcomeOf(late, JPY.id).posted && outcomeOf(late, JPY.id).reportDate, '2026-11-28');
    setNow(Date.parse('2026-11-29T07:00:00Z'));
    await job.run('Europe/Berlin');
    setNow(CHICAGO_8AM);
    const result = await job.run('America/Chicago');
    assert.equal(result.rollUps[0]?.posted, true);
    const rollUp = slack.posts.at(-1);
    assert.match(JSON.stringify(rollUp?.message.blocks), /Tokyo Law Office\* · no report for Nov 28/);
  });
});

describe('the daily report job, one account: as a single-account LeadOps', () => {
  test('no roll-up, the chart named as before, and the outcome (or the failure) itself', async () => {
    const { job, meta, slack } = setUp([USD], CHICAGO_8AM);
    const outcome = jobResult(await job.run());
    assert.equal((outcome as DailyReportOutcome).posted, true);
    assert.deepEqual(slack.uploads, [{ channel: 'C0ACME', filename: 'leadops-report-2026-11-28.png' }]);
    assert.equal(slack.posts.length, 1);
    const second = setUp([USD], CHICAGO_8AM);
    second.meta.refused.add(USD.id);
    await assert.rejects(async () => jobResult(await second.job.run()), /Meta refused/);
    assert.equal(meta.calls.get(USD.id), 3);
  });

  test('TIMEZONE set: every account in one task, each its own yesterday at that slot', async () => {
    const { job } = setUp([USD, JPY], CHICAGO_8AM, 'Europe/London');
    assert.deepEqual(job.zones(), ['Europe/London']);
    const result = await job.run('Europe/London');
    assert.deepEqual(
      result.reports.map((r) => r.accountId),
      [USD.id, JPY.id],
    );
  });
});
