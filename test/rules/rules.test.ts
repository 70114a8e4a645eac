import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fatigueRule,
  killRule,
  mostProtective,
  protectRule,
  rebalanceRule,
  scaleRule,
  verdictsFor,
} from '../../src/rules/rules.js';
import { resolveRuleSettings } from '../../src/rules/settings.js';
import type { Figures, Verdict } from '../../src/rules/types.js';

const defaults = resolveRuleSettings(new Map(), 'USD');

function figures(over: Partial<Figures> = {}): Figures {
  return {
    window: 'last_3d',
    since: '2026-11-26',
    until: '2026-11-28',
    spendCents: 0,
    impressions: 0,
    leads: 0,
    frequency: null,
    ...over,
  };
}

type Row = [string, Partial<Figures>, string | null];

/** Each row: what, the figures, the expected action (with change) or null. */
function check(rule: (f: Figures) => Verdict | null, rows: Row[]) {
  for (const [what, over, expected] of rows) {
    const verdict = rule(figures(over));
    const got = verdict
      ? `${verdict.action}${verdict.changePct === null ? '' : ` ${verdict.changePct}`}`
      : null;
    assert.equal(got, expected, what);
  }
}

describe('kill: CPL > $50 with impressions > 1,000; or spend > $100 with no leads', () => {
  test('threshold edges', () => {
    check(
      (f) => killRule(defaults.kill, f, 'USD'),
      [
        ['CPL $50.01, 1,001 impressions', { spendCents: 5001, leads: 1, impressions: 1001 }, 'pause'],
        ['CPL exactly $50.00', { spendCents: 5000, leads: 1, impressions: 5000 }, null],
        [
          'CPL $50.00½ (3 leads, $150.01): above by a third of a cent',
          { spendCents: 15_001, leads: 3, impressions: 5000 },
          'pause',
        ],
        ['impressions exactly 1,000', { spendCents: 9000, leads: 1, impressions: 1000 }, null],
        ['impressions 1,001', { spendCents: 9000, leads: 1, impressions: 1001 }, 'pause'],
        ['spend $100.01, no leads', { spendCents: 10_001, leads: 0, impressions: 10 }, 'pause'],
        ['spend exactly $100.00, no leads', { spendCents: 10_000, leads: 0, impressions: 50_000 }, null],
        [
          'spend $99.99, no leads, many impressions',
          { spendCents: 9999, leads: 0, impressions: 50_000 },
          null,
        ],
        ['nothing delivered', {}, null],
      ],
    );
  });

  test('the reason names the figures and thresholds', () => {
    const verdict = killRule(
      defaults.kill,
      figures({ spendCents: 31_560, leads: 3, impressions: 12_345 }),
      'USD',
    );
    assert.equal(verdict?.reason, 'CPL $105.20 is above $50.00 with 12,345 impressions (more than 1,000)');
    assert.deepEqual(verdict?.severity, { metric: 'cpl', value: 10_520 });
    const noLeads = killRule(defaults.kill, figures({ spendCents: 12_000 }), 'USD');
    assert.equal(noLeads?.reason, '$120.00 spent with no leads (more than $100.00)');
    assert.deepEqual(noLeads?.severity, { metric: 'spend', value: 12_000 });
  });
});

describe('scale: CPL < $25 and more than 5 leads → +20%', () => {
  test('threshold edges', () => {
    check(
      (f) => scaleRule(defaults.scale, f, 'USD'),
      [
        ['6 leads at $24.99', { spendCents: 14_994, leads: 6 }, 'scale 20'],
        ['6 leads at exactly $25.00', { spendCents: 15_000, leads: 6 }, null],
        ['exactly 5 leads at $10', { spendCents: 5000, leads: 5 }, null],
        ['no leads', { spendCents: 100 }, null],
      ],
    );
  });

  test('the step follows step_pct; the reason is readable; no severity', () => {
    const settings = { ...defaults.scale, stepPct: 10 };
    const verdict = scaleRule(settings, figures({ spendCents: 9660, leads: 6 }), 'USD');
    assert.equal(verdict?.changePct, 10);
    assert.equal(verdict?.reason, 'CPL $16.10 is below $25.00 with 6 leads (more than 5)');
    assert.equal(verdict?.severity, null);
  });
});

describe('fatigue: frequency > 4.0', () => {
  test('threshold edges', () => {
    check(
      (f) => fatigueRule(defaults.fatigue, f),
      [
        ['4.01', { frequency: 4.01 }, 'pause'],
        ['exactly 4', { frequency: 4 }, null],
        ['3.99', { frequency: 3.99 }, null],
        ['no reach', { frequency: null }, null],
      ],
    );
    assert.equal(
      fatigueRule(defaults.fatigue, figures({ frequency: 4.314 }))?.reason,
      'frequency 4.31 is above 4.00',
    );
  });
});

describe('protect: spend today > $300 with no leads today → urgent pause', () => {
  test('threshold edges', () => {
    check(
      (f) => protectRule(defaults.protect, f, 'USD'),
      [
        ['$300.01, no leads', { spendCents: 30_001 }, 'pause'],
        ['exactly $300', { spendCents: 30_000 }, null],
        ['$900 with one lead', { spendCents: 90_000, leads: 1 }, null],
      ],
    );
    const verdict = protectRule(defaults.protect, figures({ window: 'today', spendCents: 31_200 }), 'USD');
    assert.equal(verdict?.urgent, true);
    assert.equal(verdict?.reason, '$312.00 spent with no leads (more than $300.00)');
  });
});

describe('rebalance against a $40 target: < 0.7× → +20%; > 1.2× → −15%; > 1.5× → pause', () => {
  const rebalance = { ...defaults.rebalance, enabled: true };
  test('threshold edges, decided on exact integers', () => {
    check(
      (f) => rebalanceRule(rebalance, f, 'USD'),
      [
        ['CPL $27.99 (< $28)', { spendCents: 2799, leads: 1 }, 'scale 20'],
        ['CPL exactly $28.00 (0.7×)', { spendCents: 2800, leads: 1 }, null],
        ['CPL $40', { spendCents: 4000, leads: 1 }, null],
        ['CPL exactly $48.00 (1.2×)', { spendCents: 4800, leads: 1 }, null],
        ['CPL $48.01', { spendCents: 4801, leads: 1 }, 'reduce -15'],
        ['CPL exactly $60.00 (1.5×)', { spendCents: 6000, leads: 1 }, 'reduce -15'],
        ['CPL $60.01', { spendCents: 6001, leads: 1 }, 'pause'],
        ['CPL $60.00⅓ (3 leads, $180.01)', { spendCents: 18_001, leads: 3 }, 'pause'],
        ['no leads: left to kill', { spendCents: 50_000 }, null],
      ],
    );
    assert.equal(
      rebalanceRule(rebalance, figures({ spendCents: 6100, leads: 1 }), 'USD')?.reason,
      'CPL $61.00 is 1.53× the $40.00 target (above 1.5×)',
    );
  });
});

describe('an account in yen: its own thresholds, its own money, nothing from a default in dollars', () => {
  const nothingSet = resolveRuleSettings(new Map(), 'JPY');
  const heavy = figures({ spendCents: 500_000, leads: 2, impressions: 50_000, frequency: 1.5 });
  const noLeads = figures({ spendCents: 500_000, leads: 0, impressions: 50_000 });

  test('with nothing set, kill, scale, protect and rebalance have nothing to check: no verdicts', () => {
    assert.equal(killRule(nothingSet.kill, heavy, 'JPY'), null, 'the CPL test is off');
    assert.equal(killRule(nothingSet.kill, noLeads, 'JPY'), null, 'the no-leads spend test is off');
    assert.equal(scaleRule(nothingSet.scale, figures({ spendCents: 100, leads: 50 }), 'JPY'), null);
    assert.equal(protectRule(nothingSet.protect, noLeads, 'JPY'), null);
    assert.equal(rebalanceRule({ ...nothingSet.rebalance, enabled: true }, heavy, 'JPY'), null);
    const asked: string[] = [];
    verdictsFor(nothingSet, (window) => {
      asked.push(window);
      return heavy;
    });
    assert.deepEqual(asked, ['last_7d'], 'only fatigue, which needs no money, is asked');
  });

  test('set in yen, the rules judge and speak in yen', () => {
    const set = resolveRuleSettings(
      new Map<string, number>([
        ['kill.max_cpl', 3000],
        ['scale.max_cpl', 1500],
      ]),
      'JPY',
    );
    const kill = killRule(set.kill, figures({ spendCents: 9300, leads: 3, impressions: 5000 }), 'JPY');
    assert.equal(kill?.reason, 'CPL ¥3,100 is above ¥3,000 with 5,000 impressions (more than 1,000)');
    assert.ok(
      killRule(set.kill, figures({ spendCents: 9001, leads: 3, impressions: 5000 }), 'JPY'),
      'by one yen',
    );
    assert.equal(killRule(set.kill, figures({ spendCents: 9000, leads: 3, impressions: 5000 }), 'JPY'), null);
    assert.equal(killRule(set.kill, noLeads, 'JPY'), null, 'max_spend_without_leads is still not set');
    const scale = scaleRule(set.scale, figures({ spendCents: 8400, leads: 6 }), 'JPY');
    assert.equal(scale?.reason, 'CPL ¥1,400 is below ¥1,500 with 6 leads (more than 5)');
  });

  test('euros keep their cents', () => {
    const set = resolveRuleSettings(new Map([['kill.max_spend_without_leads', 10_050]]), 'EUR');
    assert.equal(
      killRule(set.kill, figures({ spendCents: 12_000 }), 'EUR')?.reason,
      '€120.00 spent with no leads (more than €100.50)',
    );
  });
});

describe('one proposal per ad set: the most protective wins', () => {
  const verdict = (over: Partial<Verdict>): Verdict => ({
    rule: 'kill',
    action: 'pause',
    changePct: null,
    reason: '',
    figures: figures(),
    urgent: false,
    severity: null,
    ...over,
  });

  test('pause > reduce > scale; urgent first among pauses; the bigger cut among reductions', () => {
    const scale = verdict({ rule: 'scale', action: 'scale', changePct: 20 });
    const reduce = verdict({ rule: 'rebalance', action: 'reduce', changePct: -15 });
    const kill = verdict({ rule: 'kill' });
    const protect = verdict({ rule: 'protect', urgent: true });
    assert.equal(mostProtective([scale, reduce]), reduce);
    assert.equal(mostProtective([scale, kill, reduce]), kill);
    assert.equal(mostProtective([kill, protect]), protect);
    assert.equal(mostProtective([scale]), scale);
    assert.equal(mostProtective([]), null);
    const bigCut = verdict({ rule: 'rebalance', action: 'reduce', changePct: -30 });
    assert.equal(mostProtective([reduce, bigCut]), bigCut);
  });

  test('verdictsFor asks each enabled rule for its own window only', () => {
    const asked: string[] = [];
    const all = verdictsFor(
      { ...defaults, rebalance: { ...defaults.rebalance, enabled: true } },
      (window) => {
        asked.push(window);
        return figures({ window, spendCents: 90_000, leads: 6, impressions: 50_000, frequency: 5 });
      },
    );
    assert.deepEqual(asked, ['today', 'last_3d', 'last_7d', 'last_3d', 'last_3d']);
    assert.deepEqual(
      all.map((v) => v.rule),
      ['kill', 'fatigue', 'rebalance'],
    );
    const off = verdictsFor(
      {
        ...defaults,
        kill: { ...defaults.kill, enabled: false },
        fatigue: { ...defaults.fatigue, enabled: false },
      },
      (window) => figures({ window, spendCents: 90_000, leads: 6, impressions: 50_000, frequency: 5 }),
    );
    assert.deepEqual(off, []);
  });
});
