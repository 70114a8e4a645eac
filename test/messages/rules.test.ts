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
      { approvers: ['U0BOSS'], protected: ['Houston <VIP>'], maxDailyBudget: '$500.00' },
    );
    assert.deepEqual(reply, {
      visibility: 'ephemeral',
      text: 'Rules: kill on, scale on, fatigue on, protect on, rebalance on',
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
          '*limits*\n`max_change_pct` 20% — the largest budget change one proposal makes (bigger edits restart Meta’s learning phase)\n`max_changes_per_day` 2 — applied changes per ad set in any 24 hours\n`cooldown_hours` 24 h — a pending, rejected or applied proposal is not proposed again for this long\n`worse_by_pct` 20% — how much worse the figures must get to propose again within the cooldown',
        ),
        context('Approvers: <@U0BOSS> · ceiling MAX_DAILY_BUDGET: $500.00 · protected: Houston &lt;VIP&gt;'),
        context(
          'Change: `/rules set <rule> <key> <value>` (dollars in dollars) · `/rules enable|disable <rule>` — approvers only',
        ),
      ],
    });
  });
});
