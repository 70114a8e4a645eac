import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startLeadOps } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { startSlackEmulator } from '../support/slack-emulator.js';
import { APP_SECRET, testClock } from '../support/test-bot.js';

test('Socket Mode: a slash command over the WebSocket is acked and answered; HTTP still serves health', async () => {
  const clock = testClock();
  const graph = await startGraphEmulator({
    appSecret: APP_SECRET,
    now: () => clock.nowMilliseconds(),
    leadHistoryDays: 0,
  });
  const slack = await startSlackEmulator({ appToken: 'xapp-1-test' });
  const dir = mkdtempSync(join(tmpdir(), 'leadops-socket-'));
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: 'xapp-1-test',
      SLACK_API_URL: slack.apiUrl,
      META_ACCESS_TOKEN: graph.accessToken,
      META_AD_ACCOUNT_ID: graph.account.id,
      META_APP_SECRET: APP_SECRET,
      META_GRAPH_URL: graph.url,
      PORT: '0',
      DATABASE_PATH: join(dir, 'leadops.sqlite'),
      REPORT_CHANNEL: '#leadops',
    },
    'start',
  );
  assert.equal(config.slack.transport.kind, 'socket');
  const leadops = await startLeadOps(config, { logger: silentLogger, clock, slackRetry: { retries: 0 } });
  try {
    const ack = await slack.sendEnvelope('slash_commands', {
      command: '/cpl',
      text: 'last_7d',
      user_id: 'U0ASKER',
      channel_id: 'C0LEADOPS',
      team_id: 'T0LEADOPS',
      response_url: slack.responseUrl('socket'),
      trigger_id: '1.2.3',
    });
    assert.ok(ack.envelope_id);
    const answer = await slack.waitFor(() => slack.responses.find((r) => r.label === 'socket')?.body);
    assert.equal(answer.response_type, 'in_channel');
    assert.match(String(answer.text), /^Last 7 days \(Nov 22 – Nov 28, 2026\)/);

    // No Slack traffic on PORT in Socket Mode, but health and Meta's webhooks are there.
    assert.equal((await fetch(`${leadops.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${leadops.url}/slack/events`, { method: 'POST' })).status, 404);
  } finally {
    await leadops.stop();
    await slack.close();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
