import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AdObjectState, AdSetState } from '../../src/meta/ad-account.js';
import {
  changedBudget,
  type Decision,
  dailyBudgetCeiling,
  type Guardrails,
  planProposal,
} from '../../src/rules/plan.js';
import type { Verdict } from '../../src/rules/types.js';

describe('changedBudget: integer units of the currency, round(old × 1.2), capped', () => {
  test('+20% is round(old × 1.2) to the cent', () => {
    for (const old of [100, 4000, 8000, 1234, 999, 12_345, 777_777]) {
      assert.deepEqual(
        changedBudget(old, 20, 20, null, 'USD'),
        { amount: Math.round(old * 1.2) },
        String(old),
      );
    }
    assert.deepEqual(changedBudget(8000, 20, 20, null, 'USD'), { amount: 9600 });
    assert.deepEqual(changedBudget(1234, 20, 20, null, 'USD'), { amount: 1481 });
  });

  test('−15% rounds half up; never below one whole unit ($1.00)', () => {
    assert.deepEqual(changedBudget(4000, -15, 20, null, 'USD'), { amount: 3400 });
    assert.deepEqual(changedBudget(110, -15, 20, null, 'USD'), { amount: 100 }, '93.5 → the $1.00 floor');
    assert.deepEqual(changedBudget(100, -15, 20, null, 'USD'), {
      why: 'its budget is already at the $1.00/day minimum',
    });
  });

  test('the step is capped at max_change_pct both ways', () => {
    assert.deepEqual(changedBudget(4000, 50, 20, null, 'USD'), { amount: 4800 });
    assert.deepEqual(changedBudget(4000, -50, 20, null, 'USD'), { amount: 3200 });
    assert.deepEqual(changedBudget(4000, 10, 20, null, 'USD'), { amount: 4400 });
  });

  test('MAX_DAILY_BUDGET is a ceiling no raise crosses', () => {
    assert.deepEqual(changedBudget(4000, 20, 20, 4500, 'USD'), { amount: 4500 });
    assert.deepEqual(changedBudget(4000, 20, 20, 4800, 'USD'), { amount: 4800 });
    assert.deepEqual(changedBudget(4500, 20, 20, 4500, 'USD'), {
      why: 'its budget is already at the $45.00/day ceiling (MAX_DAILY_BUDGET)',
    });
    assert.deepEqual(changedBudget(5000, 20, 20, 4500, 'USD'), {
      why: 'its budget is already at the $45.00/day ceiling (MAX_DAILY_BUDGET)',
    });
    assert.deepEqual(
      changedBudget(5000, -15, 20, 4500, 'USD'),
      { amount: 4250 },
      'cuts are not held by the ceiling',
    );
  });

  test('yen: Meta counts daily budgets in whole yen; the change rounds to the yen, never divided by 100', () => {
    assert.deepEqual(changedBudget(8000, 20, 20, null, 'JPY'), { amount: 9600 });
    assert.deepEqual(changedBudget(1234, 20, 20, null, 'JPY'), { amount: 1481 });
    assert.deepEqual(changedBudget(8000, 20, 20, 9000, 'JPY'), { amount: 9000 });
    assert.deepEqual(changedBudget(9000, 20, 20, 9000, 'JPY'), {
      why: 'its budget is already at the ¥9,000/day ceiling (MAX_DAILY_BUDGET)',
    });
    assert.deepEqual(changedBudget(1, -15, 20, null, 'JPY'), {
      why: 'its budget is already at the ¥1/day minimum',
    });
  });

  test('MAX_DAILY_BUDGET is read in each account’s own currency', () => {
    assert.equal(dailyBudgetCeiling('500', 'USD'), 50_000);
    assert.equal(dailyBudgetCeiling('500', 'EUR'), 50_000);
    assert.equal(dailyBudgetCeiling('50000', 'JPY'), 50_000);
    assert.equal(dailyBudgetCeiling('12.5', 'JPY'), 13);
    assert.equal(dailyBudgetCeiling(null, 'JPY'), null);
  });
});

const adset = (over: Partial<AdSetState> = {}): AdSetState => ({
  id: '2001',
  name: 'Houston – Broad',
  campaignId: '1001',
  status: 'ACTIVE',
  effectiveStatus: 'ACTIVE',
  dailyBudgetCents: 4000,
  lifetimeBudgetCents: null,
  ...over,
});

const verdict = (over: Partial<Verdict> = {}): Verdict => ({
  rule: 'scale',
  action: 'scale',
  changePct: 20,
  reason: 'CPL $16.10 is below $25.00 with 14 leads (more than 5)',
  figures: {
    window: 'last_3d',
    since: '2026-11-26',
    until: '2026-11-28',
    spendCents: 22_540,
    impressions: 9000,
    leads: 14,
    frequency: 1.2,
  },
  urgent: false,
  severity: null,
  ...over,
});

const decision = (a: AdSetState, v: Verdict): Decision => ({
  adset: a,
  adsetName: a.name,
  campaignName: 'MVA – Houston',
  verdict: v,
  alsoRules: [],
});

const guard: Guardrails = { protected: [], maxDailyBudget: null, maxChangePct: 20, currency: 'USD' };
const noCampaign = { state: null, activeAdSets: 3 };

describe('planProposal: the right object, or an explanation', () => {
  test('a pause goes on the ad set, whatever its budget', () => {
    const plan = planProposal(
      decision(
        adset({ dailyBudgetCents: null }),
        verdict({ rule: 'kill', action: 'pause', changePct: null }),
      ),
      guard,
      noCampaign,
    );
    assert.ok('draft' in plan);
    assert.deepEqual(plan.draft.target, { type: 'adset', id: '2001', name: 'Houston – Broad' });
    assert.equal(plan.draft.action, 'pause');
    assert.deepEqual(plan.draft.before, { status: 'ACTIVE', dailyBudgetCents: null });
    assert.deepEqual(plan.draft.after, { status: 'PAUSED', dailyBudgetCents: null });
  });

  test('a budget change on an ad set with a daily budget', () => {
    const plan = planProposal(decision(adset(), verdict()), guard, noCampaign);
    assert.ok('draft' in plan);
    assert.equal(plan.draft.action, 'raise_budget');
    assert.deepEqual(plan.draft.before, { status: 'ACTIVE', dailyBudgetCents: 4000 });
    assert.deepEqual(plan.draft.after, { status: 'ACTIVE', dailyBudgetCents: 4800 });
  });

  test('a lifetime budget: explained, never written', () => {
    const plan = planProposal(
      decision(adset({ dailyBudgetCents: null, lifetimeBudgetCents: 180_000 }), verdict()),
      guard,
      noCampaign,
    );
    assert.ok('skipped' in plan);
    assert.match(plan.skipped.why, /lifetime budget; LeadOps only changes daily budgets/);
  });

  test('Advantage campaign budget shared by several ad sets: explained', () => {
    const plan = planProposal(decision(adset({ dailyBudgetCents: null }), verdict()), guard, noCampaign);
    assert.ok('skipped' in plan);
    assert.equal(
      plan.skipped.why,
      'its budget is set on the campaign “MVA – Houston” (Advantage campaign budget), shared by 3 active ad sets; change the campaign budget in Ads Manager if they should all move',
    );
  });

  test('Advantage campaign budget with this as its only active ad set: the campaign’s budget is proposed', () => {
    const campaign: AdObjectState = {
      id: '1001',
      name: 'MVA – Houston',
      status: 'ACTIVE',
      effectiveStatus: 'ACTIVE',
      dailyBudgetCents: 6500,
      lifetimeBudgetCents: null,
    };
    const plan = planProposal(decision(adset({ dailyBudgetCents: null }), verdict()), guard, {
      state: campaign,
      activeAdSets: 1,
    });
    assert.ok('draft' in plan);
    assert.deepEqual(plan.draft.target, { type: 'campaign', id: '1001', name: 'MVA – Houston' });
    assert.deepEqual(plan.draft.after, { status: 'ACTIVE', dailyBudgetCents: 7800 });
  });

  test('a yen ad set: its budget in whole yen, ¥8,000 → ¥9,600', () => {
    const plan = planProposal(
      decision(adset({ dailyBudgetCents: 8000 }), verdict()),
      { ...guard, currency: 'JPY' },
      noCampaign,
    );
    assert.ok('draft' in plan);
    assert.deepEqual(plan.draft.after, { status: 'ACTIVE', dailyBudgetCents: 9600 });
  });

  test('the ceiling applies to the proposal: a raise stops at it', () => {
    const plan = planProposal(decision(adset(), verdict()), { ...guard, maxDailyBudget: 4500 }, noCampaign);
    assert.ok('draft' in plan);
    assert.equal(plan.draft.action, 'raise_budget');
    assert.deepEqual(plan.draft.after, { status: 'ACTIVE', dailyBudgetCents: 4500 });
  });

  test('a winner already at the ceiling: a copy of it at the ceiling instead of a raise', () => {
    const plan = planProposal(decision(adset(), verdict()), { ...guard, maxDailyBudget: 4000 }, noCampaign);
    assert.ok('draft' in plan);
    assert.equal(plan.draft.action, 'duplicate');
    assert.deepEqual(plan.draft.target, { type: 'adset', id: '2001', name: 'Houston – Broad' });
    assert.deepEqual(plan.draft.before, { status: 'ACTIVE', dailyBudgetCents: 4000 });
    assert.deepEqual(plan.draft.after, { status: 'ACTIVE', dailyBudgetCents: 4000 });
    assert.match(
      plan.draft.reason,
      /already at the \$40\.00\/day ceiling \(MAX_DAILY_BUDGET\), so a copy of it/,
    );
  });

  test('a cut is never turned into a copy, nor is a campaign budget at the ceiling', () => {
    const cut = planProposal(
      decision(adset({ dailyBudgetCents: 100 }), verdict({ action: 'reduce', changePct: -15 })),
      { ...guard, maxDailyBudget: 100 },
      noCampaign,
    );
    assert.ok('skipped' in cut);
  });
});
