import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WatchdogRunResult } from '../../src/watchdog/runner.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const LOST = 'act_999000999';

/** Two accounts configured; Meta knows only one of them (the token cannot read the other). */
describe('watchdog: an account the token cannot read, end to end', () => {
  let bot: TestBot;
  const run = () => bot.leadops.runJob('watchdog') as Promise<WatchdogRunResult>;
  const lostAlerts = () =>
    bot.slack.messages('#client-lost').filter((m) => /LeadOps cannot read the ad account/.test(m.text));

  before(async () => {
    // The emulator's account id is known once it runs: the bot starts with it and one Meta does not know.
    bot = await startTestBot({
      env: (graph) => ({
        APPROVERS: 'U0BOSS',
        APPROVALS_CHANNEL: '#approvals',
        META_AD_ACCOUNT_ID: `${graph.account.id},${LOST}`,
        ACCOUNT_CHANNELS: `${LOST}=#client-lost`,
      }),
    });
  });
  after(async () => {
    await bot.stop();
  });

  test('the unreadable account is told once in its home channel; the readable one’s checks still run', async () => {
    const first = await run();
    await run();
    const served = bot.graph.account.id;
    assert.deepEqual(
      first.checks
        .filter((check) => check.account === served)
        .map((check) => check.check)
        .sort(),
      ['account', 'ads', 'cpl', 'delivery', 'drought', 'token', 'usage'],
    );
    assert.deepEqual(
      first.checks.filter((check) => check.account === LOST).map((c) => [c.check, c.state]),
      [['account', 'alert']],
    );
    const alerts = lostAlerts();
    assert.equal(alerts.length, 1, 'once, not every run');
    assert.equal(
      alerts[0]?.text,
      `:rotating_light: Watchdog · ${LOST} — LeadOps cannot read the ad account ${LOST}`,
    );
    const blocks = JSON.stringify(alerts[0]?.blocks);
    assert.match(blocks, /Meta said: .*does not exist/);
    assert.match(blocks, /<@U0BOSS>/);
    assert.match(blocks, /UTC/);
    assert.equal(
      bot.slack.messages('#approvals').filter((m) => /Watchdog/.test(m.text)).length,
      0,
      'the readable account has nothing wrong: nothing in its channel',
    );
  });

  test('/healthz: the watchdog’s findings per account', async () => {
    const health = (await (await fetch(`${bot.leadops.url}/healthz`)).json()) as {
      watchdog: Record<
        string,
        { findings: { check: string; key: string }[]; checks: Record<string, unknown> }
      >;
    };
    assert.deepEqual(Object.keys(health.watchdog).sort(), [bot.graph.account.id, LOST].sort());
    assert.deepEqual(
      health.watchdog[LOST]?.findings.map((f) => `${f.check} ${f.key}`),
      ['account unreadable'],
    );
    assert.deepEqual(health.watchdog[bot.graph.account.id]?.findings, []);
  });

  test('/watchdog answers about the one account it can read', async () => {
    const sent = await bot.command('/watchdog', '', { userId: 'U0BOSS' });
    assert.equal(sent.status, 200);
    const reply = JSON.stringify(await bot.responseTo(sent.label));
    assert.match(reply, /Lead drought/);
    assert.match(reply, /`min_spend` \$75\.00/);
  });
});
