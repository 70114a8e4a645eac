import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildHomeView, type HomeInput, type HomeLead, MAX_HOME_BLOCKS } from '../../src/messages/home.js';

const NOW = Date.parse('2026-11-29T18:00:00Z');
const MIN = 60_000;

function lead(number: number, minutesAgo: number, fields: Partial<HomeLead> = {}): HomeLead {
  return {
    number,
    name: `Lead <${number}>`,
    campaignName: 'MVA',
    accountName: null,
    clockStartAt: NOW - minutesAgo * MIN,
    ownerId: 'U1',
    ...fields,
  };
}

const INPUT: HomeInput = {
  viewer: 'U1',
  now: NOW,
  slaMinutes: 5,
  mine: { leads: [lead(12, 7), lead(13, 2), lead(14, -30)], total: 3 },
  unowned: { leads: [], total: 0 },
  proposals: {
    proposals: [{ id: 4, summary: 'pause ad set “RT”', accountName: null, expiresAt: NOW + 90 * MIN }],
    total: 1,
  },
  accounts: [
    { id: 'act_1', name: 'A&B Law', ok: true, problem: null, findings: [], openLeads: 3 },
    { id: 'act_2', name: 'Roofs', ok: true, problem: null, findings: ['Spend stopped'], openLeads: 1 },
    { id: 'act_3', name: 'act_3', ok: false, problem: 'permission denied', findings: [], openLeads: 0 },
  ],
};

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the Home tab', () => {
  test('exactly: my leads with their clocks, unowned, proposals, accounts', () => {
    assert.deepEqual(buildHomeView(INPUT), {
      type: 'home',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'LeadOps', emoji: true } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'For <@U1> · SLA 5 min to first contact' }] },
        section(
          '*My open leads* (3)\n' +
            '*#12 Lead &lt;12&gt;* · MVA · 7 min on the clock · :warning: past the 5 min SLA\n' +
            '*#13 Lead &lt;13&gt;* · MVA · 2 min on the clock\n' +
            '*#14 Lead &lt;14&gt;* · MVA · clock starts at opening time',
        ),
        { type: 'divider' },
        section('*Waiting for an owner* (0)\nNone.'),
        { type: 'divider' },
        section('*Proposals waiting for a decision* (1)\n*#4* pause ad set “RT” · expires in 1 h 30 min'),
        { type: 'divider' },
        section(
          '*Accounts*\n' +
            ':white_check_mark: *A&amp;B Law* (act_1) · all checks fine · 3 leads not contacted\n' +
            ':warning: *Roofs* (act_2) · Spend stopped · 1 lead not contacted\n' +
            ':x: *act_3* (act_3) · not readable from Meta: permission denied',
        ),
      ],
    });
  });

  test('not an approver: no proposals; long lists stop at 15 lines and count the rest, within 100 blocks', () => {
    const many = Array.from({ length: 400 }, (_, i) => lead(i + 1, 1, { name: 'x'.repeat(150) }));
    const view = buildHomeView({
      ...INPUT,
      proposals: null,
      mine: { leads: many, total: 1000 },
      unowned: { leads: many, total: 400 },
    });
    const text = JSON.stringify(view.blocks);
    assert.doesNotMatch(text, /Proposals/);
    assert.match(text, /…and 985 more/);
    assert.match(text, /…and 385 more/);
    assert.ok(view.blocks.length <= MAX_HOME_BLOCKS);
  });
});
