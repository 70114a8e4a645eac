import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readAccountSettings } from '../../src/db/account-settings.js';
import { getProposal } from '../../src/db/proposals.js';
import { createAgencySandbox, type SandboxAccount } from '../../src/sandbox/account.js';
import type { GraphEmulator } from '../../src/sandbox/graph-emulator.js';
import type { PostedMessage } from '../support/slack-emulator.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const BOSS = 'U0BOSS';
const TOKYO_CHANNEL = '#client-sakura';
const APPROVALS = '#approvals';
/** In the Tokyo realty at NOW: a lookalike with a CPL of about ¥3,200 on a ¥12,000 daily budget. */
const LOOKALIKE = 'Jonan area – Lookalike 1% (sellers)';

/**
 * The agency sandbox (USD Chicago, EUR Berlin, JPY Tokyo) behind one LeadOps: the yen account
 * has its own home channel, the others post proposals to APPROVALS_CHANNEL.
 */
describe('rules per account, in the account’s currency (end to end, three accounts)', () => {
  let bot: TestBot;
  let graph: GraphEmulator;
  let usd: SandboxAccount;
  let eur: SandboxAccount;
  let jpy: SandboxAccount;

  const ask = async (text: string, userId = BOSS) =>
    bot.responseTo((await bot.command('/rules', text, { userId })).label);
  const blocksOf = (reply: Record<string, unknown>) => JSON.stringify(reply.blocks ?? []);

  before(async () => {
    bot = await startTestBot({
      accounts: createAgencySandbox(),
      env: (emulator) => ({
        APPROVERS: BOSS,
        APPROVALS_CHANNEL: APPROVALS,
        ACCOUNT_CHANNELS: `${emulator.accounts[2]?.id}=${TOKYO_CHANNEL}`,
        META_PAGE_ID: '',
      }),
    });
    graph = bot.graph;
    [usd, eur, jpy] = graph.accounts as [SandboxAccount, SandboxAccount, SandboxAccount];
  });
  after(async () => {
    await bot.stop();
  });

  test('with several accounts and none named, /rules asks which one', async () => {
    const reply = await ask('run');
    assert.equal(reply.response_type, 'ephemeral');
    assert.match(String(reply.text), /Which ad account\? Add one of act_\d+ \(/);
    assert.match(String(reply.text), new RegExp(jpy.id));
  });

  test('the yen account with nothing set: /rules says not set in JPY, and a run proposes no kill and no scale', async () => {
    const list = await ask(`${jpy.id}`);
    assert.match(blocksOf(list), /`max_cpl` not set — `\/rules set kill max_cpl <amount in JPY>`/);
    assert.match(blocksOf(list), /amounts in JPY/);
    const run = await ask(`run ${jpy.id}`);
    assert.doesNotMatch(blocksOf(run), /\((kill|scale|protect|rebalance)\)/);
    assert.ok(
      !bot.slack.messages(TOKYO_CHANNEL).some((m) => /\((kill|scale)\) — pending$/.test(m.text)),
      'no kill or scale proposal in its channel',
    );
  });

  test('/rules set scale max_cpl 4000 in the yen account: ¥4,000, that account only', async () => {
    const set = await ask(`set scale max_cpl 4000 ${jpy.id}`);
    assert.match(String(set.text), /scale max_cpl: not set \(in JPY\) → ¥4,000 for Sakura Home Realty/);
    const { db } = bot.leadops.services;
    assert.equal(readAccountSettings(db, jpy.id).get('scale.max_cpl'), 4000);
    assert.equal(readAccountSettings(db, usd.id).get('scale.max_cpl'), undefined);
    assert.equal(readAccountSettings(db, eur.id).get('scale.max_cpl'), undefined);
  });

  test('/rules run act_<yen>: proposals in its home channel with yen budgets; Approve applies whole yen in Meta', async () => {
    const adset = jpy.adsets.find((a) => a.name === LOOKALIKE);
    assert.ok(adset);
    assert.equal(adset.dailyBudgetCents, 12_000, '¥12,000 a day, in whole yen as Meta counts JPY');
    const run = await ask(`run ${jpy.id}`);
    assert.match(blocksOf(run), /for \*Sakura Home Realty/);
    assert.match(blocksOf(run), new RegExp(`in ${TOKYO_CHANNEL}`));

    const message: PostedMessage | undefined = bot.slack
      .messages(TOKYO_CHANNEL)
      .find((m) => m.text.includes(`“${LOOKALIKE}”`));
    assert.ok(message, 'the proposal is posted in the yen account’s home channel');
    assert.match(message.text, /daily budget ¥12,000 → ¥14,400 \(\+20%\)/);
    const text = JSON.stringify(message.blocks);
    assert.match(text, /Raise budget ¥12,000\/day → ¥14,400\/day/);
    assert.match(text, /CPL ¥[\d,]+ is below ¥4,000 with \d+ leads/);
    assert.doesNotMatch(text, /\$/, 'no dollars anywhere');
    assert.ok(
      !bot.slack.messages(APPROVALS).some((m) => m.text.includes(LOOKALIKE)),
      'nothing in APPROVALS_CHANNEL',
    );

    const id = /Proposal #(\d+)/.exec(message.text)?.[1];
    assert.ok(id);
    assert.equal(getProposal(bot.leadops.services.db, Number(id))?.accountId, jpy.id);
    graph.resetCalls();
    assert.equal(await bot.click(message, 'proposal_approve', { value: id, userId: BOSS }), 200);
    const applied = await bot.saying(message, /Applied/);
    assert.match(JSON.stringify(applied.blocks), /Meta confirms ¥14,400\/day/);
    const writes = graph.calls.filter((c) => c.method === 'POST' && c.path === `/${adset.id}`);
    assert.equal(writes.length, 1);
    assert.deepEqual(writes[0]?.body, { daily_budget: '14400' }, 'whole yen, never × 100');
    assert.equal(adset.dailyBudgetCents, 14_400);
  });

  test('/rules history of the yen account lists its own decisions only', async () => {
    const history = await ask(`history ${jpy.id}`);
    assert.match(blocksOf(history), /<@U0BOSS> approved #\d+ \(daily budget ¥12,000 → ¥14,400/);
    const dollars = await ask(`history ${usd.id}`);
    assert.doesNotMatch(blocksOf(dollars), /¥/);
  });
});
