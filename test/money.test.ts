import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  costPer,
  currencyOffset,
  formatCostPer,
  formatCount,
  formatMoney,
  formatPercent,
  isCurrencyCode,
  minorFromDecimal,
  minorFromInput,
  wholeUnits,
} from '../src/money.js';

/** Dollars: the suite's cases for Meta's offset-100 currencies. */
const centsFromDecimal = (value: string | number | undefined | null) => minorFromDecimal(value, 'USD');

describe('minorFromDecimal, in cents (USD)', () => {
  test('parses the decimal strings Meta sends', () => {
    assert.equal(centsFromDecimal('1234.56'), 123456);
    assert.equal(centsFromDecimal('12.3'), 1230);
    assert.equal(centsFromDecimal('0'), 0);
    assert.equal(centsFromDecimal('0.00'), 0);
    assert.equal(centsFromDecimal('7'), 700);
    assert.equal(centsFromDecimal('1000000'), 100000000);
    assert.equal(centsFromDecimal(' 45.10 '), 4510);
  });

  test('rounds extra decimals half up', () => {
    assert.equal(centsFromDecimal('0.005'), 1);
    assert.equal(centsFromDecimal('0.004'), 0);
    assert.equal(centsFromDecimal('0.0049'), 0);
    assert.equal(centsFromDecimal('1234.5678'), 123457);
    assert.equal(centsFromDecimal('1234.5649'), 123456);
    assert.equal(centsFromDecimal('99.995'), 10000);
  });

  test('keeps the sign of negative amounts', () => {
    assert.equal(centsFromDecimal('-12.34'), -1234);
    assert.equal(centsFromDecimal('-0.005'), -1);
  });

  test('accepts numbers', () => {
    assert.equal(centsFromDecimal(12), 1200);
    assert.equal(centsFromDecimal(0.1), 10);
    assert.equal(centsFromDecimal(1.005), 101);
  });

  test('empty, undefined and null are zero', () => {
    assert.equal(centsFromDecimal(''), 0);
    assert.equal(centsFromDecimal(undefined), 0);
    assert.equal(centsFromDecimal(null), 0);
  });

  test('throws on anything that is not a decimal amount', () => {
    for (const garbage of ['abc', '12,50', '1.2.3', '$5', '.5', '5.', '1e3', '--1', ' ']) {
      assert.throws(() => centsFromDecimal(garbage), /Not a decimal amount/, garbage);
    }
  });

  test('sums without float drift', () => {
    let total = 0;
    for (let i = 0; i < 1000; i++) total += centsFromDecimal('0.10');
    assert.equal(total, 10000);
    let floats = 0;
    for (let i = 0; i < 1000; i++) floats += Number('0.10');
    assert.notEqual(floats * 100, 10000, 'the float sum drifts, which is why cents are used');
  });
});

describe('minorFromInput', () => {
  test('reads amounts people type, with or without the currency sign, in the currency’s unit', () => {
    assert.equal(minorFromInput('$1,200', 'USD'), 120000);
    assert.equal(minorFromInput('45.5', 'USD'), 4550);
    assert.equal(minorFromInput(' $99.99 ', 'USD'), 9999);
    assert.equal(minorFromInput('€45.50', 'EUR'), 4550);
    assert.equal(minorFromInput('¥8,000', 'JPY'), 8000);
    assert.equal(minorFromInput('12000', 'KRW'), 12000);
    assert.equal(minorFromInput('0', 'USD'), 0);
  });

  test('null when it is not an amount', () => {
    for (const text of ['abc', '', '$', '12 dollars', '1.2.3'])
      assert.equal(minorFromInput(text, 'USD'), null, text);
  });
});

describe('Meta’s currency offsets', () => {
  test('whole units for JPY, KRW and the other offset-1 currencies; hundredths for the rest', () => {
    assert.deepEqual(
      ['USD', 'EUR', 'GBP', 'BRL', 'JPY', 'KRW', 'HUF', 'TWD'].map(currencyOffset),
      [100, 100, 100, 100, 1, 1, 1, 1],
    );
    assert.equal(minorFromDecimal('462569', 'JPY'), 462569);
    assert.equal(minorFromDecimal('462569.4', 'JPY'), 462569);
    assert.equal(minorFromDecimal('1234.56', 'EUR'), 123456);
    assert.equal(wholeUnits(500000, 'JPY'), 500000);
    assert.equal(wholeUnits(123456, 'USD'), 1234.56);
    assert.equal(isCurrencyCode('JPY'), true);
    assert.equal(isCurrencyCode('XYZ1'), false);
  });
});

describe('formatMoney', () => {
  test('as Intl writes each currency, with its own decimals', () => {
    assert.equal(formatMoney(123456, 'USD'), '$1,234.56');
    assert.equal(formatMoney(0, 'USD'), '$0.00');
    assert.equal(formatMoney(5, 'USD'), '$0.05');
    assert.equal(formatMoney(123456789012, 'USD'), '$1,234,567,890.12');
    assert.equal(formatMoney(-150, 'USD'), '-$1.50');
    assert.equal(formatMoney(123456, 'EUR'), '€1,234.56');
    assert.equal(formatMoney(123456, 'GBP'), '£1,234.56');
    assert.equal(formatMoney(9600, 'JPY'), '¥9,600');
    assert.equal(formatMoney(12000, 'KRW'), '₩12,000');
    assert.equal(formatMoney(123456, 'BRL'), 'R$1,234.56');
  });
});

describe('costPer', () => {
  test('divides and rounds half up to the cent', () => {
    assert.equal(costPer(10000, 4), 2500);
    assert.equal(costPer(5, 2), 3);
    assert.equal(costPer(1001, 2), 501);
    assert.equal(costPer(100, 3), 33);
    assert.equal(costPer(200, 3), 67);
    assert.equal(costPer(0, 5), 0);
  });

  test('null when there are no results', () => {
    assert.equal(costPer(5000, 0), null);
    assert.equal(costPer(0, 0), null);
    assert.equal(costPer(5000, -1), null);
  });
});

describe('formatCostPer', () => {
  test('in the currency, or a dash without results', () => {
    assert.equal(formatCostPer(2939, 'USD'), '$29.39');
    assert.equal(formatCostPer(0, 'USD'), '$0.00');
    assert.equal(formatCostPer(3671, 'JPY'), '¥3,671');
    assert.equal(formatCostPer(null, 'JPY'), '—');
  });
});

describe('formatPercent', () => {
  test('formats a ratio as a percentage', () => {
    assert.equal(formatPercent(0.0123), '1.23%');
    assert.equal(formatPercent(1 / 3), '33.33%');
    assert.equal(formatPercent(0), '0.00%');
    assert.equal(formatPercent(1), '100.00%');
    assert.equal(formatPercent(0.5, 0), '50%');
    assert.equal(formatPercent(0.12345, 1), '12.3%');
    assert.equal(formatPercent(null), '—');
  });
});

describe('formatCount', () => {
  test('groups thousands', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(1234567), '1,234,567');
  });
});
