import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { UsageFigures } from '../../src/meta/graph-scheduler.js';
import { evaluateUsage } from '../../src/watchdog/checks/usage.js';
import type { WatchdogRunResult } from '../../src/watchdog/runner.js';
import { settingsOf } from '../../src/watchdog/settings.js';
import { manualClock } from '../support/manual-clock.js';
import { NOW, startTestBot, type TestBot } from '../support/test-bot.js';

const ZONE = 'America/Chicago';
const SETTINGS = settingsOf('usage', new Map(), 'USD');
const at = (percent: number, regainAt: number | null = null): UsageFigures => ({
  percent,
  regainAt,
  at: NOW,
});

describe('usage check: the judgement', () => {
  test('the defaults: mark 75%, two runs in a row', () => {
    assert.equal(SETTINGS.percent, 75);
    assert.equal(SETTINGS.runs, 2);
  });

  test('one run above is a burst; the second in a row alerts; below resolves and starts counting again', () => {
    const first = evaluateUsage(at(82), {}, SETTINGS, ZONE);
    assert.equal(first.result.state, 'ok');
    assert.deepEqual(first.memo, { runsAbove: 1 });
    assert.match(
      first.result.summary,
      /^Above the 75% mark \(1 run in a row\): 82% of Meta’s rate limit used at/,
    );

    const second = evaluateUsage(at(91.4), first.memo, SETTINGS, ZONE);
    assert.equal(second.result.state, 'alert');
    assert.equal(second.result.conditions[0]?.key, 'usage');
    assert.equal(second.result.conditions[0]?.level, 'high');
    assert.equal(
      second.result.conditions[0]?.title,
      'Meta API usage of this ad account is at 91% (mark 75%) for 2 runs',
    );

    const below = evaluateUsage(at(40), second.memo, SETTINGS, ZONE);
    assert.equal(below.result.state, 'ok');
    assert.deepEqual(below.memo, { runsAbove: 0 });
    assert.deepEqual(below.result.conditions, []);
  });

  test('throttled counts as above whatever the percent, and says until when in the account’s time', () => {
    const regainAt = NOW + 5 * 60_000;
    const verdict = evaluateUsage(at(30, regainAt), { runsAbove: 1 }, SETTINGS, ZONE);
    assert.equal(verdict.result.state, 'alert');
    assert.equal(verdict.result.conditions[0]?.level, 'throttled');
    assert.match(
      verdict.result.conditions[0]?.title ?? '',
      /^Meta is throttling this ad account until .*12:05 PM/,
    );
  });

  test('the account’s own mark and run count', () => {
    const strict = { ...SETTINGS, percent: 50, runs: 1 };
    assert.equal(evaluateUsage(at(55), {}, strict, ZONE).result.state, 'alert');
    assert.equal(evaluateUsage(at(45), {}, strict, ZONE).result.state, 'ok');
  });

  test('no answer from Meta for the account yet: unknown (nothing started or ended)', () => {
    const verdict = evaluateUsage(null, { runsAbove: 3 }, SETTINGS, ZONE);
    assert.equal(verdict.result.state, 'unknown');
  });
});

describe('usage check through the real runner (Graph and Slack emulators)', () => {
  const clock = manualClock(NOW);
  let bot: TestBot;
  const run = () => bot.leadops.runJob('watchdog') as Promise<WatchdogRunResult>;
  const usageMessages = () =>
    bot.slack
      .messages('#leadops')
      .filter((m) =>
        /^:(rotating_light|white_check_mark): (Watchdog|Resolved) —.*(Meta API usage|throttling)/.test(
          m.text,
        ),
      );

  before(async () => {
    bot = await startTestBot({ clock });
  });
  after(() => bot.stop());

  test('above the mark for two runs → one warning in the home channel; below → “resolved”', async () => {
    const id = bot.graph.account.id;
    // Others (Ads Manager, other tools) have used 80 of the account’s 100 calls this hour.
    bot.graph.setCallBudget(id, { calls: 100, windowMs: 3_600_000, throttleMinutes: 5, used: 80 });
    const first = await run();
    assert.equal(first.checks.find((c) => c.check === 'usage')?.state, 'ok');
    assert.equal(usageMessages().length, 0, 'one run above the mark is a burst');
    const second = await run();
    assert.equal(second.checks.find((c) => c.check === 'usage')?.state, 'alert');
    await run();
    assert.equal(usageMessages().length, 1, 'told once while it lasts');
    assert.match(usageMessages()[0]?.text ?? '', /Meta API usage of this ad account is at \d+% \(mark 75%\)/);

    bot.graph.setCallBudget(id, null);
    const calm = await run();
    assert.equal(calm.checks.find((c) => c.check === 'usage')?.state, 'ok');
    const messages = usageMessages();
    assert.equal(messages.length, 2);
    assert.match(messages[1]?.text ?? '', /^:white_check_mark: Resolved —/);
  });
});
