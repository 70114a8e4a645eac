import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Totals } from '../../src/insights/totals.js';
import { MAX_BLOCKS, MAX_SECTION_TEXT } from '../../src/messages/reply.js';
import { buildReportReply, MAX_CAMPAIGN_LINES } from '../../src/messages/report.js';
import type { AdSetLine, CampaignLine, DailyReport } from '../../src/reports/daily-report.js';

function totals(spendCents: number, leads: number, impressions = 10_000, clicks = 150): Totals {
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

function campaign(name: string, spendCents: number, leads: number, cplRatio: number | null): CampaignLine {
  return {
    id: `c-${name}`,
    name,
    ...totals(spendCents, leads, 5000, 60),
    cplChange: cplRatio === null ? null : { direction: cplRatio > 0 ? 'up' : 'down', ratio: cplRatio },
  };
}

function adset(
  name: string,
  campaignName: string,
  spendCents: number,
  leads: number,
  frequency = 1.2,
): AdSetLine {
  return {
    id: `a-${name}`,
    name,
    campaignName,
    spendCents,
    leads,
    frequency,
    cplCents: leads > 0 ? Math.round(spendCents / leads) : null,
  };
}

function report(extra: Partial<DailyReport> = {}): DailyReport {
  return {
    range: { since: '2026-11-28', until: '2026-11-28', preset: 'yesterday' },
    days: 1,
    timezone: 'America/Chicago',
    accountName: 'Brazos & Reyes <Injury>',
    total: totals(152_340, 52),
    previous: { since: '2026-11-27', until: '2026-11-27' },
    trailing: { since: '2026-11-21', until: '2026-11-27' },
    changes: {
      spend: {
        vsPrevious: { direction: 'up', ratio: 0.1234 },
        vsTrailing: { direction: 'down', ratio: -0.031 },
      },
      leads: { vsPrevious: { direction: 'flat', ratio: 0 }, vsTrailing: { direction: 'up', ratio: 0.004 } },
      cpl: { vsPrevious: { direction: 'up', ratio: 0.12 }, vsTrailing: null },
      ctr: { vsPrevious: null, vsTrailing: null },
      cpm: { vsPrevious: { direction: 'down', ratio: -0.5 }, vsTrailing: { direction: 'up', ratio: 1.5 } },
    },
    campaigns: [campaign('MVA – Houston', 81_240, 31, -0.04), campaign('Slip & Fall', 12_000, 0, null)],
    adsetFloorCents: 2000,
    best: adset('Houston – Lookalike', 'MVA – Houston', 8100, 5),
    worst: adset('DFW – Interests', 'MVA – DFW', 10_500, 1),
    spentWithoutLeads: [adset('TX – Seniors', 'Slip & Fall', 1120, 0)],
    frequencyCap: 4,
    aboveFrequencyCap: [adset('RT – Openers', 'Retargeting', 900, 1, 4.567)],
    leadCheck: { since: '2026-11-28', meta: 12, received: 10 },
    settling: false,
    chart: { period: { since: '2026-11-15', until: '2026-11-28' }, days: [] },
    ...extra,
  };
}

describe('buildReportReply', () => {
  test('a one-day report, exactly', () => {
    assert.deepEqual(buildReportReply(report()), {
      visibility: 'in_channel',
      text: 'Yesterday (Nov 28, 2026): $1,523.40 spend · 52 leads · CPL $29.30',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Daily report — Yesterday', emoji: true } },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'Nov 28, 2026 · Brazos &amp; Reyes &lt;Injury&gt; · America/Chicago' },
          ],
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: [
              '*Spend* $1,523.40 · ▲ 12% · ▼ 3%',
              '*Leads* 52 · ±0% · ▲ <1%',
              '*CPL* $29.30 · ▲ 12% · —',
              '*CTR* 1.50% · — · —',
              '*CPM* $152.34 · ▼ 50% · ▲ 150%',
            ].join('\n'),
          },
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: '▲▼ vs Nov 27 · vs the average day of Nov 21 – Nov 27, 2026' }],
        },
        { type: 'divider' },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: [
              '*Campaigns* by spend',
              '*MVA – Houston*',
              '$812.40 · 31 leads · CPL $26.21 ▼ 4% · CTR 1.20%',
              '*Slip &amp; Fall*',
              '$120.00 · 0 leads · CPL — · CTR 1.20% · :warning: no leads',
            ].join('\n'),
          },
        },
        { type: 'divider' },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: [
              '*Ad sets by CPL* (spent at least $20.00)',
              'Best: *Houston – Lookalike* _(MVA – Houston)_ · CPL $16.20 · 5 leads · $81.00 spend',
              'Worst: *DFW – Interests* _(MVA – DFW)_ · CPL $105.00 · 1 lead · $105.00 spend',
            ].join('\n'),
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':warning: *Spent with no leads*\n*TX – Seniors* _(Slip &amp; Fall)_ · $11.20',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':warning: *Frequency above 4.0* (the fatigue rule’s cap)\n*RT – Openers* _(Retargeting)_ · 4.57',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':warning: *Leads:* Meta counts 12 instant-form leads, LeadOps received 10 — 2 missing: check the Page’s webhook subscription',
          },
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'Chart: daily spend and CPL, Nov 15 – Nov 28, 2026.' }],
        },
      ],
    });
  });

  test('a range of days, settling, nothing to call out, and the counts agree', () => {
    const reply = buildReportReply(
      report({
        range: { since: '2026-11-22', until: '2026-11-28', preset: 'last_7d' },
        days: 7,
        previous: { since: '2026-11-15', until: '2026-11-21' },
        trailing: null,
        settling: true,
        adsetFloorCents: 14_000,
        best: null,
        worst: null,
        spentWithoutLeads: [],
        aboveFrequencyCap: [],
        leadCheck: { since: '2026-11-22', meta: 1, received: 1 },
      }),
    );
    const texts = reply.blocks.map((b) =>
      b.type === 'section' ? b.text?.text : b.type === 'context' ? JSON.stringify(b.elements) : b.type,
    );
    assert.deepEqual(reply.blocks[0], {
      type: 'header',
      text: { type: 'plain_text', text: 'Report — Last 7 days', emoji: true },
    });
    assert.match(String(texts[1]), /Nov 22 – Nov 28, 2026/);
    assert.match(String(texts[2]), /⏳ Meta may still be settling these figures/);
    assert.equal(texts[3]?.split('\n')[0], '*Spend* $1,523.40 · ▲ 12%');
    assert.match(String(texts[4]), /▲▼ vs Nov 15 – Nov 21, 2026"/);
    assert.ok(texts.includes('*Ad sets by CPL*: none spent $140.00 or more and got a lead.'));
    assert.ok(!texts.some((t) => String(t).includes('Spent with no leads')));
    assert.ok(!texts.some((t) => String(t).includes('Frequency above')));
    assert.ok(
      texts.includes(':white_check_mark: *Leads:* LeadOps received 1, Meta counts 1 instant-form lead'),
    );
  });

  test('the lead check says which side is short, and compares only days LeadOps ran whole', () => {
    // The lead check is the last section, just before the chart's caption.
    const line = (extra: Partial<DailyReport>) => {
      const section = buildReportReply(report(extra)).blocks.at(-2);
      return section?.type === 'section' ? section.text?.text : undefined;
    };
    const week = { since: '2026-11-22', until: '2026-11-28', preset: 'last_7d' } as const;
    assert.equal(
      line({ leadCheck: { since: '2026-11-28', meta: 2, received: 7 }, settling: true }),
      '*Leads:* LeadOps received 7, Meta counts 2 instant-form leads so far — Meta’s figures may still be settling',
    );
    assert.equal(
      line({ leadCheck: { since: '2026-11-28', meta: 2, received: 7 } }),
      '*Leads:* LeadOps received 7, Meta counts 2 instant-form leads — none missing from LeadOps',
    );
    assert.equal(
      line({ range: week, leadCheck: { since: '2026-11-27', meta: 4, received: 3 } }),
      ':warning: *Leads from Nov 27* (LeadOps’ first whole day): Meta counts 4 instant-form leads, LeadOps received 3 — 1 missing: check the Page’s webhook subscription',
    );
    // A new database: yesterday happened before LeadOps started, so no false alarm.
    assert.equal(
      line({ leadCheck: { firstWholeDay: '2026-11-30' } }),
      '*Leads:* compared with Meta’s count from Nov 30, LeadOps’ first whole day',
    );
  });

  test('no previous period (beyond Meta’s 37 months): figures without arrows or legend', () => {
    const reply = buildReportReply(report({ previous: null, trailing: null }));
    const metrics = reply.blocks[2];
    assert.equal(metrics?.type === 'section' && metrics.text?.text.split('\n')[0], '*Spend* $1,523.40');
    assert.ok(!JSON.stringify(reply.blocks).includes('▲▼'));
  });

  test('many campaigns and ad sets: the top ones, the rest summed, within Slack’s limits', () => {
    const campaigns = Array.from({ length: 40 }, (_, i) =>
      campaign(`Campaign ${String(i + 1).padStart(2, '0')} ${'x'.repeat(120)}`, 100_000 - i * 1000, 2, null),
    );
    const many = Array.from({ length: 30 }, (_, i) =>
      adset(`Ad set ${i} ${'y'.repeat(200)}`, 'C', 500 + i, 0),
    );
    const reply = buildReportReply(report({ campaigns, spentWithoutLeads: many }));
    assert.ok(reply.blocks.length <= MAX_BLOCKS);
    for (const block of reply.blocks)
      if (block.type === 'section') assert.ok((block.text?.text.length ?? 0) <= MAX_SECTION_TEXT);
    const all = JSON.stringify(reply.blocks);
    assert.ok(all.includes(`Campaign ${String(MAX_CAMPAIGN_LINES).padStart(2, '0')}`));
    assert.ok(!all.includes(`Campaign ${String(MAX_CAMPAIGN_LINES + 1).padStart(2, '0')}`));
    const restSpend = campaigns.slice(MAX_CAMPAIGN_LINES).reduce((n, c) => n + c.spendCents, 0);
    assert.equal(restSpend, 1_825_000);
    assert.ok(all.includes('…and 25 more campaigns: $18,250.00 · 50 leads'));
    assert.ok(all.includes('…and 20 more'));
  });
});
