import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import type { WatchdogRunResult } from '../../src/watchdog/runner.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

/** The registered checks through the real runner, against the Graph emulator. */
describe('watchdog checks: shared reads, and one read failing', () => {
  let bot: TestBot;
  const run = () => bot.leadops.runJob('watchdog') as Promise<WatchdogRunResult>;
  const states = (result: WatchdogRunResult) =>
    Object.fromEntries(result.checks.map((check) => [check.check, check.state]));
  /** The watchdog's reads by kind (lead polling may call the emulator meanwhile: not counted). */
  const watchdogCalls = () => {
    const account = `/${bot.graph.account.id}`;
    const kinds: Record<string, string> = {
      [account]: 'account',
      [`${account}/ads`]: 'flagged ads',
      [`${account}/insights`]: 'insights',
      '/debug_token': 'debug_token',
    };
    const counts: Record<string, number> = {};
    for (const call of bot.graph.calls) {
      const kind = kinds[call.path];
      if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
    }
    return counts;
  };

  before(async () => {
    bot = await startTestBot({ env: { APPROVERS: 'U0BOSS', APPROVALS_CHANNEL: '#approvals' } });
  });
  after(async () => {
    await bot.stop();
  });

  test('four checks need today’s insights, one call reads them; the 14 days and debug_token once a day', async () => {
    bot.graph.resetCalls();
    const first = await run();
    assert.deepEqual(states(first), {
      drought: 'ok',
      delivery: 'ok',
      token: 'ok',
      account: 'ok',
      ads: 'ok',
      cpl: 'ok',
      usage: 'ok',
    });
    // The usage check reads the run's own answers' headers: no call of its own.
    assert.deepEqual(watchdogCalls(), { account: 1, 'flagged ads': 1, insights: 2, debug_token: 1 });
    bot.graph.resetCalls();
    await run();
    assert.deepEqual(watchdogCalls(), { account: 1, 'flagged ads': 1, insights: 1 });
  });

  test('a read Meta refuses leaves unknown only what needed it; the other checks still report', async () => {
    bot.graph.disapproveAd(bot.graph.account.ads[0]?.id ?? '');
    bot.graph.injectFaults({ kind: 'permission', code: 200, match: `/${bot.graph.account.id}/insights` });
    const refused = await run();
    // Delivery still judges the webhook from the store; its count against Meta's is held.
    assert.deepEqual(states(refused), {
      drought: 'ok',
      delivery: 'ok',
      token: 'ok',
      account: 'ok',
      ads: 'alert',
      cpl: 'error',
      usage: 'ok',
    });
    const cpl = (
      await bot.leadops.services.watchdog.view(bot.leadops.services.accounts.served()[0] as Account)
    ).checks.find((check) => check.check === 'cpl');
    assert.match(cpl?.status?.error ?? '', /permission/i);

    bot.graph.injectFaults({ kind: 'permission', code: 200, match: `/${bot.graph.account.id}/ads` });
    const adsRefused = await run();
    assert.equal(states(adsRefused).ads, 'error');
    assert.equal(states(adsRefused).cpl, 'ok');
    assert.equal(
      bot.slack.messages('#approvals').filter((m) => /Meta disapproved the ad/.test(m.text)).length,
      1,
      'the ad alert is held, not ended and told again, while Meta does not answer',
    );

    assert.deepEqual(Object.values(states(await run())).sort(), [
      'alert',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
  });

  test('the token check runs last: Meta refusing this run’s other reads (190) has debug_token asked at once', async () => {
    // debug_token answered less than a day ago: only the other checks' refused reads make it due.
    bot.graph.resetCalls();
    bot.graph.setAccessToken('a-token-leadops-does-not-have');
    const refused = await run();
    assert.equal(watchdogCalls().debug_token, 1);
    assert.equal(states(refused).token, 'alert');
    assert.equal(states(refused).account, 'error');
    const refusals = bot.slack
      .messages('#approvals')
      .filter((m) => /Meta refuses LeadOps’ token/.test(m.text));
    assert.equal(refusals.length, 1);
  });
});
