import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildSpeedReport,
  groupRecords,
  minutesToContact,
  percentile,
  percentileOfUnsorted,
  type SpeedRecord,
  selectRank,
  speedFigures,
} from '../../src/speed/stats.js';

const T = Date.parse('2026-11-20T15:00:00Z');
const MIN = 60_000;

function lead(fields: Partial<SpeedRecord> & { contactAfterMinutes?: number | null }): SpeedRecord {
  const { contactAfterMinutes = null, ...rest } = fields;
  return {
    clockStart: T,
    firstContactAt: contactAfterMinutes === null ? null : T + contactAfterMinutes * MIN,
    junkBeforeContact: false,
    qualified: false,
    rep: null,
    campaignId: null,
    campaignName: null,
    ...rest,
  };
}

/** Hand-checked below: eight leads, two reps, two campaigns with leads and one without. */
const NOW = T + 24 * 60 * MIN;
const A = lead({ contactAfterMinutes: 2, rep: 'U1', campaignId: 'c1', campaignName: 'MVA', qualified: true });
const B = lead({ contactAfterMinutes: 4, rep: 'U1', campaignId: 'c1', campaignName: 'MVA' });
const C = lead({
  contactAfterMinutes: 10,
  rep: 'U2',
  campaignId: 'c2',
  campaignName: 'Slip',
  qualified: true,
});
const D = lead({ contactAfterMinutes: 0.5, rep: 'U2', campaignId: 'c1', campaignName: 'MVA' });
// Came in after hours: its clock starts 10 min later; called 7 min in — before opening — counts as 0.
const E = lead({ clockStart: T + 10 * MIN, contactAfterMinutes: 7, rep: 'U1', campaignId: 'c2' });
const F = lead({ campaignId: 'c1', campaignName: 'MVA' }); // never called, SLA long past
const G = lead({ junkBeforeContact: true, rep: 'U2', campaignId: 'c2', campaignName: 'Slip' });
const H = lead({ clockStart: NOW - MIN }); // never called yet, still inside its 5 minutes
const ALL = [A, B, C, D, E, F, G, H];
const OPTIONS = { slaMinutes: 5, now: NOW };

function close(actual: number | null, expected: number): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);
}

describe('speed statistics', () => {
  test('percentile: type 7 (linear between closest ranks), median the middle or the mean of the two', () => {
    assert.equal(percentile([], 0.5), null);
    assert.equal(percentile([7], 0.9), 7);
    assert.equal(percentile([1, 2, 3], 0.5), 2);
    assert.equal(percentile([1, 2, 3, 10], 0.5), 2.5);
    // h = 3 × 0.9 = 2.7 → 3 + 0.7 × (10 − 3)
    close(percentile([1, 2, 3, 10], 0.9), 7.9);
    assert.equal(percentile([1, 2, 3, 10], 1), 10);
  });

  test('percentiles by selection: the same figures, to the last bit, as from the sorted values', () => {
    assert.equal(percentileOfUnsorted(new Float64Array(0), 0.5), null);
    assert.equal(percentileOfUnsorted(Float64Array.of(10, 3, 1, 2), 0.5), 2.5);
    close(percentileOfUnsorted(Float64Array.of(10, 3, 1, 2), 0.9), 7.9);
    assert.equal(percentileOfUnsorted(Float64Array.of(600_000, 120_000), 0.5, 60_000), 6);
    // Deterministic pseudo-random arrays: all distinct, many equal (zeros, a few values), sorted, reversed.
    let state = 7;
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const shapes: ((n: number) => number[])[] = [
      (n) => Array.from({ length: n }, () => Math.round(next() * 1e7)),
      (n) => Array.from({ length: n }, () => (next() < 0.6 ? 0 : Math.round(next() * 5) * 60_000)),
      (n) => Array.from({ length: n }, (_, i) => i * 1000),
      (n) => Array.from({ length: n }, (_, i) => (n - i) * 1000),
      (n) => Array.from({ length: n }, () => 42),
    ];
    for (const shape of shapes)
      for (const n of [1, 2, 3, 9, 10, 11, 100, 1001]) {
        const values = shape(n);
        const sorted = values.map((v) => v / 60_000).sort((a, b) => a - b);
        for (const p of [0, 0.5, 0.9, 1])
          assert.equal(
            percentileOfUnsorted(Float64Array.from(values), p, 60_000),
            percentile(sorted, p),
            `n ${n}, p ${p}`,
          );
        const k = Math.floor(n / 3);
        const selected = Float64Array.from(values);
        assert.equal(selectRank(selected, k), [...values].sort((a, b) => a - b)[k]);
        for (let i = 0; i < n; i += 1)
          assert.ok(
            i < k
              ? (selected[i] as number) <= (selected[k] as number)
              : (selected[i] as number) >= (selected[k] as number),
          );
      }
  });

  test('minutes to contact run from the clock start, never below 0', () => {
    assert.equal(minutesToContact(A), 2);
    assert.equal(minutesToContact(E), 0);
    assert.equal(minutesToContact(F), null);
  });

  test('total: median, p90, share within the SLA, never contacted, junk', () => {
    const figures = speedFigures(ALL, OPTIONS);
    // Contacted: 0, 0.5, 2, 4, 10 → median 2; p90 h = 4 × 0.9 = 3.6 → 4 + 0.6 × 6 = 7.6.
    assert.equal(figures.leads, 8);
    assert.equal(figures.contacted, 5);
    assert.equal(figures.medianMinutes, 2);
    close(figures.p90Minutes, 7.6);
    // Within 5 min: 0, 0.5, 2, 4. Measured: 5 contacted + F (late); H is still inside its SLA.
    assert.equal(figures.withinSla, 4);
    assert.equal(figures.measured, 6);
    close(figures.shareWithinSla, 4 / 6);
    assert.equal(figures.neverContacted, 2);
    assert.equal(figures.waitingInsideSla, 1);
    assert.equal(figures.junkBeforeContact, 1);
    assert.equal(figures.qualified, 2);
  });

  test('exactly at the SLA counts as within; nothing contacted or measured gives nulls', () => {
    const exact = speedFigures([lead({ contactAfterMinutes: 5 })], OPTIONS);
    assert.equal(exact.withinSla, 1);
    assert.equal(exact.shareWithinSla, 1);
    const none = speedFigures([H], OPTIONS);
    assert.equal(none.medianMinutes, null);
    assert.equal(none.p90Minutes, null);
    assert.equal(none.shareWithinSla, null);
    assert.equal(none.neverContacted, 1);
  });

  test('a decimal SLA (0.5 = 30 s)', () => {
    const figures = speedFigures(ALL, { slaMinutes: 0.5, now: NOW });
    assert.equal(figures.withinSla, 2); // 0 and 0.5
  });

  test('by rep: most leads first, ties by id, nobody’s leads last', () => {
    const report = buildSpeedReport(groupRecords(ALL, OPTIONS), null, 5);
    assert.deepEqual(
      report.byRep.map((r) => [r.rep, r.leads, r.contacted, r.withinSla, r.measured, r.neverContacted]),
      [
        ['U1', 3, 3, 3, 3, 0],
        ['U2', 3, 2, 1, 2, 0],
        [null, 2, 0, 0, 1, 2],
      ],
    );
    const [u1, u2, nobody] = report.byRep;
    // U1: 0, 2, 4 → median 2, p90 h = 1.8 → 2 + 0.8 × 2 = 3.6
    assert.equal(u1?.medianMinutes, 2);
    close(u1?.p90Minutes ?? null, 3.6);
    // U2: 0.5, 10 → median 5.25, p90 h = 0.9 → 0.5 + 0.9 × 9.5 = 9.05
    close(u2?.medianMinutes ?? null, 5.25);
    close(u2?.p90Minutes ?? null, 9.05);
    assert.equal(u2?.shareWithinSla, 0.5);
    assert.equal(u2?.junkBeforeContact, 1);
    assert.equal(nobody?.shareWithinSla, 0);
    assert.equal(report.spend, null);
  });

  test('by campaign, next to CPL (Meta’s leads) and cost per qualified lead (LeadOps’ outcomes)', () => {
    const report = buildSpeedReport(
      groupRecords(ALL, OPTIONS),
      [
        { id: 'c1', name: 'MVA – Houston', spendCents: 10_000, leads: 8 },
        { id: 'c2', name: 'Slip and fall', spendCents: 6_000, leads: 3 },
        { id: 'c3', name: 'Brand', spendCents: 2_000, leads: 0 },
      ],
      5,
    );
    assert.deepEqual(
      report.byCampaign.map((c) => [
        c.id,
        c.name,
        c.leads,
        c.medianMinutes,
        c.withinSla,
        c.measured,
        c.neverContacted,
        c.qualified,
        c.spendCents,
        c.cplCents,
        c.costPerQualifiedCents,
      ]),
      [
        // c1: A, B, D, F — 0.5, 2, 4 → median 2; F late; A qualified; $100 ÷ 8 = $12.50, ÷ 1 = $100
        ['c1', 'MVA – Houston', 4, 2, 3, 4, 1, 1, 10_000, 1_250, 10_000],
        // c2: C, E, G — 0, 10 → median 5; G junk; C qualified; $60 ÷ 3 = $20, ÷ 1 = $60
        ['c2', 'Slip and fall', 3, 5, 1, 2, 0, 1, 6_000, 2_000, 6_000],
        // c3 spent without a stored lead: no speed figures, no CPL
        ['c3', 'Brand', 0, null, 0, 0, 0, 0, 2_000, null, null],
        // H: no campaign (organic or test): no spend side
        [null, null, 1, null, 0, 0, 1, 0, null, null, null],
      ],
    );
    close(report.byCampaign[0]?.p90Minutes ?? null, 3.6);
    close(report.byCampaign[1]?.p90Minutes ?? null, 9);
    // $180 spend ÷ 11 Meta leads = $16.3636… → 1636; ÷ 2 qualified = $90
    assert.deepEqual(report.spend, { spendCents: 18_000, cplCents: 1_636, costPerQualifiedCents: 9_000 });
  });

  test('insights not read: speed figures alone, campaign names from the store', () => {
    const report = buildSpeedReport(groupRecords(ALL, OPTIONS), null, 5);
    assert.deepEqual(
      report.byCampaign.map((c) => [c.id, c.name, c.spendCents, c.cplCents]),
      [
        ['c1', 'MVA', null, null],
        ['c2', 'Slip', null, null],
        [null, null, null, null],
      ],
    );
  });
});
