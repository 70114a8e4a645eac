import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { postWebhook } from '../../src/sandbox/meta-webhooks.js';
import { crashEnv, freePort, leadWebhook, startBotProcess } from '../support/bot-process.js';
import { startSlackEmulator } from '../support/slack-emulator.js';
import { APP_SECRET } from '../support/test-bot.js';

test('the bot killed (-9) after intake and started again: the alert still arrives, once', {
  timeout: 60_000,
}, async () => {
  const graph = await startGraphEmulator({ appSecret: APP_SECRET, leadHistoryDays: 0 });
  const slack = await startSlackEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'leadops-crash-'));
  const env = crashEnv(graph, slack, dir);
  const port = await freePort();
  try {
    // Slack is down, so the alert cannot go out before the crash.
    slack.failUntil(Date.now() + 3_600_000, { status: 503, methods: ['chat.postMessage'] });
    const first = await startBotProcess(env, port, 'source');
    const { raw } = leadWebhook(graph, 'Crash Survivor');
    assert.equal((await postWebhook(first.url, raw, APP_SECRET)).status, 200);
    // Generous waits: two process starts under a loaded CI machine.
    await slack.waitFor(() => slack.calls.some((c) => c.method === 'chat.postMessage'), 30_000);
    await first.kill();

    slack.reset();
    const second = await startBotProcess(env, port, 'source');
    try {
      const alert = await slack.waitFor(
        () => slack.messages().find((m) => JSON.stringify(m.blocks).includes('Crash Survivor')),
        30_000,
      );
      assert.ok(alert);
      // Meta retries the webhook it may not have seen answered: still one alert.
      assert.equal((await postWebhook(second.url, raw, APP_SECRET)).status, 200);
      const health = (await (await fetch(`${second.url}/healthz`)).json()) as { outbox: { pending: number } };
      assert.equal(health.outbox.pending, 0, 'the retried notice queued nothing new');
      assert.equal(
        slack.messages().filter((m) => JSON.stringify(m.blocks).includes('Crash Survivor')).length,
        1,
      );
    } finally {
      await second.stop();
    }
  } finally {
    await slack.close();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
