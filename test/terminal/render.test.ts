import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { CplReport } from '../../src/insights/cpl-report.js';
import { buildCplReply } from '../../src/messages/cpl.js';
import { buildUsageReply } from '../../src/messages/usage.js';
import { mrkdwnToText, renderReply } from '../../src/terminal/render.js';
import { SRC, sourceFiles } from '../support/source-files.js';

function totals(spendCents: number, leads: number, impressions: number, clicks: number) {
  return {
    spendCents,
    impressions,
    clicks,
    leads,
    cplCents: leads > 0 ? Math.round(spendCents / leads) : null,
    ctr: clicks / impressions,
    cpmCents: Math.round((spendCents * 1000) / impressions),
  };
}

const REPORT: CplReport = {
  range: { since: '2026-11-21', until: '2026-11-27', preset: 'last_7d' },
  level: 'adset',
  filter: null,
  timezone: 'America/Chicago',
  accountName: 'A&B <Roofing>',
  currency: 'USD',
  total: totals(40000, 9, 4000, 100),
  lines: [
    { id: '2', name: 'Dallas Storm Damage', campaignName: 'R&D', ...totals(30000, 9, 3000, 90) },
    { id: '1', name: 'Houston', campaignName: null, ...totals(10000, 0, 1000, 10) },
  ],
};

describe('mrkdwnToText', () => {
  test('links, mentions and phone numbers', () => {
    assert.equal(mrkdwnToText('see <https://example.com|Example>'), 'see Example');
    assert.equal(mrkdwnToText('call <tel:+15551234567|(555) 123-4567>'), 'call (555) 123-4567');
    assert.equal(mrkdwnToText('hi <@U0123ABC>'), 'hi @U0123ABC');
    assert.equal(mrkdwnToText('approved by <@UTERMINAL>'), 'approved by @you', 'the terminal’s own user');
    assert.equal(mrkdwnToText('<https://x.io>'), 'https://x.io');
  });

  test('bold, italics and code marks are dropped', () => {
    assert.equal(mrkdwnToText('a *bold* and _it_ (*p*)'), 'a bold and it (p)');
    assert.equal(mrkdwnToText('*Spend*\n$1.00'), 'Spend\n$1.00');
    assert.equal(mrkdwnToText('`/cpl last_7d`'), '/cpl last_7d');
  });

  test('underscores and asterisks inside words are left alone', () => {
    assert.equal(mrkdwnToText('snake_case_name and 2*3*4'), 'snake_case_name and 2*3*4');
  });

  test('known emoji become symbols; unknown ones stay', () => {
    assert.equal(mrkdwnToText(':warning: :x: :unknown_emoji:'), '⚠ ✖ :unknown_emoji:');
    assert.equal(mrkdwnToText(':mute: ads · :loud_sound: ads'), '🔇 ads · 🔊 ads');
    assert.equal(mrkdwnToText('at 10:30:00'), 'at 10:30:00');
  });

  test('every emoji code the bot writes has a symbol', () => {
    const codes = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      // `:name:` not touching a word or colon (so not `HH:mm:ss`); `:memory:` is SQLite's, not an emoji.
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/(?<![\w:]):([a-z][a-z_]+):(?![\w:])/g))
        if (name !== 'memory') codes.add(`:${name}:`);
    }
    assert.ok(codes.has(':warning:') && codes.has(':mute:'), [...codes].join(' '));
    for (const code of codes) assert.notEqual(mrkdwnToText(code), code, `${code} is printed as it is`);
  });

  test('entities are decoded once', () => {
    assert.equal(mrkdwnToText('&lt;b&gt; Tom &amp; Jerry'), '<b> Tom & Jerry');
    assert.equal(mrkdwnToText('&amp;lt;'), '&lt;');
  });
});

describe('renderReply', () => {
  test('the /cpl reply as readable text', () => {
    assert.equal(
      renderReply(buildCplReply(REPORT)),
      [
        '',
        'Cost per lead — Last 7 days',
        '═══════════════════════════',
        'Nov 21 – Nov 27, 2026 · A&B <Roofing> · America/Chicago',
        'Spend: $400.00   Leads: 9   Cost per lead: $44.44   CTR: 2.50%',
        '─'.repeat(60),
        'Dallas Storm Damage (R&D)',
        '$300.00 spend · 9 leads · CPL $33.33 · CTR 3.00%',
        'Houston',
        '$100.00 spend · 0 leads · CPL — · CTR 1.00% · ⚠ no leads',
        '',
      ].join('\n'),
    );
  });

  test('an ephemeral reply is marked', () => {
    assert.equal(
      renderReply(
        buildUsageReply('“last_8d” is not a date range I know.', '/cpl [range]\ne.g. /cpl last_7d'),
      ),
      '(only you can see this)\n⚠ “last_8d” is not a date range I know.\n/cpl [range]\ne.g. /cpl last_7d\n',
    );
  });

  test('falls back to the text without blocks', () => {
    assert.equal(
      renderReply({ visibility: 'in_channel', text: '*Done* :white_check_mark:', blocks: [] }),
      'Done ✔\n',
    );
  });

  test('actions and images', () => {
    assert.equal(
      renderReply({
        visibility: 'in_channel',
        text: 'x',
        blocks: [
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' } },
              { type: 'button', action_id: 'reject', text: { type: 'plain_text', text: 'Reject' } },
            ],
          },
          { type: 'image', image_url: 'https://example.com/chart.png', alt_text: 'spend chart' },
        ],
      }),
      '[Approve] [Reject]\n(image: spend chart)\n',
    );
  });
});
