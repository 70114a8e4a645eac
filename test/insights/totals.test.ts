import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sumRows } from '../../src/insights/totals.js';

describe('sumRows', () => {
  test('sums the counts, then divides', () => {
    const rows = [
      { spendCents: 10000, impressions: 1000, clicks: 10, leads: 1 }, // CPL $100
      { spendCents: 10000, impressions: 3000, clicks: 90, leads: 9 }, // CPL $11.11
    ];
    assert.deepEqual(sumRows(rows), {
      spendCents: 20000,
      impressions: 4000,
      clicks: 100,
      leads: 10,
      cplCents: 2000, // $200 / 10, not the $55.56 average of the two CPLs
      ctr: 0.025, // 100 / 4000, not the average of 1% and 3%
      cpmCents: 5000,
    });
  });

  test('CPL rounds to the cent', () => {
    const totals = sumRows([
      { spendCents: 5000, impressions: 700, clicks: 7, leads: 2 },
      { spendCents: 5001, impressions: 300, clicks: 3, leads: 1 },
    ]);
    assert.equal(totals.cplCents, 3334); // 10001 / 3 = 3333.67
    assert.equal(totals.ctr, 0.01);
    assert.equal(totals.cpmCents, 10001); // 10001 * 1000 / 1000
  });

  test('no leads: CPL is null', () => {
    const totals = sumRows([{ spendCents: 4200, impressions: 1500, clicks: 12, leads: 0 }]);
    assert.equal(totals.cplCents, null);
    assert.equal(totals.ctr, 0.008);
    assert.equal(totals.cpmCents, 2800);
  });

  test('no rows: zeros and nulls', () => {
    assert.deepEqual(sumRows([]), {
      spendCents: 0,
      impressions: 0,
      clicks: 0,
      leads: 0,
      cplCents: null,
      ctr: null,
      cpmCents: null,
    });
  });
});
