import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCplReport, type CplReportInput, nameFilter } from '../../src/insights/cpl-report.js';
import type { InsightRow } from '../../src/insights/types.js';
import { campaignRowFixture, FIXTURE_RANGE } from '../support/insight-fixtures.js';

const RANGE = FIXTURE_RANGE;

const row = campaignRowFixture;

function input(rows: InsightRow[], extra: Partial<CplReportInput> = {}): CplReportInput {
  return {
    range: RANGE,
    level: 'campaign',
    filter: null,
    timezone: 'America/Chicago',
    accountName: 'Acme Roofing',
    currency: 'USD',
    rows,
    ...extra,
  };
}

describe('buildCplReport', () => {
  test('totals sum then divide; lines sorted by spend', () => {
    const report = buildCplReport(
      input([
        row('1', 'Houston Roof Repair', 10000, 1, { impressions: 1000, clicks: 10 }),
        row('2', 'Dallas Storm Damage', 30000, 9, { impressions: 3000, clicks: 90 }),
        row('3', 'Austin Gutters', 2000, 0, { impressions: 500, clicks: 5 }),
      ]),
    );
    assert.deepEqual(report.total, {
      spendCents: 42000,
      impressions: 4500,
      clicks: 105,
      leads: 10,
      cplCents: 4200,
      ctr: 105 / 4500,
      cpmCents: 9333,
    });
    assert.deepEqual(
      report.lines.map((l) => [l.id, l.name, l.spendCents, l.leads, l.cplCents]),
      [
        ['2', 'Dallas Storm Damage', 30000, 9, 3333],
        ['1', 'Houston Roof Repair', 10000, 1, 10000],
        ['3', 'Austin Gutters', 2000, 0, null],
      ],
    );
    assert.equal(report.range, RANGE);
    assert.equal(report.level, 'campaign');
    assert.equal(report.filter, null);
    assert.equal(report.timezone, 'America/Chicago');
    assert.equal(report.accountName, 'Acme Roofing');
  });

  test('equal spend sorts by name', () => {
    const report = buildCplReport(
      input([
        row('1', 'Charlie', 500, 1),
        row('2', 'alpha', 500, 1),
        row('3', 'Bravo', 500, 1),
        row('4', 'Zed', 900, 1),
      ]),
    );
    assert.deepEqual(
      report.lines.map((l) => l.name),
      ['Zed', 'alpha', 'Bravo', 'Charlie'],
    );
  });

  test('rows of the same object are merged into one line', () => {
    const report = buildCplReport(
      input([
        row('1', 'Houston', 1000, 1, {
          impressions: 100,
          clicks: 5,
          dateStart: '2026-11-21',
          dateStop: '2026-11-21',
        }),
        row('2', 'Dallas', 1500, 1),
        row('1', 'Houston', 2000, 2, {
          impressions: 300,
          clicks: 7,
          dateStart: '2026-11-22',
          dateStop: '2026-11-22',
        }),
      ]),
    );
    assert.equal(report.lines.length, 2);
    assert.deepEqual(report.lines[0], {
      id: '1',
      name: 'Houston',
      campaignName: 'Houston',
      spendCents: 3000,
      impressions: 400,
      clicks: 12,
      leads: 3,
      cplCents: 1000,
      ctr: 0.03,
      cpmCents: 7500,
    });
    assert.equal(report.total.spendCents, 4500);
    assert.equal(report.total.leads, 4);
  });

  test('the name filter is case-insensitive and matches the ad set or its campaign', () => {
    const rows = [
      row('a1', 'Roof 25-45', 1000, 1, {
        level: 'adset',
        campaignId: 'c1',
        campaignName: 'HOUSTON Roof Repair',
      }),
      row('a2', 'Houston lookalike', 2000, 2, {
        level: 'adset',
        campaignId: 'c2',
        campaignName: 'Retargeting',
      }),
      row('a3', 'Gutters broad', 4000, 1, {
        level: 'adset',
        campaignId: 'c3',
        campaignName: 'Dallas Gutters',
      }),
    ];
    const report = buildCplReport(input(rows, { level: 'adset', filter: 'houston' }));
    assert.deepEqual(
      report.lines.map((l) => [l.id, l.campaignName]),
      [
        ['a2', 'Retargeting'],
        ['a1', 'HOUSTON Roof Repair'],
      ],
    );
    assert.equal(report.filter, 'houston');
    assert.equal(report.level, 'adset');
    assert.equal(report.total.spendCents, 3000);
    assert.equal(report.total.leads, 3);
    assert.equal(report.total.cplCents, 1000);
  });

  test('the filter matches whole words, in any case', () => {
    const matches = nameFilter('RT');
    assert.equal(matches('RT – Website visitors (14d)'), true);
    assert.equal(matches('Retargeting (rt)'), true);
    assert.equal(matches('MVA – Dallas/Fort Worth'), false, 'not inside a word');
    assert.equal(matches('Smart'), false);
    assert.equal(nameFilter('fort worth')('MVA – Dallas/Fort  Worth'), true, 'a phrase, any spacing');
    assert.equal(nameFilter('hous')('Houston'), false);
    assert.equal(nameFilter('1%')('Lookalike 1% (past clients)'), true);
    assert.equal(nameFilter('(past')('Lookalike 1% (past clients)'), true, 'regex characters are literal');
    assert.equal(nameFilter('médico')('Médico – Houston'), true);
    assert.equal(nameFilter('edico')('Médico – Houston'), false, 'accented letters are letters');
  });

  test('a filter matching nothing gives no lines and zero totals', () => {
    const report = buildCplReport(
      input([row('1', 'Houston', 1000, 1), row('2', 'Fort Worth', 1000, 1)], { filter: 'RT' }),
    );
    assert.deepEqual(report.lines, []);
    assert.equal(report.total.spendCents, 0);
    assert.equal(report.total.cplCents, null);
  });
});
