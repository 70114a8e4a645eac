import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApprovalDesk } from '../../src/approvals/desk.js';
import { getProposal, transition } from '../../src/db/proposals.js';
import { writeRuleSetting } from '../../src/db/rules-settings.js';
import type { InsightRow } from '../../src/insights/types.js';
import { silentLogger } from '../../src/log.js';
import type { Messenger } from '../../src/messages/messenger.js';
import type { AdSetState } from '../../src/meta/ad-account.js';
import { materiallyWorse, RulesEngine } from '../../src/rules/engine.js';
import { fakeMeta, HOUR, memoryDb, T0 } from '../approvals/support.js';

/** Sunday Nov 29, 2026 in Chicago: last_3d = Nov 26–28, last_7d = Nov 22–28. */
function account() {
  const adsets: AdSetState[] = [
    {
      id: 'A1',
      name: 'Expensive',
      campaignId: 'C1',
      status: 'ACTIVE',
      effectiveStatus: 'ACTIVE',
      dailyBudgetCents: 5000,
      lifetimeBudgetCents: null,
    },
    {
      id: 'A2',
      name: 'Cheap',
      campaignId: 'C1',
      status: 'ACTIVE',
      effectiveStatus: 'ACTIVE',
      dailyBudgetCents: 4000,
      lifetimeBudgetCents: null,
    },
  ];
  /** Per ad set: figures for every window (the same in each, for simplicity). */
  const figures = new Map<
    string,
    { spendCents: number; leads: number; impressions: number; frequency: number }
  >([
    ['A1', { spendCents: 30_000, leads: 5, impressions: 9000, frequency: 1.5 }], // CPL $60 → kill
    ['A2', { spendCents: 12_000, leads: 8, impressions: 9000, frequency: 1.2 }], // CPL $15 → scale
  ]);
  const calls: string[] = [];
  const adAccount = {
    async adSets(options: { effectiveStatus?: string[] } = {}) {
      calls.push(`adsets ${options.effectiveStatus?.join(',')}`);
      return adsets.map((a) => ({ ...a }));
    },
    async campaigns(ids: readonly string[]) {
      calls.push(`campaigns ${ids.join(',')}`);
      return [];
    },
    async insights(query: { level: string; since: string; until: string }): Promise<InsightRow[]> {
      calls.push(`insights ${query.level} ${query.since}..${query.until}`);
      return adsets.map((a) => {
        const f = figures.get(a.id) ?? { spendCents: 0, leads: 0, impressions: 0, frequency: 1 };
        return {
          level: 'adset',
          objectId: a.id,
          name: a.name,
          campaignId: a.campaignId,
          campaignName: 'Campaign One',
          spendCents: f.spendCents,
          impressions: f.impressions,
          clicks: 0,
          leads: f.leads,
          reach: Math.round(f.impressions / f.frequency),
          frequency: f.frequency,
          dateStart: query.since,
          dateStop: query.until,
        };
      });
    },
  };
  return { adsets, figures, calls, adAccount };
}

function setup() {
  const db = memoryDb();
  let now = T0;
  const clock = { nowMilliseconds: () => now };
  const posted: string[] = [];
  const updated: string[] = [];
  let ts = 0;
  const messenger: Messenger = {
    async post(_channel, message) {
      posted.push(message.text);
      ts += 1;
      return { channel: 'CAPPROVALS', ts: `${ts}.000` };
    },
    async update(_posted, message) {
      updated.push(message.text);
    },
    async postEphemeral() {},
    async uploadFile() {},
  };
  const fake = account();
  const desk = new ApprovalDesk({
    db,
    clock,
    logger: silentLogger,
    messenger,
    port: fakeMeta().port,
    approvers: ['U0BOSS'],
    protected: [],
    maxDailyBudgetCents: null,
    channel: '#approvals',
    timezone: async () => 'America/Chicago',
  });
  const engine = new RulesEngine({
    db,
    clock,
    logger: silentLogger,
    adAccount: fake.adAccount,
    timezone: async () => 'America/Chicago',
    desk,
    protected: [],
    maxDailyBudgetCents: null,
    proposalTtlHours: 24,
  });
  return {
    db,
    engine,
    fake,
    posted,
    updated,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('RulesEngine.run', () => {
  test('one ad set listing and one insights call per needed window; a proposal per ad set, posted', async () => {
    const { engine, fake, posted } = setup();
    const summary = await engine.run('U0BOSS');
    assert.deepEqual(fake.calls, [
      'adsets ACTIVE',
      'insights adset 2026-11-26..2026-11-28',
      'insights adset 2026-11-22..2026-11-28',
      'insights adset 2026-11-29..2026-11-29',
    ]);
    assert.deepEqual(
      summary.proposed.map((p) => `${p.id} ${p.adsetName} ${p.action} ${p.after.dailyBudgetCents}`),
      ['1 Expensive pause 5000', '2 Cheap raise_budget 4800'],
    );
    assert.equal(posted.length, 2);
    assert.equal(summary.proposed[0]?.messageTs, '1.000');
  });

  test('concurrent runs share one evaluation', async () => {
    const { engine, fake } = setup();
    const [a, b] = await Promise.all([engine.run('U0BOSS'), engine.run('schedule')]);
    assert.equal(a, b);
    assert.equal(fake.calls.length, 4);
  });

  test('a pending proposal is not posted again; materially worse figures replace it', async () => {
    const { engine, fake, posted, db, updated } = setup();
    await engine.run('schedule');
    const again = await engine.run('schedule');
    assert.deepEqual(again.proposed, []);
    assert.deepEqual(
      again.held.map((h) => h.why),
      ['proposal #1 for the same change is pending', 'proposal #2 for the same change is pending'],
    );
    assert.equal(posted.length, 2);

    // CPL $60 → $66: 10% worse, below the 20% bar.
    fake.figures.set('A1', { spendCents: 33_000, leads: 5, impressions: 9000, frequency: 1.5 });
    assert.equal((await engine.run('schedule')).proposed.length, 0);
    // CPL $72: 20% worse → a new proposal, and the old one is superseded.
    fake.figures.set('A1', { spendCents: 36_000, leads: 5, impressions: 9000, frequency: 1.5 });
    const worse = await engine.run('schedule');
    assert.deepEqual(
      worse.proposed.map((p) => p.id),
      [3],
    );
    assert.equal(getProposal(db, 1)?.status, 'stale');
    assert.equal(getProposal(db, 1)?.note, 'Superseded by proposal #3.');
    assert.ok(updated.some((text) => text.startsWith('Proposal #1:') && text.endsWith('— stale')));
  });

  test('a rejected proposal cools down for cooldown_hours; applied ones too, without the "worse" exception', async () => {
    const { engine, fake, db, advance } = setup();
    await engine.run('schedule');
    transition(db, 1, ['pending'], 'rejected', { decidedBy: 'U0BOSS', decidedAt: T0, finishedAt: T0 });
    transition(db, 2, ['pending'], 'applied', { decidedBy: 'U0BOSS', decidedAt: T0, finishedAt: T0 });
    advance(23 * HOUR);
    assert.equal((await engine.run('schedule')).proposed.length, 0);
    fake.figures.set('A2', { spendCents: 8000, leads: 8, impressions: 9000, frequency: 1.2 });
    assert.equal((await engine.run('schedule')).proposed.length, 0, 'applied: no repeat within the cooldown');
    advance(2 * HOUR);
    const later = await engine.run('schedule');
    assert.deepEqual(
      later.proposed.map((p) => p.adsetName),
      ['Expensive', 'Cheap'],
    );
  });

  test('disabled rules are not asked; protected ad sets and the ceiling are explained', async () => {
    const { engine, db, fake } = setup();
    writeRuleSetting(db, 'kill', 'enabled', false, 'U0BOSS', T0);
    writeRuleSetting(db, 'protect', 'enabled', false, 'U0BOSS', T0);
    const summary = await engine.run('schedule');
    assert.deepEqual(
      fake.calls.filter((c) => c.startsWith('insights')),
      ['insights adset 2026-11-26..2026-11-28', 'insights adset 2026-11-22..2026-11-28'],
    );
    assert.deepEqual(
      summary.proposed.map((p) => p.adsetName),
      ['Cheap'],
    );
  });
});

describe('materiallyWorse', () => {
  test('same measure, at least worse_by_pct higher', () => {
    assert.equal(materiallyWorse({ metric: 'cpl', value: 6000 }, { metric: 'cpl', value: 5000 }, 20), true);
    assert.equal(materiallyWorse({ metric: 'cpl', value: 5999 }, { metric: 'cpl', value: 5000 }, 20), false);
    assert.equal(materiallyWorse({ metric: 'spend', value: 9e9 }, { metric: 'cpl', value: 5000 }, 20), false);
    assert.equal(materiallyWorse(null, { metric: 'cpl', value: 5000 }, 20), false);
  });
});
