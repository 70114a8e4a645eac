import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatValue, keysOf, parseValue, settingsOf } from '../../src/watchdog/settings.js';
import { CHECK_NAMES } from '../../src/watchdog/types.js';

const key = (check: Parameters<typeof keysOf>[0], name: string) => {
  const definition = keysOf(check)[name];
  assert.ok(definition, `${check}.${name}`);
  return definition;
};

describe('watchdog settings', () => {
  test('the issue’s defaults', () => {
    assert.deepEqual(settingsOf('drought', new Map()), {
      enabled: true,
      min_spend: 7500,
      min_hours: 3,
      learn_weeks: 4,
    });
    assert.equal(settingsOf('cpl', new Map()).factor, 2);
    assert.equal(settingsOf('token', new Map()).warn_days, 7);
    assert.equal(settingsOf('token', new Map()).urgent_days, 1);
    for (const check of CHECK_NAMES) assert.equal(settingsOf(check, new Map()).enabled, true, check);
  });

  test('stored values win; a stored value of the wrong type falls back to the default', () => {
    const stored = new Map<string, number | boolean>([
      ['drought.min_spend', 10_000],
      ['drought.enabled', false],
      ['drought.min_hours', true],
    ]);
    assert.deepEqual(settingsOf('drought', stored), {
      enabled: false,
      min_spend: 10_000,
      min_hours: 3,
      learn_weeks: 4,
    });
  });

  test('parsing what people type: dollars to cents, hours and ratios as decimals, on/off', () => {
    assert.deepEqual(parseValue(key('drought', 'min_spend'), '$1,200.50'), { value: 120_050 });
    assert.deepEqual(parseValue(key('drought', 'min_hours'), '2.5h'), { value: 2.5 });
    assert.deepEqual(parseValue(key('cpl', 'factor'), '2.5×'), { value: 2.5 });
    assert.deepEqual(parseValue(key('token', 'warn_days'), '10 days'), { value: 10 });
    assert.deepEqual(parseValue(key('account', 'spend_cap_pct'), '95%'), { value: 95 });
    assert.deepEqual(parseValue(key('ads', 'enabled'), 'OFF'), { value: false });
  });

  test('refusals say what is wrong, with the range in the unit people type', () => {
    assert.deepEqual(parseValue(key('drought', 'min_spend'), 'lots'), {
      problem: '“lots” is not an amount in dollars (e.g. 75 or 75.50).',
    });
    assert.deepEqual(parseValue(key('cpl', 'factor'), '1'), {
      problem: 'the value must be from 1.1× to 20×.',
    });
    assert.deepEqual(parseValue(key('drought', 'learn_weeks'), '1.5'), {
      problem: '“1.5” is not a whole number.',
    });
    assert.deepEqual(parseValue(key('drought', 'min_spend'), '0'), {
      problem: 'the value must be at least $0.01.',
    });
    assert.deepEqual(parseValue(key('ads', 'enabled'), 'maybe'), { problem: '“maybe” is not on or off.' });
  });

  test('formatting', () => {
    assert.equal(formatValue(key('drought', 'min_spend'), 7500), '$75.00');
    assert.equal(formatValue(key('drought', 'min_hours'), 3), '3 h');
    assert.equal(formatValue(key('token', 'warn_days'), 1), '1 day');
    assert.equal(formatValue(key('account', 'spend_cap_pct'), 90), '90%');
    assert.equal(formatValue(key('cpl', 'factor'), 2), '2×');
    assert.equal(formatValue(key('cpl', 'min_trailing_leads'), 1000), '1,000');
    assert.equal(formatValue(key('ads', 'enabled'), true), 'on');
  });
});
