import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CPL_USAGE, parseCplArgs } from '../../src/commands/cpl.js';
import { CommandError, ErrorCode } from '../../src/errors.js';

const TODAY = '2026-11-28';

function assertCommandError(text: string, message: RegExp): void {
  assert.throws(
    () => parseCplArgs(text, TODAY),
    (error: unknown) => {
      assert.ok(error instanceof CommandError, `CommandError for "${text}"`);
      assert.equal(error.code, ErrorCode.CommandInvalid);
      assert.equal(error.usage, CPL_USAGE);
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('parseCplArgs', () => {
  test('empty text: last 7 days, campaigns, no filter', () => {
    const expected = {
      range: { since: '2026-11-21', until: '2026-11-27', preset: 'last_7d' },
      level: 'campaign',
      filter: null,
    };
    assert.deepEqual(parseCplArgs('', TODAY), expected);
    assert.deepEqual(parseCplArgs('   ', TODAY), expected);
  });

  test('a preset', () => {
    assert.deepEqual(parseCplArgs('last_7d', TODAY), {
      range: { since: '2026-11-21', until: '2026-11-27', preset: 'last_7d' },
      level: 'campaign',
      filter: null,
    });
    assert.deepEqual(parseCplArgs('LAST_30D', TODAY).range, {
      since: '2026-10-29',
      until: '2026-11-27',
      preset: 'last_30d',
    });
  });

  test('a custom range', () => {
    assert.deepEqual(parseCplArgs('2026-11-01..2026-11-15', TODAY), {
      range: { since: '2026-11-01', until: '2026-11-15', preset: null },
      level: 'campaign',
      filter: null,
    });
    assert.deepEqual(parseCplArgs('2026-11-20', TODAY).range, {
      since: '2026-11-20',
      until: '2026-11-20',
      preset: null,
    });
  });

  test('a preset and ad sets', () => {
    assert.deepEqual(parseCplArgs('yesterday adsets', TODAY), {
      range: { since: '2026-11-27', until: '2026-11-27', preset: 'yesterday' },
      level: 'adset',
      filter: null,
    });
  });

  test('ad sets alone keeps the default range', () => {
    assert.deepEqual(parseCplArgs('adsets', TODAY), {
      range: { since: '2026-11-21', until: '2026-11-27', preset: 'last_7d' },
      level: 'adset',
      filter: null,
    });
    assert.equal(parseCplArgs('ADSET', TODAY).level, 'adset');
    assert.equal(parseCplArgs('ad_sets', TODAY).level, 'adset');
  });

  test('the rest is the name filter', () => {
    assert.deepEqual(parseCplArgs('this_month houston dallas', TODAY), {
      range: { since: '2026-11-01', until: '2026-11-28', preset: 'this_month' },
      level: 'campaign',
      filter: 'houston dallas',
    });
    assert.deepEqual(parseCplArgs('  last_7d   adsets   Houston  Roof ', TODAY), {
      range: { since: '2026-11-21', until: '2026-11-27', preset: 'last_7d' },
      level: 'adset',
      filter: 'Houston Roof',
    });
  });

  test('a filter that is a normal word is not a range', () => {
    assert.deepEqual(parseCplArgs('houston', TODAY), {
      range: { since: '2026-11-21', until: '2026-11-27', preset: 'last_7d' },
      level: 'campaign',
      filter: 'houston',
    });
    assert.deepEqual(parseCplArgs('houston adsets', TODAY), {
      range: { since: '2026-11-21', until: '2026-11-27', preset: 'last_7d' },
      level: 'adset',
      filter: 'houston',
    });
  });

  test('an unknown preset names itself', () => {
    assertCommandError('last_8d', /“last_8d” is not a date range I know/);
    assertCommandError('this_decade houston', /“this_decade”/);
  });

  test('bad custom ranges', () => {
    assertCommandError('2026-13-01..2026-11-15', /“2026-13-01” is not a real date/);
    assertCommandError('2026-11-15..2026-11-01', /starts \(2026-11-15\) after it ends \(2026-11-01\)/);
    assertCommandError('2026-11-01..2026-12-01', /ends in the future \(2026-12-01\); today is 2026-11-28/);
    assertCommandError('2020-01-01..2020-01-31', /37 months/);
  });
});
