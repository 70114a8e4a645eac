import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appHomeOpenedEvent, eventCallbackBody, postToSlackEndpoint } from '../support/slack-signing.js';
import { SIGNING_SECRET, startTestBot, type TestBot } from '../support/test-bot.js';

const MIN = 60_000;
const APPROVER = 'U0BOSS';
const REP = 'U0MARIA';

function store(
  bot: TestBot,
  id: string,
  name: string,
  owner: string | null,
  startedMinutesAgo: number,
): void {
  const { db, clock } = bot.leadops.services;
  const start = clock.nowMilliseconds() - startedMinutesAgo * MIN;
  const account = bot.graph.account.id;
  db.prepare(
    `INSERT INTO leads (id, account_id, campaign_id, campaign_name, created_time, received_at, received_via, state, full_name)
       VALUES (?, ?, 'c1', 'MVA – Houston', ?, ?, 'webhook', 'complete', ?)`,
  ).run(id, account, start, start, name);
  db.prepare(
    `INSERT INTO lead_speed (lead_id, account_id, lead_created_at, clock_start_at, owner_id, reminder_state, escalation_state)
       VALUES (?, ?, ?, ?, ?, 'skipped', 'skipped')`,
  ).run(id, account, start, start, owner);
}

async function openHome(bot: TestBot, user: string): Promise<number> {
  const reply = await postToSlackEndpoint(
    `${bot.leadops.url}/slack/events`,
    SIGNING_SECRET,
    eventCallbackBody(appHomeOpenedEvent(user)),
    { contentType: 'application/json' },
  );
  return reply.status;
}

const textOf = (view: { blocks: unknown[] } | undefined) => JSON.stringify(view?.blocks ?? []);

describe('App Home tab', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot({ env: { APPROVERS: APPROVER } });
    store(bot, 'H1', 'Mary Smith', REP, 12);
    store(bot, 'H2', 'Nobody Yet', null, 2);
  });
  after(() => bot.stop());

  test('opened: views.publish with the viewer’s open leads and clocks, unowned leads, account health', async () => {
    assert.equal(await openHome(bot, REP), 200);
    const view = await bot.slack.waitFor(() => bot.slack.homeOf(REP));
    assert.equal(view.type, 'home');
    const text = textOf(view);
    assert.match(
      text,
      /\*My open leads\* \(1\)\\n\*#\d+ Mary Smith\* · MVA – Houston · 12 min on the clock · :warning: past the 5 min SLA/,
    );
    assert.match(
      text,
      /\*Waiting for an owner\* \(1\)\\n\*#\d+ Nobody Yet\* · MVA – Houston · 2 min on the clock/,
    );
    assert.match(text, /:white_check_mark: \*[^*]+\* \(act_\d+\) · all checks fine · 2 leads not contacted/);
    // Not an approver: no proposals section.
    assert.doesNotMatch(text, /Proposals waiting/);
    const publish = bot.slack.calls.find((c) => c.method === 'views.publish');
    assert.equal(publish?.args.user_id, REP);
  });

  test('an approver sees the proposals waiting for a decision', async () => {
    await openHome(bot, APPROVER);
    const view = await bot.slack.waitFor(() => bot.slack.homeOf(APPROVER));
    assert.match(textOf(view), /\*Proposals waiting for a decision\* \(0\)\\nNone\./);
  });

  test('refreshed when a lead on it changes: claimed, it moves to the claimer’s own list', async () => {
    const before = bot.slack.calls.filter((c) => c.method === 'views.publish').length;
    const claimed = await bot.leadops.services.speed.claim('H2', REP);
    assert.equal(claimed.kind, 'claimed');
    const view = await bot.slack.waitFor(() => {
      const home = bot.slack.homeOf(REP);
      return textOf(home).includes('*My open leads* (2)') ? home : undefined;
    });
    assert.match(textOf(view), /\*Waiting for an owner\* \(0\)\\nNone\./);
    // Published again for the two people who opened it, once each.
    await bot.leadops.services.home.idle();
    const after = bot.slack.calls.filter((c) => c.method === 'views.publish').slice(before);
    assert.deepEqual(after.map((c) => c.args.user_id).sort(), [REP, APPROVER].sort());
  });

  test('the Messages tab is not the Home tab: nothing published', async () => {
    const before = bot.slack.calls.filter((c) => c.method === 'views.publish').length;
    const reply = await postToSlackEndpoint(
      `${bot.leadops.url}/slack/events`,
      SIGNING_SECRET,
      eventCallbackBody(appHomeOpenedEvent('U0OTHER', 'messages')),
      { contentType: 'application/json' },
    );
    assert.equal(reply.status, 200);
    await openHome(bot, 'U0THIRD');
    await bot.slack.waitFor(() => bot.slack.homeOf('U0THIRD'));
    assert.equal(bot.slack.homeOf('U0OTHER'), undefined);
    assert.equal(bot.slack.calls.filter((c) => c.method === 'views.publish').length, before + 1);
  });

  test('new proposals refresh the Home tab of approvers who viewed it, not anyone else’s', async () => {
    assert.match(textOf(bot.slack.homeOf(APPROVER)), /Proposals waiting for a decision\* \(0\)/);
    const before = bot.slack.calls.filter((c) => c.method === 'views.publish').length;
    const ack = await bot.command('/rules', 'run', { userId: APPROVER });
    assert.match(JSON.stringify(await bot.responseTo(ack.label)), /new proposals/);
    const view = await bot.slack.waitFor(() => {
      const home = bot.slack.homeOf(APPROVER);
      return /Proposals waiting for a decision\* \([1-9]/.test(textOf(home)) ? home : undefined;
    });
    assert.match(textOf(view), /ad set “/);
    await bot.leadops.services.home.idle();
    const after = bot.slack.calls.filter((c) => c.method === 'views.publish').slice(before);
    assert.deepEqual([...new Set(after.map((c) => c.args.user_id))], [APPROVER]);
  });
});

describe('App Home tab: the proposals an approver decides', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot({ env: { APPROVERS: APPROVER } });
  });
  after(() => bot.stop());

  test('each named as what it changes: an ad set, or an ad the rotate rule would pause', async () => {
    await bot.leadops.runJob('rules');
    await openHome(bot, APPROVER);
    const text = textOf(await bot.slack.waitFor(() => bot.slack.homeOf(APPROVER)));
    assert.match(text, /\*Proposals waiting for a decision\* \([1-9]\d*\)/);
    assert.match(text, /pause ad “Static – Free case review”/);
    assert.match(text, /(pause|raise budget|lower budget) ad set “/);
    assert.doesNotMatch(text, /pause campaign “Static/);
  });
});
