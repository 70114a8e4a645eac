import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addDays,
  addMonths,
  daysBetween,
  eachDate,
  endOfMonth,
  firstWholeDay,
  formatDateRange,
  isRealDate,
  startOfMonth,
  startOfQuarter,
  startOfYear,
  todayIn,
  weekday,
} from '../../src/dates/calendar.js';

const CHICAGO = 'America/Chicago';
const at = (iso: string) => Date.parse(iso);

describe('todayIn', () => {
  test('local midnight decides the date, not UTC midnight', () => {
    assert.equal(todayIn(CHICAGO, at('2026-11-28T05:30:00Z')), '2026-11-27');
    assert.equal(todayIn(CHICAGO, at('2026-11-28T05:59:59Z')), '2026-11-27');
    assert.equal(todayIn(CHICAGO, at('2026-11-28T06:00:00Z')), '2026-11-28');
    assert.equal(todayIn(CHICAGO, at('2026-11-28T00:00:00Z')), '2026-11-27');
    assert.equal(todayIn('UTC', at('2026-11-28T00:00:00Z')), '2026-11-28');
  });

  test('around the spring-forward change (2026-03-08, 02:00 CST → 03:00 CDT)', () => {
    assert.equal(todayIn(CHICAGO, at('2026-03-08T05:59:00Z')), '2026-03-07');
    assert.equal(todayIn(CHICAGO, at('2026-03-08T06:00:00Z')), '2026-03-08');
    assert.equal(todayIn(CHICAGO, at('2026-03-08T07:59:00Z')), '2026-03-08');
    assert.equal(todayIn(CHICAGO, at('2026-03-08T08:00:00Z')), '2026-03-08');
    // Midnight after the change is 05:00Z (CDT), no longer 06:00Z.
    assert.equal(todayIn(CHICAGO, at('2026-03-09T04:59:00Z')), '2026-03-08');
    assert.equal(todayIn(CHICAGO, at('2026-03-09T05:00:00Z')), '2026-03-09');
  });

  test('around the fall-back change (2026-11-01, 02:00 CDT → 01:00 CST)', () => {
    assert.equal(todayIn(CHICAGO, at('2026-11-01T04:59:00Z')), '2026-10-31');
    assert.equal(todayIn(CHICAGO, at('2026-11-01T05:00:00Z')), '2026-11-01');
    assert.equal(todayIn(CHICAGO, at('2026-11-01T06:30:00Z')), '2026-11-01');
    assert.equal(todayIn(CHICAGO, at('2026-11-01T07:30:00Z')), '2026-11-01');
    // Midnight after the change is 06:00Z (CST).
    assert.equal(todayIn(CHICAGO, at('2026-11-02T05:59:00Z')), '2026-11-01');
    assert.equal(todayIn(CHICAGO, at('2026-11-02T06:00:00Z')), '2026-11-02');
  });
});

describe('firstWholeDay', () => {
  test('the day LeadOps started, only when it started at that day’s first instant', () => {
    assert.equal(firstWholeDay(at('2026-11-28T06:00:00Z'), CHICAGO), '2026-11-28');
    assert.equal(firstWholeDay(at('2026-11-28T06:00:00.001Z'), CHICAGO), '2026-11-29');
    assert.equal(firstWholeDay(at('2026-11-29T05:59:59Z'), CHICAGO), '2026-11-29');
    // Local midnight after the fall-back change is 06:00Z.
    assert.equal(firstWholeDay(at('2026-11-02T05:30:00Z'), CHICAGO), '2026-11-02');
  });
});

describe('calendar arithmetic', () => {
  test('isRealDate', () => {
    assert.equal(isRealDate('2026-02-28'), true);
    assert.equal(isRealDate('2024-02-29'), true);
    assert.equal(isRealDate('2026-02-29'), false);
    assert.equal(isRealDate('2026-02-30'), false);
    assert.equal(isRealDate('2026-13-01'), false);
    assert.equal(isRealDate('2026-00-10'), false);
    assert.equal(isRealDate('2026-1-01'), false);
    assert.equal(isRealDate('20261101'), false);
    assert.equal(isRealDate(''), false);
  });

  test('addDays crosses months, years and DST days', () => {
    assert.equal(addDays('2026-11-28', -7), '2026-11-21');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
    assert.equal(addDays('2026-03-08', 1), '2026-03-09');
    assert.equal(addDays('2026-11-01', 1), '2026-11-02');
    assert.throws(() => addDays('11/28/2026', 1), /Not a YYYY-MM-DD date/);
  });

  test('addMonths clamps to the last day of the month', () => {
    assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
    assert.equal(addMonths('2024-03-31', -1), '2024-02-29');
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2026-11-28', -37), '2023-10-28');
    assert.equal(addMonths('2026-01-15', -1), '2025-12-15');
  });

  test('month, quarter and year boundaries', () => {
    assert.equal(startOfMonth('2026-11-28'), '2026-11-01');
    assert.equal(endOfMonth('2026-11-28'), '2026-11-30');
    assert.equal(endOfMonth('2024-02-10'), '2024-02-29');
    assert.equal(endOfMonth('2026-02-10'), '2026-02-28');
    assert.equal(endOfMonth('2026-12-05'), '2026-12-31');
    assert.equal(startOfQuarter('2026-01-01'), '2026-01-01');
    assert.equal(startOfQuarter('2026-03-31'), '2026-01-01');
    assert.equal(startOfQuarter('2026-05-15'), '2026-04-01');
    assert.equal(startOfQuarter('2026-09-30'), '2026-07-01');
    assert.equal(startOfQuarter('2026-12-31'), '2026-10-01');
    assert.equal(startOfYear('2026-11-28'), '2026-01-01');
  });

  test('weekday, daysBetween, eachDate', () => {
    assert.equal(weekday('2026-11-29'), 0);
    assert.equal(weekday('2026-11-30'), 1);
    assert.equal(weekday('2026-11-28'), 6);
    assert.equal(daysBetween('2026-03-01', '2026-03-31'), 30);
    assert.equal(daysBetween('2026-11-01', '2026-11-02'), 1);
    assert.equal(daysBetween('2026-11-02', '2026-11-01'), -1);
    assert.deepEqual(eachDate('2026-03-07', '2026-03-10'), [
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
    assert.deepEqual(eachDate('2026-11-01', '2026-11-01'), ['2026-11-01']);
    assert.deepEqual(eachDate('2026-11-02', '2026-11-01'), []);
  });
});

describe('formatDateRange', () => {
  test('a range within one year', () => {
    assert.equal(formatDateRange('2026-11-21', '2026-11-27'), 'Nov 21 – Nov 27, 2026');
    assert.equal(formatDateRange('2026-10-31', '2026-11-06'), 'Oct 31 – Nov 6, 2026');
  });

  test('one day', () => {
    assert.equal(formatDateRange('2026-11-27', '2026-11-27'), 'Nov 27, 2026');
    assert.equal(formatDateRange('2026-01-01', '2026-01-01'), 'Jan 1, 2026');
  });

  test('across years shows both years', () => {
    assert.equal(formatDateRange('2025-12-29', '2026-01-04'), 'Dec 29, 2025 – Jan 4, 2026');
  });
});
