import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from '../../src/charts/spend-cpl-chart.js';
import { addDays } from '../../src/dates/calendar.js';
import { openDatabase } from '../../src/db/open.js';
import { claimReportRun, getReportRun, markReportPosted } from '../../src/db/report-runs.js';
import { writeSetting } from '../../src/db/settings.js';
import { formatCostPer, formatCount, formatMoney, formatPercent } from '../../src/money.js';
import type { DailyReportOutcome } from '../../src/reports/daily-job.js';
import { createSandboxAccount } from '../../src/sandbox/account.js';
import {
  type GraphEmulator,
  type InsightsTotals,
  startGraphEmulator,
} from '../../src/sandbox/graph-emulator.js';
import { leadgenBody, metaSerialise, postWebhook } from '../../src/sandbox/meta-webhooks.js';
import { slackMessageRef } from '../../src/slack/message-ref.js';
import { pngSize } from '../support/png.js';
import type { SlackEmulator } from '../support/slack-emulator.js';
import { startSlackEmulator } from '../support/slack-emulator.js';
import { APP_SECRET, NOW, startTestBot, type TestBot, testClock } from '../support/test-bot.js';

/** Nov 29, 2026 in Chicago (CST, UTC−6): the report covers Nov 28. */
const CHICAGO = (time: string) => Date.parse(`2026-11-29T${time}-06:00`);
const DAY = '2026-11-28';
/** The default sandbox account, the one every bot here serves. */
const ACCOUNT = createSandboxAccount().id;

interface Block {
  type: string;
  text?: { text: string };
  elements?: { text: string }[];
}

function blockTexts(blocks: unknown[] | undefined): string[] {
  return ((blocks ?? []) as Block[]).map(
    (b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? b.type,
  );
}

function reportMessages(slack: SlackEmulator) {
  return slack.messages('#leadops').filter((m) => /^(Yesterday|Last|Custom)/.test(m.text));
}

/** Summed integer figures of the emulator's own rows. */
function sum(rows: readonly InsightsTotals[]) {
  return rows.reduce(
    (t, r) => ({
      spendCents: t.spendCents + r.spendCents,
      leads: t.leads + r.leads,
      formLeads: t.formLeads + r.instantFormLeads,
      clicks: t.clicks + r.clicks,
      impressions: t.impressions + r.impressions,
    }),
    { spendCents: 0, leads: 0, formLeads: 0, clicks: 0, impressions: 0 },
  );
}

/** ▲/▼ and a whole percent, computed here independently of the bot. */
function arrow(current: number | null, reference: number | null): string {
  if (current === null || reference === null || reference === 0) return '—';
  const ratio = (current - reference) / reference;
  if (ratio === 0) return '±0%';
  const percent = Math.abs(ratio) * 100;
  return `${ratio > 0 ? '▲' : '▼'} ${percent < 0.5 ? '<1' : Math.round(percent).toLocaleString('en-US')}%`;
}

const cpl = (spend: number, leads: number) => (leads > 0 ? spend / leads : null);
const leadsText = (n: number) => (n === 1 ? '1 lead' : `${formatCount(n)} leads`);

/** The default sandbox account with one ad set shown to its audience 5.5 times a day. */
async function tiredAccountEmulator(now: () => number): Promise<{ graph: GraphEmulator; tired: string }> {
  const account = createSandboxAccount();
  const adset = account.adsets[0];
  if (!adset) throw new Error('no ad set');
  adset.profile = { ...adset.profile, dailyFrequency: 5.5 };
  const graph = await startGraphEmulator({ account, appSecret: APP_SECRET, now, leadHistoryDays: 0 });
  return { graph, tired: adset.name };
}

describe('the daily report, end to end', () => {
  let bot: TestBot;
  let graph: GraphEmulator;
  let tired: string;
  let outcome: DailyReportOutcome;
  let message: ReturnType<SlackEmulator['messages']>[number];
  let insightCalls: GraphEmulator['calls'];

  before(async () => {
    const clock = testClock();
    ({ graph, tired } = await tiredAccountEmulator(() => clock.nowMilliseconds()));
    bot = await startTestBot({ clock, graph });
    // LeadOps has run on this database since Nov 1, so Nov 28 is compared with Meta.
    const nov1 = Date.parse('2026-11-01T00:00:00-05:00');
    writeSetting(bot.leadops.services.db, 'leadops.started_at', nov1, nov1);
    // Two of Meta's form leads of Nov 28 reached LeadOps through the webhook.
    const pageId = graph.account.pages[0]?.id ?? '';
    const leads = [CHICAGO('09:00:00').valueOf() - 86_400_000, CHICAGO('16:30:00') - 86_400_000].map((t) =>
      graph.addLead({ createdTime: t }),
    );
    const body = leadgenBody(
      [
        {
          pageId,
          changes: leads.map((l) => ({
            leadId: l.id,
            formId: l.formId,
            adId: l.adId ?? undefined,
            createdTime: Math.floor(l.createdTime / 1000),
          })),
        },
      ],
      graph.now(),
    );
    assert.equal((await postWebhook(bot.leadops.url, metaSerialise(body), APP_SECRET)).status, 200);
    await bot.slack.waitFor(
      () => leads.every((l) => bot.slack.messages().some((m) => JSON.stringify(m.blocks).includes(l.id))),
      10_000,
    );
    graph.resetCalls();
    outcome = (await bot.leadops.runJob('report')) as DailyReportOutcome;
    insightCalls = graph.calls.filter((c) => c.path.endsWith('/insights'));
    const [posted] = reportMessages(bot.slack);
    if (!posted) throw new Error('no report posted');
    message = posted;
  });
  after(async () => {
    await bot.stop();
    await graph.close();
  });

  test('posts yesterday’s report once, with the chart, and says so', () => {
    assert.equal(outcome.posted, true);
    assert.equal(outcome.reportDate, DAY);
    assert.equal(reportMessages(bot.slack).length, 1);
    const texts = blockTexts(message.blocks);
    assert.equal(texts[0], 'Daily report — Yesterday');
    assert.equal(texts[1], `Nov 28, 2026 · ${graph.account.name.replace('&', '&amp;')} · America/Chicago`);
    assert.ok(!texts.some((t) => t.includes('settling')), 'Nov 28 ended 12 hours ago');
  });

  test('the totals and their changes are the emulator’s figures', () => {
    const day = sum(graph.insightsRows('campaign', DAY, DAY));
    const before = sum(graph.insightsRows('campaign', '2026-11-27', '2026-11-27'));
    const week = sum(graph.insightsRows('campaign', '2026-11-21', '2026-11-27'));
    assert.ok(day.leads > 0 && before.leads > 0 && week.leads > 0, 'the sandbox delivered');
    const line = (name: string, value: string, now: number | null, prev: number | null, avg: number | null) =>
      `*${name}* ${value} · ${arrow(now, prev)} · ${arrow(now, avg)}`;
    const ctr = (f: typeof day) => f.clicks / f.impressions;
    const cpm = (f: typeof day) => (f.spendCents * 1000) / f.impressions;
    const expected = [
      line(
        'Spend',
        formatMoney(day.spendCents, 'USD'),
        day.spendCents,
        before.spendCents,
        week.spendCents / 7,
      ),
      line('Leads', formatCount(day.leads), day.leads, before.leads, week.leads / 7),
      line(
        'CPL',
        formatCostPer(Math.round(day.spendCents / day.leads), 'USD'),
        cpl(day.spendCents, day.leads),
        cpl(before.spendCents, before.leads),
        cpl(week.spendCents, week.leads),
      ),
      line('CTR', formatPercent(ctr(day)), ctr(day), ctr(before), ctr(week)),
      line('CPM', formatCostPer(Math.round(cpm(day)), 'USD'), cpm(day), cpm(before), cpm(week)),
    ].join('\n');
    const texts = blockTexts(message.blocks);
    assert.equal(texts[2], expected);
    assert.equal(texts[3], '▲▼ vs Nov 27 · vs the average day of Nov 21 – Nov 27, 2026');
    assert.equal(
      message.text,
      `Yesterday (Nov 28, 2026): ${formatMoney(day.spendCents, 'USD')} spend · ${leadsText(day.leads)} · CPL ${formatCostPer(Math.round(day.spendCents / day.leads), 'USD')}`,
    );
  });

  test('one line per campaign, by spend, with its CPL change against the day before', () => {
    const rows = graph.insightsRows('campaign', DAY, DAY);
    const before = new Map(graph.insightsRows('campaign', '2026-11-27', '2026-11-27').map((r) => [r.id, r]));
    const lines = [...rows]
      .sort((a, b) => b.spendCents - a.spendCents || a.name.localeCompare(b.name))
      .map((r) => {
        const prev = before.get(r.id);
        const change = prev ? arrow(cpl(r.spendCents, r.leads), cpl(prev.spendCents, prev.leads)) : '—';
        const cplText = `CPL ${formatCostPer(r.leads > 0 ? Math.round(r.spendCents / r.leads) : null, 'USD')}${change === '—' ? '' : ` ${change}`}`;
        const noLeads = r.leads === 0 ? ' · :warning: no leads' : '';
        return `*${r.name.replace('&', '&amp;')}*\n${formatMoney(r.spendCents, 'USD')} · ${leadsText(r.leads)} · ${cplText} · CTR ${formatPercent(r.clicks / r.impressions)}${noLeads}`;
      });
    assert.ok(lines.length >= 3);
    assert.equal(blockTexts(message.blocks)[5], ['*Campaigns* by spend', ...lines].join('\n'));
  });

  test('best and worst ad sets above $20, spenders without leads, frequency above 4.0', () => {
    const rows = graph.insightsRows('adset', DAY, DAY);
    const name = (r: InsightsTotals) =>
      `*${(r.adsetName ?? '').replace('&', '&amp;')}* _(${(r.campaignName ?? '').replace('&', '&amp;')})_`;
    const ranked = rows
      .filter((r) => r.spendCents >= 2000 && r.leads > 0)
      .sort((a, b) => a.spendCents * b.leads - b.spendCents * a.leads || b.leads - a.leads);
    const [best] = ranked;
    const worst = ranked.at(-1);
    assert.ok(best && worst && best !== worst && rows.some((r) => r.spendCents < 2000 && r.leads > 0));
    const cplLine = (label: string, r: InsightsTotals) =>
      `${label}: ${name(r)} · CPL ${formatCostPer(Math.round(r.spendCents / r.leads), 'USD')} · ${leadsText(r.leads)} · ${formatMoney(r.spendCents, 'USD')} spend`;
    const texts = blockTexts(message.blocks);
    assert.ok(
      texts.includes(
        ['*Ad sets by CPL* (spent at least $20.00)', cplLine('Best', best), cplLine('Worst', worst)].join(
          '\n',
        ),
      ),
    );
    const noLeads = rows
      .filter((r) => r.spendCents > 0 && r.leads === 0)
      .sort((a, b) => b.spendCents - a.spendCents)
      .map((r) => `${name(r)} · ${formatMoney(r.spendCents, 'USD')}`);
    assert.ok(noLeads.length > 0);
    assert.ok(texts.includes([':warning: *Spent with no leads*', ...noLeads].join('\n')));
    const over = rows.filter((r) => r.impressions / r.reach > 4);
    assert.deepEqual(
      over.map((r) => r.adsetName),
      [tired],
    );
    const frequency = (over[0] as InsightsTotals).impressions / (over[0] as InsightsTotals).reach;
    assert.ok(
      texts.includes(
        `:warning: *Frequency above 4.0* (the fatigue rule’s cap)\n${name(over[0] as InsightsTotals)} · ${frequency.toFixed(2)}`,
      ),
    );
  });

  test('LeadOps’ own count of the day’s leads next to Meta’s instant-form count, and what is missing', () => {
    const day = sum(graph.insightsRows('campaign', DAY, DAY));
    assert.ok(day.formLeads > 3);
    assert.ok(
      blockTexts(message.blocks).includes(
        `:warning: *Leads:* Meta counts ${day.formLeads} instant-form leads, LeadOps received 2 — ${day.formLeads - 2} missing: check the Page’s webhook subscription`,
      ),
    );
  });

  test('three account-level insights calls, none per campaign', () => {
    assert.equal(insightCalls.length, 3);
    const account = graph.account.id;
    assert.ok(insightCalls.every((c) => c.path === `/${account}/insights`));
    const byLevel = Object.fromEntries(insightCalls.map((c) => [c.query.level, c.query]));
    assert.deepEqual(JSON.parse(byLevel.account?.time_range ?? ''), { since: '2026-11-15', until: DAY });
    assert.equal(byLevel.account?.time_increment, '1');
    assert.deepEqual(JSON.parse(byLevel.campaign?.time_range ?? ''), { since: '2026-11-27', until: DAY });
    assert.equal(byLevel.campaign?.time_increment, '1');
    assert.deepEqual(JSON.parse(byLevel.adset?.time_range ?? ''), { since: DAY, until: DAY });
    assert.equal(graph.calls.length, 3, 'nothing else either');
  });

  test('the chart arrives through files.getUploadURLExternal + completeUploadExternal as a PNG', () => {
    const methods = bot.slack.calls.map((c) => c.method).filter((m) => m.startsWith('files.'));
    assert.deepEqual(methods, ['files.getUploadURLExternal', 'files.completeUploadExternal']);
    assert.equal(bot.slack.uploads.length, 1);
    const [upload] = bot.slack.uploads;
    assert.ok(upload?.completed);
    assert.equal(upload.channelId, message.channel);
    assert.equal(upload.filename, 'leadops-report-2026-11-28.png');
    assert.equal(upload.title, 'Spend and cost per lead · Nov 15 – Nov 28, 2026');
    assert.deepEqual(pngSize(upload.bytes), {
      width: CHART_WIDTH * CHART_SCALE,
      height: CHART_HEIGHT * CHART_SCALE,
    });
    assert.ok(upload.bytes.length > 20_000, `${upload.bytes.length} bytes`);
    assert.ok(outcome.posted);
    assert.equal(outcome.chartPath, join(bot.dir, 'reports', 'leadops-report-2026-11-28.png'));
    assert.ok(readFileSync(outcome.chartPath).equals(upload.bytes), 'the same PNG is saved for the demo');
  });

  test('run again the same day: nothing more is posted', async () => {
    const again = await Promise.all([bot.leadops.runJob('report'), bot.leadops.runJob('report')]);
    assert.deepEqual(again, [
      { posted: false, reportDate: DAY, reason: 'done' },
      { posted: false, reportDate: DAY, reason: 'done' },
    ]);
    assert.equal(reportMessages(bot.slack).length, 1);
    assert.equal(bot.slack.uploads.length, 1);
  });
});

describe('/report [range], end to end', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot();
  });
  after(async () => {
    await bot.stop();
  });

  test('posts the report to REPORT_CHANNEL now and tells the asker where', async () => {
    bot.graph.resetCalls();
    const ack = await bot.command('/report', 'last_7d');
    assert.equal(ack.status, 200);
    const answer = await bot.responseTo(ack.label);
    assert.equal(answer.response_type, 'ephemeral');
    const [posted] = reportMessages(bot.slack);
    assert.ok(posted);
    assert.equal(
      answer.text,
      `Posted the report for Last 7 days (Nov 22 – Nov 28, 2026) in <#${posted.channel}>.`,
    );
    const texts = blockTexts(posted.blocks);
    assert.equal(texts[0], 'Report — Last 7 days');
    const week = sum(bot.graph.insightsRows('campaign', '2026-11-22', DAY));
    const before = sum(bot.graph.insightsRows('campaign', '2026-11-15', '2026-11-21'));
    assert.equal(
      texts[2]?.split('\n')[0],
      `*Spend* ${formatMoney(week.spendCents, 'USD')} · ${arrow(week.spendCents, before.spendCents)}`,
    );
    assert.equal(texts[3], '▲▼ vs Nov 15 – Nov 21, 2026');
    // A database that began today holds none of that week's leads: no false alarm.
    assert.ok(texts.includes('*Leads:* compared with Meta’s count from Nov 30, LeadOps’ first whole day'));
    await bot.slack.waitFor(() => bot.slack.uploads.find((u) => u.completed));
    assert.equal(bot.slack.uploads[0]?.filename, 'leadops-report-2026-11-22_2026-11-28.png');
    const insights = bot.graph.calls.filter((c) => c.path.endsWith('/insights'));
    assert.equal(insights.length, 3);
    assert.equal(insights.find((c) => c.query.level === 'campaign')?.query.time_increment, '7');
  });

  test('a bad range: a private usage note, nothing posted, no Graph call', async () => {
    const before = bot.slack.messages().length;
    bot.graph.resetCalls();
    const answer = await bot.responseTo((await bot.command('/report', '2026-11-30')).label);
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(String(answer.text), /ends in the future/);
    assert.match(String(answer.text), /Usage: \/report/);
    assert.equal(bot.slack.messages().length, before);
    assert.equal(bot.graph.calls.filter((c) => c.path.endsWith('/insights')).length, 0);
  });
});

describe('the schedule: time zone, catch-up, once per day', () => {
  let slack: SlackEmulator;
  let dir: string;
  const env = () => ({ DATABASE_PATH: join(dir, 'leadops.sqlite') });
  before(async () => {
    slack = await startSlackEmulator();
  });
  after(async () => {
    await slack.close();
  });

  async function withBot<T>(
    at: number,
    work: (bot: TestBot) => Promise<T>,
    extraEnv: Record<string, string> = {},
  ): Promise<T> {
    const bot = await startTestBot({ clock: testClock(at), slack, env: { ...env(), ...extraEnv } });
    try {
      return await work(bot);
    } finally {
      await bot.stop();
    }
  }

  test('REPORT_CRON runs in the ad account’s time zone, or in TIMEZONE', async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadops-report-'));
    try {
      const localTime = (date: Date | null, timeZone: string) =>
        date &&
        new Intl.DateTimeFormat('en-GB', {
          timeZone,
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        }).format(date);
      await withBot(NOW, async (bot) => {
        assert.equal(localTime(bot.leadops.nextRun('report'), 'America/Chicago'), '08:00:00');
        assert.ok(bot.leadops.nextRun('report-catch-up'));
      });
      await withBot(
        NOW,
        async (bot) => assert.equal(localTime(bot.leadops.nextRun('report'), 'Asia/Tokyo'), '07:30:00'),
        { TIMEZONE: 'Asia/Tokyo', REPORT_CRON: '30 7 * * *' },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('down at 08:00, back at 09:30: one catch-up post; more triggers and restarts: still one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadops-report-'));
    slack.reset();
    try {
      // Running before the slot: nothing due yet.
      await withBot(CHICAGO('07:00:00'), async (bot) => {
        assert.deepEqual(await bot.leadops.runJob('report-catch-up'), {
          posted: false,
          reportDate: null,
          reason: 'no slot yet today',
        });
      });
      assert.equal(reportMessages(slack).length, 0);
      // Down through 08:00; back at 09:30: the start-up catch-up posts it.
      await withBot(CHICAGO('09:30:00'), async (bot) => {
        await slack.waitFor(() => slack.uploads.find((u) => u.completed));
        const triggers = await Promise.all([
          bot.leadops.runJob('report-catch-up'),
          bot.leadops.runJob('report'),
          bot.leadops.runJob('report-catch-up'),
        ]);
        assert.deepEqual(
          triggers.map((t) => (t as DailyReportOutcome).posted),
          [false, false, false],
        );
      });
      // And again later that morning.
      await withBot(CHICAGO('10:00:00'), async (bot) => {
        assert.deepEqual(await bot.leadops.runJob('report-catch-up'), {
          posted: false,
          reportDate: DAY,
          reason: 'already posted',
        });
        assert.deepEqual(await bot.leadops.runJob('report'), {
          posted: false,
          reportDate: DAY,
          reason: 'done',
        });
      });
      assert.equal(reportMessages(slack).length, 1);
      assert.equal(slack.uploads.length, 1);
      assert.equal(reportMessages(slack)[0]?.text.startsWith('Yesterday (Nov 28, 2026)'), true);
      assert.ok(existsSync(join(dir, 'reports', 'leadops-report-2026-11-28.png')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a crash between the claim and the post: the restart posts it, once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadops-report-'));
    slack.reset();
    try {
      const db = openDatabase(env().DATABASE_PATH);
      writeSetting(db, `report.scheduledSince@${ACCOUNT}`, CHICAGO('00:00:00'), CHICAGO('00:00:00'));
      assert.equal(
        claimReportRun(db, ACCOUNT, DAY, 'a-run-that-died', 'schedule', CHICAGO('08:00:00'), 5).claimed,
        true,
      );
      db.close();
      await withBot(CHICAGO('08:20:00'), async (bot) => {
        await slack.waitFor(() => slack.uploads.find((u) => u.completed));
        assert.deepEqual(await bot.leadops.runJob('report-catch-up'), {
          posted: false,
          reportDate: DAY,
          reason: 'already posted',
        });
        const run = getReportRun(bot.leadops.services.db, ACCOUNT, DAY);
        assert.equal(run?.state, 'done');
        assert.equal(run?.attempts, 2);
      });
      assert.equal(reportMessages(slack).length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a crash after the message, before the chart: the restart sends only the chart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadops-report-'));
    slack.reset();
    try {
      const db = openDatabase(env().DATABASE_PATH);
      writeSetting(db, `report.scheduledSince@${ACCOUNT}`, CHICAGO('00:00:00'), CHICAGO('00:00:00'));
      claimReportRun(db, ACCOUNT, DAY, 'a-run-that-died', 'schedule', CHICAGO('08:00:00'), 5);
      markReportPosted(
        db,
        ACCOUNT,
        DAY,
        'a-run-that-died',
        slackMessageRef('C0REPORTS', '1764400000.000100'),
        CHICAGO('08:00:01'),
      );
      db.close();
      await withBot(CHICAGO('08:20:00'), async (bot) => {
        await slack.waitFor(() => slack.uploads.find((u) => u.completed));
        await bot.leadops.runJob('report-catch-up');
        assert.equal(getReportRun(bot.leadops.services.db, ACCOUNT, DAY)?.state, 'done');
      });
      assert.equal(reportMessages(slack).length, 0, 'the message was already there');
      assert.equal(slack.calls.filter((c) => c.method === 'chat.postMessage').length, 0);
      assert.deepEqual(
        slack.uploads.map((u) => [u.channelId, u.filename]),
        [['C0REPORTS', 'leadops-report-2026-11-28.png']],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Slack refuses the post: the claim is let go and the next trigger posts it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadops-report-'));
    slack.reset();
    try {
      await withBot(NOW, async (bot) => {
        slack.failNext(1, { error: 'internal_error', methods: ['chat.postMessage'] });
        await assert.rejects(bot.leadops.runJob('report'), /Slack refused: internal_error/);
        const released = getReportRun(bot.leadops.services.db, ACCOUNT, DAY);
        assert.equal(released?.owner, null);
        assert.equal(released?.lastError, 'Slack refused: internal_error');
        assert.equal(((await bot.leadops.runJob('report')) as DailyReportOutcome).posted, true);
        assert.equal(getReportRun(bot.leadops.services.db, ACCOUNT, DAY)?.attempts, 2);
      });
      assert.equal(reportMessages(slack).length, 1);
      assert.equal(addDays(DAY, 1), '2026-11-29');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
