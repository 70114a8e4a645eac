import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildLeadSpeedReply,
  formatMinutes,
  formatSla,
  speedReportLine,
} from '../../src/messages/lead-speed.js';
import { figuresOf } from '../../src/speed/stats.js';

const FIGURES = figuresOf(
  {
    leads: 8,
    contacted: 5,
    withinSla: 4,
    neverContacted: 2,
    waitingInsideSla: 1,
    junkBeforeContact: 1,
    qualified: 2,
  },
  2,
  7.6,
);

describe('speed to lead messages', () => {
  test('minutes read as minutes, hours or days', () => {
    assert.equal(formatMinutes(null), '—');
    assert.equal(formatMinutes(0), '0 min');
    assert.equal(formatMinutes(0.5), '0.5 min');
    assert.equal(formatMinutes(7.64), '7.6 min');
    assert.equal(formatMinutes(12.4), '12 min');
    assert.equal(formatMinutes(65), '1 h 05 min');
    assert.equal(formatMinutes(3 * 1440 + 125), '3 d 2 h');
    assert.equal(formatSla(5), '5 min');
    assert.equal(formatSla(0.5), '30 s');
  });

  test('the daily report’s line', () => {
    assert.equal(
      speedReportLine(FIGURES, 5),
      '*Speed to lead:* median 2 min to first contact · 67% within 5 min · 2 leads still not contacted',
    );
    assert.equal(
      speedReportLine(figuresOf({ ...FIGURES, leads: 0 }, null, null), 5),
      '*Speed to lead:* no leads that day',
    );
  });

  test('/leads speed, exactly', () => {
    const reply = buildLeadSpeedReply({
      range: { since: '2026-10-31', until: '2026-11-29', preset: null },
      timezone: 'America/Chicago',
      accountName: 'A&B Law',
      currency: 'USD',
      spendError: null,
      report: {
        slaMinutes: 5,
        total: FIGURES,
        byRep: [{ rep: 'U1', ...FIGURES }],
        byCampaign: [
          {
            id: 'c1',
            name: 'MVA <Houston>',
            ...FIGURES,
            spendCents: 10_000,
            cplCents: 1_250,
            costPerQualifiedCents: 5_000,
          },
        ],
        spend: { spendCents: 10_000, cplCents: 1_250, costPerQualifiedCents: 5_000 },
      },
    });
    const line =
      'median 2 min · p90 7.6 min · 67% within 5 min (4 of 6) · 2 never contacted (1 still inside the SLA) · 1 junk';
    assert.deepEqual(reply.blocks, [
      {
        type: 'header',
        text: { type: 'plain_text', text: 'Speed to lead — Custom range', emoji: true },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Oct 31 – Nov 29, 2026 · A&amp;B Law · America/Chicago · SLA 5 min · minutes from each lead (or from opening time) to its first Contacted, Qualified or Signed case · p90 by linear interpolation',
          },
        ],
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*All leads* · 8 leads\n${line}\n$100.00 spend · CPL $12.50 · $50.00 per qualified lead (2 qualified)`,
        },
      },
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: `*By rep*\n<@U1> · 8 leads\n${line}` } },
      { type: 'divider' },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*By campaign*\n*MVA &lt;Houston&gt;* · 8 leads\n${line}\n$100.00 spend · CPL $12.50 · $50.00 per qualified lead (2 qualified)`,
        },
      },
    ]);
    assert.equal(reply.text, `Speed to lead, Custom range (Oct 31 – Nov 29, 2026): ${line}`);
  });
});
