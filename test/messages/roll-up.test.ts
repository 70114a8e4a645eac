import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildRollUpReply } from '../../src/messages/roll-up.js';
import type { RollUp } from '../../src/reports/roll-up.js';

const rollUp: RollUp = {
  date: '2026-11-28',
  currencies: 3,
  lines: [
    {
      kind: 'reported',
      id: 'act_1001',
      name: 'Acme Injury Law',
      channel: 'C0ACME',
      summary: {
        currency: 'USD',
        spend: 123_456,
        leads: 14,
        cpl: 8818,
        changes: {
          spend: { direction: 'up', ratio: 0.12 },
          leads: { direction: 'down', ratio: -0.003 },
          cpl: { direction: 'up', ratio: 0.154 },
        },
      },
    },
    {
      kind: 'reported',
      id: 'act_2002',
      name: 'Berliner Kanzlei',
      channel: 'C0BERLIN',
      summary: {
        currency: 'EUR',
        spend: 123_456,
        leads: 0,
        cpl: null,
        changes: { spend: null, leads: null, cpl: null },
      },
    },
    {
      kind: 'reported',
      id: 'act_3003',
      name: 'Tokyo Law Office',
      channel: '#reports',
      summary: {
        currency: 'JPY',
        spend: 9600,
        leads: 1,
        cpl: 9600,
        changes: { spend: { direction: 'flat', ratio: 0 }, leads: null, cpl: null },
      },
    },
    { kind: 'failed', id: 'act_4004', name: 'Smith & Co', error: 'Meta refused: (#200) <no permission>' },
    { kind: 'none', id: 'act_5005', name: 'Late Client' },
  ],
};

describe('buildRollUpReply', () => {
  test('one line per account in its own currency, with its change against the day before; exactly', () => {
    assert.deepEqual(buildRollUpReply(rollUp), {
      visibility: 'in_channel',
      text: 'Daily roll-up — Nov 28, 2026: 5 ad accounts',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Daily roll-up — Nov 28, 2026', emoji: true } },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: '5 ad accounts · each on its own time zone’s Nov 28 · its full report is in its channel',
            },
          ],
        },
        { type: 'divider' },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: [
              '*Acme Injury Law* · $1,234.56 spend ▲ 12% · 14 leads ▼ &lt;1% · CPL $88.18 ▲ 15% · <#C0ACME>',
              '*Berliner Kanzlei* · €1,234.56 spend · 0 leads · CPL — · <#C0BERLIN>',
              '*Tokyo Law Office* · ¥9,600 spend ±0% · 1 lead · CPL ¥9,600 · #reports',
              '*Smith &amp; Co* · :warning: no report — Meta refused: (#200) &lt;no permission&gt;',
              '*Late Client* · no report for Nov 28',
            ].join('\n'),
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: '▲▼ vs the day before. Each account in its own currency: amounts in different currencies are never added.',
            },
          ],
        },
      ],
    });
  });

  test('one currency: no note about currencies; no figure anywhere adds accounts', () => {
    const usd = { ...rollUp, currencies: 1, lines: rollUp.lines.slice(0, 1) };
    const reply = buildRollUpReply(usd);
    assert.ok(!JSON.stringify(reply).includes('never added'));
    assert.equal(reply.text, 'Daily roll-up — Nov 28, 2026: 1 ad account');
  });
});
