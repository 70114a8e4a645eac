import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildRollUp,
  type ReportSummary,
  type RollUpEntry,
  rollUpDue,
  standing,
} from '../../src/reports/roll-up.js';

const DATE = '2026-11-28';
const at = (iso: string) => Date.parse(iso);
const schedule = (timezone: string) => ({ expression: '0 8 * * *', timezone });

function summary(currency: string, spend: number, leads: number): ReportSummary {
  return {
    currency,
    spend,
    leads,
    cpl: leads > 0 ? Math.round(spend / leads) : null,
    changes: {
      spend: { direction: 'up', ratio: 0.12 },
      leads: null,
      cpl: { direction: 'down', ratio: -0.05 },
    },
  };
}

function entry(
  id: string,
  name: string,
  timezone: string,
  run: RollUpEntry['run'] = null,
  scheduledSince: number | null = 0,
): RollUpEntry {
  return { account: { id, name, timezone }, schedule: schedule(timezone), scheduledSince, run };
}

const done = (s: ReportSummary, channel = 'C0HOME'): RollUpEntry['run'] => ({
  state: 'done',
  owner: 'run-a',
  lastError: null,
  summary: s,
  channel,
});

describe('when the roll-up of a morning is due', () => {
  test('it waits for an account whose 08:00 has not come yet, and posts after the last', () => {
    const tokyo = entry('act_3', 'Tokyo', 'Asia/Tokyo', done(summary('JPY', 108_000, 9)));
    const chicago = entry('act_1', 'Chicago', 'America/Chicago');
    // 23:30Z Nov 28: Tokyo posted at 08:00 there; Chicago's 08:00 of Nov 29 is 14:00Z.
    assert.equal(standing(at('2026-11-28T23:30:00Z'), DATE, chicago), 'waiting');
    assert.equal(rollUpDue(at('2026-11-28T23:30:00Z'), DATE, [tokyo, chicago]), false);
    const posted = { ...chicago, run: done(summary('USD', 18_000, 6)) };
    assert.equal(rollUpDue(at('2026-11-29T14:00:05Z'), DATE, [tokyo, posted]), true);
  });

  test('a slot passed today and not posted yet is still to come (the catch-up posts it)', () => {
    const chicago = entry('act_1', 'Chicago', 'America/Chicago');
    assert.equal(standing(at('2026-11-29T15:00:00Z'), DATE, chicago), 'waiting');
    // After midnight in Chicago the catch-up no longer posts it: missed.
    assert.equal(standing(at('2026-11-30T06:30:00Z'), DATE, chicago), 'none');
  });

  test('an account served after its slot will have none; a failed one counts as in', () => {
    const late = entry('act_3', 'Tokyo', 'Asia/Tokyo', null, at('2026-11-29T06:30:00Z'));
    assert.equal(standing(at('2026-11-29T14:00:00Z'), DATE, late), 'none');
    const failed = entry('act_2', 'Berlin', 'Europe/Berlin', {
      state: 'claimed',
      owner: null,
      lastError: 'Meta refused: (#200) no permission',
      summary: null,
      channel: null,
    });
    assert.equal(standing(at('2026-11-29T14:00:00Z'), DATE, failed), 'failed');
    const inProgress = {
      ...failed,
      run: { ...(failed.run as NonNullable<RollUpEntry['run']>), owner: 'run-a' },
    };
    assert.equal(standing(at('2026-11-29T14:00:00Z'), DATE, inProgress), 'waiting');
    assert.equal(rollUpDue(at('2026-11-29T14:00:00Z'), DATE, [late, failed]), true);
    assert.equal(rollUpDue(at('2026-11-29T14:00:00Z'), DATE, [late]), false, 'nothing to roll up');
  });
});

describe('buildRollUp', () => {
  test('USD, EUR and JPY lines, each in its own currency, grouped by currency; never one total', () => {
    const now = at('2026-11-29T14:10:00Z');
    const rollUp = buildRollUp(now, DATE, [
      entry('act_1', 'Acme', 'America/Chicago', done(summary('USD', 18_000, 6))),
      entry('act_2', 'Berliner Kanzlei', 'Europe/Berlin', done(summary('EUR', 12_345, 2))),
      entry('act_3', 'Tokyo Law Office', 'Asia/Tokyo', done(summary('JPY', 108_000, 9))),
      entry('act_4', 'Bravo', 'America/Chicago', done(summary('USD', 52_000, 4))),
      entry('act_5', 'Zeta', 'Europe/Berlin', {
        state: 'claimed',
        owner: null,
        lastError: 'Meta refused',
        summary: null,
        channel: null,
      }),
      entry('act_6', 'Late', 'Asia/Tokyo', null, at('2026-11-29T06:30:00Z')),
    ]);
    assert.equal(rollUp.currencies, 3);
    assert.deepEqual(
      rollUp.lines.map((line) => [
        line.kind,
        line.name,
        line.kind === 'reported' ? line.summary.currency : null,
      ]),
      [
        ['reported', 'Bravo', 'USD'],
        ['reported', 'Acme', 'USD'],
        ['reported', 'Berliner Kanzlei', 'EUR'],
        ['reported', 'Tokyo Law Office', 'JPY'],
        ['failed', 'Zeta', null],
        ['none', 'Late', null],
      ],
    );
    assert.ok(!('total' in rollUp) && !('totals' in rollUp), 'no figure across accounts');
  });
});
