import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keysOf, parseSettingValue, RULE_DEFINITIONS } from '../../src/rules/definitions.js';
import { resolveRuleSettings, windowsNeeded } from '../../src/rules/settings.js';

const key = (group: Parameters<typeof keysOf>[0], name: string) => {
  const definition = keysOf(group)[name];
  assert.ok(definition, `${group} ${name}`);
  return definition;
};

describe('rule settings', () => {
  test('the defaults are the reference guide’s (§7), in cents', () => {
    const s = resolveRuleSettings();
    assert.deepEqual(
      { ...s.kill },
      {
        enabled: true,
        window: 'last_3d',
        maxCplCents: 5000,
        minImpressions: 1000,
        maxSpendWithoutLeadsCents: 10_000,
      },
    );
    assert.deepEqual(
      { ...s.scale },
      { enabled: true, window: 'last_3d', maxCplCents: 2500, minLeads: 5, stepPct: 20 },
    );
    assert.deepEqual({ ...s.fatigue }, { enabled: true, window: 'last_7d', maxFrequency: 4 });
    assert.deepEqual({ ...s.protect }, { enabled: true, window: 'today', maxSpendWithoutLeadsCents: 30_000 });
    assert.equal(s.rebalance.enabled, false);
    assert.equal(s.rebalance.targetCplCents, 4000);
    assert.deepEqual(s.limits, { maxChangePct: 20, maxChangesPerDay: 2, cooldownHours: 24, worseByPct: 20 });
    assert.deepEqual(windowsNeeded(s), ['last_3d', 'last_7d', 'today']);
    assert.deepEqual(Object.keys(RULE_DEFINITIONS), ['kill', 'scale', 'fatigue', 'protect', 'rebalance']);
  });

  test('stored values win over defaults', () => {
    const s = resolveRuleSettings(
      new Map<string, number | string | boolean>([
        ['kill.max_cpl', 4500],
        ['rebalance.enabled', true],
        ['fatigue.window', 'last_14d'],
        ['limits.cooldown_hours', 6],
      ]),
    );
    assert.equal(s.kill.maxCplCents, 4500);
    assert.equal(s.rebalance.enabled, true);
    assert.equal(s.fatigue.window, 'last_14d');
    assert.equal(s.limits.cooldownHours, 6);
    assert.deepEqual(windowsNeeded(s), ['last_3d', 'last_14d', 'today']);
  });

  test('values typed in commands: dollars to cents, checked against their bounds', () => {
    assert.deepEqual(parseSettingValue(key('kill', 'max_cpl'), '45'), { value: 4500 });
    assert.deepEqual(parseSettingValue(key('kill', 'max_cpl'), '$45.50'), { value: 4550 });
    assert.deepEqual(parseSettingValue(key('kill', 'max_cpl'), 'lots'), {
      problem: '“lots” is not an amount in dollars (e.g. 45 or 45.50).',
    });
    assert.deepEqual(parseSettingValue(key('kill', 'max_cpl'), '0'), {
      problem: 'the value must be at least $0.01.',
    });
    assert.deepEqual(parseSettingValue(key('kill', 'min_impressions'), '2,000'), { value: 2000 });
    assert.deepEqual(parseSettingValue(key('kill', 'min_impressions'), '1.5'), {
      problem: '“1.5” is not a whole number.',
    });
    assert.deepEqual(parseSettingValue(key('fatigue', 'max_frequency'), '3.5'), { value: 3.5 });
    assert.deepEqual(parseSettingValue(key('rebalance', 'scale_below'), '0.8x'), { value: 0.8 });
    assert.deepEqual(parseSettingValue(key('rebalance', 'scale_below'), '1.2'), {
      problem: 'the value must be from 0.01× to 1×.',
    });
    assert.deepEqual(parseSettingValue(key('scale', 'step_pct'), '25%'), { value: 25 });
    assert.deepEqual(parseSettingValue(key('scale', 'step_pct'), '0'), {
      problem: 'the value must be from 1% to 100%.',
    });
    assert.deepEqual(parseSettingValue(key('kill', 'window'), 'LAST_7D'), { value: 'last_7d' });
    assert.match(
      String((parseSettingValue(key('kill', 'window'), 'forever') as { problem: string }).problem),
      /one of today/,
    );
  });
});
