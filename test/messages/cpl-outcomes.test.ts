import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCplReport } from '../../src/insights/cpl-report.js';
import { buildCplReply } from '../../src/messages/cpl.js';
import { campaignRowFixture, FIXTURE_RANGE } from '../support/insight-fixtures.js';

const RANGE = FIXTURE_RANGE;

const row = campaignRowFixture;

const INPUT = {
  range: RANGE,
  level: 'campaign' as const,
  filter: null,
  timezone: 'America/Chicago',
  accountName: 'Acme Injury Law',
  currency: 'USD',
  rows: [row('1', 'MVA – Houston', 90_000, 30), row('2', 'Slip & Fall', 10_000, 4), row('3', 'Paused', 0, 0)],
};

describe('/cpl with outcomes from the store', () => {
  test('cost per qualified and per signed = spend ÷ count, per campaign and in total; none → —', () => {
    const report = buildCplReport({
      ...INPUT,
      outcomes: new Map([
        ['1', { qualified: 7, signed: 3 }],
        ['2', { qualified: 1, signed: 0 }],
      ]),
    });
    assert.deepEqual(
      report.lines.map((l) => [l.id, l.outcomes]),
      [
        ['1', { qualified: 7, signed: 3, costPerQualifiedCents: 12_857, costPerSignedCents: 30_000 }],
        ['2', { qualified: 1, signed: 0, costPerQualifiedCents: 10_000, costPerSignedCents: null }],
        ['3', { qualified: 0, signed: 0, costPerQualifiedCents: null, costPerSignedCents: null }],
      ],
    );
    assert.deepEqual(report.outcomes, {
      qualified: 8,
      signed: 3,
      costPerQualifiedCents: 12_500,
      costPerSignedCents: 33_333,
    });

    const reply = buildCplReply(report);
    assert.deepEqual(reply.blocks[3], {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Qualified*\n8' },
        { type: 'mrkdwn', text: '*Cost per qualified*\n$125.00' },
        { type: 'mrkdwn', text: '*Signed cases*\n3' },
        { type: 'mrkdwn', text: '*Cost per signed case*\n$333.33' },
      ],
    });
    assert.deepEqual(reply.blocks[4], { type: 'divider' });
    assert.deepEqual(reply.blocks[5], {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          '*MVA – Houston*\n$900.00 spend · 30 leads · CPL $30.00 · CTR 2.00% · 7 qualified ($128.57 each) · 3 signed ($300.00 each)\n' +
          '*Slip &amp; Fall*\n$100.00 spend · 4 leads · CPL $25.00 · CTR 2.00% · 1 qualified ($100.00 each) · 0 signed\n' +
          '*Paused*\n$0.00 spend · 0 leads · CPL — · CTR 2.00% · 0 qualified · 0 signed',
      },
    });
  });

  test('without outcomes the report and its answer are as before', () => {
    const report = buildCplReport(INPUT);
    assert.equal(report.outcomes, undefined);
    assert.ok(report.lines.every((l) => l.outcomes === undefined));
    const reply = buildCplReply(report);
    assert.deepEqual(reply.blocks[3], { type: 'divider' });
    assert.doesNotMatch(JSON.stringify(reply.blocks), /qualified/);
  });
});
