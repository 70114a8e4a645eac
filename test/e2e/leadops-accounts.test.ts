import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAccountRows } from '../../src/db/accounts.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { APP_SECRET, startTestBot, type TestBot, testClock } from '../support/test-bot.js';

interface HealthBody {
  ok: boolean;
  db: string;
  accounts: { id: string; name: string | null; ok: boolean; lastError: string | null; usage?: unknown }[];
}

/** Ids the sandbox's token cannot read: Meta answers them with its "Unsupported get request". */
const UNREADABLE = 'act_999000999';
const STRANGER = 'act_555000555';

describe('/leadops accounts, connect and disconnect; /healthz lists the accounts (end to end)', () => {
  let bot: TestBot;
  let graph: GraphEmulator;
  const ask = async (text: string, userId = 'U0ASKER') =>
    bot.responseTo((await bot.command('/leadops', text, { userId })).label);
  const health = async () => {
    const response = await fetch(`${bot.leadops.url}/healthz`);
    return { status: response.status, body: (await response.json()) as HealthBody };
  };
  const stored = () => listAccountRows(bot.leadops.services.db);

  before(async () => {
    const clock = testClock();
    graph = await startGraphEmulator({
      appSecret: APP_SECRET,
      now: () => clock.nowMilliseconds(),
      leadHistoryDays: 0,
    });
    bot = await startTestBot({
      clock,
      graph,
      env: { APPROVERS: 'U0BOSS', META_AD_ACCOUNT_ID: `${graph.account.id},${UNREADABLE}` },
    });
  });
  after(async () => {
    await bot.stop();
    await graph.close();
  });

  test('/healthz lists every account; one Meta does not answer for is reported but leaves ok alone', async () => {
    const { status, body } = await health();
    assert.equal(status, 200);
    assert.equal(body.ok, true);
    assert.equal(body.db, 'ok');
    assert.equal(body.accounts.length, 2);
    const { usage, ...first } = body.accounts[0] ?? { usage: undefined };
    assert.deepEqual(first, {
      id: graph.account.id,
      name: graph.account.name,
      ok: true,
      lastError: null,
    });
    assert.equal(typeof usage, 'object');
    const unreadable = body.accounts[1];
    assert.equal(unreadable?.id, UNREADABLE);
    assert.equal(unreadable?.ok, false);
    assert.match(
      String(unreadable?.lastError),
      /Unsupported get request\. Object with ID 'act_999000999' does not exist/,
    );
  });

  test('/leadops accounts lists them privately: name, id, currency, time zone, home channel, health', async () => {
    const answer = await ask('accounts');
    assert.equal(answer.response_type, 'ephemeral');
    const text = JSON.stringify(answer.blocks);
    assert.ok(
      text.includes(
        `*${graph.account.name.replaceAll('&', '&amp;')}* · ${graph.account.id}\\nUSD · America/Chicago · no home channel (the configured channels) · :white_check_mark: readable`,
      ),
      text,
    );
    assert.match(
      text,
      /\*act_999000999\* · act_999000999\\ncurrency not known yet · time zone not known yet · .* :warning: Meta said: Unsupported get request/,
    );
  });

  test('connect by someone who is not an approver: refused privately, nothing read or stored', async () => {
    graph.resetCalls();
    const before = stored();
    const answer = await ask(`connect ${STRANGER} <#C0NEWCLNT|client-new>`);
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(
      String(answer.text),
      /Only approvers can connect ad accounts \(APPROVERS\)\. Nothing was changed\./,
    );
    assert.deepEqual(stored(), before);
    assert.equal(graph.calls.length, 0);
    const disconnect = await ask(`disconnect ${UNREADABLE}`);
    assert.match(String(disconnect.text), /Only approvers can disconnect ad accounts/);
    assert.deepEqual(stored(), before);
  });

  test('connect by an approver with an id the token cannot read: Meta’s error, privately, nothing stored', async () => {
    const before = stored();
    const answer = await ask(`connect ${STRANGER} <#C0NEWCLNT|client-new>`, 'U0BOSS');
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(
      String(answer.text),
      /^act_555000555 was not connected: Meta said: Unsupported get request\. Object with ID 'act_555000555' does not exist.* Nothing was changed\.$/,
    );
    assert.deepEqual(stored(), before);
    assert.ok(!stored().some((row) => row.id === STRANGER));
  });

  test('connect by an approver moves a readable account’s home channel (kept in SQLite); the channel as Slack escapes it', async () => {
    const answer = await ask(`connect ${graph.account.id} <#C0ACME123|client-acme>`, 'U0BOSS');
    assert.equal(answer.response_type, 'ephemeral');
    assert.equal(
      answer.text,
      `Moved the home channel of ${graph.account.name.replaceAll('&', '&amp;')} · ${graph.account.id} · USD · America/Chicago to <#C0ACME123>.`,
    );
    const row = stored().find((r) => r.id === graph.account.id);
    assert.equal(row?.homeChannel, 'C0ACME123');
    assert.equal(row?.connectedBy, 'U0BOSS');
    const named = await ask(`connect ${graph.account.id.replace('act_', '')} #client-acme`, 'U0BOSS');
    assert.match(String(named.text), /from <#C0ACME123> to #client-acme\.$/);
    assert.equal(stored().find((r) => r.id === graph.account.id)?.homeChannel, '#client-acme');
    assert.equal(bot.leadops.services.accounts.get(graph.account.id)?.homeChannel, '#client-acme');
  });

  test('malformed arguments get the usage, privately, and change nothing', async () => {
    const before = stored();
    for (const [text, problem] of [
      ['connect', /Which ad account\?/],
      [`connect ${STRANGER}`, /Which channel should act_555000555’s messages go to\?/],
      ['connect acme #client-acme', /“acme” is not an ad account id/],
      [`connect ${STRANGER} <@U0SOMEONE>`, /is not a Slack channel/],
      [`connect ${STRANGER} #a #b`, /one argument too many/],
      ['frobnicate', /“frobnicate” is not a \/leadops command/],
    ] as const) {
      const answer = await ask(text, 'U0BOSS');
      assert.equal(answer.response_type, 'ephemeral', text);
      assert.match(String(answer.text), problem, text);
      assert.match(String(answer.text), /Usage: \/leadops help/, text);
    }
    assert.deepEqual(stored(), before);
  });

  test('disconnect by an approver: no longer served, gone from /healthz; twice → said so', async () => {
    const answer = await ask(`disconnect ${UNREADABLE}`, 'U0BOSS');
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(
      String(answer.text),
      /^Disconnected act_999000999: no more reports, alerts or proposals for it\./,
    );
    const { body } = await health();
    assert.deepEqual(
      body.accounts.map((a) => a.id),
      [graph.account.id],
    );
    const again = await ask(`disconnect ${UNREADABLE}`, 'U0BOSS');
    assert.match(String(again.text), /LeadOps does not serve act_999000999\. Nothing was changed\./);
    assert.equal(stored().find((r) => r.id === UNREADABLE)?.served, false, 'history kept, not served');
  });

  test('/leadops help lists every command, the account commands too', async () => {
    const answer = await ask('help');
    assert.equal(answer.response_type, 'ephemeral');
    const text = JSON.stringify(answer.blocks);
    for (const command of ['/cpl', '/leads', '/report', '/rules', '/watchdog', '/audience', '/leadops'])
      assert.ok(text.includes(`*${command}*`), command);
    assert.match(text, /\/leadops connect &lt;act_id&gt; &lt;#channel&gt;/);
    assert.match(text, /\/leadops disconnect &lt;act_id&gt;/);
    assert.match(text, /\/cpl last_7d act_2002 adsets/);
  });
});
