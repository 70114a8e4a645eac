import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getProposal } from '../../src/db/proposals.js';
import type { PostedMessage } from '../support/slack-emulator.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const BOSS = 'U0BOSS';
const CHANNEL = '#approvals';
const CTR_AD = 'Static – Free case review';
const CTR_ADSET = 'Houston – Broad 25-65';
const FREQUENCY_AD = 'Carousel – What your case is worth';

function rotateMessage(bot: TestBot, adName: string): PostedMessage {
  const message = bot.slack
    .messages(CHANNEL)
    .find((m) => m.text.includes('(rotate)') && JSON.stringify(m.blocks).includes(adName));
  assert.ok(message, `a rotate proposal for ${adName}`);
  return message;
}

const idOf = (message: PostedMessage) => Number(/Proposal #(\d+)/.exec(message.text)?.[1]);

/** `BOSS` clicks one of the proposal's buttons. */
async function click(bot: TestBot, message: PostedMessage, actionId: string): Promise<void> {
  assert.equal(await bot.click(message, actionId, { value: String(idOf(message)), userId: BOSS }), 200);
}

const adNamed = (bot: TestBot, adsetName: string, adName: string) => {
  const adset = bot.graph.account.adsets.find((a) => a.name === adsetName);
  const ad = bot.graph.account.ads.find((a) => a.adsetId === adset?.id && a.name === adName);
  assert.ok(ad, adName);
  return ad;
};

describe('rotate, end to end: /rules run → an ad proposed for pausing → Approve → Undo', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot({ env: { APPROVERS: BOSS, APPROVALS_CHANNEL: CHANNEL } });
    const ack = await bot.command('/rules', 'run', { userId: BOSS });
    await bot.responseTo(ack.label);
  });
  after(async () => {
    await bot.stop();
  });

  test('the proposal names the ad and its ad set, shows its frequency or CTR trend and the ads that carry on', () => {
    const ctr = JSON.stringify(rotateMessage(bot, CTR_AD).blocks);
    assert.match(ctr, new RegExp(`Pause ad “${CTR_AD}” in “${CTR_ADSET}”`));
    assert.match(ctr, /pause the ad “Static – Free case review” \(ACTIVE → PAUSED\)/);
    assert.match(
      ctr,
      /rotate rule, last 7 days \(Nov 22 – Nov 28, 2026\): ad “Static – Free case review”: CTR fell \d+% \(more than 30%\): \d\.\d\d% over the last 3 days against \d\.\d\d% the 7 days before/,
    );
    assert.match(ctr, /carrying its budget: “Crash video – \\"Hurt in a wreck\?\\"”/);
    const frequency = JSON.stringify(rotateMessage(bot, FREQUENCY_AD).blocks);
    assert.match(frequency, /frequency \d\.\d\d is above 3\.50/);
  });

  test('Approve: one POST /{ad_id} status=PAUSED after a fresh read, confirmed; Undo turns it back on', async () => {
    const message = rotateMessage(bot, CTR_AD);
    const ad = adNamed(bot, CTR_ADSET, CTR_AD);
    bot.graph.resetCalls();
    await click(bot, message, 'proposal_approve');
    await bot.saying(message, /Applied/);
    const writes = bot.graph.calls.filter((c) => c.method === 'POST' && c.path === `/${ad.id}`);
    assert.deepEqual(
      writes.map((c) => c.body.status),
      ['PAUSED'],
    );
    const reads = bot.graph.calls.filter((c) => c.method === 'GET' && c.path === `/${ad.id}`);
    assert.equal(reads.length, 2, 'read before and after');
    assert.equal(ad.status, 'PAUSED');
    assert.equal(getProposal(bot.leadops.services.db, idOf(message))?.status, 'applied');
    await click(bot, await bot.saying(message, /Undo/), 'proposal_undo');
    await bot.saying(message, /Undone/);
    assert.equal(ad.status, 'ACTIVE');
  });

  test('Meta refusing the pause: the proposal ends failed with Meta’s message in its thread', async () => {
    const message = rotateMessage(bot, FREQUENCY_AD);
    const ad = adNamed(bot, 'DFW – Broad 25-65', FREQUENCY_AD);
    // Meta refuses the ad to this token (code 200): nothing is written, Meta's words are in the thread.
    bot.graph.injectFaults({ kind: 'permission', code: 200, match: `/${ad.id}` });
    bot.graph.resetCalls();
    await click(bot, message, 'proposal_approve');
    await bot.saying(message, /Failed/);
    const notice = await bot.slack.waitFor(() =>
      bot.slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === message.ts),
    );
    assert.match(String(notice.args.text), /failed: .*permission/i);
    assert.equal(bot.graph.calls.filter((c) => c.method === 'POST').length, 0);
    assert.equal(getProposal(bot.leadops.services.db, idOf(message))?.status, 'failed');
    assert.equal(ad.status, 'ACTIVE');
  });

  test('the last active ad of an ad set is never proposed', async () => {
    // The video of DFW – Broad paused in Ads Manager: its carousel is now the last active ad.
    const video = adNamed(bot, 'DFW – Broad 25-65', 'Crash video – "Hurt in a wreck?"');
    video.status = 'PAUSED';
    video.effectiveStatus = 'PAUSED';
    const before = bot.slack.messages(CHANNEL).length;
    const ack = await bot.command('/rules', 'run', { userId: BOSS });
    await bot.responseTo(ack.label);
    const fresh = bot.slack.messages(CHANNEL).slice(before);
    assert.ok(!fresh.some((m) => JSON.stringify(m.blocks).includes(FREQUENCY_AD)));
  });
});
