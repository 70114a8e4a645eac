import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildRulesListReply } from '../../src/messages/rules.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

describe('/rules: the list', () => {
  test('each rule with its values in force, the limits, then who may change them and how', () => {
    const reply = buildRulesListReply(
      new Map<string, number | boolean>([
        ['rebalance.enabled', true],
        ['kill.max_cpl', 4500],
      ]),
      {
        currency: 'USD',
        approvers: ['U0BOSS'],
        protected: ['Houston <VIP>'],
        maxDailyBudget: '$500.00',
        account: null,
      },
    );
    assert.deepEqual(reply, {
      visibility: 'ephemeral',
      text: 'Rules: kill on, scale on, fatigue on, protect on, rebalance on, rotate on',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Rules — what LeadOps proposes', emoji: true } },
        section(
          '*kill* — on\npause the ad set when CPL &gt; max_cpl with impressions &gt; min_impressions, or spend &gt; max_spend_without_leads with 0 leads\n`window` last_3d · `max_cpl` $45.00 · `min_impressions` 1,000 · `max_spend_without_leads` $100.00',
        ),
        section(
          '*scale* — on\nraise the daily budget by step_pct when CPL &lt; max_cpl and leads &gt; min_leads\n`window` last_3d · `max_cpl` $25.00 · `min_leads` 5 · `step_pct` 20%',
        ),
        section(
          '*fatigue* — on\npause the ad set when frequency &gt; max_frequency\n`window` last_7d · `max_frequency` 4',
        ),
        section(
          '*protect* — on\npause at once (urgent, approvers mentioned) when spend &gt; max_spend_without_leads with 0 leads\n`window` today · `max_spend_without_leads` $300.00',
        ),
        section(
          '*rebalance* — on\nagainst target_cpl: below scale_below× → +scale_pct; above reduce_above× → −reduce_pct; above pause_above× → pause\n`window` last_3d · `target_cpl` $40.00 · `scale_below` 0.7× · `reduce_above` 1.2× · `reduce_pct` 15% · `pause_above` 1.5× · `scale_pct` 20%',
        ),
        section(
          '*rotate* — on\npause an ad (never its ad set’s last active one) when its frequency &gt; max_frequency or its CTR over the last 3 days fell &gt; ctr_drop_pct against the 7 days before\n`window` last_7d · `max_frequency` 3.5 · `ctr_drop_pct` 30%',
        ),
        section(
          '*limits*\n`max_change_pct` 20% — the largest budget change one proposal makes (bigger edits restart Meta’s learning phase)\n`max_changes_per_day` 2 — applied changes per ad set in any 24 hours\n`cooldown_hours` 24 h — a pending, rejected or applied proposal is not proposed again for this long\n`worse_by_pct` 20% — how much worse the figures must get to propose again within the cooldown',
        ),
        context('Approvers: <@U0BOSS> · ceiling MAX_DAILY_BUDGET: $500.00 · protected: Houston &lt;VIP&gt;'),
        context(
          'Change: `/rules set <rule> <key> <value>` (amounts in USD) · `/rules enable|disable <rule>` — approvers only',
        ),
      ],
    });
  });

  test('a yen account with nothing set: no money defaults, the checks needing them said to be off, how to set them', () => {
    const reply = buildRulesListReply(new Map(), {
      currency: 'JPY',
      approvers: [],
      protected: [],
      maxDailyBudget: '¥50,000',
      account: { id: 'act_3003', name: 'Sakura Legal' },
    });
    assert.equal(
      reply.text,
      'Rules for Sakura Legal: kill on (not set), scale on (not set), fatigue on, protect on (not set), rebalance off, rotate on',
    );
    const texts = reply.blocks.map((block) => JSON.stringify(block));
    assert.equal(texts[1], JSON.stringify(context('Ad account: *Sakura Legal* (act_3003) · amounts in JPY')));
    assert.equal(
      texts[2],
      JSON.stringify(
        section(
          '*kill* — on, but off in this account until max_cpl or max_spend_without_leads is set (no default in JPY)\npause the ad set when CPL &gt; max_cpl with impressions &gt; min_impressions, or spend &gt; max_spend_without_leads with 0 leads\n`window` last_3d · `max_cpl` not set — `/rules set kill max_cpl <amount in JPY>` · `min_impressions` 1,000 · `max_spend_without_leads` not set — `/rules set kill max_spend_without_leads <amount in JPY>`',
        ),
      ),
    );
    assert.match(texts[3] ?? '', /\*scale\* — on, but off in this account until max_cpl is set/);
    assert.match(texts[4] ?? '', /\*fatigue\* — on\\n/);
    assert.match(
      texts[6] ?? '',
      /\*rebalance\* — off\\n.*`target_cpl` not set — `\/rules set rebalance target_cpl <amount in JPY>`/,
    );
    assert.match(texts.at(-2) ?? '', /ceiling MAX_DAILY_BUDGET: ¥50,000/);
    assert.match(texts.at(-1) ?? '', /\(amounts in JPY\)/);
  });

  test('set in yen: shown in yen; one of two money keys set leaves only the other check off', () => {
    const reply = buildRulesListReply(new Map([['kill.max_cpl', 3000]]), {
      currency: 'JPY',
      approvers: [],
      protected: [],
      maxDailyBudget: null,
      account: null,
    });
    const kill = JSON.stringify(reply.blocks[1]);
    assert.match(
      kill,
      /\*kill\* — on; its max_spend_without_leads check is off until set \(no default in JPY\)/,
    );
    assert.match(kill, /`max_cpl` ¥3,000/);
    assert.match(reply.text, /^Rules: kill on, scale on \(not set\)/);
  });

  test('euros: the USD defaults do not carry over; a set value keeps its cents', () => {
    const reply = buildRulesListReply(new Map([['scale.max_cpl', 2550]]), {
      currency: 'EUR',
      approvers: [],
      protected: [],
      maxDailyBudget: '€400.00',
      account: null,
    });
    assert.match(JSON.stringify(reply.blocks[2]), /`max_cpl` €25\.50/);
    assert.match(
      JSON.stringify(reply.blocks[1]),
      /`max_cpl` not set — `\/rules set kill max_cpl <amount in EUR>`/,
    );
  });
});
