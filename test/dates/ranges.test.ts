import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { todayIn } from '../../src/dates/calendar.js';
import {
  HISTORY_MONTHS,
  isPreset,
  lastDaysIncludingToday,
  PRESET_NAMES,
  parseCustomRange,
  rangeLabel,
  resolvePreset,
} from '../../src/dates/ranges.js';

type Expected = Record<string, [since: string, until: string]>;

/** Worked out by hand from Meta's definitions (`last_Nd` = the N whole days before today). */
const EXPECTED: Record<string, Expected> = {
  // Monday
  '2026-11-30': {
    today: ['2026-11-30', '2026-11-30'],
    yesterday: ['2026-11-29', '2026-11-29'],
    last_3d: ['2026-11-27', '2026-11-29'],
    last_7d: ['2026-11-23', '2026-11-29'],
    last_14d: ['2026-11-16', '2026-11-29'],
    last_28d: ['2026-11-02', '2026-11-29'],
    last_30d: ['2026-10-31', '2026-11-29'],
    last_90d: ['2026-09-01', '2026-11-29'],
    this_week_mon_today: ['2026-11-30', '2026-11-30'],
    this_week_sun_today: ['2026-11-29', '2026-11-30'],
    last_week_mon_sun: ['2026-11-23', '2026-11-29'],
    last_week_sun_sat: ['2026-11-22', '2026-11-28'],
    this_month: ['2026-11-01', '2026-11-30'],
    last_month: ['2026-10-01', '2026-10-31'],
    this_quarter: ['2026-10-01', '2026-11-30'],
    last_quarter: ['2026-07-01', '2026-09-30'],
    this_year: ['2026-01-01', '2026-11-30'],
    last_year: ['2025-01-01', '2025-12-31'],
  },
  // Sunday
  '2026-11-29': {
    today: ['2026-11-29', '2026-11-29'],
    yesterday: ['2026-11-28', '2026-11-28'],
    last_3d: ['2026-11-26', '2026-11-28'],
    last_7d: ['2026-11-22', '2026-11-28'],
    last_14d: ['2026-11-15', '2026-11-28'],
    last_28d: ['2026-11-01', '2026-11-28'],
    last_30d: ['2026-10-30', '2026-11-28'],
    last_90d: ['2026-08-31', '2026-11-28'],
    this_week_mon_today: ['2026-11-23', '2026-11-29'],
    this_week_sun_today: ['2026-11-29', '2026-11-29'],
    last_week_mon_sun: ['2026-11-16', '2026-11-22'],
    last_week_sun_sat: ['2026-11-22', '2026-11-28'],
    this_month: ['2026-11-01', '2026-11-29'],
    last_month: ['2026-10-01', '2026-10-31'],
    this_quarter: ['2026-10-01', '2026-11-29'],
    last_quarter: ['2026-07-01', '2026-09-30'],
    this_year: ['2026-01-01', '2026-11-29'],
    last_year: ['2025-01-01', '2025-12-31'],
  },
  // Jan 1 (a Thursday): everything "last" is in the previous year.
  '2026-01-01': {
    today: ['2026-01-01', '2026-01-01'],
    yesterday: ['2025-12-31', '2025-12-31'],
    last_3d: ['2025-12-29', '2025-12-31'],
    last_7d: ['2025-12-25', '2025-12-31'],
    last_14d: ['2025-12-18', '2025-12-31'],
    last_28d: ['2025-12-04', '2025-12-31'],
    last_30d: ['2025-12-02', '2025-12-31'],
    last_90d: ['2025-10-03', '2025-12-31'],
    this_week_mon_today: ['2025-12-29', '2026-01-01'],
    this_week_sun_today: ['2025-12-28', '2026-01-01'],
    last_week_mon_sun: ['2025-12-22', '2025-12-28'],
    last_week_sun_sat: ['2025-12-21', '2025-12-27'],
    this_month: ['2026-01-01', '2026-01-01'],
    last_month: ['2025-12-01', '2025-12-31'],
    this_quarter: ['2026-01-01', '2026-01-01'],
    last_quarter: ['2025-10-01', '2025-12-31'],
    this_year: ['2026-01-01', '2026-01-01'],
    last_year: ['2025-01-01', '2025-12-31'],
  },
  // Mar 1 in a leap year (a Friday).
  '2024-03-01': {
    today: ['2024-03-01', '2024-03-01'],
    yesterday: ['2024-02-29', '2024-02-29'],
    last_3d: ['2024-02-27', '2024-02-29'],
    last_7d: ['2024-02-23', '2024-02-29'],
    last_14d: ['2024-02-16', '2024-02-29'],
    last_28d: ['2024-02-02', '2024-02-29'],
    last_30d: ['2024-01-31', '2024-02-29'],
    last_90d: ['2023-12-02', '2024-02-29'],
    this_week_mon_today: ['2024-02-26', '2024-03-01'],
    this_week_sun_today: ['2024-02-25', '2024-03-01'],
    last_week_mon_sun: ['2024-02-19', '2024-02-25'],
    last_week_sun_sat: ['2024-02-18', '2024-02-24'],
    this_month: ['2024-03-01', '2024-03-01'],
    last_month: ['2024-02-01', '2024-02-29'],
    this_quarter: ['2024-01-01', '2024-03-01'],
    last_quarter: ['2023-10-01', '2023-12-31'],
    this_year: ['2024-01-01', '2024-03-01'],
    last_year: ['2023-01-01', '2023-12-31'],
  },
  // Mar 1 in a common year (a Sunday).
  '2026-03-01': {
    today: ['2026-03-01', '2026-03-01'],
    yesterday: ['2026-02-28', '2026-02-28'],
    last_3d: ['2026-02-26', '2026-02-28'],
    last_7d: ['2026-02-22', '2026-02-28'],
    last_14d: ['2026-02-15', '2026-02-28'],
    last_28d: ['2026-02-01', '2026-02-28'],
    last_30d: ['2026-01-30', '2026-02-28'],
    last_90d: ['2025-12-01', '2026-02-28'],
    this_week_mon_today: ['2026-02-23', '2026-03-01'],
    this_week_sun_today: ['2026-03-01', '2026-03-01'],
    last_week_mon_sun: ['2026-02-16', '2026-02-22'],
    last_week_sun_sat: ['2026-02-22', '2026-02-28'],
    this_month: ['2026-03-01', '2026-03-01'],
    last_month: ['2026-02-01', '2026-02-28'],
    this_quarter: ['2026-01-01', '2026-03-01'],
    last_quarter: ['2025-10-01', '2025-12-31'],
    this_year: ['2026-01-01', '2026-03-01'],
    last_year: ['2025-01-01', '2025-12-31'],
  },
  // A quarter start (a Wednesday).
  '2026-04-01': {
    today: ['2026-04-01', '2026-04-01'],
    yesterday: ['2026-03-31', '2026-03-31'],
    last_3d: ['2026-03-29', '2026-03-31'],
    last_7d: ['2026-03-25', '2026-03-31'],
    last_14d: ['2026-03-18', '2026-03-31'],
    last_28d: ['2026-03-04', '2026-03-31'],
    last_30d: ['2026-03-02', '2026-03-31'],
    last_90d: ['2026-01-01', '2026-03-31'],
    this_week_mon_today: ['2026-03-30', '2026-04-01'],
    this_week_sun_today: ['2026-03-29', '2026-04-01'],
    last_week_mon_sun: ['2026-03-23', '2026-03-29'],
    last_week_sun_sat: ['2026-03-22', '2026-03-28'],
    this_month: ['2026-04-01', '2026-04-01'],
    last_month: ['2026-03-01', '2026-03-31'],
    this_quarter: ['2026-04-01', '2026-04-01'],
    last_quarter: ['2026-01-01', '2026-03-31'],
    this_year: ['2026-01-01', '2026-04-01'],
    last_year: ['2025-01-01', '2025-12-31'],
  },
};

describe('resolvePreset', () => {
  for (const [today, expected] of Object.entries(EXPECTED)) {
    test(`every preset on ${today}`, () => {
      assert.deepEqual(
        Object.keys(expected).sort(),
        [...PRESET_NAMES].sort(),
        'the table covers every preset',
      );
      for (const preset of PRESET_NAMES) {
        const [since, until] = expected[preset] ?? ['?', '?'];
        assert.deepEqual(resolvePreset(preset, today), { since, until, preset }, `${preset} on ${today}`);
      }
    });
  }

  test('from an instant inside the spring-forward day', () => {
    const today = todayIn('America/Chicago', Date.parse('2026-03-08T08:30:00Z'));
    assert.equal(today, '2026-03-08');
    assert.deepEqual(resolvePreset('today', today), {
      since: '2026-03-08',
      until: '2026-03-08',
      preset: 'today',
    });
    assert.deepEqual(resolvePreset('yesterday', today), {
      since: '2026-03-07',
      until: '2026-03-07',
      preset: 'yesterday',
    });
    assert.deepEqual(resolvePreset('last_7d', today), {
      since: '2026-03-01',
      until: '2026-03-07',
      preset: 'last_7d',
    });
    const lateThatDay = todayIn('America/Chicago', Date.parse('2026-03-09T04:30:00Z'));
    assert.deepEqual(resolvePreset('last_7d', lateThatDay), {
      since: '2026-03-01',
      until: '2026-03-07',
      preset: 'last_7d',
    });
  });

  test('from instants inside the fall-back day, including the repeated hour', () => {
    for (const iso of ['2026-11-01T06:30:00Z', '2026-11-01T07:30:00Z', '2026-11-02T05:30:00Z']) {
      const today = todayIn('America/Chicago', Date.parse(iso));
      assert.equal(today, '2026-11-01', iso);
      assert.deepEqual(resolvePreset('last_7d', today), {
        since: '2026-10-25',
        until: '2026-10-31',
        preset: 'last_7d',
      });
      assert.deepEqual(resolvePreset('this_month', today), {
        since: '2026-11-01',
        until: '2026-11-01',
        preset: 'this_month',
      });
      assert.deepEqual(resolvePreset('last_month', today), {
        since: '2026-10-01',
        until: '2026-10-31',
        preset: 'last_month',
      });
    }
  });

  test('unknown presets throw', () => {
    assert.throws(() => resolvePreset('last_8d', '2026-11-28'), /Unknown preset last_8d/);
  });

  test('names inherited from Object.prototype are unknown presets too', () => {
    assert.throws(() => resolvePreset('toString', '2026-11-28'), /Unknown preset toString/);
    assert.throws(() => resolvePreset('constructor', '2026-11-28'), /Unknown preset constructor/);
  });
});

describe('isPreset and rangeLabel', () => {
  test('isPreset knows only Meta presets', () => {
    assert.equal(isPreset('last_7d'), true);
    assert.equal(isPreset('this_month'), true);
    assert.equal(isPreset('last_8d'), false);
    assert.equal(isPreset('LAST_7D'), false);
    assert.equal(isPreset('constructor'), false);
    assert.equal(isPreset(''), false);
  });

  test('labels', () => {
    assert.equal(rangeLabel(resolvePreset('last_7d', '2026-11-28')), 'Last 7 days');
    assert.equal(rangeLabel(resolvePreset('this_week_mon_today', '2026-11-28')), 'This week (Mon–today)');
    assert.equal(rangeLabel({ since: '2026-11-01', until: '2026-11-15', preset: null }), 'Custom range');
    assert.equal(rangeLabel(lastDaysIncludingToday(30, '2026-11-28')), 'Last 30 days, including today');
  });

  test('the README lists the presets the error messages offer, in the same order', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const list = /`range` is a Meta preset \(([^)]*)\)/.exec(readme)?.[1] ?? '';
    assert.deepEqual(
      [...list.matchAll(/`(\w+)`/g)].map(([, name]) => name),
      PRESET_NAMES,
    );
  });
});

describe('parseCustomRange', () => {
  const today = '2026-11-28';

  test('a valid range', () => {
    assert.deepEqual(parseCustomRange('2026-11-01..2026-11-15', today), {
      since: '2026-11-01',
      until: '2026-11-15',
      preset: null,
    });
  });

  test('a single date', () => {
    assert.deepEqual(parseCustomRange('2026-11-20', today), {
      since: '2026-11-20',
      until: '2026-11-20',
      preset: null,
    });
  });

  test('today is allowed as the end', () => {
    assert.deepEqual(parseCustomRange('2026-11-01..2026-11-28', today), {
      since: '2026-11-01',
      until: '2026-11-28',
      preset: null,
    });
  });

  test('a reversed range', () => {
    assert.deepEqual(parseCustomRange('2026-11-15..2026-11-01', today), {
      problem: 'The range starts (2026-11-15) after it ends (2026-11-01).',
    });
  });

  test('a date that does not exist', () => {
    assert.deepEqual(parseCustomRange('2026-02-30..2026-03-05', today), {
      problem: '“2026-02-30” is not a real date in YYYY-MM-DD form.',
    });
    assert.deepEqual(parseCustomRange('2026-02-01..2026-02-29', today), {
      problem: '“2026-02-29” is not a real date in YYYY-MM-DD form.',
    });
  });

  test('an end in the future', () => {
    assert.deepEqual(parseCustomRange('2026-11-01..2026-11-29', today), {
      problem: 'The range ends in the future (2026-11-29); today is 2026-11-28.',
    });
  });

  test('older than 37 months', () => {
    assert.equal(HISTORY_MONTHS, 37);
    assert.deepEqual(parseCustomRange('2023-10-28..2023-10-31', today), {
      since: '2023-10-28',
      until: '2023-10-31',
      preset: null,
    });
    assert.deepEqual(parseCustomRange('2023-10-27..2023-10-31', today), {
      problem: 'Meta keeps 37 months of insights; the range must start on or after 2023-10-28.',
    });
  });

  test('malformed text', () => {
    for (const text of [
      '2026/11/01',
      'yesterday',
      '26-11-01',
      '2026-11-01..',
      '..2026-11-01',
      '2026-11-01...2026-11-02',
    ]) {
      const result = parseCustomRange(text, today);
      assert.ok('problem' in result, text);
      assert.match(result.problem, /is not a real date in YYYY-MM-DD form/, text);
    }
    assert.deepEqual(parseCustomRange('2026-11-01..2026-11-02..2026-11-03', today), {
      problem: '“2026-11-01..2026-11-02..2026-11-03” is not a date range.',
    });
  });
});
