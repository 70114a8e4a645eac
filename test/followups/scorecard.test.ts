import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRulesArgs } from '../../src/commands/rules.js';
import type { FollowUp } from '../../src/db/follow-ups.js';
import { compareWindows, type Verdict } from '../../src/followups/compare.js';
import { median, scorecard } from '../../src/followups/scorecard.js';
import { buildScorecardReply, followUpsText, scorecardLine } from '../../src/messages/follow-up.js';
import { RULE_NAMES } from '../../src/rules/definitions.js';
import { CHICAGO } from '../support/accounts.js';

const window = (spendCents: number, leads: number) => ({
  days: 3,
  spendCents,
  leads,
  qualified: 0,
  delivered: true,
});

function followUp(horizonHours: number, over: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 1,
    proposalId: 1,
    accountId: CHICAGO.id,
    horizonHours,
    appliedAt: 0,
    dueAt: 0,
    beforeSince: '2026-11-26',
    beforeUntil: '2026-11-28',
    afterSince: '2026-11-30',
    afterUntil: '2026-12-02',
    state: 'scheduled',
    owner: null,
    attempts: 0,
    nextTryAt: Date.parse('2026-12-03T08:00:00Z'),
    claimedAt: null,
    finishedAt: null,
    verdict: null,
    result: null,
    messageRef: null,
    note: null,
    ...over,
  };
}

/** A posted follow-up whose CPL went from $20.00 to `after` cents (10 leads a day both sides, unless given). */
function posted(horizonHours: number, action: string, afterCpl: number, afterLeads = 30): FollowUp {
  const result = compareWindows(action, window(60_000, 30), window(afterCpl * afterLeads, afterLeads));
  return followUp(horizonHours, { state: 'posted', verdict: result.verdict as Verdict, result });
}

describe('/rules scorecard', () => {
  test('median', () => {
    assert.equal(median([]), null);
    assert.equal(median([3, -1, 2]), 2);
    assert.equal(median([0.1, -0.3, -0.2, 0.4]), (-0.2 + 0.1) / 2);
  });

  test('each change counted once by its latest follow-up; medians of the CPL changes; waiting ones apart', () => {
    const lines = scorecard(
      [
        // kill: three pauses — one helped at 72 h (though not at 24 h), one did not, one still waiting.
        {
          rule: 'kill',
          action: 'pause',
          targetType: 'adset',
          followUps: [posted(24, 'pause', 2100), posted(72, 'pause', 1600)],
        },
        {
          rule: 'kill',
          action: 'pause',
          targetType: 'adset',
          followUps: [posted(24, 'pause', 2200), followUp(72)],
        },
        { rule: 'kill', action: 'pause', targetType: 'adset', followUps: [followUp(24), followUp(72)] },
        // scale: two raises, more leads at +5% (helped) and at +25% (did not).
        {
          rule: 'scale',
          action: 'raise_budget',
          targetType: 'adset',
          followUps: [posted(72, 'raise_budget', 2100, 36)],
        },
        {
          rule: 'scale',
          action: 'raise_budget',
          targetType: 'adset',
          followUps: [posted(72, 'raise_budget', 2500, 45)],
        },
      ],
      RULE_NAMES,
    );
    assert.deepEqual(
      lines.map((l) => scorecardLine(l)),
      [
        // CPL changes −20% and +10%: median −5%.
        '*kill* · 3 pauses: 1 helped, 1 did not help, 1 waiting for a follow-up · CPL of the account −5% after (median of 2)',
        // CPL +5% and +25% → +15%; leads a day +20% and +50% → +35%.
        '*scale* · 2 raises: 1 helped, 1 did not help · CPL of the ad sets +15%, leads/day +35% after (median of 2)',
      ],
    );
  });

  test('the reply: one line per rule, in the account’s dates; an empty range says so', () => {
    const range = { label: 'Last 30 days', since: '2026-10-30', until: '2026-11-28' };
    const empty = buildScorecardReply({ account: CHICAGO, range, lines: [] });
    assert.equal(empty.text, 'Rules scorecard — Last 30 days: no change applied');
    const reply = buildScorecardReply({
      account: CHICAGO,
      range,
      lines: scorecard(
        [{ rule: 'rotate', action: 'pause', targetType: 'ad', followUps: [posted(24, 'pause', 1500)] }],
        RULE_NAMES,
      ),
    });
    assert.equal(reply.text, 'Rules scorecard — Last 30 days: 1 change');
    assert.deepEqual(reply.blocks[1], {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*rotate* · 1 ad pause: 1 helped · CPL of the ad sets −25%, leads/day 0% after (median of 1)',
      },
    });
    assert.match(
      JSON.stringify(reply.blocks.at(-1)),
      /Brazos &amp; Reyes · Oct 30 – Nov 28, 2026 · changes applied in the range/,
    );
  });

  test('history: a change’s verdicts next to it, or when they are due', () => {
    assert.equal(
      followUpsText([posted(24, 'pause', 1600), followUp(72)], 'America/Chicago'),
      '24 h: helped (CPL −20%) · 72 h: due Dec 3, 2:00 AM CST',
    );
    assert.equal(
      followUpsText(
        [
          followUp(24, { state: 'posted', verdict: 'no_data', result: null }),
          followUp(72, { state: 'skipped' }),
        ],
        'America/Chicago',
      ),
      '24 h: no data · 72 h: skipped',
    );
  });

  test('/rules scorecard takes one optional range', () => {
    assert.deepEqual(parseRulesArgs('scorecard'), { kind: 'scorecard', range: null });
    assert.deepEqual(parseRulesArgs('scorecard last_90d'), { kind: 'scorecard', range: 'last_90d' });
    assert.throws(() => parseRulesArgs('scorecard last_7d adsets'), /takes one range/);
  });
});
