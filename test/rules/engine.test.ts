import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { ApprovalDesk } from '../../src/approvals/desk.js';
import { writeAccountSetting } from '../../src/db/account-settings.js';
import { recentAudit } from '../../src/db/audit-log.js';
import { getProposal, transition } from '../../src/db/proposals.js';
import { ErrorCode, LeadOpsError } from '../../src/errors.js';
import type { InsightRow } from '../../src/insights/types.js';
import { silentLogger } from '../../src/log.js';
import type { Messenger } from '../../src/messages/messenger.js';
import type { AdSetState } from '../../src/meta/ad-account.js';
import { materiallyWorse, RulesEngine } from '../../src/rules/engine.js';
import { parseSlackMessageRef, slackMessageRef } from '../../src/slack/message-ref.js';
import { ACCOUNT, fakeMeta, HOUR, memoryDb, T0, YEN_ACCOUNT } from '../approvals/support.js';

/** Sunday Nov 29, 2026 in Chicago: last_3d = Nov 26–28, last_7d = Nov 22–28. */
function account(options: { failWith?: Error } = {}) {
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
    async adSets(query: { effectiveStatus?: string[] } = {}) {
      calls.push(`adsets ${query.effectiveStatus?.join(',')}`);
      if (options.failWith) throw options.failWith;
      return adsets.map((a) => ({ ...a }));
    },
    async campaigns(ids: readonly string[]) {
      calls.push(`campaigns ${ids.join(',')}`);
      return [];
    },
    async adInsights(query: { since: string; until: string; daysPerRow?: number }) {
      calls.push(
        `insights ad ${query.since}..${query.until}${query.daysPerRow ? ` by ${query.daysPerRow}` : ''}`,
      );
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

function setup(options: { accounts?: Account[]; maxDailyBudget?: string | null } = {}) {
  const db = memoryDb();
  let now = T0;
  const clock = { nowMilliseconds: () => now };
  const posted: string[] = [];
  const postedIn: { channel: string; text: string }[] = [];
  const updated: string[] = [];
  let ts = 0;
  const messenger: Messenger = {
    async post(channel, message) {
      posted.push(message.text);
      postedIn.push({ channel, text: message.text });
      ts += 1;
      return slackMessageRef(channel === '#approvals' ? 'CAPPROVALS' : channel, `${ts}.000`);
    },
    async update(_posted, message) {
      updated.push(message.text);
    },
    async postEphemeral() {},
    async uploadFile() {},
    findPosted: async () => null,
    channelOf: (ref) => parseSlackMessageRef(ref).channel,
  };
  const accounts = options.accounts ?? [ACCOUNT];
  // Each account its own fake Meta (the same ad sets and figures, for simplicity).
  const fakes = new Map(accounts.map((a) => [a.id, account()]));
  const fake = fakes.get(accounts[0]?.id ?? '') ?? account();
  const desk = new ApprovalDesk({
    db,
    clock,
    logger: silentLogger,
    messenger,
    accounts: { get: (id) => accounts.find((a) => a.id === id) ?? null },
    portOf: () => fakeMeta().port,
    approvers: ['U0BOSS'],
    protected: [],
    maxDailyBudget: null,
    channels: { report: '#leadops', leads: '#leads', approvals: '#approvals' },
  });
  const engine = new RulesEngine({
    db,
    clock,
    logger: silentLogger,
    adAccountOf: (a) => (fakes.get(a.id) ?? assert.fail(`no fake for ${a.id}`)).adAccount,
    desk,
    protected: [],
    maxDailyBudget: options.maxDailyBudget ?? null,
    proposalTtlHours: 24,
  });
  return {
    db,
    engine,
    fake,
    fakes,
    posted,
    postedIn,
    updated,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('RulesEngine.run', () => {
  test('one ad set listing and one insights call per needed window; a proposal per ad set, posted', async () => {
    const { engine, fake, posted } = setup();
    const summary = await engine.run(ACCOUNT, 'U0BOSS');
    assert.deepEqual(fake.calls, [
      'adsets ACTIVE',
      'insights ad 2026-11-22..2026-11-28',
      'insights ad 2026-11-19..2026-11-28 by 7',
      'insights adset 2026-11-26..2026-11-28',
      'insights adset 2026-11-22..2026-11-28',
      'insights adset 2026-11-29..2026-11-29',
    ]);
    assert.deepEqual(
      summary.proposed.map((p) => `${p.id} ${p.adsetName} ${p.action} ${p.after.dailyBudgetCents}`),
      ['1 Expensive pause 5000', '2 Cheap raise_budget 4800'],
    );
    assert.equal(posted.length, 2);
    assert.equal(summary.proposed[0]?.messageRef, 'CAPPROVALS/1.000');
  });

  test('concurrent runs share one evaluation', async () => {
    const { engine, fake } = setup();
    const [a, b] = await Promise.all([engine.run(ACCOUNT, 'U0BOSS'), engine.run(ACCOUNT, 'schedule')]);
    assert.equal(a, b);
    assert.equal(fake.calls.length, 6);
  });

  test('a pending proposal is not posted again; materially worse figures replace it', async () => {
    const { engine, fake, posted, db, updated } = setup();
    await engine.run(ACCOUNT, 'schedule');
    const again = await engine.run(ACCOUNT, 'schedule');
    assert.deepEqual(again.proposed, []);
    assert.deepEqual(
      again.held.map((h) => h.why),
      ['proposal #1 for the same change is pending', 'proposal #2 for the same change is pending'],
    );
    assert.equal(posted.length, 2);

    // CPL $60 → $66: 10% worse, below the 20% bar.
    fake.figures.set('A1', { spendCents: 33_000, leads: 5, impressions: 9000, frequency: 1.5 });
    assert.equal((await engine.run(ACCOUNT, 'schedule')).proposed.length, 0);
    // CPL $72: 20% worse → a new proposal, and the old one is superseded.
    fake.figures.set('A1', { spendCents: 36_000, leads: 5, impressions: 9000, frequency: 1.5 });
    const worse = await engine.run(ACCOUNT, 'schedule');
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
    await engine.run(ACCOUNT, 'schedule');
    transition(db, 1, ['pending'], 'rejected', { decidedBy: 'U0BOSS', decidedAt: T0, finishedAt: T0 });
    transition(db, 2, ['pending'], 'applied', { decidedBy: 'U0BOSS', decidedAt: T0, finishedAt: T0 });
    advance(23 * HOUR);
    assert.equal((await engine.run(ACCOUNT, 'schedule')).proposed.length, 0);
    fake.figures.set('A2', { spendCents: 8000, leads: 8, impressions: 9000, frequency: 1.2 });
    assert.equal(
      (await engine.run(ACCOUNT, 'schedule')).proposed.length,
      0,
      'applied: no repeat within the cooldown',
    );
    advance(2 * HOUR);
    const later = await engine.run(ACCOUNT, 'schedule');
    assert.deepEqual(
      later.proposed.map((p) => p.adsetName),
      ['Expensive', 'Cheap'],
    );
  });

  test('disabled rules are not asked; protected ad sets and the ceiling are explained', async () => {
    const { engine, db, fake } = setup();
    writeAccountSetting(db, ACCOUNT.id, 'kill', 'enabled', false, 'U0BOSS', T0);
    writeAccountSetting(db, ACCOUNT.id, 'protect', 'enabled', false, 'U0BOSS', T0);
    const summary = await engine.run(ACCOUNT, 'schedule');
    assert.deepEqual(
      fake.calls.filter((c) => c.startsWith('insights adset')),
      ['insights adset 2026-11-26..2026-11-28', 'insights adset 2026-11-22..2026-11-28'],
    );
    assert.deepEqual(
      summary.proposed.map((p) => p.adsetName),
      ['Cheap'],
    );
  });
});

describe('RulesEngine per account, each in its own currency', () => {
  /** The same figures read as yen: A1 spent ¥30,000 for 5 leads (CPL ¥6,000), A2 ¥12,000 for 8 (¥1,500). */
  test('a yen account with nothing set proposes no kill and no scale: those checks are off there', async () => {
    const { engine, fakes, postedIn } = setup({ accounts: [YEN_ACCOUNT] });
    const summary = await engine.run(YEN_ACCOUNT, 'U0BOSS');
    assert.deepEqual(summary.proposed, []);
    assert.deepEqual(summary.windows, ['last_7d'], 'only fatigue and rotate, which need no money, read Meta');
    assert.deepEqual(
      fakes.get(YEN_ACCOUNT.id)?.calls.filter((c) => c.startsWith('insights')),
      [
        'insights ad 2026-11-23..2026-11-29',
        'insights ad 2026-11-20..2026-11-29 by 7',
        'insights adset 2026-11-23..2026-11-29',
      ],
      'last_7d in Tokyo: it is already Monday Nov 30 there',
    );
    assert.deepEqual(postedIn, []);
  });

  test('after kill max_cpl ¥3,000 and scale max_cpl ¥2,000 are set in yen: proposals in yen, in its home channel', async () => {
    const { engine, db, postedIn } = setup({ accounts: [YEN_ACCOUNT] });
    writeAccountSetting(db, YEN_ACCOUNT.id, 'kill', 'max_cpl', 3000, 'U0BOSS', T0);
    writeAccountSetting(db, YEN_ACCOUNT.id, 'scale', 'max_cpl', 2000, 'U0BOSS', T0);
    const summary = await engine.run(YEN_ACCOUNT, 'U0BOSS');
    assert.deepEqual(
      summary.proposed.map(
        (p) => `${p.adsetName} ${p.action} ${p.accountId} ${p.currency} ${p.after.dailyBudgetCents}`,
      ),
      ['Expensive pause act_3003 JPY 5000', 'Cheap raise_budget act_3003 JPY 4800'],
    );
    assert.equal(
      summary.proposed[0]?.reason,
      'CPL ¥6,000 is above ¥3,000 with 9,000 impressions (more than 1,000)',
    );
    assert.deepEqual(
      postedIn.map((p) => p.channel),
      ['#client-sakura', '#client-sakura'],
    );
    assert.equal(
      postedIn[1]?.text,
      'Proposal #2: daily budget ¥4,000 → ¥4,800 (+20%) for “Cheap” (scale) — pending',
    );
  });

  test('MAX_DAILY_BUDGET is read in the account’s currency: 4500 is ¥4,500 there, $4,500.00 in dollars', async () => {
    const yenBot = setup({ accounts: [YEN_ACCOUNT], maxDailyBudget: '4500' });
    writeAccountSetting(yenBot.db, YEN_ACCOUNT.id, 'scale', 'max_cpl', 2000, 'U0BOSS', T0);
    const yen = await yenBot.engine.run(YEN_ACCOUNT, 'U0BOSS');
    assert.equal(yen.proposed.find((p) => p.adsetName === 'Cheap')?.after.dailyBudgetCents, 4500);
    const dollars = await setup({ maxDailyBudget: '4500' }).engine.run(ACCOUNT, 'U0BOSS');
    assert.equal(dollars.proposed.find((p) => p.adsetName === 'Cheap')?.after.dailyBudgetCents, 4800);
  });

  test('settings are per account: setting one account’s kill max_cpl leaves the other’s', async () => {
    const { engine, db } = setup({ accounts: [ACCOUNT, YEN_ACCOUNT] });
    writeAccountSetting(db, YEN_ACCOUNT.id, 'kill', 'max_cpl', 100_000, 'U0BOSS', T0);
    writeAccountSetting(db, ACCOUNT.id, 'kill', 'max_cpl', 7000, 'U0BOSS', T0);
    const usd = await engine.run(ACCOUNT, 'U0BOSS');
    assert.deepEqual(
      usd.proposed.map((p) => `${p.adsetName} ${p.rule}`),
      ['Cheap scale'],
      'CPL $60 is under this account’s own $70.00',
    );
    const yen = await engine.run(YEN_ACCOUNT, 'U0BOSS');
    assert.deepEqual(yen.proposed, []);
  });

  test('RULES_CRON: every account, one failing never stops the others; a result per account, audited per account', async () => {
    const broken: Account = { ...YEN_ACCOUNT, id: 'act_4004', name: 'Gone', homeChannel: null };
    const { engine, fakes, db } = setup({ accounts: [broken, ACCOUNT] });
    const refusal = 'Meta refused: the token may not manage ad account act_4004.';
    const failing = account({ failWith: new LeadOpsError(ErrorCode.MetaPermission, '(#200) no', refusal) });
    fakes.set(broken.id, failing);
    const runs = await engine.runAll([broken, ACCOUNT], 'schedule');
    assert.deepEqual(
      runs.map((r) => [r.account.id, r.summary?.proposed.length ?? null, r.error]),
      [
        ['act_4004', null, refusal],
        ['act_1001', 2, null],
      ],
    );
    assert.equal(recentAudit(db, 10, ACCOUNT.id).filter((e) => e.event === 'rules.run').length, 1);
    assert.deepEqual(recentAudit(db, 10, broken.id), []);
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
