import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseReportArgs, REPORT_USAGE } from '../../src/commands/report.js';
import { CommandError } from '../../src/errors.js';

const TODAY = '2026-11-29';

function assertCommandError(text: string, message: RegExp): void {
  assert.throws(
    () => parseReportArgs(text, TODAY),
    (error: unknown) => {
      assert.ok(error instanceof CommandError, `CommandError for "${text}"`);
      assert.equal(error.usage, REPORT_USAGE);
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('parseReportArgs', () => {
  test('no range: yesterday, in the account’s time zone', () => {
    const yesterday = { since: '2026-11-28', until: '2026-11-28', preset: 'yesterday' };
    assert.deepEqual(parseReportArgs('', TODAY), yesterday);
    assert.deepEqual(parseReportArgs('  ', TODAY), yesterday);
  });

  test('any range /cpl accepts: presets and YYYY-MM-DD..YYYY-MM-DD', () => {
    assert.deepEqual(parseReportArgs('last_7d', TODAY), {
      since: '2026-11-22',
      until: '2026-11-28',
      preset: 'last_7d',
    });
    assert.deepEqual(parseReportArgs('TODAY', TODAY), {
      since: '2026-11-29',
      until: '2026-11-29',
      preset: 'today',
    });
    assert.deepEqual(parseReportArgs('last_month', TODAY), {
      since: '2026-10-01',
      until: '2026-10-31',
      preset: 'last_month',
    });
    assert.deepEqual(parseReportArgs('2026-11-01..2026-11-15', TODAY), {
      since: '2026-11-01',
      until: '2026-11-15',
      preset: null,
    });
    assert.deepEqual(parseReportArgs('2026-11-20', TODAY), {
      since: '2026-11-20',
      until: '2026-11-20',
      preset: null,
    });
  });

  test('mistakes say what is wrong', () => {
    assertCommandError('last_8d', /not a date range I know/);
    assertCommandError('2026-02-30', /not a real date/);
    assertCommandError('2026-11-15..2026-11-01', /starts .* after it ends/);
    assertCommandError('2026-11-30', /ends in the future/);
    assertCommandError('yesterday adsets', /one range/);
    assertCommandError('soon', /not a real date/);
  });
});
