import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatCostPer, formatMoney, formatPercent } from '../../src/money.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

interface Section {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
}

/** Expected figures, straight from the emulator's own daily data for the range. */
function expected(bot: TestBot, level: 'campaign' | 'adset', since: string, until: string) {
  const rows = bot.graph.insightsRows(level, since, until);
  const total = rows.reduce(
    (t, r) => ({
      spendCents: t.spendCents + r.spendCents,
      leads: t.leads + r.leads,
      clicks: t.clicks + r.clicks,
      impressions: t.impressions + r.impressions,
    }),
    { spendCents: 0, leads: 0, clicks: 0, impressions: 0 },
  );
  return { rows, total };
}

function cpl(spendCents: number, leads: number): string {
  return formatCostPer(leads > 0 ? Math.round(spendCents / leads) : null, 'USD');
}

describe('/cpl through Slack, end to end', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot();
  });
  after(async () => {
    await bot.stop();
  });

  test('acks at once, then posts the emulator’s own figures in the channel', async () => {
    bot.graph.resetCalls();
    const ack = await bot.command('/cpl', 'last_7d');
    assert.equal(ack.status, 200);
    assert.equal(ack.text, '');
    const answer = await bot.responseTo(ack.label);
    assert.equal(answer.response_type, 'in_channel');

    // Sunday Nov 29 in Chicago: last_7d is the 7 whole days before today.
    const { rows, total } = expected(bot, 'campaign', '2026-11-22', '2026-11-28');
    assert.ok(rows.length >= 3 && total.leads > 0, 'the sandbox delivered in that week');
    const blocks = answer.blocks as Section[];
    assert.match(JSON.stringify(blocks[1]), /Nov 22 – Nov 28, 2026/);
    const fields = blocks[2]?.fields?.map((f) => f.text);
    assert.deepEqual(fields, [
      `*Spend*\n${formatMoney(total.spendCents, 'USD')}`,
      `*Leads*\n${total.leads}`,
      `*Cost per lead*\n${cpl(total.spendCents, total.leads)}`,
      `*CTR*\n${formatPercent(total.clicks / total.impressions)}`,
    ]);
    const lines = blocks
      .slice(4)
      .map((b) => b.text?.text ?? '')
      .join('\n');
    const bySpend = [...rows].sort((a, b) => b.spendCents - a.spendCents);
    let position = -1;
    for (const row of bySpend) {
      const line = `${formatMoney(row.spendCents, 'USD')} spend · ${row.leads === 1 ? '1 lead' : `${row.leads} leads`} · CPL ${cpl(row.spendCents, row.leads)}`;
      const at = lines.indexOf(line);
      assert.ok(at > position, `line for ${row.name} present and in spend order: ${line}`);
      position = at;
    }
    const insightCalls = bot.graph.calls.filter((c) => c.path.endsWith('/insights'));
    assert.equal(insightCalls.length, 1, 'one account-level insights call');
    assert.equal(insightCalls[0]?.query.level, 'campaign');
  });

  test('the same question again within the cache window costs no Graph call', async () => {
    await bot.responseTo((await bot.command('/cpl', 'last_14d')).label);
    bot.graph.resetCalls();
    await bot.responseTo((await bot.command('/cpl', 'last_14d')).label);
    assert.equal(bot.graph.calls.length, 0);
  });

  test('ad set level with a custom range and a name filter', async () => {
    const ack = await bot.command('/cpl', '2026-11-01..2026-11-15 adsets houston');
    const answer = await bot.responseTo(ack.label);
    const { rows } = expected(bot, 'adset', '2026-11-01', '2026-11-15');
    const houston = rows.filter((r) => `${r.name} ${r.campaignName}`.toLowerCase().includes('houston'));
    assert.ok(houston.length > 0);
    const text = JSON.stringify(answer.blocks);
    assert.match(text, /Nov 1 – Nov 15, 2026/);
    for (const row of houston) assert.ok(text.includes(formatMoney(row.spendCents, 'USD')), row.name);
    for (const row of rows.filter((r) => !houston.includes(r)))
      assert.ok(!text.includes(`*${row.name}*`), row.name);
  });

  test('a bad range gets an ephemeral usage reply and no Graph call', async () => {
    bot.graph.resetCalls();
    for (const text of ['2026-11-15..2026-11-01', 'last_8d', '2026-02-30', '2027-01-01..2027-01-02']) {
      const ack = await bot.command('/cpl', text);
      assert.equal(ack.status, 200);
      const answer = await bot.responseTo(ack.label);
      assert.equal(answer.response_type, 'ephemeral', text);
      assert.match(String(answer.text), /Usage: \/cpl/, text);
    }
    assert.equal(bot.graph.calls.length, 0);
  });

  test('a wrongly signed request is refused and nothing is answered', async () => {
    const before = bot.slack.responses.length;
    bot.graph.resetCalls();
    const ack = await bot.command('/cpl', 'last_7d', { forgeSignature: true });
    assert.equal(ack.status, 401);
    assert.equal(bot.slack.responses.length, before);
    assert.equal(bot.graph.calls.length, 0);
  });

  test('rate-limited first calls are retried and the answer still arrives', async () => {
    bot.graph.injectFaults({ kind: 'rate_limit', code: 17 }, { kind: 'rate_limit', code: 80004 });
    const ack = await bot.command('/cpl', 'last_3d');
    const answer = await bot.responseTo(ack.label);
    assert.equal(answer.response_type, 'in_channel');
    assert.match(String(answer.text), /^Last 3 days/);
  });

  test('/leadops help lists the commands', async () => {
    const answer = await bot.responseTo((await bot.command('/leadops', 'help')).label);
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(String(answer.text), /\/cpl/);
  });
});

describe('/cpl with an expired Meta token', () => {
  test('answers with the readable message and /healthz turns 503', async () => {
    const bot = await startTestBot();
    try {
      bot.graph.setAccessToken('a-newer-token');
      const answer = await bot.responseTo((await bot.command('/cpl', 'yesterday')).label);
      assert.equal(answer.response_type, 'ephemeral');
      assert.match(String(answer.text), /Meta token is invalid or expired — renew it/);
      assert.ok(!JSON.stringify(answer).includes(bot.graph.accessToken));
      const health = await fetch(`${bot.leadops.url}/healthz`);
      assert.equal(health.status, 503);
      const body = (await health.json()) as { ok: boolean; db: string; meta: { token: string } };
      assert.equal(body.ok, false);
      assert.equal(body.db, 'ok');
      assert.equal(body.meta.token, 'invalid');
    } finally {
      await bot.stop();
    }
  });
});
