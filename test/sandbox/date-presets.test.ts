import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dailyFigures } from '../../src/sandbox/daily-figures.js';
import { DATE_PRESETS, resolveDatePreset } from '../../src/sandbox/date-presets.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { graphGet } from './graph-http.js';

const range = (since: string, until: string) => ({ since, until });

describe('date presets, resolved as Meta does', () => {
  test('on Sunday 2026-11-29', () => {
    const today = '2026-11-29';
    const expected = {
      today: range('2026-11-29', '2026-11-29'),
      yesterday: range('2026-11-28', '2026-11-28'),
      last_3d: range('2026-11-26', '2026-11-28'),
      last_7d: range('2026-11-22', '2026-11-28'),
      last_14d: range('2026-11-15', '2026-11-28'),
      last_28d: range('2026-11-01', '2026-11-28'),
      last_30d: range('2026-10-30', '2026-11-28'),
      last_90d: range('2026-08-31', '2026-11-28'),
      this_month: range('2026-11-01', '2026-11-29'),
      last_month: range('2026-10-01', '2026-10-31'),
      this_quarter: range('2026-10-01', '2026-11-29'),
      last_quarter: range('2026-07-01', '2026-09-30'),
      this_year: range('2026-01-01', '2026-11-29'),
      last_year: range('2025-01-01', '2025-12-31'),
      this_week_mon_today: range('2026-11-23', '2026-11-29'),
      this_week_sun_today: range('2026-11-29', '2026-11-29'),
      last_week_mon_sun: range('2026-11-16', '2026-11-22'),
      last_week_sun_sat: range('2026-11-22', '2026-11-28'),
      maximum: range('2023-10-29', '2026-11-29'),
    };
    assert.deepEqual(Object.keys(expected).sort(), [...DATE_PRESETS].sort());
    for (const preset of DATE_PRESETS)
      assert.deepEqual(resolveDatePreset(preset, today), expected[preset], preset);
  });

  test('on a Monday, weeks turn over', () => {
    const today = '2026-11-30';
    assert.deepEqual(resolveDatePreset('this_week_mon_today', today), range('2026-11-30', '2026-11-30'));
    assert.deepEqual(resolveDatePreset('this_week_sun_today', today), range('2026-11-29', '2026-11-30'));
    assert.deepEqual(resolveDatePreset('last_week_mon_sun', today), range('2026-11-23', '2026-11-29'));
    assert.deepEqual(resolveDatePreset('last_week_sun_sat', today), range('2026-11-22', '2026-11-28'));
  });

  test('on New Year’s Day, and at the end of a long month', () => {
    const today = '2027-01-01';
    assert.deepEqual(resolveDatePreset('yesterday', today), range('2026-12-31', '2026-12-31'));
    assert.deepEqual(resolveDatePreset('last_month', today), range('2026-12-01', '2026-12-31'));
    assert.deepEqual(resolveDatePreset('last_quarter', today), range('2026-10-01', '2026-12-31'));
    assert.deepEqual(resolveDatePreset('this_quarter', today), range('2027-01-01', '2027-01-01'));
    assert.deepEqual(resolveDatePreset('last_year', today), range('2026-01-01', '2026-12-31'));
    assert.deepEqual(resolveDatePreset('last_month', '2026-03-31'), range('2026-02-01', '2026-02-28'));
    assert.deepEqual(resolveDatePreset('maximum', '2026-03-31'), range('2023-02-28', '2026-03-31'));
  });
});

describe('presets over HTTP across the March 2026 DST change in Chicago', () => {
  let now = 0;
  let graph: GraphEmulator;
  before(async () => {
    graph = await startGraphEmulator({ now: () => now });
  });
  after(async () => {
    await graph.close();
  });

  const firstRow = async (params: Record<string, string>) => {
    const { body } = await graphGet(graph, `/${graph.account.id}/insights`, { fields: 'spend', ...params });
    return body.data[0];
  };
  const rangeOf = async (params: Record<string, string>) => {
    const row = await firstRow(params);
    return range(row?.date_start, row?.date_stop);
  };
  const offsetHours = async () =>
    (await graphGet(graph, `/${graph.account.id}`, { fields: 'timezone_offset_hours_utc' })).body
      .timezone_offset_hours_utc;

  test('"today" follows the local calendar, not a fixed UTC offset', async () => {
    now = Date.parse('2026-03-08T05:30:00Z'); // Sat Mar 7, 23:30 CST
    assert.deepEqual(await rangeOf({ date_preset: 'today' }), range('2026-03-07', '2026-03-07'));
    assert.equal(await offsetHours(), -6);
    now = Date.parse('2026-03-09T05:30:00Z'); // Mon Mar 9, 00:30 CDT (it would be Mar 8 in CST)
    assert.deepEqual(await rangeOf({ date_preset: 'today' }), range('2026-03-09', '2026-03-09'));
    assert.deepEqual(await rangeOf({ date_preset: 'yesterday' }), range('2026-03-08', '2026-03-08'));
    assert.equal(await offsetHours(), -5);
  });

  test('a preset and the same time_range give the same row', async () => {
    now = Date.parse('2026-03-10T15:00:00Z');
    assert.deepEqual(await rangeOf({ date_preset: 'last_7d' }), range('2026-03-03', '2026-03-09'));
    for (const preset of ['last_7d', 'this_week_mon_today', 'last_week_sun_sat', 'this_month']) {
      const viaPreset = await firstRow({ date_preset: preset });
      const timeRange = JSON.stringify({ since: viaPreset.date_start, until: viaPreset.date_stop });
      assert.deepEqual(await firstRow({ time_range: timeRange }), viaPreset, preset);
    }
  });

  test('on the 23-hour day, today’s delivery is cut by the share of the local day elapsed', async () => {
    now = Date.parse('2026-03-08T17:00:00Z'); // 12:00 CDT: 11 of the day's 23 hours have passed
    const adset = graph.account.adsets[0];
    assert.ok(adset);
    const [row] = graph.insightsRows('adset', '2026-03-08', '2026-03-08');
    assert.equal(row?.id, adset.id);
    assert.equal(
      row.spendCents,
      Math.floor((dailyFigures(graph.account, adset, '2026-03-08').spendCents * 11) / 23),
    );
  });
});
