import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getProposal } from '../../src/db/proposals.js';
import type { PostedMessage } from '../support/slack-emulator.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const BOSS = 'U0BOSS';
const STRANGER = 'U0STRANGER';
const CHANNEL = '#approvals';
const WINNER = 'Houston – Lookalike 1% (past clients)';

const idOf = (message: PostedMessage) => Number(/Proposal #(\d+)/.exec(message.text)?.[1]);

/** `BOSS` clicks one of the proposal's buttons. */
async function click(bot: TestBot, message: PostedMessage, actionId: string): Promise<void> {
  assert.equal(await bot.click(message, actionId, { value: String(idOf(message)), userId: BOSS }), 200);
}

async function adsets(bot: TestBot, text: string, userId = BOSS) {
  const ack = await bot.command('/adsets', text, { userId });
  assert.equal(ack.status, 200);
  return bot.responseTo(ack.label);
}

/** The proposal message for proposal `id`, once posted. */
function proposalMessage(bot: TestBot, id: number): Promise<PostedMessage> {
  return bot.slack.waitFor(() => bot.slack.messages(CHANNEL).find((m) => idOf(m) === id));
}

const writes = (bot: TestBot) => bot.graph.calls.filter((c) => c.method === 'POST');

describe('/adsets duplicate, end to end: proposal → Approve → copy made, budget set, turned on → Undo', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot({
      env: { APPROVERS: BOSS, APPROVALS_CHANNEL: CHANNEL, MAX_DAILY_BUDGET: '500' },
    });
  });
  after(async () => {
    await bot.stop();
  });

  test('bad input gets the usage, privately, and nothing is written to Meta', async () => {
    bot.graph.resetCalls();
    const cases: [string, RegExp][] = [
      ['', /Say what to do/],
      ['copy Houston 50', /“copy” is not something \/adsets does/],
      ['duplicate 60', /Give the ad set \(its name or id\) and the copy’s daily budget/],
      [`duplicate ${WINNER} lots`, /“lots” is not a daily budget in USD/],
      [`duplicate ${WINNER} -5`, /is not a daily budget in USD/],
      [`duplicate ${WINNER} 900`, /\$900\.00\/day is above MAX_DAILY_BUDGET \(\$500\.00\/day\)/],
      ['duplicate Nowhere – Nobody 50', /No ad set “Nowhere – Nobody” in this ad account/],
      ['duplicate TX – Grocery & retail falls (lifetime) 50', /has no daily budget of its own/],
    ];
    for (const [text, expected] of cases) {
      const answer = await adsets(bot, text);
      assert.equal(answer.response_type, 'ephemeral', text);
      assert.match(String(answer.text), expected, text);
      assert.match(String(answer.text), /Usage: \/adsets duplicate <ad set name or id> <daily budget>/, text);
    }
    const refused = await adsets(bot, `duplicate ${WINNER} 60`, STRANGER);
    assert.match(String(refused.text), /Only approvers can propose copies of ad sets/);
    assert.deepEqual(writes(bot), []);
  });

  test('the proposal: the ad set, its campaign, the copy’s budget next to the original’s, and its last 7 days', async () => {
    bot.graph.resetCalls();
    const answer = await adsets(bot, `duplicate ${WINNER.toLowerCase()} $60`);
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(
      String(answer.text),
      /^Proposal #\d+ posted in #approvals: copy the ad set with its ads at \$60\.00\/day \(the original: \$40\.00\/day\) and turn the copy on — “Houston – Lookalike 1% \(past clients\)”\./,
    );
    assert.deepEqual(writes(bot), [], 'nothing written before an approval');
    const id = Number(/#(\d+)/.exec(String(answer.text))?.[1]);
    const blocks = JSON.stringify((await proposalMessage(bot, id)).blocks);
    assert.match(
      blocks,
      /Proposal #\d+ — Duplicate “Houston – Lookalike 1% \(past clients\)” at \$60\.00\/day\*\\nCampaign: MVA – Houston/,
    );
    assert.match(
      blocks,
      /\*Why:\* <@U0BOSS> asked for a copy with \/adsets duplicate; the figures are the original's over the last 7 days \(Nov 22 – Nov 28, 2026\)\./,
    );
    assert.match(blocks, /Spend \$\d[\d,]*\.\d\d · \d+ leads · CPL \$\d+\.\d\d/);
    assert.match(blocks, /"action_id":"proposal_approve"/);
  });

  test('Approve: a fresh read, one deep copy created PAUSED, its budget, its ads that were on, then the copy on; the message links both', async () => {
    const id = Number(getProposalIdFor(bot, WINNER));
    const message = await proposalMessage(bot, id);
    const source = bot.graph.account.adsets.find((a) => a.name === WINNER);
    assert.ok(source);
    bot.graph.resetCalls();
    await click(bot, message, 'proposal_approve');
    const done = await bot.saying(message, /Applied/);
    const proposal = getProposal(bot.leadops.services.db, id);
    assert.equal(proposal?.status, 'applied');
    const copyId = proposal?.result?.copyId;
    assert.ok(copyId);
    const copy = bot.graph.account.adsets.find((a) => a.id === copyId);
    assert.equal(copy?.status, 'ACTIVE');
    assert.equal(copy?.dailyBudgetCents, 6000);
    assert.equal(source.dailyBudgetCents, 4000, 'the original is untouched');
    const ads = bot.graph.account.ads.filter((a) => a.adsetId === copyId);
    assert.equal(ads.length, 2);
    assert.ok(ads.every((a) => a.status === 'ACTIVE'));
    const posts = writes(bot);
    assert.deepEqual(posts[0]?.path, `/${source.id}/copies`);
    assert.deepEqual([String(posts[0]?.body.deep_copy), posts[0]?.body.status_option], ['true', 'PAUSED']);
    assert.deepEqual(posts[1], { ...posts[1], path: `/${copyId}` });
    assert.equal(String(posts[1]?.body.daily_budget), '6000');
    assert.deepEqual(
      posts.slice(2).map((c) => [c.path, c.body.status]),
      [...ads.map((a) => [`/${a.id}`, 'ACTIVE']), [`/${copyId}`, 'ACTIVE']],
    );
    assert.ok(
      bot.graph.calls.findIndex((c) => c.method === 'GET' && c.path === `/${source.id}`) <
        bot.graph.calls.findIndex((c) => c.method === 'POST'),
      'the source is read fresh before the copy',
    );
    const blocks = JSON.stringify(done.blocks);
    assert.match(
      blocks,
      new RegExp(
        `Meta confirms <https://adsmanager\\.facebook\\.com/adsmanager/manage/adsets\\?act=\\d+&selected_adset_ids=${copyId}\\|copy ${copyId}> ACTIVE at \\$60\\.00/day, next to the <https://adsmanager[^|]+selected_adset_ids=${source.id}\\|original ${source.id}>`,
      ),
    );
    await click(bot, await bot.saying(message, /proposal_undo/), 'proposal_undo');
    await bot.saying(message, /Undone/);
    assert.equal(copy?.status, 'PAUSED', 'Undo pauses the copy');
  });

  test('Meta refusing the copy: the proposal ends failed with Meta’s words, nothing copied, nothing retried', async () => {
    const answer = await adsets(bot, 'duplicate Houston – Broad 25-65 55');
    const id = Number(/#(\d+)/.exec(String(answer.text))?.[1]);
    const message = await proposalMessage(bot, id);
    const source = bot.graph.account.adsets.find((a) => a.name === 'Houston – Broad 25-65');
    const ad = bot.graph.account.ads.find((a) => a.adsetId === source?.id);
    assert.ok(source && ad);
    bot.graph.disapproveAd(ad.id);
    const before = bot.graph.account.adsets.length;
    bot.graph.resetCalls();
    await click(bot, message, 'proposal_approve');
    await bot.saying(message, /Failed/);
    const proposal = getProposal(bot.leadops.services.db, id);
    assert.equal(proposal?.status, 'failed');
    assert.match(
      String(proposal?.note),
      /Ad Can't Be Copied: The ad “.*” was rejected because it doesn't follow our Advertising Policies.* Nothing was copied\./,
    );
    const notice = await bot.slack.waitFor(() =>
      bot.slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === message.ts),
    );
    assert.match(String(notice.args.text), /failed: .*Ad Can't Be Copied/);
    assert.deepEqual(
      writes(bot).map((c) => c.path),
      [`/${source.id}/copies`],
      'one attempt, never retried by itself',
    );
    assert.equal(bot.graph.account.adsets.length, before);
    bot.graph.restoreAd(ad.id);
  });
});

function getProposalIdFor(bot: TestBot, adsetName: string): number {
  const row = bot.leadops.services.db
    .prepare(
      `SELECT id FROM proposals WHERE action = 'duplicate' AND adset_name = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(adsetName) as { id: number } | undefined;
  assert.ok(row);
  return row.id;
}

describe('the scale rule, at MAX_DAILY_BUDGET: a copy of the winner instead of a raise', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot({
      env: { APPROVERS: BOSS, APPROVALS_CHANNEL: CHANNEL, MAX_DAILY_BUDGET: '40' },
    });
    const ack = await bot.command('/rules', 'run', { userId: BOSS });
    await bot.responseTo(ack.label);
  });
  after(async () => {
    await bot.stop();
  });

  test('the ad set at $40.00/day (the ceiling) is proposed for a copy at $40.00/day', () => {
    const message = bot.slack
      .messages(CHANNEL)
      .find((m) => m.text.includes('(scale)') && JSON.stringify(m.blocks).includes(WINNER));
    assert.ok(message, 'a scale proposal for the winner');
    const blocks = JSON.stringify(message.blocks);
    assert.match(blocks, /Duplicate “Houston – Lookalike 1% \(past clients\)” at \$40\.00\/day/);
    assert.match(
      blocks,
      /already at the \$40\.00\/day ceiling \(MAX_DAILY_BUDGET\), so a copy of it at that budget instead of a raise/,
    );
  });
});
