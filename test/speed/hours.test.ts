import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BusinessHours, isOpen, openingAt, parseHours } from '../../src/speed/hours.js';

const CHICAGO = 'America/Chicago';

function hours(text: string): BusinessHours {
  const parsed = parseHours(text);
  if (!('hours' in parsed) || parsed.hours === null) throw new Error(`did not parse: ${text}`);
  return parsed.hours;
}

describe('parseHours', () => {
  test('days and windows, normalised; always → null', () => {
    assert.deepEqual(hours('mon-fri 08:00-18:00'), {
      spec: 'Mon-Fri 08:00-18:00',
      windows: [1, 2, 3, 4, 5].map((day) => ({ day, start: 480, end: 1080 })),
    });
    assert.deepEqual(
      hours('Sat,sun 9:00-12:30 fri-mon 00:00-01:00').spec,
      'Sat-Sun 09:00-12:30 Mon,Fri-Sun 00:00-01:00',
    );
    assert.equal(hours('daily 00:00-24:00').windows.length, 7);
    assert.deepEqual(parseHours('always'), { hours: null });
  });

  test('what does not parse, or ends before it starts, is a problem', () => {
    for (const bad of [
      '',
      'mon-fri',
      'mon-fri 8-18',
      'funday 08:00-18:00',
      'mon 25:00-26:00',
      'mon 08:60-09:00',
    ]) {
      assert.ok('problem' in parseHours(bad), bad);
    }
    const backwards = parseHours('mon-fri 18:00-08:00');
    assert.ok('problem' in backwards && /ends before it starts/.test(backwards.problem));
    assert.ok('problem' in parseHours('mon 08:00-08:00'));
    assert.ok('problem' in parseHours('mon 08:00-12:00 mon-tue 11:00-13:00'), 'overlap');
  });
});

describe('opening times in the account zone', () => {
  const weekdays = hours('mon-fri 08:00-18:00');

  test('open inside the window; a lead after hours waits for the next opening, across the weekend', () => {
    // Fri Nov 27 2026, 17:59 and 18:00 CST (UTC−6).
    assert.equal(isOpen(weekdays, Date.parse('2026-11-27T23:59:00Z'), CHICAGO), true);
    assert.equal(isOpen(weekdays, Date.parse('2026-11-28T00:00:00Z'), CHICAGO), false);
    const fridayNight = Date.parse('2026-11-28T05:30:00Z'); // Fri 23:30 CST
    assert.equal(openingAt(weekdays, fridayNight, CHICAGO), Date.parse('2026-11-30T14:00:00Z')); // Mon 08:00 CST
    const open = Date.parse('2026-11-30T15:00:00Z');
    assert.equal(openingAt(weekdays, open, CHICAGO), open);
    assert.equal(openingAt(null, fridayNight, CHICAGO), fridayNight, 'no hours: always open');
  });

  test('past midnight: a lead at 00:30 waits for 08:00 the same day; a window ending 24:00 holds until midnight', () => {
    const afterMidnight = Date.parse('2026-11-24T06:30:00Z'); // Tue 00:30 CST
    assert.equal(openingAt(weekdays, afterMidnight, CHICAGO), Date.parse('2026-11-24T14:00:00Z'));
    const evenings = hours('mon-sun 20:00-24:00');
    assert.equal(isOpen(evenings, Date.parse('2026-11-25T05:59:00Z'), CHICAGO), true); // Tue 23:59
    assert.equal(isOpen(evenings, Date.parse('2026-11-25T06:00:00Z'), CHICAGO), false); // Wed 00:00
    assert.equal(
      openingAt(evenings, Date.parse('2026-11-25T06:00:00Z'), CHICAGO),
      Date.parse('2026-11-26T02:00:00Z'),
    );
  });

  test('across DST: the same local 08:00 before and after the change (CST → CDT, CDT → CST)', () => {
    // Spring forward Sun Mar 8 2026: Saturday night's lead opens Monday 08:00 CDT (UTC−5).
    assert.equal(
      openingAt(weekdays, Date.parse('2026-03-08T04:00:00Z'), CHICAGO),
      Date.parse('2026-03-09T13:00:00Z'),
    );
    // Fall back Sun Nov 1 2026: Saturday night's lead opens Monday 08:00 CST (UTC−6).
    assert.equal(
      openingAt(weekdays, Date.parse('2026-11-01T04:00:00Z'), CHICAGO),
      Date.parse('2026-11-02T14:00:00Z'),
    );
    // A Sunday window starting in the skipped hour: 02:30 does not exist that day, it opens at 03:30 CDT.
    const earlySunday = hours('sun 02:30-04:00');
    assert.equal(
      openingAt(earlySunday, Date.parse('2026-03-08T06:00:00Z'), CHICAGO),
      Date.parse('2026-03-08T08:30:00Z'),
    );
    assert.equal(isOpen(earlySunday, Date.parse('2026-03-08T08:45:00Z'), CHICAGO), true);
    // Other zones, other days: Tokyo has no DST; Monday 08:00 JST is Sunday 23:00 UTC.
    assert.equal(
      openingAt(weekdays, Date.parse('2026-11-28T12:00:00Z'), 'Asia/Tokyo'),
      Date.parse('2026-11-29T23:00:00Z'),
    );
  });
});
