import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatMoney } from '../../src/money.js';
import type { DailyReportsResult } from '../../src/reports/daily-job.js';
import { createAgencySandbox } from '../../src/sandbox/account.js';
import type { GraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { type ManualClock, manualClock } from '../support/manual-clock.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

/**
 * Nov 29, 2026, 07:59 in Chicago: 14:59 in Berlin, 22:59 in Tokyo — Nov 28 is yesterday in all three.
 * A minute before Chicago's 08:00 slot, so the start-up catch-up has nothing to post (Berlin's and
 * Tokyo's slots came before this new database began) and the reports are the test's own run.
 */
const BEFORE_CHICAGO_8AM = Date.parse('2026-11-29T13:59:00Z');
const DAY = '2026-11-28';

interface Agency {
  bot: TestBot;
  clock: ManualClock;
  graph: GraphEmulator;
  usd: string;
  eur: string;
  jpy: string;
}

/** The agency sandbox (USD Chicago, EUR Berlin, JPY Tokyo); the yen account has no home channel. */
async function startAgency(): Promise<Agency> {
  const clock = manualClock(BEFORE_CHICAGO_8AM);
  const bot = await startTestBot({
    clock,
    accounts: createAgencySandbox(),
    env: ({ accounts: [usd, eur] }) => ({
      ACCOUNT_CHANNELS: `${usd?.id}=#client-acme,${eur?.id}=#client-berlin`,
    }),
  });
  const { graph } = bot;
  const [usd, eur, jpy] = graph.accounts.map((account) => account.id) as [string, string, string];
  return {
    bot,
    clock,
    graph,
    usd,
    eur,
    jpy,
  };
}

const reports = (agency: Agency, channel: string) =>
  agency.bot.slack.messages(channel).filter((m) => m.text.startsWith('Yesterday ('));
const rollUps = (agency: Agency) =>
  agency.bot.slack.messages('#leadops').filter((m) => m.text.startsWith('Daily roll-up'));

function spendOf(graph: GraphEmulator, accountId: string): number {
  return graph.insightsRows('campaign', DAY, DAY, accountId).reduce((n, row) => n + row.spendCents, 0);
}

describe('the daily report of several ad accounts, end to end', () => {
  let agency: Agency;
  let result: DailyReportsResult;

  before(async () => {
    agency = await startAgency();
    agency.graph.resetCalls();
    result = (await agency.bot.leadops.runJob('report')) as DailyReportsResult;
  });
  after(async () => {
    await agency.bot.stop();
  });

  test('one report per account, each in its home channel (REPORT_CHANNEL for the one without)', () => {
    assert.deepEqual(
      result.reports.map((r) => [r.accountId, r.outcome.posted, r.outcome.reportDate]),
      [
        [agency.usd, true, DAY],
        [agency.eur, true, DAY],
        [agency.jpy, true, DAY],
      ],
    );
    assert.equal(reports(agency, '#client-acme').length, 1);
    assert.equal(reports(agency, '#client-berlin').length, 1);
    assert.equal(reports(agency, '#leadops').length, 1);
  });

  test('each in its own currency: the yen one in whole yen, the euro one in euros', () => {
    const yen = formatMoney(spendOf(agency.graph, agency.jpy), 'JPY');
    assert.match(yen, /^¥[\d,]+$/);
    assert.ok(
      reports(agency, '#leadops')[0]?.text.startsWith(`Yesterday (Nov 28, 2026): ${yen} spend · `),
      reports(agency, '#leadops')[0]?.text,
    );
    const euros = formatMoney(spendOf(agency.graph, agency.eur), 'EUR');
    assert.match(euros, /^€[\d,]+\.\d\d$/);
    assert.ok(
      reports(agency, '#client-berlin')[0]?.text.startsWith(`Yesterday (Nov 28, 2026): ${euros} spend`),
    );
    const dollars = formatMoney(spendOf(agency.graph, agency.usd), 'USD');
    assert.ok(
      reports(agency, '#client-acme')[0]?.text.startsWith(`Yesterday (Nov 28, 2026): ${dollars} spend`),
    );
    assert.ok(
      !JSON.stringify(reports(agency, '#leadops')[0]?.blocks).includes('$'),
      'no dollar in the yen report',
    );
  });

  test('then one roll-up in REPORT_CHANNEL: a line per account in its own currency, no mixed total', () => {
    assert.deepEqual(result.rollUps, [{ posted: true, reportDate: DAY, accounts: 3 }]);
    const [rollUp] = rollUps(agency);
    assert.equal(rollUps(agency).length, 1);
    assert.equal(rollUp?.text, 'Daily roll-up — Nov 28, 2026: 3 ad accounts');
    const lines = JSON.stringify(rollUp?.blocks);
    for (const [id, currency] of [
      [agency.usd, 'USD'],
      [agency.eur, 'EUR'],
      [agency.jpy, 'JPY'],
    ] as const)
      assert.ok(lines.includes(`${formatMoney(spendOf(agency.graph, id), currency)} spend`), currency);
    assert.doesNotMatch(lines, /[Tt]otal/);
  });

  test('at most three insights calls per account, and each chart under its report', () => {
    for (const id of [agency.usd, agency.eur, agency.jpy])
      assert.equal(agency.graph.calls.filter((c) => c.path === `/${id}/insights`).length, 3, id);
    const uploads = agency.bot.slack.uploads.map((u) => u.filename).sort();
    assert.deepEqual(
      uploads,
      [agency.usd, agency.eur, agency.jpy].map((id) => `leadops-report-${id}-${DAY}.png`).sort(),
    );
  });

  test('run again, and the catch-up past Chicago’s 08:00: nothing more is posted', async () => {
    await agency.bot.leadops.runJob('report');
    agency.clock.advance(2 * 60_000);
    await agency.bot.leadops.runJob('report-catch-up');
    assert.equal(reports(agency, '#client-acme').length, 1);
    assert.equal(reports(agency, '#leadops').length, 1);
    assert.equal(rollUps(agency).length, 1);
  });
});

describe('several accounts, one revoked: the others still post', () => {
  let agency: Agency;
  before(async () => {
    agency = await startAgency();
  });
  after(async () => {
    await agency.bot.stop();
  });

  test('Meta refuses the euro account: dollars and yen post, the roll-up says which failed', async () => {
    agency.graph.revokeAccount(agency.eur);
    const result = (await agency.bot.leadops.runJob('report')) as DailyReportsResult;
    const byAccount = Object.fromEntries(result.reports.map((r) => [r.accountId, r.outcome]));
    assert.equal(byAccount[agency.usd]?.posted, true);
    assert.equal(byAccount[agency.jpy]?.posted, true);
    const eur = byAccount[agency.eur];
    assert.equal(eur?.posted === false && eur.reason, 'failed');
    assert.equal(reports(agency, '#client-acme').length, 1);
    assert.equal(reports(agency, '#leadops').length, 1);
    assert.equal(reports(agency, '#client-berlin').length, 0);
    const [rollUp] = rollUps(agency);
    assert.match(JSON.stringify(rollUp?.blocks), /:warning: no report — /);

    // Access comes back: the next trigger posts the euro report; the roll-up stays one.
    agency.graph.restoreAccount(agency.eur);
    const retry = (await agency.bot.leadops.runJob('report')) as DailyReportsResult;
    assert.equal(retry.reports.find((r) => r.accountId === agency.eur)?.outcome.posted, true);
    assert.equal(reports(agency, '#client-berlin').length, 1);
    assert.equal(rollUps(agency).length, 1);
  });
});
