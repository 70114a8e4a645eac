import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  centsFromDecimal,
  centsFromDollarsInput,
  costPer,
  formatCostPer,
  formatCount,
  formatDollars,
  formatPercent,
} from '../src/money.js';

describe('centsFromDecimal', () => {
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

describe('centsFromDollarsInput', () => {
  test('reads dollars people type', () => {
    assert.equal(centsFromDollarsInput('$1,200'), 120000);
    assert.equal(centsFromDollarsInput('45.5'), 4550);
    assert.equal(centsFromDollarsInput('45'), 4500);
    assert.equal(centsFromDollarsInput(' $99.99 '), 9999);
    assert.equal(centsFromDollarsInput('0'), 0);
  });

  test('null when it is not an amount', () => {
    assert.equal(centsFromDollarsInput('abc'), null);
    assert.equal(centsFromDollarsInput(''), null);
    assert.equal(centsFromDollarsInput('$'), null);
    assert.equal(centsFromDollarsInput('12 dollars'), null);
    assert.equal(centsFromDollarsInput('1.2.3'), null);
  });
});

describe('formatDollars', () => {
  test('formats cents as US dollars', () => {
    assert.equal(formatDollars(123456), '$1,234.56');
    assert.equal(formatDollars(0), '$0.00');
    assert.equal(formatDollars(5), '$0.05');
    assert.equal(formatDollars(100), '$1.00');
    assert.equal(formatDollars(123456789012), '$1,234,567,890.12');
    assert.equal(formatDollars(-150), '-$1.50');
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
  test('dollars, or a dash without results', () => {
    assert.equal(formatCostPer(2939), '$29.39');
    assert.equal(formatCostPer(0), '$0.00');
    assert.equal(formatCostPer(null), '—');
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
