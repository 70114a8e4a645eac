import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AUDIENCE_NAME } from '../../src/audiences/sync.js';
import { leadgenBody, metaSerialise, postWebhook } from '../../src/sandbox/meta-webhooks.js';
import { APP_SECRET, startTestBot, type TestBot } from '../support/test-bot.js';

const BOSS = 'U0BOSS';
const STRANGER = 'U0STRANGER';

/** Leads through the webhook, resolved once each has its alert (so its details are stored). */
async function deliver(bot: TestBot, names: string[]): Promise<void> {
  const leads = names.map((name, i) =>
    bot.graph.addLead({ fields: { full_name: name, email: `lead${i}.${Date.now()}@example.com` } }),
  );
  const pageId = bot.graph.account.pages[0]?.id ?? '';
  const body = leadgenBody(
    [{ pageId, changes: leads.map((l) => ({ leadId: l.id, formId: l.formId })) }],
    bot.graph.now(),
  );
  assert.equal((await postWebhook(bot.leadops.url, metaSerialise(body), APP_SECRET)).status, 200);
  await bot.slack.waitFor(() =>
    leads.every((l) => bot.slack.messages().some((m) => JSON.stringify(m.blocks).includes(`lead ${l.id}`))),
  );
}

async function audience(bot: TestBot, text: string, userId: string) {
  const ack = await bot.command('/audience', text, { userId });
  assert.equal(ack.status, 200);
  return bot.responseTo(ack.label);
}

describe('/audience sync, end to end', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot({ env: { APPROVERS: BOSS } });
    await deliver(bot, ['Mary Smith', 'Luis Garcia']);
  });
  after(async () => {
    await bot.stop();
  });

  test('only approvers: anyone else is refused and nothing reaches Meta', async () => {
    bot.graph.resetCalls();
    const answer = await audience(bot, 'sync', STRANGER);
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(String(answer.text), /Only approvers can sync the audience/);
    assert.equal(bot.graph.calls.filter((c) => /customaudiences|\/users$/.test(c.path)).length, 0);
    assert.equal(bot.graph.audiences.audiences.length, 0);
  });

  test('an approver: the audience is created and the stored leads uploaded, hashed, in one session', async () => {
    const answer = await audience(bot, 'sync', BOSS);
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(
      String(answer.text),
      new RegExp(`Uploaded 2 leads to “${AUDIENCE_NAME}” in 1 batch \\(a new audience\\)`),
    );
    const [created] = bot.graph.audiences.audiences;
    assert.equal(created?.name, AUDIENCE_NAME);
    const [upload] = bot.graph.audiences.uploads;
    assert.deepEqual(upload?.schema, ['EMAIL', 'PHONE', 'FN', 'LN', 'EXTERN_ID']);
    assert.equal(upload?.rows.length, 2);
    assert.deepEqual([upload?.session?.batch_seq, upload?.session?.last_batch_flag], [1, true]);
    assert.equal(upload?.session?.estimated_num_total, 2);
  });

  test('again: only leads that arrived since are added', async () => {
    const nothing = await audience(bot, 'sync', BOSS);
    assert.match(String(nothing.text), /No new leads to upload: .* already has 2 leads/);
    await deliver(bot, ['Ana Lopez']);
    const more = await audience(bot, 'sync', BOSS);
    assert.match(String(more.text), /Uploaded 1 lead to .* in 1 batch \(3 in it now\)/);
    assert.equal(bot.graph.audiences.uploads.length, 2);
    assert.equal(bot.graph.audiences.uploads[1]?.rows.length, 1);
    assert.equal(bot.graph.audiences.audiences.length, 1);
  });

  test('anything but `sync` gets the usage', async () => {
    const answer = await audience(bot, 'delete', BOSS);
    assert.equal(answer.response_type, 'ephemeral');
    assert.match(String(answer.text), /“delete” is not something \/audience does\. Usage: \/audience sync/);
  });
});
