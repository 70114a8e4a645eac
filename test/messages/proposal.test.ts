import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Proposal } from '../../src/db/proposals.js';
import type { MessageRef } from '../../src/messages/messenger.js';
import {
  buildFailureNotice,
  buildProposalMessage,
  describeChange,
  outcomeLine,
} from '../../src/messages/proposal.js';

const CREATED = Date.UTC(2026, 10, 29, 18, 0); // noon in Chicago (CST)
const TZ = 'America/Chicago';
const USD_VIEW = { timezone: TZ, currency: 'USD' };

function proposal(extra: Partial<Proposal> = {}): Proposal {
  return {
    id: 3,
    accountId: 'act_1001',
    currency: 'USD',
    kind: 'change',
    undoOf: null,
    rule: 'scale',
    alsoRules: [],
    adsetId: '2001',
    adsetName: 'Houston – Lookalike <1%>',
    campaignId: '1001',
    campaignName: 'MVA – Houston',
    target: { type: 'adset', id: '2001', name: 'Houston – Lookalike <1%>' },
    action: 'raise_budget',
    before: { status: 'ACTIVE', dailyBudgetCents: 8000 },
    after: { status: 'ACTIVE', dailyBudgetCents: 9600 },
    reason: 'CPL $16.10 is below $25.00 with 14 leads (more than 5)',
    figures: {
      window: 'last_3d',
      since: '2026-11-26',
      until: '2026-11-28',
      spendCents: 22_540,
      impressions: 9876,
      leads: 14,
      frequency: 1.234,
    },
    urgent: false,
    severity: null,
    status: 'pending',
    createdAt: CREATED,
    expiresAt: CREATED + 24 * 3_600_000,
    decidedBy: null,
    decidedAt: null,
    finishedAt: null,
    note: null,
    messageRef: 'CAPPROVALS/1764400000.000100' as MessageRef,
    undoneBy: null,
    ...extra,
  };
}

describe('buildProposalMessage', () => {
  test('pending: what changes, why, the figures, Approve and Reject carrying only the id', () => {
    assert.deepEqual(buildProposalMessage(proposal(), { timezone: TZ, currency: 'USD', approvers: ['U1'] }), {
      text: 'Proposal #3: daily budget $80.00 → $96.00 (+20%) for “Houston – Lookalike &lt;1%&gt;” (scale) — pending',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Proposal #3 — Raise budget $80.00/day → $96.00/day: “Houston – Lookalike &lt;1%&gt;”*\nCampaign: MVA – Houston',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Change:* daily budget $80.00 → $96.00 (+20%)\n*Why:* scale rule, last 3 days (Nov 26 – Nov 28, 2026): CPL $16.10 is below $25.00 with 14 leads (more than 5).',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Spend $225.40 · 14 leads · CPL $16.10 · 9,876 impressions · frequency 1.23',
            },
          ],
        },
        {
          type: 'actions',
          block_id: 'proposal_3',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Approve', emoji: true },
              action_id: 'proposal_approve',
              value: '3',
              style: 'primary',
            },
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Reject', emoji: true },
              action_id: 'proposal_reject',
              value: '3',
            },
          ],
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Proposal #3 · only approvers can decide · expires Nov 30, 12:00 PM CST',
            },
          ],
        },
      ],
    });
  });

  test('urgent (protect) mentions the approvers', () => {
    const message = buildProposalMessage(
      proposal({
        rule: 'protect',
        action: 'pause',
        urgent: true,
        after: { status: 'PAUSED', dailyBudgetCents: 8000 },
        alsoRules: ['kill'],
      }),
      { timezone: TZ, currency: 'USD', approvers: ['U1', 'U2'] },
    );
    assert.equal(
      (message.blocks[0] as { text: { text: string } }).text.text,
      ':rotating_light: *Urgent* — <@U1> <@U2>\n*Proposal #3 — Pause “Houston – Lookalike &lt;1%&gt;”*\nCampaign: MVA – Houston',
    );
    assert.match(message.text, /^Urgent: <@U1> <@U2> Proposal #3: pause the ad set \(ACTIVE → PAUSED\)/);
    assert.match(JSON.stringify(message.blocks[2]), /also triggered: kill/);
  });

  test('applied: who and when, no Approve/Reject, an Undo button', () => {
    const applied = proposal({
      status: 'applied',
      decidedBy: 'U1',
      decidedAt: CREATED + 5 * 60_000,
      finishedAt: CREATED + 5 * 60_000,
    });
    const message = buildProposalMessage(applied, { timezone: TZ, currency: 'USD', approvers: [] });
    assert.deepEqual(message.blocks.slice(3), [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':white_check_mark: *Applied* — approved by <@U1> on Nov 29, 12:05 PM CST. Meta confirms $96.00/day.',
        },
      },
      {
        type: 'actions',
        block_id: 'proposal_3_undo',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Undo', emoji: true },
            action_id: 'proposal_undo',
            value: '3',
          },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Proposal #3' }] },
    ]);
    const undone = buildProposalMessage(
      { ...applied, undoneBy: 4 },
      {
        timezone: TZ,
        currency: 'USD',
        approvers: [],
        undo: proposal({
          id: 4,
          kind: 'undo',
          undoOf: 3,
          action: 'lower_budget',
          before: applied.after,
          after: applied.before,
          status: 'applied',
          decidedBy: 'U2',
          decidedAt: CREATED + 10 * 60_000,
        }),
      },
    );
    assert.equal(
      (undone.blocks[4] as { text: { text: string } }).text.text,
      ':white_check_mark: *Undone* — by <@U2> on Nov 29, 12:10 PM CST. Meta confirms $80.00/day.',
    );
    assert.ok(!undone.blocks.some((b) => b.type === 'actions'));
    assert.match(undone.text, /— undone$/);
  });

  test('each outcome in one line', () => {
    const decided = { decidedBy: 'U1', decidedAt: CREATED, finishedAt: CREATED };
    const line = (extra: Partial<Proposal>) => outcomeLine(proposal({ ...decided, ...extra }), USD_VIEW);
    assert.equal(
      line({ status: 'rejected' }),
      ':x: *Rejected* by <@U1> on Nov 29, 12:00 PM CST. Nothing was changed.',
    );
    assert.equal(
      line({ status: 'failed', note: 'Meta said: No.' }),
      ':x: *Failed* — approved by <@U1> on Nov 29, 12:00 PM CST. Meta said: No.',
    );
    assert.equal(
      line({ status: 'stale', note: 'It changed.' }),
      ':warning: *Stale* — approved by <@U1> on Nov 29, 12:00 PM CST, but nothing was changed. It changed.',
    );
    assert.equal(
      line({ status: 'unconfirmed', note: 'Check it.' }),
      ':warning: *Unconfirmed* — approved by <@U1> on Nov 29, 12:00 PM CST. Check it.',
    );
    assert.equal(
      outcomeLine(proposal({ status: 'expired', finishedAt: CREATED + 86_400_000 }), USD_VIEW),
      '*Expired* on Nov 30, 12:00 PM CST with no decision. Nothing was changed.',
    );
  });

  test('a campaign budget names the campaign', () => {
    assert.equal(
      describeChange(proposal({ target: { type: 'campaign', id: '1001', name: 'MVA – DFW' } }), 'USD'),
      'daily budget of the campaign “MVA – DFW” (Advantage campaign budget) $80.00 → $96.00 (+20%)',
    );
  });
});

describe('a proposal in another currency', () => {
  const yen = (extra: Partial<Proposal> = {}) =>
    proposal({
      accountId: 'act_3003',
      currency: 'JPY',
      before: { status: 'ACTIVE', dailyBudgetCents: 8000 },
      after: { status: 'ACTIVE', dailyBudgetCents: 9600 },
      reason: 'CPL ¥1,610 is below ¥2,500 with 14 leads (more than 5)',
      figures: { ...proposal().figures, spendCents: 22_540 },
      ...extra,
    });

  test('yen budgets are whole yen, as Meta counts them: ¥8,000 → ¥9,600', () => {
    const message = buildProposalMessage(yen(), { timezone: 'Asia/Tokyo', currency: 'JPY', approvers: [] });
    assert.equal(
      message.text,
      'Proposal #3: daily budget ¥8,000 → ¥9,600 (+20%) for “Houston – Lookalike &lt;1%&gt;” (scale) — pending',
    );
    const text = JSON.stringify(message.blocks);
    assert.match(text, /Raise budget ¥8,000\/day → ¥9,600\/day/);
    assert.match(text, /Spend ¥22,540 · 14 leads · CPL ¥1,610 · 9,876 impressions/);
    assert.match(text, /expires Dec 1, 3:00 AM GMT\+9/);
    const applied = yen({ status: 'applied', decidedBy: 'U1', decidedAt: CREATED, finishedAt: CREATED });
    assert.equal(
      outcomeLine(applied, { timezone: 'Asia/Tokyo', currency: 'JPY' }),
      ':white_check_mark: *Applied* — approved by <@U1> on Nov 30, 3:00 AM GMT+9. Meta confirms ¥9,600/day.',
    );
  });

  test('euros keep their cents: €80.00 → €96.00', () => {
    assert.equal(
      describeChange(proposal({ accountId: 'act_2002', currency: 'EUR' }), 'EUR'),
      'daily budget €80.00 → €96.00 (+20%)',
    );
  });
});

describe('buildFailureNotice', () => {
  test('Meta’s reason in the thread, with Try again', () => {
    assert.deepEqual(buildFailureNotice(proposal({ status: 'failed', note: 'Meta said: No budget here.' })), {
      text: 'Proposal #3 failed: Meta said: No budget here.',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: ':x: Proposal #3 failed — Meta said: No budget here.' },
        },
        {
          type: 'actions',
          block_id: 'proposal_3_retry',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Try again', emoji: true },
              action_id: 'proposal_approve',
              value: '3',
              style: 'primary',
            },
          ],
        },
      ],
    });
  });
});
