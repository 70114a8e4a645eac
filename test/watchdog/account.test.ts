import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountStanding, FlaggedAd } from '../../src/meta/account-health.js';
import { evaluateAccount, evaluateUnreadable } from '../../src/watchdog/checks/account.js';
import { evaluateAds } from '../../src/watchdog/checks/ads.js';
import { settingsOf } from '../../src/watchdog/settings.js';
import { simulate } from './simulate.js';

const NOW = Date.parse('2026-11-29T18:00:00Z');
const MIN15 = 15 * 60_000;
const defaults = settingsOf('account', new Map(), 'USD');
const none = new Set<string>();

const standing = (change: Partial<AccountStanding> = {}): AccountStanding => ({
  name: 'Brazos & Reyes',
  timezone: 'America/Chicago',
  currency: 'USD',
  accountStatus: 1,
  disableReason: 0,
  amountSpentCents: 500_000,
  spendCapCents: null,
  ...change,
});

describe('account: the check', () => {
  test('active, no cap: ok', () => {
    const result = evaluateAccount(standing(), defaults, none);
    assert.equal(result.state, 'ok');
    assert.equal(result.summary, '“Brazos & Reyes” active; no spend cap.');
  });

  test('unsettled → what it means and what to do', () => {
    const result = evaluateAccount(standing({ accountStatus: 3 }), defaults, none);
    assert.deepEqual(result.conditions, [
      {
        key: 'status',
        level: '3',
        title: 'The ad account is unsettled',
        detail: '“Brazos & Reyes”: account_status 3 — a payment failed; ads stop until the balance is paid.',
        fix: 'Pay the outstanding balance or fix the payment method in Billing & payments (business.facebook.com/billing_hub).',
      },
    ]);
  });

  test('disabled with Meta’s disable_reason; each non-active status is named', () => {
    const disabled = evaluateAccount(standing({ accountStatus: 2, disableReason: 1 }), defaults, none);
    assert.equal(
      disabled.conditions[0]?.title,
      'The ad account is disabled (disable_reason 1: ads integrity policy)',
    );
    const names = [7, 8, 9, 100, 101, 42].map(
      (accountStatus) => evaluateAccount(standing({ accountStatus }), defaults, none).conditions[0]?.title,
    );
    assert.deepEqual(names, [
      'The ad account is pending risk review',
      'The ad account is pending settlement',
      'The ad account is in grace period',
      'The ad account is pending closure',
      'The ad account is closed',
      'The ad account is status 42',
    ]);
  });

  test('spend cap: 90% used → almost reached; all used → reached (a level change)', () => {
    const near = evaluateAccount(
      standing({ spendCapCents: 1_000_000, amountSpentCents: 930_000 }),
      defaults,
      none,
    );
    assert.deepEqual(
      near.conditions.map((c) => [c.key, c.level, c.title]),
      [['spend-cap', 'near', 'Spend cap almost reached: $9,300.00 of $10,000.00 (93%)']],
    );
    const reached = evaluateAccount(
      standing({ spendCapCents: 1_000_000, amountSpentCents: 1_000_000 }),
      defaults,
      none,
    );
    assert.equal(reached.conditions[0]?.level, 'reached');
    assert.equal(
      evaluateAccount(standing({ spendCapCents: 1_000_000, amountSpentCents: 890_000 }), defaults, none)
        .state,
      'ok',
    );
  });

  test('the cap does not flap around the threshold: once raised it ends 5 points lower', () => {
    const cap = (spent: number, previous: ReadonlySet<string>) =>
      evaluateAccount(standing({ spendCapCents: 1_000_000, amountSpentCents: spent }), defaults, previous);
    assert.equal(cap(880_000, new Set(['spend-cap'])).state, 'alert');
    assert.equal(cap(840_000, new Set(['spend-cap'])).state, 'ok');
  });

  test('Meta did not answer → unknown (held)', () => {
    assert.equal(evaluateAccount(null, defaults, none).state, 'unknown');
  });

  test('unsettled over several runs, then active: one alert, one resolved', () => {
    const run = (n: number, accountStatus: number) => ({
      at: NOW + n * MIN15,
      result: evaluateAccount(standing({ accountStatus }), defaults, none),
    });
    const { said } = simulate([run(0, 3), run(1, 3), run(2, 3), run(3, 1), run(4, 1)]);
    assert.deepEqual(said, [['start status'], [], [], ['end status'], []]);
  });
});

const ad = (change: Partial<FlaggedAd> = {}): FlaggedAd => ({
  id: '111',
  name: 'Crash video',
  effectiveStatus: 'DISAPPROVED',
  campaignId: 'c1',
  adsetId: 's1',
  feedback: ['Unrealistic Outcomes: no guaranteed amounts.'],
  ...change,
});

describe('ads: the check', () => {
  const names = new Map([['c1', 'MVA – Houston']]);

  test('a disapproved ad, named, with Meta’s feedback', () => {
    const result = evaluateAds([ad()], names);
    assert.deepEqual(
      result.conditions.map((c) => [c.key, c.level, c.title, c.detail]),
      [
        [
          'ad:111',
          'DISAPPROVED',
          'Meta disapproved the ad “Crash video”',
          'Ad 111 in “MVA – Houston”. Meta’s review: Unrealistic Outcomes: no guaranteed amounts.',
        ],
      ],
    );
    assert.equal(result.summary, '1 disapproved, 0 with issues: “Crash video”.');
  });

  test('WITH_ISSUES without feedback; unknown campaign left out', () => {
    const result = evaluateAds(
      [ad({ id: '222', effectiveStatus: 'WITH_ISSUES', feedback: [], campaignId: 'c9' })],
      names,
    );
    assert.equal(result.conditions[0]?.title, 'The ad “Crash video” has issues (WITH_ISSUES)');
    assert.equal(result.conditions[0]?.detail, 'Ad 222.');
  });

  test('each newly flagged ad once; passing review ends it; Meta silent holds', () => {
    const { said } = simulate([
      { at: NOW, result: evaluateAds([ad()], names) },
      { at: NOW + MIN15, result: evaluateAds([ad(), ad({ id: '222' })], names) },
      { at: NOW + 2 * MIN15, result: evaluateAds(null, names) },
      { at: NOW + 3 * MIN15, result: evaluateAds([ad({ id: '222' })], names) },
    ]);
    assert.deepEqual(said, [['start ad:111'], ['start ad:222'], [], ['end ad:111']]);
  });
});

describe('account: in yen, and an account LeadOps cannot read', () => {
  test('the spend cap in the account’s currency (Meta’s whole yen)', () => {
    const result = evaluateAccount(
      standing({ currency: 'JPY', spendCapCents: 1_000_000, amountSpentCents: 930_000 }),
      settingsOf('account', new Map(), 'JPY'),
      none,
    );
    assert.equal(result.conditions[0]?.title, 'Spend cap almost reached: ¥930,000 of ¥1,000,000 (93%)');
    assert.equal(result.summary, '“Brazos & Reyes” active; spend cap ¥1,000,000, 93% used.');
  });

  test('unreadable: one condition naming the account and Meta’s words, no money; the standing’s keys held', () => {
    const result = evaluateUnreadable({
      id: 'act_999',
      name: null,
      error: '(#100) Object with ID act_999 does not exist',
    });
    assert.equal(result.state, 'alert');
    assert.deepEqual(result.held, ['status', 'spend-cap']);
    assert.deepEqual(
      result.conditions.map((c) => [c.key, c.level, c.title]),
      [['unreadable', 'unreadable', 'LeadOps cannot read the ad account act_999']],
    );
    assert.match(
      result.conditions[0]?.detail ?? '',
      /^Meta said: \(#100\) Object with ID act_999 does not exist\./,
    );
    assert.match(result.conditions[0]?.fix ?? '', /`\/leadops disconnect act_999`/);
    assert.doesNotMatch(JSON.stringify(result), /[$¥€]/);
    const named = evaluateUnreadable({ id: 'act_2', name: 'Acme', error: 'no permission' });
    assert.equal(named.conditions[0]?.title, 'LeadOps cannot read the ad account “Acme” (act_2)');
  });

  test('unreadable, then readable: one alert, one “resolved”; a held spend cap is not ended meanwhile', () => {
    const capped = standing({ spendCapCents: 1_000_000, amountSpentCents: 950_000 });
    const unreadable = evaluateUnreadable({ id: 'act_2', name: 'Acme', error: 'no permission' });
    const { said } = simulate([
      { at: NOW, result: evaluateAccount(capped, defaults, none) },
      { at: NOW + MIN15, result: unreadable },
      { at: NOW + 2 * MIN15, result: unreadable },
      { at: NOW + 3 * MIN15, result: evaluateAccount(capped, defaults, new Set(['spend-cap'])) },
    ]);
    assert.deepEqual(said, [['start spend-cap'], ['start unreadable'], [], ['end unreadable']]);
  });
});
