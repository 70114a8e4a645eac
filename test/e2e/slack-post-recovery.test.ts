import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { outboxResult } from '../../src/db/outbox.js';
import type { DailyReportOutcome } from '../../src/reports/daily-job.js';
import { startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { leadgenBody, metaSerialise, postWebhook } from '../../src/sandbox/meta-webhooks.js';
import { crashEnv, freePort, leadWebhook, startBotProcess } from '../support/bot-process.js';
import { startSlackEmulator } from '../support/slack-emulator.js';
import { APP_SECRET, startTestBot, type TestBot } from '../support/test-bot.js';

/** The lead alert's outbox result once the job is done (the event loop turned until then, at most 5 s). */
async function recordedAlert(bot: TestBot, leadId: string): Promise<{ messageRef: string } | null> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const result = outboxResult<{ messageRef: string }>(bot.leadops.services.db, 'lead_alert', leadId);
    if (result || Date.now() > deadline) return result;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const alertChannel = (bot: TestBot) => bot.slack.messages()[0]?.channel;

/** Slack posted it, the bot never learned: after that, the work is found in the channel's history, not posted twice. */
describe('a post Slack accepted but the bot did not record', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot();
  });
  after(() => bot.stop());
  beforeEach(() => bot.slack.reset());

  test('a lead alert whose answer was lost is found by its metadata and recorded, not posted again', async () => {
    bot.slack.failNext(1, { status: 500, afterHandling: true, methods: ['chat.postMessage'] });
    const lead = bot.graph.addLead({ fields: { full_name: 'Lost Answer' } });
    const pageId = bot.graph.account.pages[0]?.id ?? '';
    const raw = metaSerialise(
      leadgenBody([{ pageId, changes: [{ leadId: lead.id, formId: lead.formId }] }], bot.graph.now()),
    );
    assert.equal((await postWebhook(bot.leadops.url, raw, APP_SECRET)).status, 200);
    const history = await bot.slack.waitFor(() =>
      bot.slack.calls.find((c) => c.method === 'conversations.history' && c.status === 200),
    );
    assert.equal(history.args.include_all_metadata, 'true');
    const recorded = await recordedAlert(bot, lead.id);
    assert.equal(recorded?.messageRef, `${alertChannel(bot)}/${bot.slack.messages()[0]?.ts}`);
    const alerts = bot.slack.messages().filter((m) => JSON.stringify(m.blocks).includes('Lost Answer'));
    assert.equal(alerts.length, 1);
    assert.deepEqual(alerts[0]?.metadata, {
      event_type: 'leadops_lead_alert',
      event_payload: { lead_id: lead.id, account_id: bot.graph.account.id },
    });
    assert.equal(bot.slack.calls.filter((c) => c.method === 'chat.postMessage').length, 1);
  });

  test('a daily report whose answer was lost: the next trigger finds it, adds the chart, posts nothing twice', async () => {
    bot.slack.failNext(1, { status: 500, afterHandling: true, methods: ['chat.postMessage'] });
    await assert.rejects(bot.leadops.runJob('report'), /statusCode = 500/);
    const report = bot.slack.messages('#leadops');
    assert.equal(report.length, 1, 'Slack has it');
    assert.equal(report[0]?.metadata?.event_type, 'leadops_daily_report');
    const again = (await bot.leadops.runJob('report')) as DailyReportOutcome;
    assert.equal(again.posted, true);
    assert.equal(bot.slack.messages('#leadops').length, 1, 'not posted twice');
    assert.equal(bot.slack.calls.filter((c) => c.method === 'conversations.history').length, 1);
    assert.equal(bot.slack.uploads.filter((u) => u.completed).length, 1, 'the chart follows');
  });
});

test('the bot killed (-9) while Slack posts its alert: after the restart, found in history, not posted again', {
  timeout: 90_000,
}, async () => {
  const graph = await startGraphEmulator({ appSecret: APP_SECRET, leadHistoryDays: 0 });
  const slack = await startSlackEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'leadops-post-crash-'));
  const env = crashEnv(graph, slack, dir);
  const port = await freePort();
  try {
    // Slack posts the alert and never answers: the bot dies before it can record it.
    slack.failNext(1, { afterHandling: true, hang: true, methods: ['chat.postMessage'] });
    const first = await startBotProcess(env, port, 'source');
    const { raw } = leadWebhook(graph, 'Posted Then Killed');
    assert.equal((await postWebhook(first.url, raw, APP_SECRET)).status, 200);
    const alerts = () =>
      slack.messages().filter((m) => JSON.stringify(m.blocks).includes('Posted Then Killed'));
    await slack.waitFor(() => alerts().length === 1, 30_000);
    await first.kill();

    const second = await startBotProcess(env, port, 'source');
    try {
      await slack.waitFor(() => slack.calls.some((c) => c.method === 'conversations.history'), 30_000);
      const pending = async () =>
        ((await (await fetch(`${second.url}/healthz`)).json()) as { outbox: { pending: number } }).outbox
          .pending;
      for (let i = 0; i < 200 && (await pending()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await pending(), 0, 'the alert is recorded as posted');
      assert.equal(alerts().length, 1, 'posted once');
      assert.equal(slack.calls.filter((c) => c.method === 'chat.postMessage').length, 1);
    } finally {
      await second.stop();
    }
  } finally {
    await slack.close();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
