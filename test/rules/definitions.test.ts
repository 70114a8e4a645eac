import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keysOf, RULE_DEFINITIONS } from '../../src/rules/definitions.js';
import { resolveLimits, resolveRuleSettings, ruleActive, windowsNeeded } from '../../src/rules/settings.js';
import { parseSettingValue } from '../../src/settings/values.js';

const key = (group: Parameters<typeof keysOf>[0], name: string) => {
  const definition = keysOf(group)[name];
  assert.ok(definition, `${group} ${name}`);
  return definition;
};

describe('rule settings', () => {
  test('the defaults are the reference guide’s (§7), in cents for a USD account', () => {
    const s = resolveRuleSettings(new Map(), 'USD');
    assert.equal(s.currency, 'USD');
    assert.deepEqual(
      { ...s.kill },
      { enabled: true, window: 'last_3d', maxCpl: 5000, minImpressions: 1000, maxSpendWithoutLeads: 10_000 },
    );
    assert.deepEqual(
      { ...s.scale },
      { enabled: true, window: 'last_3d', maxCpl: 2500, minLeads: 5, stepPct: 20 },
    );
    assert.deepEqual({ ...s.fatigue }, { enabled: true, window: 'last_7d', maxFrequency: 4 });
    assert.deepEqual({ ...s.protect }, { enabled: true, window: 'today', maxSpendWithoutLeads: 30_000 });
    assert.equal(s.rebalance.enabled, false);
    assert.equal(s.rebalance.targetCpl, 4000);
    assert.deepEqual(s.limits, { maxChangePct: 20, maxChangesPerDay: 2, cooldownHours: 24, worseByPct: 20 });
    assert.deepEqual(windowsNeeded(s), ['last_3d', 'last_7d', 'today']);
    assert.deepEqual(
      { ...s.rotate },
      { enabled: true, window: 'last_7d', maxFrequency: 3.5, ctrDropPct: 30 },
    );
    assert.deepEqual(Object.keys(RULE_DEFINITIONS), [
      'kill',
      'scale',
      'fatigue',
      'protect',
      'rebalance',
      'rotate',
    ]);
  });

  test('another currency has no money defaults: those thresholds are null and their rules have nothing to check', () => {
    for (const currency of ['JPY', 'EUR']) {
      const s = resolveRuleSettings(new Map(), currency);
      assert.equal(s.kill.maxCpl, null, currency);
      assert.equal(s.kill.maxSpendWithoutLeads, null);
      assert.equal(s.kill.minImpressions, 1000, 'counts keep their defaults');
      assert.equal(s.scale.maxCpl, null);
      assert.equal(s.scale.stepPct, 20);
      assert.equal(s.protect.maxSpendWithoutLeads, null);
      assert.equal(s.rebalance.targetCpl, null);
      assert.deepEqual(s.limits, resolveLimits());
      assert.equal(ruleActive(s, 'kill'), false);
      assert.equal(ruleActive(s, 'scale'), false);
      assert.equal(ruleActive(s, 'protect'), false);
      assert.equal(ruleActive(s, 'fatigue'), true, 'fatigue needs no money');
      // Only fatigue's window is fetched.
      assert.deepEqual(windowsNeeded(s), ['last_7d']);
    }
    const set = resolveRuleSettings(new Map([['kill.max_cpl', 3000]]), 'JPY');
    assert.equal(set.kill.maxCpl, 3000);
    assert.equal(ruleActive(set, 'kill'), true);
    assert.deepEqual(windowsNeeded(set), ['last_3d', 'last_7d']);
  });

  test('stored values win over defaults', () => {
    const s = resolveRuleSettings(
      new Map<string, number | string | boolean>([
        ['kill.max_cpl', 4500],
        ['rebalance.enabled', true],
        ['fatigue.window', 'last_14d'],
        ['limits.cooldown_hours', 6],
      ]),
      'USD',
    );
    assert.equal(s.kill.maxCpl, 4500);
    assert.equal(s.rebalance.enabled, true);
    assert.equal(s.fatigue.window, 'last_14d');
    assert.equal(s.limits.cooldownHours, 6);
    assert.deepEqual(windowsNeeded(s), ['last_3d', 'last_14d', 'today']);
  });

  test('values typed in commands, in the account’s currency, checked against their bounds', () => {
    const usd = (group: Parameters<typeof keysOf>[0], name: string, text: string) =>
      parseSettingValue(key(group, name), text, 'USD');
    assert.deepEqual(usd('kill', 'max_cpl', '45'), { value: 4500 });
    assert.deepEqual(usd('kill', 'max_cpl', '$45.50'), { value: 4550 });
    assert.deepEqual(usd('kill', 'max_cpl', 'lots'), {
      problem: '“lots” is not an amount in USD (e.g. $45.50).',
    });
    assert.deepEqual(usd('kill', 'max_cpl', '0'), { problem: 'the value must be at least $0.01.' });
    assert.deepEqual(parseSettingValue(key('kill', 'max_cpl'), '3000', 'JPY'), { value: 3000 });
    assert.deepEqual(parseSettingValue(key('kill', 'max_cpl'), '0', 'JPY'), {
      problem: 'the value must be at least ¥1.',
    });
    assert.deepEqual(parseSettingValue(key('scale', 'max_cpl'), '€25.50', 'EUR'), { value: 2550 });
    assert.deepEqual(usd('kill', 'min_impressions', '2,000'), { value: 2000 });
    assert.deepEqual(usd('kill', 'min_impressions', '1.5'), { problem: '“1.5” is not a whole number.' });
    assert.deepEqual(usd('fatigue', 'max_frequency', '3.5'), { value: 3.5 });
    assert.deepEqual(usd('rebalance', 'scale_below', '0.8x'), { value: 0.8 });
    assert.deepEqual(usd('rebalance', 'scale_below', '1.2'), {
      problem: 'the value must be from 0.01× to 1×.',
    });
    assert.deepEqual(usd('scale', 'step_pct', '25%'), { value: 25 });
    assert.deepEqual(usd('scale', 'step_pct', '0'), { problem: 'the value must be from 1% to 100%.' });
    assert.deepEqual(usd('kill', 'window', 'LAST_7D'), { value: 'last_7d' });
    assert.match(String((usd('kill', 'window', 'forever') as { problem: string }).problem), /one of today/);
  });
});
