import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SIGNED_CASES_VALUE_NAME } from '../../src/audiences/lookalike.js';
import { getProposal } from '../../src/db/proposals.js';
import type { PostedMessage } from '../support/slack-emulator.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const BOSS = 'U0BOSS';
const STRANGER = 'U0STRANGER';
const CHANNEL = '#approvals';

const idOf = (message: PostedMessage) => Number(/Proposal #(\d+)/.exec(message.text)?.[1]);

/** `BOSS` clicks one of the proposal's buttons. */
async function click(bot: TestBot, message: PostedMessage, actionId: string): Promise<void> {
  assert.equal(await bot.click(message, actionId, { value: String(idOf(message)), userId: BOSS }), 200);
}

function proposalMessage(bot: TestBot, id: number): Promise<PostedMessage> {
  return bot.slack.waitFor(() => bot.slack.messages(CHANNEL).find((m) => idOf(m) === id));
}

async function audience(bot: TestBot, text: string, userId = BOSS) {
  const ack = await bot.command('/audience', text, { userId });
  assert.equal(ack.status, 200);
  return bot.responseTo(ack.label);
}

/**
 * `count` stored leads of the account marked Signed case (through the store, as the alert
 * buttons leave them), from `from` on: US numbers, their case values $3,000, $3,100, …
 */
function signLeads(bot: TestBot, from: number, count: number): void {
  const db = bot.leadops.services.db;
  const now = bot.graph.now();
  const lead = db.prepare(
    `INSERT INTO leads (id, account_id, received_at, received_via, state, full_name, phone, email)
       VALUES (?, ?, ?, 'poll', 'complete', ?, ?, ?)`,
  );
  const outcome = db.prepare(
    `INSERT INTO lead_outcomes (lead_id, outcome, value_cents, user_id, recorded_at) VALUES (?, 'signed', ?, ?, ?)`,
  );
  for (let i = from; i < from + count; i++) {
    const id = `9${String(i).padStart(14, '0')}`;
    lead.run(
      id,
      bot.graph.account.id,
      now,
      `Client ${i} Person`,
      `+1713555${String(i).padStart(4, '0')}`,
      `client${i}@example.com`,
    );
    outcome.run(id, 300_000 + i * 10_000, BOSS, now);
  }
}

const writes = (bot: TestBot) => bot.graph.calls.filter((c) => c.method === 'POST');
/** What reached Meta's audiences (the lead poll runs alongside). */
const audienceCalls = (bot: TestBot) =>
  bot.graph.calls.filter((c) => /customaudiences|\/users$/.test(c.path));

describe('/audience lookalike, end to end: signed cases → source list → proposal → Approve → lookalike', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot({ env: { APPROVERS: BOSS, APPROVALS_CHANNEL: CHANNEL } });
  });
  after(async () => {
    await bot.stop();
  });

  test('a size outside 1–10% or a country that is not ISO 3166: the usage, privately, nothing sent to Meta', async () => {
    bot.graph.resetCalls();
    const cases: [string, RegExp][] = [
      ['lookalike 15%', /15% is not a lookalike size LeadOps makes: a whole percent from 1% to 10%/],
      ['lookalike 0', /0 is not a lookalike size/],
      ['lookalike 2.5%', /2\.5% is not a lookalike size/],
      ['lookalike 2% XX', /“XX” is not an ISO 3166 country code/],
      ['lookalike Texas', /“Texas” is neither a size \(1% to 10%\) nor a country code/],
    ];
    for (const [text, expected] of cases) {
      const answer = await audience(bot, text);
      assert.equal(answer.response_type, 'ephemeral', text);
      assert.match(String(answer.text), expected, text);
      assert.match(String(answer.text), /Usage: \/audience sync/, text);
    }
    const refused = await audience(bot, 'lookalike', STRANGER);
    assert.match(String(refused.text), /Only approvers can propose lookalike audiences/);
    assert.deepEqual(audienceCalls(bot), []);
  });

  test('fewer than 100 signed cases: a clear answer, nothing uploaded or proposed', async () => {
    signLeads(bot, 0, 40);
    bot.graph.resetCalls();
    const answer = await audience(bot, 'lookalike 1%');
    assert.equal(answer.response_type, 'ephemeral');
    assert.equal(
      answer.text,
      'Not enough signed cases for a lookalike yet: Meta needs at least 100 people in its source, and LeadOps has 40 signed cases with an email or phone. Nothing was uploaded or proposed — mark leads Signed case on their alerts as cases come in.',
    );
    assert.deepEqual(audienceCalls(bot), []);
    assert.equal(bot.graph.audiences.audiences.length, 0);
  });

  test('120 signed cases: a value-based list of them, hashed as /audience sync hashes, then the proposal', async () => {
    signLeads(bot, 40, 80);
    bot.graph.resetCalls();
    const answer = await audience(bot, 'lookalike 2%');
    assert.match(
      String(answer.text),
      /^Proposal #\d+ posted in #approvals: create a 2% lookalike in US of “LeadOps — signed cases \(value-based\)” — “LeadOps — signed cases, 2% US, value-based”\./,
    );
    const [source] = bot.graph.audiences.audiences;
    assert.equal(source?.name, SIGNED_CASES_VALUE_NAME);
    assert.equal(source?.valueBased, true);
    assert.equal(source?.members.size, 120);
    const [upload] = bot.graph.audiences.uploads;
    assert.deepEqual(upload?.schema, ['EMAIL', 'PHONE', 'FN', 'LN', 'EXTERN_ID', 'LOOKALIKE_VALUE']);
    assert.equal(upload?.rows[0]?.[5], '3000', 'the case value in dollars');
    assert.match(String(upload?.rows[0]?.[0]), /^[a-f0-9]{64}$/);
    assert.ok(!writes(bot).some((c) => c.body.subtype === 'LOOKALIKE'), 'no lookalike before an approval');
    const message = await proposalMessage(bot, Number(/#(\d+)/.exec(String(answer.text))?.[1]));
    const blocks = JSON.stringify(message.blocks);
    assert.match(
      blocks,
      /Proposal #\d+ — Create the lookalike audience “LeadOps — signed cases, 2% US, value-based”\*"/,
    );
    assert.match(
      blocks,
      /\*Change:\* create a 2% lookalike in US of “LeadOps — signed cases \(value-based\)”/,
    );
    assert.match(
      blocks,
      /\*Why:\* <@U0BOSS> asked for a lookalike of the signed cases with \/audience lookalike\./,
    );
    assert.match(
      blocks,
      /Source: “LeadOps — signed cases \(value-based\)” \(120 people, each with its case value\) · country US \(where most signed cases’ phone numbers are\) · ratio 0\.02/,
    );
  });

  test('Approve: Meta creates the lookalike of that list; its id is shown, no Undo', async () => {
    const message = bot.slack.messages(CHANNEL).find((m) => m.text.includes('2% US'));
    assert.ok(message);
    bot.graph.resetCalls();
    await click(bot, message, 'proposal_approve');
    const done = await bot.saying(message, /Applied/);
    const lookalike = bot.graph.audiences.audiences.find((a) => a.subtype === 'LOOKALIKE');
    assert.ok(lookalike);
    assert.equal(lookalike.originAudienceId, bot.graph.audiences.audiences[0]?.id);
    assert.deepEqual(lookalike.lookalikeSpec, { ratio: 0.02, country: 'US', type: 'similarity' });
    assert.equal(getProposal(bot.leadops.services.db, idOf(message))?.result?.audienceId, lookalike.id);
    const blocks = JSON.stringify(done.blocks);
    assert.match(
      blocks,
      new RegExp(
        `Meta confirms the audience “LeadOps — signed cases, 2% US, value-based” \\(id ${lookalike.id}\\), ready to pick in <https://adsmanager\\.facebook\\.com/adsmanager/audiences\\?act=\\d+\\|Ads Manager → Audiences>`,
      ),
    );
    assert.doesNotMatch(blocks, /proposal_undo/);
    assert.match(blocks, /Meta keeps an audience until it is deleted/);
    assert.equal(writes(bot).length, 1, 'one write: the lookalike');
  });

  test('again with a country: the list is refreshed (only new signed cases sent); Meta refusing ends it failed with its words', async () => {
    signLeads(bot, 120, 5);
    bot.graph.resetCalls();
    const answer = await audience(bot, 'lookalike de 3');
    assert.match(String(answer.text), /create a 3% lookalike in DE of/);
    assert.equal(bot.graph.audiences.uploads.at(-1)?.rows.length, 5);
    const message = await proposalMessage(bot, Number(/#(\d+)/.exec(String(answer.text))?.[1]));
    // Meta's count of the source falls below its minimum (people removed in Ads Manager, say).
    bot.graph.audiences.audiences[0]?.members.clear();
    bot.graph.resetCalls();
    await click(bot, message, 'proposal_approve');
    await bot.saying(message, /Failed/);
    const proposal = getProposal(bot.leadops.services.db, idOf(message));
    assert.equal(proposal?.status, 'failed');
    assert.match(
      String(proposal?.note),
      /Meta said: Source Audience Is Too Small: Your source audience needs at least 100 people from a single country\. It has 0\..* No audience was created\./,
    );
    const notice = await bot.slack.waitFor(() =>
      bot.slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === message.ts),
    );
    assert.match(String(notice.args.text), /failed: .*Source Audience Is Too Small/);
    assert.equal(writes(bot).length, 1, 'one attempt, not retried');
  });
});
