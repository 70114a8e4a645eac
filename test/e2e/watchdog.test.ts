import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { insertNotice } from '../../src/db/leads.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { leadgenBody, metaSerialise, postWebhook } from '../../src/sandbox/meta-webhooks.js';
import type { WatchdogRunResult } from '../../src/watchdog/runner.js';
import { manualClock } from '../support/manual-clock.js';
import { type SlackEmulator, startSlackEmulator } from '../support/slack-emulator.js';
import { APP_SECRET, NOW, startTestBot, type TestBot } from '../support/test-bot.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const BOSS = 'U0BOSS';
const APPROVALS = '#approvals';

describe('watchdog, end to end (Graph and Slack emulators, a restart in the middle)', () => {
  const clock = manualClock(NOW);
  const dir = mkdtempSync(join(tmpdir(), 'leadops-watchdog-'));
  const env = { APPROVERS: BOSS, APPROVALS_CHANNEL: APPROVALS, DATABASE_PATH: join(dir, 'leadops.sqlite') };
  let graph: GraphEmulator;
  let slack: SlackEmulator;
  let bot: TestBot;

  const watchdogMessages = () =>
    slack
      .messages(APPROVALS)
      .filter((m) => /^:(rotating_light|white_check_mark): (Watchdog|Resolved) —/.test(m.text));
  const matching = (pattern: RegExp) => watchdogMessages().filter((m) => pattern.test(m.text));
  const run = () => bot.leadops.runJob('watchdog') as Promise<WatchdogRunResult>;
  const runs = async (n: number) => {
    for (let i = 0; i < n; i++) await run();
  };
  const command = async (text: string, userId = BOSS) => {
    const sent = await bot.command('/watchdog', text, { userId });
    assert.equal(sent.status, 200);
    return bot.responseTo(sent.label);
  };

  before(async () => {
    graph = await startGraphEmulator({ appSecret: APP_SECRET, now: () => clock.nowMilliseconds() });
    slack = await startSlackEmulator();
    // A user token with 5 days left, as debug_token will say at the first run.
    graph.setTokenInfo({ type: 'USER', expiresAt: Math.floor((NOW + 5 * DAY) / 1000) });
    bot = await startTestBot({ clock, graph, slack, env });
  });
  after(async () => {
    await bot.stop();
    await graph.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a token debug_token says expires in 5 days → one warning, mentioning the approvers; no repeat', async () => {
    const first = await run();
    assert.equal(first.checks.find((c) => c.check === 'token')?.state, 'alert');
    await runs(2);
    const warnings = matching(/The Meta token expires/);
    assert.equal(warnings.length, 1);
    assert.equal(
      warnings[0]?.text,
      ':rotating_light: Watchdog — The Meta token expires in 5 days (Dec 4, 12:00 PM CST)',
    );
    assert.match(JSON.stringify(warnings[0]?.blocks), /<@U0BOSS>/);
    assert.match(JSON.stringify(warnings[0]?.blocks), /Generate new token/);
    assert.ok(
      graph.calls.some((call) => call.path === '/debug_token'),
      'asked Meta with GET /debug_token',
    );
    assert.equal(
      graph.calls.filter((call) => call.path === '/debug_token').length,
      1,
      'debug_token once a day, not every run',
    );
  });

  test('account unsettled → one alert; back to active → one “resolved”', async () => {
    graph.setAccountHealth({ accountStatus: 3 });
    await runs(3);
    const alerts = matching(/The ad account is unsettled/);
    assert.equal(alerts.length, 1);
    assert.match(JSON.stringify(alerts[0]?.blocks), /Pay the outstanding balance/);
    graph.setAccountHealth({ accountStatus: 1 });
    await runs(2);
    assert.equal(matching(/^:rotating_light:.*unsettled/).length, 1);
    const resolved = matching(/^:white_check_mark: Resolved — The ad account is unsettled/);
    assert.equal(resolved.length, 1);
    assert.match(
      JSON.stringify(resolved[0]?.blocks),
      /now: “Brazos &amp; Reyes Injury Law – Lead Gen” active/,
    );
  });

  test('an ad disapproved → one alert naming it, with Meta’s review feedback', async () => {
    const ad = graph.account.ads[3];
    assert.ok(ad);
    graph.disapproveAd(ad.id);
    await runs(3);
    const alerts = matching(/Meta disapproved the ad/);
    assert.equal(alerts.length, 1);
    assert.ok(alerts[0]?.text.includes(`“${ad.name}”`), alerts[0]?.text);
    const blocks = JSON.stringify(alerts[0]?.blocks);
    assert.match(blocks, /Unrealistic Outcomes/);
    assert.ok(blocks.includes(ad.id));
  });

  test('setting thresholds is for approvers only', async () => {
    const refused = await command('set drought min_spend 25', 'U0SOMEONE');
    assert.match(JSON.stringify(refused), /Only approvers can change/);
    const accepted = await command('set drought min_spend 25');
    assert.match(JSON.stringify(accepted), /drought min_spend: \$75\.00 → \$25\.00/);
  });

  test('a drought built from stored leads and spend → one alert; then a lead → one “resolved”', async () => {
    const db = bot.leadops.services.db;
    const pageId = graph.account.pages[0]?.id ?? null;
    // Five weeks of leads every 30 minutes from 7 AM to 10 PM, then one at 6 AM today: silence since.
    let n = 0;
    const todayMidnight = Date.parse('2026-11-29T06:00:00Z');
    for (let day = todayMidnight - 35 * DAY; day < todayMidnight; day += DAY)
      for (let t = day + 7 * HOUR; t <= day + 22 * HOUR; t += 30 * MIN)
        insertNotice(
          db,
          { leadId: `h${++n}`, formId: null, pageId, adId: null, adsetId: null, createdTime: t },
          t,
        );
    insertNotice(
      db,
      { leadId: 'h-last', formId: null, pageId, adId: null, adsetId: null, createdTime: NOW - 6 * HOUR },
      NOW - 6 * HOUR,
    );

    await runs(3);
    const droughts = matching(/No leads for/);
    assert.equal(droughts.length, 1);
    assert.match(
      droughts[0]?.text ?? '',
      /^:rotating_light: Watchdog — No leads for 6 h while spending \$\d+\.\d\d$/,
    );
    assert.match(JSON.stringify(droughts[0]?.blocks), /Leads access/);

    const lead = graph.addLead({ createdTime: clock.nowMilliseconds() });
    const body = leadgenBody(
      [
        {
          pageId: pageId ?? '',
          changes: [
            { leadId: lead.id, formId: lead.formId, createdTime: Math.floor(lead.createdTime / 1000) },
          ],
        },
      ],
      graph.now(),
    );
    assert.equal((await postWebhook(bot.leadops.url, metaSerialise(body), APP_SECRET)).status, 200);
    await runs(2);
    assert.equal(matching(/^:rotating_light: Watchdog — No leads for/).length, 1);
    assert.equal(matching(/^:white_check_mark: Resolved — No leads for 6 h/).length, 1);
  });

  test('the same conditions over several runs and a restart → nothing repeated; /watchdog shows the state', async () => {
    const before = watchdogMessages().length;
    await runs(2);
    await bot.stop();
    bot = await startTestBot({ clock, graph, slack, env });
    await runs(3);
    assert.equal(
      watchdogMessages().length,
      before,
      watchdogMessages()
        .slice(before)
        .map((m) => m.text)
        .join('\n'),
    );

    const status = JSON.stringify(await command(''));
    assert.match(status, /Meta token/);
    assert.match(status, /The Meta token expires in 5 days/);
    assert.match(status, /Meta disapproved the ad/);
    assert.match(status, /`min_spend` \$25\.00/);
  });

  test('/healthz carries the watchdog’s findings', async () => {
    const health = (await (await fetch(`${bot.leadops.url}/healthz`)).json()) as {
      ok: boolean;
      watchdog: {
        findings: { check: string; key: string; level: string }[];
        checks: Record<string, { state: string }>;
      };
    };
    assert.equal(health.ok, true);
    assert.deepEqual(health.watchdog.findings.map((f) => [f.check, f.level]).sort(), [
      ['ads', 'DISAPPROVED'],
      ['token', 'soon'],
    ]);
    assert.equal(health.watchdog.checks.account?.state, 'ok');
  });

  test('Slack refusing the message: nothing is lost, it is posted once at the next run', async () => {
    const [ad] = graph.account.ads.filter((candidate) => candidate.effectiveStatus === 'DISAPPROVED');
    assert.ok(ad);
    graph.restoreAd(ad.id);
    slack.failNext(1, { error: 'internal_error', methods: ['chat.postMessage'] });
    const failed = await run();
    assert.equal(failed.failedPosts, 1);
    assert.equal(matching(/^:white_check_mark: Resolved — Meta disapproved/).length, 0);
    await runs(2);
    assert.equal(matching(/^:white_check_mark: Resolved — Meta disapproved/).length, 1);
  });

  test('muted: nothing while muted; what is still wrong when the mute ends is posted once; 1 day left → second warning', async () => {
    assert.match(JSON.stringify(await command('mute account 2', 'U0SOMEONE')), /Only approvers can mute/);
    assert.match(
      JSON.stringify(await command('mute account 2')),
      /account is muted until Nov 29, 2:00 PM CST/,
    );
    graph.setAccountHealth({ accountStatus: 9 });
    await runs(2);
    assert.equal(matching(/in grace period/).length, 0);
    clock.advance(2 * HOUR);
    await runs(2);
    assert.equal(matching(/The ad account is in grace period/).length, 1);

    // Four more days: the token has under a day left (judged from the last debug_token answer).
    clock.advance(4 * DAY);
    await runs(2);
    const warnings = matching(/The Meta token expires/);
    assert.equal(warnings.length, 2);
    assert.match(warnings[1]?.text ?? '', /expires in 2\d h|expires in 1\d h/);
  });
});

describe('watchdog: a revoked token', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot({ env: { APPROVERS: BOSS, APPROVALS_CHANNEL: APPROVALS } });
  });
  after(async () => {
    await bot.stop();
  });

  test('Meta refuses the token → one alert at once, other checks hold; renewed → one “resolved”', async () => {
    const alerts = () =>
      bot.slack.messages(APPROVALS).filter((m) => /Meta refuses LeadOps’ token/.test(m.text));
    bot.graph.disapproveAd(bot.graph.account.ads[0]?.id ?? '');
    await bot.leadops.runJob('watchdog');
    bot.graph.setTokenInfo({ isValid: false });
    for (let i = 0; i < 3; i++) await bot.leadops.runJob('watchdog');
    assert.equal(alerts().length, 1);
    assert.match(alerts()[0]?.text ?? '', /^:rotating_light: Watchdog — Meta refuses/);
    const health = await fetch(`${bot.leadops.url}/healthz`);
    assert.equal(health.status, 503);
    const body = (await health.json()) as {
      watchdog: { findings: { check: string; level: string; announced: boolean }[] };
    };
    assert.deepEqual(body.watchdog.findings.map((f) => [f.check, f.level, f.announced]).sort(), [
      ['ads', 'DISAPPROVED', true],
      ['token', 'invalid', true],
    ]);

    bot.graph.setTokenInfo({ isValid: true });
    await bot.leadops.runJob('watchdog');
    await bot.leadops.runJob('watchdog');
    const resolved = bot.slack
      .messages(APPROVALS)
      .filter((m) => /^:white_check_mark: Resolved — Meta refuses/.test(m.text));
    assert.equal(resolved.length, 1);
    assert.equal(
      bot.slack.messages(APPROVALS).filter((m) => /Resolved/.test(m.text)).length,
      1,
      'the disapproved ad is not “resolved”: the other checks held while Meta refused',
    );
  });
});
