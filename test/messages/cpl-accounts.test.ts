import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DateRange } from '../../src/dates/ranges.js';
import { type AccountCplInput, buildAccountsCplReport } from '../../src/insights/accounts-cpl.js';
import type { InsightRow } from '../../src/insights/types.js';
import { buildAccountsCplReply } from '../../src/messages/cpl-accounts.js';

const WEEK: DateRange = { since: '2026-11-22', until: '2026-11-28', preset: 'last_7d' };
/** Tokyo is already on Monday Nov 30 when Chicago and Berlin are on Sunday Nov 29. */
const TOKYO_WEEK: DateRange = { since: '2026-11-23', until: '2026-11-29', preset: 'last_7d' };

function accountRow(
  id: string,
  spend: number,
  leads: number,
  impressions = 10_000,
  clicks = 200,
): InsightRow {
  return {
    level: 'account',
    objectId: id,
    name: id,
    campaignId: null,
    campaignName: null,
    spendCents: spend,
    impressions,
    clicks,
    leads,
    reach: null,
    frequency: null,
    dateStart: WEEK.since,
    dateStop: WEEK.until,
  };
}

function read(
  id: string,
  name: string,
  currency: string,
  spend: number,
  leads: number,
  range: DateRange = WEEK,
  timezone = 'America/Chicago',
): AccountCplInput {
  return {
    account: { id, name, currency, timezone },
    range,
    rows: spend || leads ? [accountRow(id, spend, leads)] : [],
  };
}

const FOUR: AccountCplInput[] = [
  read('act_1002', 'Bayou Dental', 'USD', 80_000, 10),
  read('act_2002', 'Kanzlei Berlin', 'EUR', 123_456, 4, WEEK, 'Europe/Berlin'),
  read('act_1001', 'Acme Injury Law', 'USD', 123_456, 42),
  read('act_3003', 'Tokyo Seikotsuin', 'JPY', 462_569, 0, WEEK, 'Asia/Tokyo'),
];

function texts(blocks: ReturnType<typeof buildAccountsCplReply>['blocks']): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'section') return block.text ? [block.text.text] : [];
    if (block.type === 'context') return block.elements.flatMap((e) => ('text' in e ? [e.text] : []));
    if (block.type === 'header') return [block.text.text];
    return ['---'];
  });
}

describe('buildAccountsCplReport', () => {
  test('grouped by currency (more accounts first), by spend within a group; a total per currency', () => {
    const report = buildAccountsCplReport(WEEK, FOUR);
    assert.deepEqual(
      report.lines.map((l) => l.id),
      ['act_1001', 'act_1002', 'act_2002', 'act_3003'],
    );
    assert.deepEqual(
      report.totals.map((t) => [
        t.currency,
        t.accounts,
        t.totals.spendCents,
        t.totals.leads,
        t.totals.cplCents,
      ]),
      [
        ['USD', 2, 203_456, 52, 3913],
        ['EUR', 1, 123_456, 4, 30_864],
        ['JPY', 1, 462_569, 0, null],
      ],
    );
    assert.deepEqual(report.commonDates, { since: WEEK.since, until: WEEK.until });
  });

  test('an account that did not deliver has zero figures; a failed one comes last, out of every total', () => {
    const report = buildAccountsCplReport(WEEK, [
      { account: { id: 'act_9', name: 'Gone', currency: 'USD' }, range: WEEK, error: 'Meta said: no.' },
      read('act_1', 'Quiet', 'USD', 0, 0),
      read('act_2', 'Busy', 'USD', 500, 1),
    ]);
    assert.deepEqual(
      report.lines.map((l) => [l.id, l.kind]),
      [
        ['act_2', 'figures'],
        ['act_1', 'figures'],
        ['act_9', 'failed'],
      ],
    );
    assert.deepEqual(
      report.totals.map((t) => [t.currency, t.accounts, t.totals.spendCents]),
      [['USD', 2, 500]],
    );
  });

  test('dates that differ by time zone are not common', () => {
    const report = buildAccountsCplReport(WEEK, [
      read('act_1', 'Chicago', 'USD', 100, 1),
      read('act_3', 'Tokyo', 'JPY', 100, 1, TOKYO_WEEK, 'Asia/Tokyo'),
    ]);
    assert.equal(report.commonDates, null);
  });
});

describe('buildAccountsCplReply', () => {
  test('four accounts in three currencies, exactly', () => {
    const reply = buildAccountsCplReply(buildAccountsCplReport(WEEK, FOUR));
    assert.equal(reply.visibility, 'in_channel');
    assert.equal(
      reply.text,
      'Last 7 days (Nov 22 – Nov 28, 2026), 4 ad accounts: $2,034.56 · €1,234.56 · ¥462,569 spend',
    );
    assert.deepEqual(texts(reply.blocks), [
      'Cost per lead — Last 7 days',
      'Nov 22 – Nov 28, 2026 · 4 ad accounts',
      '---',
      '*Acme Injury Law* · act_1001\n$1,234.56 spend · 42 leads · CPL $29.39\n' +
        '*Bayou Dental* · act_1002\n$800.00 spend · 10 leads · CPL $80.00\n' +
        '*Kanzlei Berlin* · act_2002\n€1,234.56 spend · 4 leads · CPL €308.64\n' +
        '*Tokyo Seikotsuin* · act_3003\n¥462,569 spend · 0 leads · CPL — · :warning: no leads',
      '---',
      '*Total USD* (2 accounts): $2,034.56 spend · 52 leads · CPL $39.13\n' +
        '*Total EUR* (1 account): €1,234.56 spend · 4 leads · CPL €308.64\n' +
        '*Total JPY* (1 account): ¥462,569 spend · 0 leads · CPL —',
      'One total per currency: amounts in different currencies are never added. ' +
        'One account’s campaigns: add its id, e.g. `/cpl last_7d act_…`, or ask in its home channel.',
    ]);
  });

  test('yen never show decimals, even for a cost per lead that does not divide evenly', () => {
    const reply = buildAccountsCplReply(
      buildAccountsCplReport(WEEK, [read('act_3', 'Tokyo', 'JPY', 10_000, 3)]),
    );
    const all = texts(reply.blocks).join('\n');
    assert.match(all, /¥10,000 spend · 3 leads · CPL ¥3,333\b/);
    assert.doesNotMatch(all, /¥[\d,]+\.\d/);
  });

  test('dates on each line when time zones make them differ; a failed account with its reason', () => {
    const reply = buildAccountsCplReply(
      buildAccountsCplReport(WEEK, [
        read('act_1', 'Chicago <Law>', 'USD', 100, 1),
        read('act_3', 'Tokyo', 'JPY', 100, 1, TOKYO_WEEK, 'Asia/Tokyo'),
        {
          account: { id: 'act_9', name: 'Disabled & Co', currency: null },
          range: null,
          error: 'Meta said: Unsupported get request.',
        },
      ]),
    );
    const all = texts(reply.blocks);
    assert.equal(all[1], '3 ad accounts · dates in each account’s time zone');
    assert.equal(
      all[3],
      '*Chicago &lt;Law&gt;* · act_1 · Nov 22 – Nov 28, 2026\n$1.00 spend · 1 lead · CPL $1.00\n' +
        '*Tokyo* · act_3 · Nov 23 – Nov 29, 2026\n¥100 spend · 1 lead · CPL ¥100\n' +
        '*Disabled &amp; Co* · act_9\n:warning: not read — Meta said: Unsupported get request.',
    );
    assert.match(all.at(-1) ?? '', /The totals leave out the account not read\./);
    assert.equal(reply.text, 'Last 7 days, 3 ad accounts: $1.00 · ¥100 spend');
  });
});
