import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareWindows, type WindowFigures } from '../../src/followups/compare.js';
import { buildFollowUpMessage, type FollowUpView, signedPercent } from '../../src/messages/follow-up.js';
import { budgetDraft, pauseDraft } from '../approvals/support.js';

function window(days: number, spendCents: number, leads: number, qualified = 0): WindowFigures {
  return { days, spendCents, leads, qualified, delivered: true };
}

const ONE_DAY = {
  beforeSince: '2026-11-28',
  beforeUntil: '2026-11-28',
  afterSince: '2026-11-30',
  afterUntil: '2026-11-30',
};
const THREE_DAYS = {
  beforeSince: '2026-11-26',
  beforeUntil: '2026-11-28',
  afterSince: '2026-11-30',
  afterUntil: '2026-12-02',
};

function view(over: Partial<FollowUpView> & Pick<FollowUpView, 'comparison'>): FollowUpView {
  return {
    proposal: { id: 12, ...pauseDraft() },
    horizonHours: 24,
    windows: ONE_DAY,
    subject: { level: 'account' },
    currency: 'USD',
    timezone: 'America/Chicago',
    ...over,
  };
}

describe('follow-up message', () => {
  test('signed whole percent with a real minus', () => {
    assert.equal(signedPercent(-1370 / 5210), '−26%');
    assert.equal(signedPercent(0.075), '+8%');
    assert.equal(signedPercent(0.004), '0%');
  });

  test('a pause, judged on the account: figures, verdict, the days compared and why the account', () => {
    const message = buildFollowUpMessage(
      view({
        windows: THREE_DAYS,
        horizonHours: 72,
        comparison: compareWindows('pause', window(3, 46_890, 9, 2), window(3, 46_080, 12, 3)),
      }),
    );
    assert.deepEqual(message, {
      text: '72 h follow-up of proposal #12: helped',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              ':bar_chart: *72 h follow-up* of proposal #12: pause the ad set (ACTIVE → PAUSED), “Houston – Broad” (kill rule)\n' +
              'The account: CPL $52.10 → $38.40 (−26%), 3.0 → 4.0 leads/day, cost per qualified lead $234.45 → $153.60: *helped*',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Nov 26 – Nov 28, 2026 (the 3 days before) vs Nov 30 – Dec 2, 2026 (the 3 days after), whole days in America/Chicago; the day of the change is in neither. A paused ad set has no figures after the change, so the whole account’s are compared: did it bring its leads cheaper without it?',
            },
          ],
        },
      ],
    });
  });

  test('a raise in yen that did not help, no lead marked qualified', () => {
    const message = buildFollowUpMessage(
      view({
        proposal: {
          id: 7,
          ...budgetDraft({
            before: { status: 'ACTIVE', dailyBudgetCents: 8000 },
            after: { status: 'ACTIVE', dailyBudgetCents: 9600 },
          }),
        },
        subject: { level: 'adset', id: '2001' },
        currency: 'JPY',
        timezone: 'Asia/Tokyo',
        comparison: compareWindows('raise_budget', window(1, 50_000, 10), window(1, 66_000, 11)),
      }),
    );
    assert.equal(message.text, '24 h follow-up of proposal #7: did not help');
    assert.deepEqual(message.blocks[0], {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          ':bar_chart: *24 h follow-up* of proposal #7: daily budget ¥8,000 → ¥9,600 (+20%), “Houston – Broad” (scale rule)\n' +
          'The ad set: CPL ¥5,000 → ¥6,000 (+20%), 10.0 → 11.0 leads/day, no leads marked qualified: *did not help*',
      },
    });
    assert.deepEqual(message.blocks[1], {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Nov 28, 2026 (the day before) vs Nov 30, 2026 (the day after), whole days in Asia/Tokyo; the day of the change is in neither. A raise helped when it brought more leads a day at a CPL at most 10% higher.',
        },
      ],
    });
  });

  test('too early to tell, with the figures', () => {
    const message = buildFollowUpMessage(
      view({
        subject: { level: 'adset', id: '2001' },
        proposal: {
          id: 3,
          ...budgetDraft({
            action: 'lower_budget',
            rule: 'rebalance',
            after: { status: 'ACTIVE', dailyBudgetCents: 3000 },
          }),
        },
        comparison: compareWindows('lower_budget', window(1, 9_000, 3), window(1, 8_000, 4, 1)),
      }),
    );
    assert.equal(
      (message.blocks[0] as { text: { text: string } }).text.text,
      ':bar_chart: *24 h follow-up* of proposal #3: daily budget $40.00 → $30.00 (-25%), “Houston – Broad” (rebalance rule)\n' +
        'The ad set: CPL $30.00 → $20.00 (−33%), 3.0 → 4.0 leads/day, cost per qualified lead — → $80.00: *too early to tell* (fewer than 5 leads in a window)',
    );
  });

  test('a deleted ad set: “no data” words instead of a number', () => {
    const gone: WindowFigures = { days: 1, spendCents: 0, leads: 0, qualified: 0, delivered: false };
    const message = buildFollowUpMessage(
      view({
        subject: { level: 'adset', id: '2001' },
        proposal: { id: 9, ...budgetDraft() },
        comparison: compareWindows('raise_budget', window(1, 9_000, 6), gone),
      }),
    );
    assert.equal(message.text, '24 h follow-up of proposal #9: no data');
    assert.equal(
      (message.blocks[0] as { text: { text: string } }).text.text,
      ':bar_chart: *24 h follow-up* of proposal #9: daily budget $40.00 → $48.00 (+20%), “Houston – Broad” (scale rule)\n' +
        'No data: Meta has no figures for the ad set in Nov 30, 2026 (the day after) — it was deleted, or it did not deliver. Nothing to compare.',
    );
  });

  test('a paused ad: its ad set’s figures, said so', () => {
    const message = buildFollowUpMessage(
      view({
        subject: { level: 'adset', id: '2001' },
        proposal: {
          id: 4,
          ...pauseDraft({ rule: 'rotate', target: { type: 'ad', id: '3001', name: 'Video <A>' } }),
        },
        comparison: compareWindows('pause', window(1, 10_000, 5), window(1, 9_000, 6)),
      }),
    );
    assert.match(JSON.stringify(message.blocks[0]), /pause the ad “Video &lt;A&gt;” \(ACTIVE → PAUSED\)/);
    assert.match(
      JSON.stringify(message.blocks[1]),
      /The ad is paused; its ad set’s figures are compared, as its other ads carry the budget\./,
    );
  });
});
