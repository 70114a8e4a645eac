import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareWindows, subjectOf, type WindowFigures, windowFigures } from '../../src/followups/compare.js';

function window(days: number, spendCents: number, leads: number, qualified = 0): WindowFigures {
  return { days, spendCents, leads, qualified, delivered: true };
}

describe('follow-up arithmetic (hand-computed)', () => {
  test('a window sums its own days only', () => {
    const rows = [
      { date: '2026-11-27', spendCents: 10_000, leads: 3 },
      { date: '2026-11-28', spendCents: 12_345, leads: 4 },
      { date: '2026-11-29', spendCents: 99_999, leads: 99 },
      { date: '2026-11-30', spendCents: 20_000, leads: 5 },
    ];
    assert.deepEqual(windowFigures(rows, '2026-11-27', '2026-11-28', 2, 1), {
      days: 2,
      spendCents: 22_345,
      leads: 7,
      qualified: 1,
      delivered: true,
    });
    assert.deepEqual(windowFigures(rows, '2026-12-01', '2026-12-03', 3, 0), {
      days: 3,
      spendCents: 0,
      leads: 0,
      qualified: 0,
      delivered: false,
    });
  });

  test('CPL $52.10 → $38.40 (−26.3%), 3.0 → 4.0 leads a day, cost per qualified $234.45 → $153.60: helped', () => {
    // $468.90 / 9 = $52.10; $460.80 / 12 = $38.40; (3840 − 5210) / 5210 = −0.26296…
    const result = compareWindows('pause', window(3, 46_890, 9, 2), window(3, 46_080, 12, 3));
    assert.equal(result.cplBefore, 5210);
    assert.equal(result.cplAfter, 3840);
    assert.ok(Math.abs((result.cplChange ?? 0) - -1370 / 5210) < 1e-12);
    assert.equal(result.leadsPerDayBefore, 3);
    assert.equal(result.leadsPerDayAfter, 4);
    assert.ok(Math.abs((result.leadsPerDayChange ?? 0) - 1 / 3) < 1e-12);
    assert.equal(result.costPerQualifiedBefore, 23_445);
    assert.equal(result.costPerQualifiedAfter, 15_360);
    assert.equal(result.verdict, 'helped');
  });

  test('a CPL that went up did not help a pause, a lower budget or a paused ad', () => {
    for (const action of ['pause', 'lower_budget'] as const)
      assert.equal(
        compareWindows(action, window(1, 20_000, 10), window(1, 22_000, 10)).verdict,
        'did_not_help',
      );
  });

  test('a raise helped with more leads a day at a CPL at most 10% higher, not at 15%', () => {
    // Before: $100.00 for 5 leads ($20.00); after: $129.00 for 6 ($21.50, +7.5%).
    assert.equal(
      compareWindows('raise_budget', window(1, 10_000, 5), window(1, 12_900, 6)).verdict,
      'helped',
    );
    // After: $138.00 for 6 ($23.00, +15%).
    assert.equal(
      compareWindows('raise_budget', window(1, 10_000, 5), window(1, 13_800, 6)).verdict,
      'did_not_help',
    );
    // Cheaper but fewer leads a day: the raise did not buy volume.
    assert.equal(
      compareWindows('raise_budget', window(3, 30_000, 15), window(3, 25_000, 14)).verdict,
      'did_not_help',
    );
  });

  test('fewer than 5 leads in either window: too early to tell; no cost per qualified lead without one', () => {
    const result = compareWindows('pause', window(1, 20_000, 4), window(1, 10_000, 9));
    assert.equal(result.verdict, 'too_early');
    assert.equal(result.costPerQualifiedBefore, null);
    assert.equal(compareWindows('pause', window(1, 20_000, 9), window(1, 1_000, 0)).cplAfter, null);
  });

  test('a window Meta has no row for (ad set deleted): no data, whatever the other says', () => {
    const gone: WindowFigures = { days: 1, spendCents: 0, leads: 0, qualified: 0, delivered: false };
    assert.equal(compareWindows('raise_budget', window(1, 10_000, 9), gone).verdict, 'no_data');
    assert.equal(compareWindows('raise_budget', gone, window(1, 10_000, 9)).verdict, 'no_data');
  });

  test('yen: whole units, rounded half up', () => {
    // ¥100,001 / 7 = 14,285.857… → ¥14,286
    assert.equal(
      compareWindows('lower_budget', window(1, 100_001, 7), window(1, 90_000, 9)).cplBefore,
      14_286,
    );
  });

  test('what is judged: the account for an ad set pause, the ad set for a budget or a paused ad', () => {
    const adset = { adsetId: '2001' };
    assert.deepEqual(subjectOf({ ...adset, action: 'pause', target: { type: 'adset' } }), {
      level: 'account',
    });
    assert.deepEqual(subjectOf({ ...adset, action: 'pause', target: { type: 'ad' } }), {
      level: 'adset',
      id: '2001',
    });
    assert.deepEqual(subjectOf({ ...adset, action: 'raise_budget', target: { type: 'campaign' } }), {
      level: 'adset',
      id: '2001',
    });
  });
});
