import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CplLine, CplReport } from '../../src/insights/cpl-report.js';
import { buildCplReply } from '../../src/messages/cpl.js';
import { MAX_BLOCKS, MAX_SECTION_TEXT } from '../../src/messages/reply.js';

function totals(spendCents: number, leads: number, impressions = 1000, clicks = 20) {
  return {
    spendCents,
    impressions,
    clicks,
    leads,
    cplCents: leads > 0 ? Math.round(spendCents / leads) : null,
    ctr: impressions > 0 ? clicks / impressions : null,
    cpmCents: impressions > 0 ? Math.round((spendCents * 1000) / impressions) : null,
  };
}

function line(
  id: string,
  name: string,
  spendCents: number,
  leads: number,
  campaignName: string | null = null,
): CplLine {
  return { id, name, campaignName, ...totals(spendCents, leads) };
}

function report(lines: CplLine[], extra: Partial<CplReport> = {}): CplReport {
  return {
    range: { since: '2026-11-21', until: '2026-11-27', preset: 'last_7d' },
    level: 'campaign',
    filter: null,
    timezone: 'America/Chicago',
    accountName: 'Acme Roofing',
    currency: 'USD',
    total: totals(
      lines.reduce((n, l) => n + l.spendCents, 0),
      lines.reduce((n, l) => n + l.leads, 0),
      lines.length * 1000,
      lines.length * 20,
    ),
    lines,
    ...extra,
  };
}

function sectionTexts(blocks: ReturnType<typeof buildCplReply>['blocks']): string[] {
  const texts: string[] = [];
  for (const block of blocks) {
    if (block.type === 'section') {
      if (block.text) texts.push(block.text.text);
      for (const field of block.fields ?? []) texts.push(field.text);
    }
    if (block.type === 'context') for (const e of block.elements) if ('text' in e) texts.push(e.text);
  }
  return texts;
}

describe('buildCplReply', () => {
  test('a small report, exactly', () => {
    const small: CplReport = {
      range: { since: '2026-11-21', until: '2026-11-27', preset: 'last_7d' },
      level: 'campaign',
      filter: null,
      timezone: 'America/Chicago',
      accountName: 'Acme Roofing',
      currency: 'USD',
      total: totals(40000, 10, 4000, 100),
      lines: [
        { id: '2', name: 'Dallas Storm Damage', campaignName: null, ...totals(30000, 9, 3000, 90) },
        { id: '1', name: 'Houston Roof Repair', campaignName: null, ...totals(10000, 1, 1000, 10) },
      ],
    };
    assert.deepEqual(buildCplReply(small), {
      visibility: 'in_channel',
      text: 'Last 7 days (Nov 21 – Nov 27, 2026): $400.00 spend · 10 leads · CPL $40.00 · CTR 2.50%',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Cost per lead — Last 7 days', emoji: true } },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'Nov 21 – Nov 27, 2026 · Acme Roofing · America/Chicago' }],
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Spend*\n$400.00' },
            { type: 'mrkdwn', text: '*Leads*\n10' },
            { type: 'mrkdwn', text: '*Cost per lead*\n$40.00' },
            { type: 'mrkdwn', text: '*CTR*\n2.50%' },
          ],
        },
        { type: 'divider' },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              '*Dallas Storm Damage*\n$300.00 spend · 9 leads · CPL $33.33 · CTR 3.00%\n' +
              '*Houston Roof Repair*\n$100.00 spend · 1 lead · CPL $100.00 · CTR 1.00%',
          },
        },
      ],
    });
  });

  test('ad sets show their campaign; a filter and a custom range show in the context', () => {
    const reply = buildCplReply(
      report([line('a1', 'Roof 25-45', 12345, 3, 'Houston Roof Repair')], {
        level: 'adset',
        filter: 'houston',
        range: { since: '2025-12-29', until: '2026-01-04', preset: null },
      }),
    );
    assert.deepEqual(reply.blocks[0], {
      type: 'header',
      text: { type: 'plain_text', text: 'Cost per lead — Custom range', emoji: true },
    });
    assert.deepEqual(reply.blocks[1], {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Dec 29, 2025 – Jan 4, 2026 · Acme Roofing · America/Chicago · matching “houston”',
        },
      ],
    });
    assert.deepEqual(reply.blocks[4], {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Roof 25-45* _(Houston Roof Repair)_\n$123.45 spend · 3 leads · CPL $41.15 · CTR 2.00%',
      },
    });
    assert.equal(reply.blocks.length, 5);
  });

  test('spend without leads: CPL — and a warning', () => {
    const reply = buildCplReply(
      report([line('1', 'Houston', 5000, 2), line('2', 'Austin Gutters', 4200, 0)]),
    );
    assert.deepEqual(reply.blocks[4], {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          '*Houston*\n$50.00 spend · 2 leads · CPL $25.00 · CTR 2.00%\n' +
          '*Austin Gutters*\n$42.00 spend · 0 leads · CPL — · CTR 2.00% · :warning: no leads',
      },
    });
  });

  test('no spend and no leads: no warning', () => {
    const reply = buildCplReply(report([line('1', 'Paused', 0, 0)]));
    assert.deepEqual(reply.blocks[4], {
      type: 'section',
      text: { type: 'mrkdwn', text: '*Paused*\n$0.00 spend · 0 leads · CPL — · CTR 2.00%' },
    });
  });

  test('an empty report says nothing delivered', () => {
    const empty = report([]);
    const reply = buildCplReply({ ...empty, total: totals(0, 0, 0, 0) });
    assert.equal(reply.text, 'Last 7 days (Nov 21 – Nov 27, 2026): $0.00 spend · 0 leads · CPL — · CTR —');
    assert.deepEqual(reply.blocks[2], {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Spend*\n$0.00' },
        { type: 'mrkdwn', text: '*Leads*\n0' },
        { type: 'mrkdwn', text: '*Cost per lead*\n—' },
        { type: 'mrkdwn', text: '*CTR*\n—' },
      ],
    });
    assert.deepEqual(reply.blocks.slice(3), [
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: 'No campaign delivered in this range.' } },
    ]);
    const filtered = buildCplReply({ ...empty, level: 'adset', filter: 'miami' });
    assert.deepEqual(filtered.blocks.at(-1), {
      type: 'section',
      text: { type: 'mrkdwn', text: 'No ad set delivered in this range with that name.' },
    });
  });

  test('120 campaigns fit in one message with every line shown', () => {
    const lines = Array.from({ length: 120 }, (_, i) =>
      line(
        String(i),
        `Campaign ${String(i + 1).padStart(3, '0')} Houston Roof Repair`,
        100000 - i * 100,
        i % 7,
      ),
    );
    const reply = buildCplReply(report(lines));
    assert.ok(reply.blocks.length <= MAX_BLOCKS, `${reply.blocks.length} blocks`);
    for (const text of sectionTexts(reply.blocks))
      assert.ok(text.length <= MAX_SECTION_TEXT, `${text.length} chars`);
    const all = sectionTexts(reply.blocks).join('\n');
    for (const l of lines) assert.ok(all.includes(`*${l.name}*`), l.name);
    assert.ok(!all.includes('more campaigns'));
    // Lines stay in report order (by spend).
    assert.ok(all.indexOf('Campaign 001 ') < all.indexOf('Campaign 002 '));
    assert.ok(all.indexOf('Campaign 119 ') < all.indexOf('Campaign 120 '));
  });

  test('120 campaigns with long names: 50 blocks at most, and the "…and N more" count is right', () => {
    // 1,000-character names: two lines fit a section, so 60 sections are needed and 45 fit.
    const lines = Array.from({ length: 120 }, (_, i) =>
      line(String(i), `C${String(i + 1).padStart(3, '0')} ${'x'.repeat(995)}`, 100000 - i * 100, 3),
    );
    const reply = buildCplReply(report(lines));
    assert.equal(reply.blocks.length, MAX_BLOCKS);
    for (const text of sectionTexts(reply.blocks))
      assert.ok(text.length <= MAX_SECTION_TEXT, `${text.length} chars`);
    const shown = lines.filter((l) =>
      sectionTexts(reply.blocks).some((t) => t.includes(`*${l.name}*`)),
    ).length;
    assert.equal(shown, 90);
    assert.deepEqual(reply.blocks.at(-1), {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '…and 30 more campaigns. Narrow it down with a name filter.' }],
    });
  });

  test('names at Meta’s 400-character limit made of & still fit, and the count is right', () => {
    // Each escaped name is 2,000 characters: one line per section, 45 shown of 120.
    const lines = Array.from({ length: 120 }, (_, i) =>
      line(String(i), '&'.repeat(400), 100000 - i * 100, 1),
    );
    const reply = buildCplReply(report(lines, { level: 'adset' }));
    assert.equal(reply.blocks.length, MAX_BLOCKS);
    for (const text of sectionTexts(reply.blocks))
      assert.ok(text.length <= MAX_SECTION_TEXT, `${text.length} chars`);
    assert.deepEqual(reply.blocks.at(-1), {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '…and 75 more ad sets. Narrow it down with a name filter.' }],
    });
  });

  test('names, account and filter are escaped', () => {
    const reply = buildCplReply(
      report([line('1', '<!channel> Tom & Jerry <b>', 1000, 1, 'R&D <Q4>')], {
        level: 'adset',
        accountName: 'A&B <Roofing>',
        filter: '<@U123>',
      }),
    );
    assert.deepEqual(reply.blocks[1], {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Nov 21 – Nov 27, 2026 · A&amp;B &lt;Roofing&gt; · America/Chicago · matching “&lt;@U123&gt;”',
        },
      ],
    });
    assert.deepEqual(reply.blocks[4], {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*&lt;!channel&gt; Tom &amp; Jerry &lt;b&gt;* _(R&amp;D &lt;Q4&gt;)_\n$10.00 spend · 1 lead · CPL $10.00 · CTR 2.00%',
      },
    });
  });
});
