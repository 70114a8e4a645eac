import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  defaultFor,
  formatSettingValue,
  type KeyDefinition,
  parseSettingValue,
  valueInForce,
} from '../../src/settings/values.js';

const MAX_CPL: KeyDefinition = { kind: 'money', default: 5000, min: 1, help: '' };
const STEP: KeyDefinition = { kind: 'percent', default: 20, min: 1, max: 100, help: '' };
const HOURS: KeyDefinition = { kind: 'hours', default: 3, min: 0.5, max: 168, help: '' };
const ENABLED: KeyDefinition = { kind: 'switch', default: true, help: '' };

describe('settings values', () => {
  test('money is typed and shown in the account’s currency, stored in its Meta unit', () => {
    assert.deepEqual(parseSettingValue(MAX_CPL, '45', 'USD'), { value: 4500 });
    assert.deepEqual(parseSettingValue(MAX_CPL, '€45.50', 'EUR'), { value: 4550 });
    assert.deepEqual(parseSettingValue(MAX_CPL, '¥8,000', 'JPY'), { value: 8000 });
    assert.deepEqual(parseSettingValue(MAX_CPL, '12000', 'KRW'), { value: 12000 });
    assert.equal(formatSettingValue(MAX_CPL, 4550, 'EUR'), '€45.50');
    assert.equal(formatSettingValue(MAX_CPL, 8000, 'JPY'), '¥8,000');
    assert.deepEqual(parseSettingValue(MAX_CPL, 'lots', 'JPY'), {
      problem: '“lots” is not an amount in JPY (e.g. ¥4,550).',
    });
  });

  test('a money default holds for USD accounts only; other currencies have none until set', () => {
    assert.equal(defaultFor(MAX_CPL, 'USD'), 5000);
    assert.equal(defaultFor(MAX_CPL, 'JPY'), null);
    assert.equal(defaultFor(STEP, 'JPY'), 20);
    assert.equal(valueInForce(MAX_CPL, undefined, 'EUR'), null);
    assert.equal(valueInForce(MAX_CPL, 3000, 'EUR'), 3000);
    assert.equal(formatSettingValue(MAX_CPL, null, 'EUR'), 'not set (in EUR)');
  });

  test('bounds, switches, hours and whole numbers, with lower-case problems', () => {
    assert.deepEqual(parseSettingValue(STEP, '150', 'USD'), {
      problem: 'the value must be from 1% to 100%.',
    });
    assert.deepEqual(parseSettingValue(STEP, '25%', 'USD'), { value: 25 });
    assert.deepEqual(parseSettingValue(STEP, '2.5', 'USD'), { problem: '“2.5” is not a whole number.' });
    assert.deepEqual(parseSettingValue(HOURS, '1.5h', 'USD'), { value: 1.5 });
    assert.deepEqual(parseSettingValue(ENABLED, 'off', 'USD'), { value: false });
    assert.deepEqual(parseSettingValue(ENABLED, 'maybe', 'USD'), { problem: '“maybe” is not on or off.' });
  });
});
