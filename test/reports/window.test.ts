import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reportWindow } from '../../src/reports/window.js';

const TODAY = '2026-11-29';

describe('reportWindow', () => {
  test('one day: the day before, the 7 before it, and 14 days of chart in one daily window', () => {
    assert.deepEqual(reportWindow({ since: '2026-11-28', until: '2026-11-28', preset: 'yesterday' }, TODAY), {
      range: { since: '2026-11-28', until: '2026-11-28', preset: 'yesterday' },
      days: 1,
      previous: { since: '2026-11-27', until: '2026-11-27' },
      trailing: { since: '2026-11-21', until: '2026-11-27' },
      chart: { since: '2026-11-15', until: '2026-11-28' },
      daily: { since: '2026-11-15', until: '2026-11-28' },
    });
  });

  test('seven days: the previous seven, no trailing average, the daily window reaches back 7 more', () => {
    const window = reportWindow({ since: '2026-11-22', until: '2026-11-28', preset: 'last_7d' }, TODAY);
    assert.equal(window.days, 7);
    assert.deepEqual(window.previous, { since: '2026-11-15', until: '2026-11-21' });
    assert.equal(window.trailing, null);
    assert.deepEqual(window.chart, { since: '2026-11-15', until: '2026-11-28' });
    assert.deepEqual(window.daily, { since: '2026-11-15', until: '2026-11-28' });
  });

  test('thirty days: the daily window covers the previous thirty', () => {
    const window = reportWindow({ since: '2026-10-30', until: '2026-11-28', preset: 'last_30d' }, TODAY);
    assert.equal(window.days, 30);
    assert.deepEqual(window.previous, { since: '2026-09-30', until: '2026-10-29' });
    assert.deepEqual(window.daily, { since: '2026-09-30', until: '2026-11-28' });
  });

  test('a range at the edge of Meta’s 37 months has no previous period to compare with', () => {
    const window = reportWindow({ since: '2023-10-29', until: '2023-11-04', preset: null }, TODAY);
    assert.equal(window.previous, null);
    assert.deepEqual(window.chart, { since: '2023-10-29', until: '2023-11-04' });
    assert.deepEqual(window.daily, { since: '2023-10-29', until: '2023-11-04' });
  });
});
