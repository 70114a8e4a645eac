import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSettingValue, parseSettingValue, type SettingValue } from '../../src/settings/values.js';
import {
  checkEnabled,
  keysOf,
  settingsOf,
  settingsScope,
  settingValue,
} from '../../src/watchdog/settings.js';
import { CHECK_NAMES } from '../../src/watchdog/types.js';

const key = (check: Parameters<typeof keysOf>[0], name: string) => {
  const definition = keysOf(check)[name];
  assert.ok(definition, `${check}.${name}`);
  return definition;
};

describe('watchdog settings (the one settings framework, per account)', () => {
  test('the issue’s defaults, in a USD account', () => {
    assert.deepEqual(settingsOf('drought', new Map(), 'USD'), {
      enabled: true,
      min_spend: 7500,
      min_hours: 3,
      learn_weeks: 4,
    });
    assert.equal(settingsOf('cpl', new Map(), 'USD').factor, 2);
    assert.equal(settingsOf('cpl', new Map(), 'USD').min_spend, 5000);
    assert.equal(settingsOf('token', new Map(), 'USD').warn_days, 7);
    assert.equal(settingsOf('token', new Map(), 'USD').urgent_days, 1);
    for (const check of CHECK_NAMES) assert.equal(settingsOf(check, new Map(), 'USD').enabled, true, check);
  });

  test('in a JPY account a money threshold has no default (null: what needs it is off); the rest as in USD', () => {
    assert.deepEqual(settingsOf('drought', new Map(), 'JPY'), {
      enabled: true,
      min_spend: null,
      min_hours: 3,
      learn_weeks: 4,
    });
    assert.equal(settingsOf('cpl', new Map(), 'EUR').min_spend, null);
    assert.equal(settingsOf('cpl', new Map(), 'EUR').factor, 2);
    // Set in yen, it holds.
    const stored = new Map<string, SettingValue>([['watchdog.drought.min_spend', 5000]]);
    assert.equal(settingsOf('drought', stored, 'JPY').min_spend, 5000);
    assert.equal(formatSettingValue(key('drought', 'min_spend'), 5000, 'JPY'), '¥5,000');
    assert.equal(
      formatSettingValue(
        key('drought', 'min_spend'),
        settingValue(new Map(), 'drought', 'min_spend', 'JPY'),
        'JPY',
      ),
      'not set (in JPY)',
    );
  });

  test('stored under the scope watchdog.<check>; a stored value of the wrong type falls back to the default', () => {
    assert.equal(settingsScope('drought'), 'watchdog.drought');
    const stored = new Map<string, SettingValue>([
      ['watchdog.drought.min_spend', 10_000],
      ['watchdog.drought.enabled', false],
      ['watchdog.drought.min_hours', true],
      // Another scope's key of the same name does not leak in.
      ['kill.min_hours', 9],
    ]);
    assert.deepEqual(settingsOf('drought', stored, 'USD'), {
      enabled: false,
      min_spend: 10_000,
      min_hours: 3,
      learn_weeks: 4,
    });
    assert.equal(checkEnabled(stored, 'drought'), false);
    assert.equal(checkEnabled(stored, 'cpl'), true);
  });

  test('the watchdog’s keys are parsed and shown by the framework, money in the account’s currency', () => {
    assert.deepEqual(parseSettingValue(key('drought', 'min_spend'), '$1,200.50', 'USD'), { value: 120_050 });
    assert.deepEqual(parseSettingValue(key('drought', 'min_spend'), '¥5,000', 'JPY'), { value: 5000 });
    assert.deepEqual(parseSettingValue(key('cpl', 'min_spend'), '€40', 'EUR'), { value: 4000 });
    assert.deepEqual(parseSettingValue(key('drought', 'min_hours'), '2.5h', 'USD'), { value: 2.5 });
    assert.deepEqual(parseSettingValue(key('cpl', 'factor'), '2.5×', 'USD'), { value: 2.5 });
    assert.deepEqual(parseSettingValue(key('token', 'warn_days'), '10 days', 'USD'), { value: 10 });
    assert.deepEqual(parseSettingValue(key('account', 'spend_cap_pct'), '95%', 'USD'), { value: 95 });
    assert.deepEqual(parseSettingValue(key('ads', 'enabled'), 'OFF', 'USD'), { value: false });
    assert.deepEqual(parseSettingValue(key('cpl', 'factor'), '1', 'USD'), {
      problem: 'the value must be from 1.1× to 20×.',
    });
    assert.deepEqual(parseSettingValue(key('drought', 'min_spend'), '0', 'JPY'), {
      problem: 'the value must be at least ¥1.',
    });
    assert.equal(formatSettingValue(key('drought', 'min_spend'), 7500, 'USD'), '$75.00');
    assert.equal(formatSettingValue(key('token', 'warn_days'), 1, 'USD'), '1 day');
    assert.equal(formatSettingValue(key('cpl', 'min_trailing_leads'), 1000, 'USD'), '1,000');
  });
});
