import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Proposal } from '../../src/db/proposals.js';
import { buildLookalikeTooSmallReply } from '../../src/messages/audience.js';
import type { MessageRef } from '../../src/messages/messenger.js';
import { buildPlayProposedReply } from '../../src/messages/plays.js';
import { buildProposalMessage, describeChange } from '../../src/messages/proposal.js';

const CREATED = Date.UTC(2026, 10, 29, 18, 0); // noon in Chicago
const VIEW = { timezone: 'America/Chicago', currency: 'USD', approvers: ['U1'] };
const DECIDED = { decidedBy: 'U0BOSS', decidedAt: CREATED + 60_000, finishedAt: CREATED + 61_000 };

const duplicate: Proposal = {
  id: 7,
  accountId: 'act_1001',
  currency: 'USD',
  kind: 'change',
  undoOf: null,
  rule: '/adsets',
  alsoRules: [],
  adsetId: '2001',
  adsetName: 'Houston – Lookalike',
  campaignId: '1001',
  campaignName: 'MVA – Houston',
  target: { type: 'adset', id: '2001', name: 'Houston – Lookalike' },
  action: 'duplicate',
  before: { status: 'ACTIVE', dailyBudgetCents: 4000 },
  after: { status: 'ACTIVE', dailyBudgetCents: 6000 },
  reason:
    "<@U0BOSS> asked for a copy with /adsets duplicate; the figures are the original's over the last 7 days (Nov 22 – Nov 28, 2026)",
  figures: {
    window: 'last_7d',
    since: '2026-11-22',
    until: '2026-11-28',
    spendCents: 26_600,
    impressions: 8580,
    leads: 17,
    frequency: 1.5,
  },
  urgent: false,
  severity: null,
  status: 'pending',
  createdAt: CREATED,
  expiresAt: CREATED + 86_400_000,
  decidedBy: null,
  decidedAt: null,
  finishedAt: null,
  note: null,
  messageRef: 'CAPPROVALS/1764400000.000100' as MessageRef,
  undoneBy: null,
};

const NAME = 'LeadOps — signed cases, 1% US, value-based';
const lookalike: Proposal = {
  ...duplicate,
  rule: '/audience',
  action: 'create_lookalike',
  adsetId: '',
  adsetName: NAME,
  campaignId: '',
  campaignName: '',
  target: { type: 'account', id: 'act_1001', name: NAME },
  before: { status: 'NONE', dailyBudgetCents: null },
  after: { status: 'CREATED', dailyBudgetCents: null },
  reason: '<@U0BOSS> asked for a lookalike of the signed cases with /audience lookalike',
  figures: {
    window: 'signed_cases',
    since: '2026-11-29',
    until: '2026-11-29',
    spendCents: 0,
    impressions: 0,
    leads: 120,
    frequency: null,
  },
  play: {
    kind: 'lookalike',
    name: NAME,
    ratio: 0.01,
    country: 'US',
    countryFrom: 'where most signed cases’ phone numbers are',
    sourceAudienceId: '2380001',
    sourceName: 'LeadOps — signed cases (value-based)',
    sourceSize: 120,
    valueBased: true,
  },
};

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

describe('the duplicate play’s words', () => {
  test('the change, in the account’s currency', () => {
    assert.equal(
      describeChange(duplicate, 'USD'),
      'copy the ad set with its ads at $60.00/day (the original: $40.00/day) and turn the copy on',
    );
    assert.equal(
      describeChange(
        {
          ...duplicate,
          before: { status: 'ACTIVE', dailyBudgetCents: 8000 },
          after: { status: 'ACTIVE', dailyBudgetCents: 12_000 },
        },
        'JPY',
      ),
      'copy the ad set with its ads at ¥12,000/day (the original: ¥8,000/day) and turn the copy on',
    );
  });

  test('applied: the copy and the original linked in Ads Manager, with Undo (it pauses the copy)', () => {
    const message = buildProposalMessage(
      { ...duplicate, ...DECIDED, status: 'applied', result: { copyId: '1203000001', adCopies: [] } },
      VIEW,
    );
    assert.deepEqual(message, {
      text: 'Proposal #7: copy the ad set with its ads at $60.00/day (the original: $40.00/day) and turn the copy on for “Houston – Lookalike” (/adsets) — applied',
      blocks: [
        section('*Proposal #7 — Duplicate “Houston – Lookalike” at $60.00/day*\nCampaign: MVA – Houston'),
        section(
          "*Change:* copy the ad set with its ads at $60.00/day (the original: $40.00/day) and turn the copy on\n*Why:* <@U0BOSS> asked for a copy with /adsets duplicate; the figures are the original's over the last 7 days (Nov 22 – Nov 28, 2026).",
        ),
        context('Spend $266.00 · 17 leads · CPL $15.65 · 8,580 impressions · frequency 1.50'),
        section(
          ':white_check_mark: *Applied* — approved by <@U0BOSS> on Nov 29, 12:01 PM CST. Meta confirms <https://adsmanager.facebook.com/adsmanager/manage/adsets?act=1001&selected_adset_ids=1203000001|copy 1203000001> ACTIVE at $60.00/day, next to the <https://adsmanager.facebook.com/adsmanager/manage/adsets?act=1001&selected_adset_ids=2001|original 2001>.',
        ),
        {
          type: 'actions',
          block_id: 'proposal_7_undo',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Undo', emoji: true },
              action_id: 'proposal_undo',
              value: '7',
            },
          ],
        },
        context('Proposal #7'),
      ],
    });
  });
});

describe('the lookalike play’s words', () => {
  test('pending: no campaign line; the source, its size, the country and why, the ratio', () => {
    const { blocks } = buildProposalMessage(lookalike, VIEW);
    assert.deepEqual(blocks.slice(0, 3), [
      section(`*Proposal #7 — Create the lookalike audience “${NAME}”*`),
      section(
        '*Change:* create a 1% lookalike in US of “LeadOps — signed cases (value-based)”\n*Why:* <@U0BOSS> asked for a lookalike of the signed cases with /audience lookalike.',
      ),
      context(
        'Source: “LeadOps — signed cases (value-based)” (120 people, each with its case value) · country US (where most signed cases’ phone numbers are) · ratio 0.01',
      ),
    ]);
  });

  test('applied: the new audience’s id, where to pick it, and why there is no Undo', () => {
    const message = buildProposalMessage(
      { ...lookalike, ...DECIDED, status: 'applied', result: { audienceId: '2380002' } },
      VIEW,
    );
    assert.equal(
      message.text,
      `Proposal #7: create a 1% lookalike in US of “LeadOps — signed cases (value-based)” for “${NAME}” (/audience) — applied`,
    );
    assert.deepEqual(message.blocks.slice(3), [
      section(
        `:white_check_mark: *Applied* — approved by <@U0BOSS> on Nov 29, 12:01 PM CST. Meta confirms the audience “${NAME}” (id 2380002), ready to pick in <https://adsmanager.facebook.com/adsmanager/audiences?act=1001|Ads Manager → Audiences>.`,
      ),
      context(
        'Meta keeps an audience until it is deleted: delete it in Ads Manager (Audiences) if it is not wanted.',
      ),
      context('Proposal #7'),
    ]);
  });
});

describe('the asker’s answers', () => {
  test('proposed: where it waits', () => {
    const text = `Proposal #7 posted in <#C0APPROVALS>: create a 1% lookalike in US of “LeadOps — signed cases (value-based)” — “${NAME}”. An approver approves or rejects it there; nothing changes at Meta before.`;
    assert.deepEqual(buildPlayProposedReply(lookalike, 'C0APPROVALS', true), {
      visibility: 'ephemeral',
      text,
      blocks: [section(text)],
    });
    assert.match(
      buildPlayProposedReply(duplicate, '#approvals', false).text,
      /^Proposal #7 recorded; Slack did not take its message, so it is posted in #approvals with the next rules evaluation: /,
    );
  });

  test('too few signed cases: how many, how many Meta needs, nothing done', () => {
    const text =
      'Not enough signed cases for a lookalike yet: Meta needs at least 100 people in its source, and LeadOps has 1 signed case in Zahnklinik (act_2002) with an email or phone. Nothing was uploaded or proposed — mark leads Signed case on their alerts as cases come in.';
    assert.deepEqual(buildLookalikeTooSmallReply(1, 100, { id: 'act_2002', name: 'Zahnklinik' }), {
      visibility: 'ephemeral',
      text,
      blocks: [section(`:warning: ${text}`)],
    });
  });
});
