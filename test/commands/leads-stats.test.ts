import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AUDIENCE_USAGE } from '../../src/commands/audience.js';
import { LEADS_USAGE, parseLeadsArgs, statsRange } from '../../src/commands/leads.js';
import { CommandError } from '../../src/errors.js';

describe('/leads stats [range]', () => {
  test('default the last 30 days including today; a preset or a custom range', () => {
    assert.deepEqual(parseLeadsArgs('stats'), { kind: 'stats', range: null });
    assert.deepEqual(statsRange(null, '2026-11-29'), {
      since: '2026-10-31',
      until: '2026-11-29',
      preset: null,
      label: 'Last 30 days, including today',
    });
    assert.deepEqual(parseLeadsArgs(' Stats LAST_7D '), { kind: 'stats', range: 'last_7d' });
    assert.deepEqual(statsRange('last_7d', '2026-11-29'), {
      since: '2026-11-22',
      until: '2026-11-28',
      preset: 'last_7d',
    });
    assert.deepEqual(statsRange('2026-11-01..2026-11-15', '2026-11-29'), {
      since: '2026-11-01',
      until: '2026-11-15',
      preset: null,
    });
  });

  test('a wrong range says what is wrong, with the usage', () => {
    for (const [text, message] of [
      ['last_8d', /“last_8d” is not a date range I know/],
      ['2026-11-15..2026-11-01', /starts \(2026-11-15\) after it ends/],
    ] as const) {
      assert.throws(
        () => statsRange(text, '2026-11-29'),
        (error: unknown) =>
          error instanceof CommandError && message.test(error.message) && error.usage === LEADS_USAGE,
      );
    }
    assert.throws(() => parseLeadsArgs('stats last_7d extra'), /one range at most/);
  });

  test('the usage lines name the new commands', () => {
    assert.match(LEADS_USAGE, /\/leads stats \[range\]/);
    assert.match(AUDIENCE_USAGE, /^\/audience sync/);
  });
});
