import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatDateRange } from '../../src/dates/calendar.js';
import { formatMoney } from '../../src/money.js';
import { createAgencySandbox } from '../../src/sandbox/account.js';
import type { GraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

interface Block {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { text: string }[];
}

/**
 * The agency's three accounts (USD in Chicago, EUR in Berlin, JPY in Tokyo) served by one bot.
 * The test clock is Sunday Nov 29, 2026, noon in Chicago: 7 PM in Berlin, and already Monday
 * 3 AM in Tokyo, so `last_7d` is Nov 22 – Nov 28 in two of them and Nov 23 – Nov 29 in Tokyo.
 */
const WEEK = { since: '2026-11-22', until: '2026-11-28' };
const TOKYO_WEEK = { since: '2026-11-23', until: '2026-11-29' };

const leadsText = (n: number) => (n === 1 ? '1 lead' : `${n.toLocaleString('en-US')} leads`);
const cost = (spend: number, leads: number, currency: string) =>
  leads > 0 ? formatMoney(Math.round(spend / leads), currency) : '—';

describe('/cpl across the agency’s accounts, each in its own currency and time zone (end to end)', () => {
  let graph: GraphEmulator;
  let bot: TestBot;

  before(async () => {
    bot = await startTestBot({ accounts: createAgencySandbox(), env: { APPROVERS: 'U0BOSS' } });
    graph = bot.graph;
  });
  after(async () => {
    await bot.stop();
  });

  /** The emulator's own truth for one account over its own week: spend (Meta unit) and leads. */
  function truth(accountId: string, range: { since: string; until: string }) {
    const rows = graph.insightsRows('campaign', range.since, range.until, accountId);
    return rows.reduce((t, r) => ({ spend: t.spend + r.spendCents, leads: t.leads + r.leads }), {
      spend: 0,
      leads: 0,
    });
  }

  test('the sandbox is what the test thinks: three accounts, three currencies, three zones', () => {
    assert.deepEqual(
      graph.accounts.map((a) => [a.currency, a.timezone]),
      [
        ['USD', 'America/Chicago'],
        ['EUR', 'Europe/Berlin'],
        ['JPY', 'Asia/Tokyo'],
      ],
    );
  });

  test('/healthz lists the three accounts, each readable', async () => {
    const response = await fetch(`${bot.leadops.url}/healthz`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      ok: boolean;
      accounts: { usage: { percent: number; regainAt: string | null; at: string } | null }[];
    };
    assert.equal(body.ok, true);
    assert.deepEqual(
      body.accounts.map(({ usage, ...account }) => account),
      graph.accounts.map((a) => ({ id: a.id, name: a.name, ok: true, lastError: null })),
    );
    // Each account was read at start-up: its last usage figures from Meta's headers, no throttle.
    for (const { usage } of body.accounts) {
      assert.ok(usage && usage.percent >= 0 && usage.percent < 75);
      assert.equal(usage.regainAt, null);
      assert.ok(!Number.isNaN(Date.parse(usage.at)));
    }
  });

  test('no account chosen: one line per account in its currency, a total per currency, one insights call each', async () => {
    graph.resetCalls();
    const ack = await bot.command('/cpl', 'last_7d');
    assert.equal(ack.status, 200);
    const answer = await bot.responseTo(ack.label);
    assert.equal(answer.response_type, 'in_channel');

    const insightCalls = graph.calls.filter((c) => c.path.endsWith('/insights'));
    assert.deepEqual(
      insightCalls.map((c) => [c.path.replace(/^.*\/(act_\d+)\/insights$/, '$1'), c.query.level]).sort(),
      graph.accounts.map((a) => [a.id, 'account']).sort(),
      'one level=account call per account',
    );

    const blocks = answer.blocks as Block[];
    const all = blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '').join('\n');
    assert.match(all, /3 ad accounts · dates in each account’s time zone/);
    for (const account of graph.accounts) {
      const range = account.timezone === 'Asia/Tokyo' ? TOKYO_WEEK : WEEK;
      const { spend, leads } = truth(account.id, range);
      assert.ok(spend > 0, `${account.name} spent in its week`);
      const name = account.name.replaceAll('&', '&amp;');
      const line =
        `*${name}* · ${account.id} · ${formatDateRange(range.since, range.until)}\n` +
        `${formatMoney(spend, account.currency)} spend · ${leadsText(leads)} · CPL ${cost(spend, leads, account.currency)}`;
      assert.ok(all.includes(line), `${account.name}: ${line}\nin:\n${all}`);
      const total = `*Total ${account.currency}* (1 account): ${formatMoney(spend, account.currency)} spend`;
      assert.ok(all.includes(total), total);
    }
    assert.match(all, /¥[\d,]+ spend/);
    assert.doesNotMatch(all, /¥[\d,]+\.\d/, 'yen have no decimals');
    assert.match(all, /€[\d,]+\.\d\d spend/);
    assert.match(
      String(answer.text),
      /^Last 7 days, 3 ad accounts: \$[\d,]+\.\d\d · €[\d,]+\.\d\d · ¥[\d,]+ spend$/,
    );
  });

  test('act_… names one account: its campaigns or ad sets in its currency, its own week', async () => {
    const tokyo = graph.accounts.find((a) => a.currency === 'JPY');
    assert.ok(tokyo);
    graph.resetCalls();
    const answer = await bot.responseTo((await bot.command('/cpl', `last_7d ${tokyo.id} adsets`)).label);
    assert.equal(answer.response_type, 'in_channel');
    const rows = graph.insightsRows('adset', TOKYO_WEEK.since, TOKYO_WEEK.until, tokyo.id);
    const spend = rows.reduce((n, r) => n + r.spendCents, 0);
    const leads = rows.reduce((n, r) => n + r.leads, 0);
    const blocks = answer.blocks as Block[];
    assert.match(JSON.stringify(blocks[1]), /Nov 23 – Nov 29, 2026 · .* · Asia\/Tokyo/);
    assert.deepEqual(
      blocks[2]?.fields?.slice(0, 3).map((f) => f.text),
      [
        `*Spend*\n${formatMoney(spend, 'JPY')}`,
        `*Leads*\n${leads.toLocaleString('en-US')}`,
        `*Cost per lead*\n${cost(spend, leads, 'JPY')}`,
      ],
    );
    const text = JSON.stringify(blocks);
    for (const row of rows) assert.ok(text.includes(`${formatMoney(row.spendCents, 'JPY')} spend`), row.name);
    const insightCalls = graph.calls.filter((c) => c.path.endsWith('/insights'));
    assert.deepEqual(
      insightCalls.map((c) => [c.path.endsWith(`${tokyo.id}/insights`), c.query.level]),
      [[true, 'adset']],
    );
  });

  test('an account the token lost shows why; the others still answer', async () => {
    const berlin = graph.accounts.find((a) => a.currency === 'EUR');
    assert.ok(berlin);
    graph.revokeAccount(berlin.id);
    try {
      const answer = await bot.responseTo((await bot.command('/cpl', 'last_3d')).label);
      assert.equal(answer.response_type, 'in_channel');
      const text = JSON.stringify(answer.blocks);
      assert.match(text, new RegExp(`· ${berlin.id}\\\\n:warning: not read — Meta refused`));
      assert.match(text, /\*Total USD\* \(1 account\)/);
      assert.match(text, /\*Total JPY\* \(1 account\)/);
      assert.doesNotMatch(text, /Total EUR/);
      assert.match(text, /The totals leave out the account not read\./);
    } finally {
      graph.restoreAccount(berlin.id);
    }
  });

  test('in an account’s home channel (moved there with /leadops connect), /cpl is about that account', async () => {
    const tokyo = graph.accounts.find((a) => a.currency === 'JPY');
    assert.ok(tokyo);
    const moved = await bot.responseTo(
      (await bot.command('/leadops', `connect ${tokyo.id} <#C0LEADOPS|leadops>`, { userId: 'U0BOSS' })).label,
    );
    assert.match(String(moved.text), /^Moved the home channel of .* to <#C0LEADOPS>\.$/);
    graph.resetCalls();
    const answer = await bot.responseTo((await bot.command('/cpl', 'yesterday')).label);
    const { spend, leads } = truth(tokyo.id, { since: '2026-11-29', until: '2026-11-29' });
    assert.equal(
      answer.text,
      `Yesterday (Nov 29, 2026): ${formatMoney(spend, 'JPY')} spend · ${leadsText(leads)} · CPL ${cost(spend, leads, 'JPY')}` +
        String(answer.text).slice(String(answer.text).indexOf(' · CTR')),
    );
    const insightCalls = graph.calls.filter((c) => c.path.endsWith('/insights'));
    assert.deepEqual(
      insightCalls.map((c) => [c.path.endsWith(`${tokyo.id}/insights`), c.query.level]),
      [[true, 'campaign']],
    );
  });
});
