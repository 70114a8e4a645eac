import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { followUpWindows } from '../../src/followups/windows.js';

/** Noon in Chicago on Sunday Nov 29, 2026. */
const NOON_CHICAGO = Date.parse('2026-11-29T18:00:00Z');

describe('follow-up windows: whole days in the account’s time zone', () => {
  test('24 h: the day after the change’s day vs the day before; due once that day is over and settled', () => {
    assert.deepEqual(followUpWindows(NOON_CHICAGO, 'America/Chicago', 24), {
      beforeSince: '2026-11-28',
      beforeUntil: '2026-11-28',
      afterSince: '2026-11-30',
      afterUntil: '2026-11-30',
      // Dec 1, 00:00 CST (06:00 UTC) + 2 hours.
      dueAt: Date.parse('2026-12-01T08:00:00Z'),
    });
  });

  test('72 h: the three days after vs the three before', () => {
    assert.deepEqual(followUpWindows(NOON_CHICAGO, 'America/Chicago', 72), {
      beforeSince: '2026-11-26',
      beforeUntil: '2026-11-28',
      afterSince: '2026-11-30',
      afterUntil: '2026-12-02',
      dueAt: Date.parse('2026-12-03T08:00:00Z'),
    });
  });

  test('the same instant is another day in Tokyo: its own dates and midnight', () => {
    // 03:00 on Nov 30 in Tokyo.
    assert.deepEqual(followUpWindows(NOON_CHICAGO, 'Asia/Tokyo', 24), {
      beforeSince: '2026-11-29',
      beforeUntil: '2026-11-29',
      afterSince: '2026-12-01',
      afterUntil: '2026-12-01',
      // Dec 2, 00:00 JST (Dec 1, 15:00 UTC) + 2 hours.
      dueAt: Date.parse('2026-12-01T17:00:00Z'),
    });
  });

  test('across the spring DST night the day after has 23 hours: never due before the 24 hours are up', () => {
    // Sat Mar 7, 2026, 23:30 CST; clocks go forward on Sunday Mar 8.
    const applied = Date.parse('2026-03-08T05:30:00Z');
    const windows = followUpWindows(applied, 'America/Chicago', 24);
    assert.equal(windows.afterSince, '2026-03-08');
    assert.equal(windows.afterUntil, '2026-03-08');
    // Mar 9, 00:00 CDT is 05:00 UTC, 23.5 h after the change: 24 h + 2 h settle wins.
    assert.equal(windows.dueAt, applied + 26 * 3_600_000);
  });
});
