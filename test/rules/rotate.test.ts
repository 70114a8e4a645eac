import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AdInsightRow, AdSetState } from '../../src/meta/ad-account.js';
import { adTrend, rotateProposals, trendRange } from '../../src/rules/rotate.js';

const SETTINGS = { enabled: true, window: 'last_7d', maxFrequency: 3.5, ctrDropPct: 30 };
const adset = (id: string, name = `Ad set ${id}`): AdSetState => ({
  id,
  name,
  campaignId: 'C1',
  status: 'ACTIVE',
  effectiveStatus: 'ACTIVE',
  dailyBudgetCents: 4000,
  lifetimeBudgetCents: null,
});
const row = (adId: string, adsetId: string, over: Partial<AdInsightRow> = {}): AdInsightRow => ({
  adId,
  adName: `Ad ${adId}`,
  adsetId,
  campaignId: 'C1',
  spendCents: 10_000,
  impressions: 10_000,
  clicks: 150,
  leads: 3,
  reach: 5000,
  frequency: 2,
  dateStart: '2026-11-22',
  dateStop: '2026-11-28',
  ...over,
});
const earlier = (adId: string, adsetId: string, clicks: number, impressions = 7000) =>
  row(adId, adsetId, { clicks, impressions, dateStart: '2026-11-19', dateStop: '2026-11-25' });
const recent = (adId: string, adsetId: string, clicks: number, impressions = 3000) =>
  row(adId, adsetId, { clicks, impressions, dateStart: '2026-11-26', dateStop: '2026-11-28' });

function run(
  windowRows: AdInsightRow[],
  trendRows: AdInsightRow[] = [],
  options: { decided?: string[]; protected?: string[] } = {},
) {
  return rotateProposals({
    settings: SETTINGS,
    adsets: [adset('S1'), adset('S2')],
    campaignNames: new Map([['C1', 'Campaign One']]),
    window: { range: { since: '2026-11-22', until: '2026-11-28', preset: 'last_7d' }, rows: windowRows },
    trend: { range: trendRange('2026-11-29'), rows: trendRows },
    decided: new Set(options.decided ?? []),
    protected: options.protected ?? [],
  });
}

describe('rotate: creative rotation', () => {
  test('the trend call covers the 10 whole days before today, cut 7 + 3', () => {
    assert.deepEqual(trendRange('2026-11-29'), { since: '2026-11-19', until: '2026-11-28', daysPerRow: 7 });
  });

  test('CTR drop: recent against earlier, in percent; unknown with too few impressions', () => {
    const t = adTrend(undefined, earlier('A', 'S1', 140, 7000), recent('A', 'S1', 30, 3000));
    assert.equal(t.ctrBefore, 0.02);
    assert.equal(t.ctrRecent, 0.01);
    assert.equal(t.dropPct, 50);
    assert.equal(adTrend(undefined, earlier('A', 'S1', 140, 7000), recent('A', 'S1', 3, 300)).dropPct, null);
  });

  test('frequency above 3.5 → pause that ad, naming the ads that carry the budget', () => {
    const { drafts } = run([row('A', 'S1', { frequency: 4.2 }), row('B', 'S1'), row('C', 'S2')]);
    assert.equal(drafts.length, 1);
    const [draft] = drafts;
    assert.deepEqual(draft?.target, { type: 'ad', id: 'A', name: 'Ad A' });
    assert.equal(draft?.action, 'pause');
    assert.deepEqual(draft?.after, { status: 'PAUSED', dailyBudgetCents: null });
    assert.equal(
      draft?.reason,
      'ad “Ad A”: frequency 4.20 is above 3.50. Still active in the ad set, carrying its budget: “Ad B”',
    );
    assert.deepEqual(draft?.severity, { metric: 'frequency', value: 4.2 });
  });

  test('exactly at the thresholds nothing fires; just past them it does', () => {
    assert.equal(run([row('A', 'S1', { frequency: 3.5 }), row('B', 'S1')]).drafts.length, 0);
    const at30 = run(
      [row('A', 'S1'), row('B', 'S1')],
      [earlier('A', 'S1', 200, 10_000), recent('A', 'S1', 140, 10_000)],
    );
    assert.equal(at30.drafts.length, 0, 'a 30% drop is not more than 30%');
    const past = run(
      [row('A', 'S1'), row('B', 'S1')],
      [earlier('A', 'S1', 200, 10_000), recent('A', 'S1', 139, 10_000)],
    );
    assert.match(
      past.drafts[0]?.reason ?? '',
      /CTR fell 31% \(more than 30%\): 1\.39% over the last 3 days against 2\.00% the 7 days before/,
    );
  });

  test('never the last active ad; one ad per ad set, the most worn out', () => {
    const last = run([row('A', 'S1', { frequency: 6 })]);
    assert.deepEqual(last.drafts, []);
    assert.match(last.skipped[0]?.why ?? '', /last active ad/);
    const both = run([row('A', 'S1', { frequency: 4 }), row('B', 'S1', { frequency: 6 })]);
    assert.deepEqual(
      both.drafts.map((d) => d.target.id),
      ['B'],
    );
  });

  test('an ad set another rule proposes for, or a PROTECTED ad, is left alone', () => {
    assert.deepEqual(
      run([row('A', 'S1', { frequency: 6 }), row('B', 'S1')], [], { decided: ['S1'] }).drafts,
      [],
    );
    assert.deepEqual(
      run([row('A', 'S1', { frequency: 6 }), row('B', 'S1')], [], { protected: ['Ad A'] }).drafts,
      [],
    );
  });
});
