import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatChange } from '../../src/messages/report.js';
import { change, metricChanges, metricValue, scaled } from '../../src/reports/deltas.js';

describe('change', () => {
  test('up, down and flat, relative to the reference', () => {
    assert.deepEqual(change(112, 100), { direction: 'up', ratio: 0.12 });
    assert.deepEqual(change(75, 100), { direction: 'down', ratio: -0.25 });
    assert.deepEqual(change(100, 100), { direction: 'flat', ratio: 0 });
  });

  test('nothing to compare: unknown figures or a zero reference', () => {
    assert.equal(change(5, 0), null);
    assert.equal(change(null, 10), null);
    assert.equal(change(10, null), null);
    assert.equal(change(0, 0), null);
  });

  test('formatted as arrows and whole percents', () => {
    assert.equal(formatChange(change(112, 100)), '▲ 12%');
    assert.equal(formatChange(change(75, 100)), '▼ 25%');
    assert.equal(formatChange(change(100, 100)), '±0%');
    assert.equal(formatChange(change(1001, 1000)), '▲ <1%');
    assert.equal(formatChange(change(999, 1000)), '▼ <1%');
    assert.equal(formatChange(change(2995, 1000)), '▲ 200%');
    assert.equal(formatChange(change(50_000, 100)), '▲ 49,900%');
    assert.equal(formatChange(null), '—');
  });
});

describe('metrics', () => {
  const day = { spendCents: 12_000, leads: 4, impressions: 8000, clicks: 100 };

  test('ratios are ratios of sums, exact', () => {
    assert.equal(metricValue(day, 'spend'), 12_000);
    assert.equal(metricValue(day, 'leads'), 4);
    assert.equal(metricValue(day, 'cpl'), 3000);
    assert.equal(metricValue(day, 'ctr'), 0.0125);
    assert.equal(metricValue(day, 'cpm'), 1500);
    assert.equal(metricValue({ ...day, leads: 0 }, 'cpl'), null);
    assert.equal(metricValue({ ...day, impressions: 0 }, 'ctr'), null);
  });

  test('against the average day of seven: counts scale, ratios do not', () => {
    const week = { spendCents: 70_000, leads: 28, impressions: 56_000, clicks: 560 };
    const changes = metricChanges(day, scaled(week, 1 / 7));
    assert.ok(Math.abs((changes.spend?.ratio ?? 0) - 0.2) < 1e-12);
    assert.deepEqual(changes.leads, { direction: 'flat', ratio: 0 });
    assert.ok(Math.abs((changes.cpl?.ratio ?? 0) - 0.2) < 1e-12, 'CPL $30 vs $25');
    assert.ok(Math.abs((changes.ctr?.ratio ?? 0) - 0.25) < 1e-12, 'CTR 1.25% vs 1%');
    assert.equal(metricChanges(day, null).spend, null);
  });
});
