import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, eachDate } from '../../src/dates/calendar.js';
import type { ReportInsightRow } from '../../src/meta/ad-account.js';
import { buildDailyReport, type DailyReportInput } from '../../src/reports/daily-report.js';
import { countFormLeads } from '../../src/reports/form-leads.js';
import { reportWindow } from '../../src/reports/window.js';

const TZ = 'America/Chicago';
/** Sunday Nov 29, 2026, 08:00 in Chicago. */
const EIGHT_AM = Date.parse('2026-11-29T14:00:00Z');

function row(
  level: ReportInsightRow['level'],
  objectId: string,
  since: string,
  until: string,
  figures: Partial<ReportInsightRow>,
): ReportInsightRow {
  return {
    level,
    objectId,
    name: figures.name ?? objectId,
    campaignId: null,
    campaignName: figures.campaignName ?? null,
    spendCents: 0,
    impressions: 0,
    clicks: 0,
    leads: 0,
    formLeads: figures.formLeads ?? figures.leads ?? 0,
    reach: null,
    frequency: null,
    dateStart: since,
    dateStop: until,
    ...figures,
  };
}

/** Account days Nov 15–28: $100 a day and 4 leads, except the report day (Nov 28) and the day before. */
function accountDays(): ReportInsightRow[] {
  return eachDate('2026-11-15', '2026-11-28')
    .filter((date) => date !== '2026-11-20') // a day without delivery: Meta sends no row
    .map((date) => {
      if (date === '2026-11-28')
        return row('account', 'acct', date, date, {
          spendCents: 15_000,
          leads: 5,
          formLeads: 4,
          impressions: 10_000,
          clicks: 150,
        });
      if (date === '2026-11-27')
        return row('account', 'acct', date, date, {
          spendCents: 12_000,
          leads: 6,
          impressions: 8000,
          clicks: 80,
        });
      return row('account', 'acct', date, date, {
        spendCents: 10_000,
        leads: 4,
        impressions: 8000,
        clicks: 100,
      });
    });
}

function input(overrides: Partial<DailyReportInput> = {}): DailyReportInput {
  const day = '2026-11-28';
  const before = '2026-11-27';
  return {
    window: reportWindow({ since: day, until: day, preset: 'yesterday' }, '2026-11-29'),
    timezone: TZ,
    accountName: 'Acme Injury Law',
    nowMilliseconds: EIGHT_AM,
    accountDays: accountDays(),
    campaigns: [
      row('campaign', 'c1', day, day, {
        name: 'Small',
        spendCents: 3000,
        leads: 0,
        impressions: 2000,
        clicks: 20,
      }),
      row('campaign', 'c2', day, day, {
        name: 'Big',
        spendCents: 12_000,
        leads: 5,
        impressions: 8000,
        clicks: 130,
      }),
      row('campaign', 'c2', before, before, { name: 'Big', spendCents: 12_000, leads: 6 }),
      row('campaign', 'c1', before, before, { name: 'Small', spendCents: 2000, leads: 0 }),
    ],
    adsets: [
      row('adset', 'a1', day, day, {
        name: 'Lucky',
        campaignName: 'Big',
        spendCents: 300,
        leads: 1,
        frequency: 1.1,
      }),
      row('adset', 'a2', day, day, {
        name: 'Good',
        campaignName: 'Big',
        spendCents: 6000,
        leads: 3,
        frequency: 1.3,
      }),
      row('adset', 'a3', day, day, {
        name: 'Poor',
        campaignName: 'Big',
        spendCents: 5700,
        leads: 1,
        frequency: 4.4,
      }),
      row('adset', 'a4', day, day, {
        name: 'Dud',
        campaignName: 'Small',
        spendCents: 3000,
        leads: 0,
        frequency: 2,
      }),
    ],
    firstWholeDay: '2026-11-01',
    receivedLeads: 3,
    ...overrides,
  };
}

describe('buildDailyReport', () => {
  test('totals, and the changes against the day before and the average of the 7 before', () => {
    const report = buildDailyReport(input());
    assert.deepEqual(report.total, {
      spendCents: 15_000,
      impressions: 10_000,
      clicks: 150,
      leads: 5,
      cplCents: 3000,
      ctr: 0.015,
      cpmCents: 1500,
    });
    // vs Nov 27: $150 vs $120 = +25%; 5 vs 6 leads; CPL $30 vs $20 = +50%.
    assert.deepEqual(report.changes.spend.vsPrevious, { direction: 'up', ratio: 0.25 });
    assert.equal(report.changes.leads.vsPrevious?.direction, 'down');
    assert.ok(Math.abs((report.changes.leads.vsPrevious?.ratio ?? 0) + 1 / 6) < 1e-12);
    assert.deepEqual(report.changes.cpl.vsPrevious, { direction: 'up', ratio: 0.5 });
    assert.equal(report.changes.ctr.vsPrevious?.direction, 'up');
    assert.ok(Math.abs((report.changes.ctr.vsPrevious?.ratio ?? 0) - 0.5) < 1e-12, 'CTR 1.5% vs 1%');
    // Nov 21–27: six days of $100/4 leads and Nov 27 ($120/6): $720, 30 leads → $102.857/day.
    const trailingSpend = 72_000 / 7;
    assert.ok(
      Math.abs((report.changes.spend.vsTrailing?.ratio ?? 0) - (15_000 - trailingSpend) / trailingSpend) <
        1e-12,
    );
    assert.ok(Math.abs((report.changes.cpl.vsTrailing?.ratio ?? 0) - (3000 - 2400) / 2400) < 1e-12);
    assert.deepEqual(report.previous, { since: '2026-11-27', until: '2026-11-27' });
    assert.deepEqual(report.trailing, { since: '2026-11-21', until: '2026-11-27' });
  });

  test('campaigns by spend, each with its CPL change against the previous period', () => {
    const report = buildDailyReport(input());
    assert.deepEqual(
      report.campaigns.map((c) => [c.name, c.spendCents, c.leads, c.cplCents, c.cplChange]),
      [
        ['Big', 12_000, 5, 2400, { direction: 'up', ratio: 0.2 }],
        ['Small', 3000, 0, null, null],
      ],
    );
  });

  test('best and worst above the floor, spenders without leads, frequency above the cap', () => {
    const report = buildDailyReport(input());
    assert.equal(report.adsetFloorCents, 2000);
    assert.equal(report.best?.name, 'Good');
    assert.equal(report.best?.cplCents, 2000);
    assert.equal(report.worst?.name, 'Poor');
    assert.deepEqual(
      report.spentWithoutLeads.map((a) => a.name),
      ['Dud'],
    );
    assert.deepEqual(
      report.aboveFrequencyCap.map((a) => [a.name, a.frequency]),
      [['Poor', 4.4]],
    );
    assert.equal(report.frequencyCap, 4);
  });

  test('the lead check compares Meta’s instant-form leads with what LeadOps received', () => {
    assert.deepEqual(buildDailyReport(input()).leadCheck, { since: '2026-11-28', meta: 4, received: 3 });
  });

  test('the lead check leaves out the days before LeadOps’ first whole day', () => {
    // A database that started on Nov 29: none of Nov 28 was seen, so nothing is compared.
    assert.deepEqual(buildDailyReport(input({ firstWholeDay: '2026-11-30' })).leadCheck, {
      firstWholeDay: '2026-11-30',
    });
    assert.deepEqual(buildDailyReport(input({ firstWholeDay: '2026-11-29' })).leadCheck, {
      firstWholeDay: '2026-11-29',
    });
    // A week of which LeadOps ran Nov 27 and 28: Meta's figures for those two days only.
    const window = reportWindow(
      { since: '2026-11-22', until: '2026-11-28', preset: 'last_7d' },
      '2026-11-29',
    );
    assert.deepEqual(buildDailyReport(input({ window, firstWholeDay: '2026-11-27' })).leadCheck, {
      since: '2026-11-27',
      meta: 6 + 4,
      received: 3,
    });
  });

  test('the chart has every one of the 14 days, a day without delivery as zero with no CPL', () => {
    const { chart } = buildDailyReport(input());
    assert.deepEqual(chart.period, { since: '2026-11-15', until: '2026-11-28' });
    assert.equal(chart.days.length, 14);
    assert.deepEqual(chart.days[5], { date: '2026-11-20', spendCents: 0, leads: 0, cplCents: null });
    assert.deepEqual(chart.days[13], { date: '2026-11-28', spendCents: 15_000, leads: 5, cplCents: 3000 });
  });

  test('settling: within 3 hours of the day’s end (or before it ends), not after', () => {
    const midnight = Date.parse('2026-11-29T06:00:00Z');
    assert.equal(buildDailyReport(input({ nowMilliseconds: midnight + 2 * 3600_000 })).settling, true);
    assert.equal(buildDailyReport(input({ nowMilliseconds: midnight + 3 * 3600_000 })).settling, false);
    assert.equal(buildDailyReport(input()).settling, false);
    const today = reportWindow({ since: '2026-11-29', until: '2026-11-29', preset: 'today' }, '2026-11-29');
    assert.equal(buildDailyReport(input({ window: today })).settling, true);
  });

  test('a range of several days: previous period only, floor × days', () => {
    const window = reportWindow(
      { since: '2026-11-22', until: '2026-11-28', preset: 'last_7d' },
      '2026-11-29',
    );
    const report = buildDailyReport(input({ window, campaigns: [], adsets: [] }));
    assert.equal(report.trailing, null);
    assert.equal(report.changes.spend.vsTrailing, null);
    assert.equal(report.adsetFloorCents, 14_000);
    // Nov 22–28: five $100 days, $120, $150 = $770; Nov 15–21 without Nov 20: six × $100 = $600.
    assert.equal(report.total.spendCents, 77_000);
    assert.ok(Math.abs((report.changes.spend.vsPrevious?.ratio ?? 0) - 170 / 600) < 1e-12);
    assert.equal(report.best, null);
    assert.equal(addDays(report.range.until, 1), '2026-11-29');
  });
});

describe('countFormLeads', () => {
  test('instant-form leads only: the on-Facebook count, never pixel leads', () => {
    const actions = [
      { action_type: 'lead', value: '7' },
      { action_type: 'onsite_conversion.lead_grouped', value: '5' },
      { action_type: 'leadgen_grouped', value: '5' },
      { action_type: 'offsite_conversion.fb_pixel_lead', value: '2' },
    ];
    assert.equal(countFormLeads(actions), 5);
    assert.equal(countFormLeads([{ action_type: 'leadgen_grouped', value: '3' }]), 3);
  });

  test('without an on-Facebook entry: lead minus pixel leads', () => {
    assert.equal(
      countFormLeads([
        { action_type: 'lead', value: '4' },
        { action_type: 'offsite_conversion.fb_pixel_lead', value: '1' },
      ]),
      3,
    );
    assert.equal(countFormLeads([{ action_type: 'offsite_conversion.fb_pixel_lead', value: '2' }]), 0);
    assert.equal(countFormLeads(undefined), 0);
    assert.equal(countFormLeads([]), 0);
  });
});
