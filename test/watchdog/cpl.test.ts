import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CampaignFigures } from '../../src/meta/account-health.js';
import { evaluateCpl, movedMost } from '../../src/watchdog/checks/cpl.js';
import { settingsOf } from '../../src/watchdog/settings.js';
import { simulate } from './simulate.js';

const NOW = Date.parse('2026-11-29T18:00:00Z');
const MIN15 = 15 * 60_000;
const defaults = settingsOf('cpl', new Map(), 'USD');
const none = new Set<string>();

const row = (campaignId: string, name: string, spendCents: number, leads: number): CampaignFigures => ({
  campaignId,
  name,
  spendCents,
  leads,
  formLeads: leads,
});

/** 14 days: Houston $3,000 for 100 leads ($30), Dallas $1,400 for 40 ($35) → account $4,400 / 140 = $31.43. */
const trailing = [row('h', 'MVA – Houston', 300_000, 100), row('d', 'MVA – Dallas', 140_000, 40)];

describe('cpl: the check', () => {
  test('today at 2× the 14-day CPL → a spike naming the campaign that moved most', () => {
    const today = [row('h', 'MVA – Houston', 20_000, 5), row('d', 'MVA – Dallas', 24_000, 1)];
    const result = evaluateCpl({ currency: 'USD', today, trailing }, defaults, none);
    assert.equal(result.state, 'alert');
    assert.deepEqual(result.conditions[0], {
      key: 'cpl',
      level: 'spike',
      title: 'CPL today $73.33 — 2.3× the 14-day CPL $31.43; most in “MVA – Dallas”',
      detail:
        'Today $440.00 spent, 6 leads, CPL $73.33. Last 14 days: $4,400.00 for 140 leads. Moved most: “MVA – Dallas” — $35.00 CPL over 14 days, $240.00 today on $240.00.',
      fix: 'Look at what changed today in that campaign (budget, creative, audience, form). `/cpl today` shows every campaign; `/rules run` proposes pauses.',
    });
  });

  test('no lead yet today: the spend itself is the floor of the CPL', () => {
    const result = evaluateCpl(
      { currency: 'USD', today: [row('h', 'MVA – Houston', 10_000, 0)], trailing },
      defaults,
      none,
    );
    assert.equal(
      result.conditions[0]?.title,
      'No lead yet today after $100.00 — the 14-day CPL $31.43 (CPL spike); most in “MVA – Houston”',
    );
  });

  test('normal CPL → ok with the ratio', () => {
    const result = evaluateCpl(
      { currency: 'USD', today: [row('h', 'MVA – Houston', 30_000, 9)], trailing },
      defaults,
      none,
    );
    assert.equal(result.state, 'ok');
    assert.equal(result.summary, 'Today $300.00 spent, 9 leads, CPL $33.33; 14-day CPL $31.43 (1.1×).');
  });

  test('judged only after min_spend and three leads’ worth; a thin history is no baseline', () => {
    const early = evaluateCpl(
      { currency: 'USD', today: [row('h', 'MVA – Houston', 9_000, 1)], trailing },
      defaults,
      none,
    );
    assert.equal(early.state, 'ok');
    assert.equal(
      early.summary,
      'Today $90.00 spent, 1 lead, CPL $90.00; 14-day CPL $31.43; judged after $94.29 spent.',
    );
    const thin = evaluateCpl(
      {
        currency: 'USD',
        today: [row('h', 'MVA – Houston', 50_000, 1)],
        trailing: [row('h', 'MVA – Houston', 10_000, 2)],
      },
      defaults,
      none,
    );
    assert.equal(thin.state, 'ok');
    assert.match(thin.summary, /too few leads in the last 14 days \(2\)/);
  });

  test('factor is a setting', () => {
    const today = [row('h', 'MVA – Houston', 20_000, 5), row('d', 'MVA – Dallas', 24_000, 1)];
    const relaxed = settingsOf('cpl', new Map([['watchdog.cpl.factor', 3]]), 'USD');
    assert.equal(evaluateCpl({ currency: 'USD', today, trailing }, relaxed, none).state, 'ok');
  });

  test('Meta did not answer → unknown', () => {
    assert.equal(evaluateCpl({ currency: 'USD', today: null, trailing }, defaults, none).state, 'unknown');
  });

  test('start, hold while it hovers near the threshold (no flapping), end when well under', () => {
    const step = (n: number, spend: number, leads: number, previous: ReadonlySet<string>) => ({
      at: NOW + n * MIN15,
      result: evaluateCpl(
        { currency: 'USD', today: [row('h', 'MVA – Houston', spend, leads)], trailing },
        defaults,
        previous,
      ),
    });
    const active = new Set(['cpl']);
    // 2.2× starts it; 1.9× (under 2, over 1.7) holds it; 1.6× ends it. Without a spike going on, 1.9× is fine.
    const steps = [step(0, 13_800, 2, none), step(1, 17_900, 3, active), step(2, 20_100, 4, active)];
    assert.deepEqual(simulate(steps).said, [['start cpl'], [], ['end cpl']]);
    assert.equal(step(1, 17_900, 3, none).result.state, 'ok');
  });

  test('movedMost: most money over each campaign’s own par', () => {
    const today = [
      row('h', 'MVA – Houston', 20_000, 5),
      row('d', 'MVA – Dallas', 24_000, 1),
      row('n', 'New', 1_000, 0),
    ];
    assert.equal(movedMost(today, trailing, 3_143)?.row.name, 'MVA – Dallas');
    assert.equal(movedMost([], trailing, 3_143), null);
  });
});

describe('cpl: an account in yen', () => {
  /** 14 days: ¥420,000 for 140 leads → ¥3,000. Today ¥60,000 for 5 leads → ¥12,000 (4×). */
  const yenTrailing = [row('t', 'MVA – Tokyo', 420_000, 140)];
  const yenToday = [row('t', 'MVA – Tokyo', 60_000, 5)];

  test('min_spend not set: no spike is judged, and the summary says how to set it', () => {
    const unset = settingsOf('cpl', new Map(), 'JPY');
    const result = evaluateCpl({ currency: 'JPY', today: yenToday, trailing: yenTrailing }, unset, none);
    assert.equal(result.state, 'ok');
    assert.equal(
      result.summary,
      'Today ¥60,000 spent, 5 leads, CPL ¥12,000; 14-day CPL ¥3,000; spikes are not judged until `min_spend` is set (in JPY): `/watchdog set cpl min_spend <amount>`.',
    );
  });

  test('set in yen → a spike told in yen', () => {
    const set = settingsOf('cpl', new Map([['watchdog.cpl.min_spend', 20_000]]), 'JPY');
    const result = evaluateCpl({ currency: 'JPY', today: yenToday, trailing: yenTrailing }, set, none);
    assert.equal(result.state, 'alert');
    assert.equal(
      result.conditions[0]?.title,
      'CPL today ¥12,000 — 4.0× the 14-day CPL ¥3,000; most in “MVA – Tokyo”',
    );
    assert.equal(
      evaluateCpl(
        { currency: 'JPY', today: [row('t', 'MVA – Tokyo', 0, 0)], trailing: yenTrailing },
        set,
        none,
      ).summary,
      'Today ¥0 spent, 0 leads, CPL —; 14-day CPL ¥3,000; judged after ¥20,000 spent.',
    );
  });
});
