import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildFunnelReply, funnelText } from '../../src/messages/funnel.js';

describe('/leads stats: the funnel', () => {
  test('leads → contacted → qualified → signed with shares, then junk', () => {
    assert.equal(
      funnelText({ leads: 52, contacted: 30, qualified: 12, signed: 3, junk: 8 }),
      '52 leads → 30 contacted (58%) → 12 qualified (23%) → 3 signed (6%) · 8 junk',
    );
    assert.equal(
      funnelText({ leads: 0, contacted: 0, qualified: 0, signed: 0, junk: 0 }),
      '0 leads → 0 contacted → 0 qualified → 0 signed · 0 junk',
    );
  });

  test('in total and by campaign, exactly', () => {
    const reply = buildFunnelReply({
      range: { since: '2026-10-30', until: '2026-11-28', preset: 'last_30d' },
      timezone: 'America/Chicago',
      accountName: 'A&B Law',
      rows: [
        { id: 'c1', name: 'MVA – Houston', leads: 4, contacted: 3, qualified: 2, signed: 1, junk: 1 },
        { id: null, name: null, leads: 1, contacted: 0, qualified: 0, signed: 0, junk: 0 },
      ],
    });
    assert.equal(reply.visibility, 'in_channel');
    assert.deepEqual(reply.blocks, [
      { type: 'header', text: { type: 'plain_text', text: 'Lead funnel — Last 30 days', emoji: true } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Oct 30 – Nov 28, 2026 · A&amp;B Law · America/Chicago · leads LeadOps received, by the latest outcome marked on their alert',
          },
        ],
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*All campaigns*\n5 leads → 3 contacted (60%) → 2 qualified (40%) → 1 signed (20%) · 1 junk',
        },
      },
      { type: 'divider' },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            '*MVA – Houston*\n4 leads → 3 contacted (75%) → 2 qualified (50%) → 1 signed (25%) · 1 junk\n' +
            '*No campaign (organic or test leads)*\n1 lead → 0 contacted (0%) → 0 qualified (0%) → 0 signed (0%) · 0 junk',
        },
      },
    ]);
  });

  test('no leads: the header names the range, the answer its dates', () => {
    const reply = buildFunnelReply({
      range: {
        since: '2026-10-31',
        until: '2026-11-29',
        preset: null,
        label: 'Last 30 days, including today',
      },
      timezone: 'America/Chicago',
      accountName: 'A&B Law',
      rows: [],
    });
    assert.deepEqual(reply.blocks[0], {
      type: 'header',
      text: { type: 'plain_text', text: 'Lead funnel — Last 30 days, including today', emoji: true },
    });
    assert.deepEqual(reply.blocks.at(-1), {
      type: 'section',
      text: { type: 'mrkdwn', text: 'No leads created Oct 31 – Nov 29, 2026.' },
    });
    assert.equal(
      reply.text,
      'Lead funnel, Last 30 days, including today (Oct 31 – Nov 29, 2026): 0 leads → 0 contacted → 0 qualified → 0 signed · 0 junk',
    );
  });
});
