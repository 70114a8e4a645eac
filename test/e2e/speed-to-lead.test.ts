import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getLeadSpeed } from '../../src/db/lead-speed.js';
import { runClaimCommand } from '../../src/speed/terminal.js';
import type { PostedMessage } from '../support/slack-emulator.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const CHANNEL = '#leadops';
const BOSS = 'U0BOSS';

async function deliver(bot: TestBot, name: string) {
  const lead = bot.graph.addLead({ fields: { full_name: name, phone_number: '+1 713 555 0142' } });
  assert.equal(await bot.deliverLeads([lead]), 200);
  return lead;
}

async function click(bot: TestBot, message: PostedMessage, actionId: string, value: string, userId: string) {
  assert.equal(await bot.click(message, actionId, { value, userId }), 200);
}

describe('speed to lead, end to end', () => {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot({ env: { APPROVERS: BOSS, SPEED_SLA_MINUTES: '0.5' } });
  });
  after(async () => {
    await bot.stop();
  });

  test('roster: a non-user changes nothing; approvers add reps; anyone lists', async () => {
    const bad = await bot.command('/leads', 'roster add maria', { userId: BOSS });
    assert.equal(bad.status, 200);
    assert.match(JSON.stringify(await bot.responseTo(bad.label)), /is not a person/);
    const refused = await bot.command('/leads', 'roster add <@U0MARIA|maria>', { userId: 'U0MARIA' });
    assert.match(JSON.stringify(await bot.responseTo(refused.label)), /Only approvers/);
    const added = await bot.command('/leads', 'roster add <@U0MARIA|maria> <@U0JAMES>', { userId: BOSS });
    assert.match(JSON.stringify(await bot.responseTo(added.label)), /Added to .*<@U0MARIA>, <@U0JAMES>/);
    const hours = await bot.command('/leads', 'hours mon-fri 18:00-08:00', { userId: BOSS });
    assert.match(JSON.stringify(await bot.responseTo(hours.label)), /ends before it starts/);
    const list = await bot.command('/leads', 'roster');
    assert.match(JSON.stringify(await bot.responseTo(list.label)), /1\. <@U0MARIA>.*2\. <@U0JAMES>/);
  });

  test('a new lead goes to the rep whose turn it is, by DM; a click in the DM updates the alert; Claim updates both', async () => {
    const lead = await deliver(bot, 'Rosa Díaz');
    const dm = await bot.slack.waitFor(() =>
      bot.slack
        .messages('U0MARIA')
        .find((m) => JSON.stringify(m.blocks ?? []).includes('Assigned to you: Rosa')),
    );
    assert.match(JSON.stringify(dm.blocks), /tel:\+17135550142/);
    assert.ok(bot.slack.calls.some((c) => c.method === 'conversations.open' && c.args.users === 'U0MARIA'));
    const alert = await bot.slack.waitFor(() =>
      bot.slack.messages(CHANNEL).find((m) => /Owner <@U0MARIA>/.test(JSON.stringify(m.blocks ?? []))),
    );
    await click(bot, alert, 'lead_claim', lead.id, 'U0JAMES');
    await bot.saying(alert, /Owner <@U0JAMES> · claimed/);
    await bot.saying(dm, /Owner <@U0JAMES> · claimed/);
    await click(bot, dm, 'lead_contacted', lead.id, 'U0MARIA');
    await bot.saying(alert, /Contacted\* by <@U0MARIA>/);
    await bot.saying(dm, /Contacted\* by <@U0MARIA>/);
    assert.equal(getLeadSpeed(bot.leadops.services.db, lead.id)?.firstContactBy, 'U0MARIA');
  });

  test('a rep who left the workspace is skipped; the reminder DM comes once after the SLA (0.5 min)', async () => {
    bot.slack.deleteUser('U0JAMES');
    const lead = await deliver(bot, 'Ana Lima');
    await bot.slack.waitFor(() =>
      bot.slack
        .messages('U0MARIA')
        .find((m) => JSON.stringify(m.blocks ?? []).includes('Assigned to you: Ana')),
    );
    assert.equal(getLeadSpeed(bot.leadops.services.db, lead.id)?.ownerId, 'U0MARIA');
    const db = bot.leadops.services.db;
    // The reminder's time comes (moved, not waited for): the tick sends it once.
    db.prepare('UPDATE lead_speed SET reminder_due_at = reminder_due_at - 60000 WHERE lead_id = ?').run(
      lead.id,
    );
    await bot.leadops.runJob('speed-to-lead');
    await bot.leadops.runJob('speed-to-lead');
    const reminders = bot.slack
      .messages('U0MARIA')
      .filter((m) => /Ana Lima.*without a call/.test(JSON.stringify(m.blocks)));
    assert.equal(reminders.length, 1);
  });

  test('the terminal’s `claim N` is the Claim button: the same function, the alert (and the DM) updated', async () => {
    const lead = await deliver(bot, 'Ivo Petrov');
    const alert = await bot.slack.waitFor(() =>
      bot.slack
        .messages(CHANNEL)
        .find((m) => /Ivo Petrov.*Owner <@U0MARIA>/.test(JSON.stringify(m.blocks ?? []))),
    );
    const n = Number(/#(\d+)/.exec(JSON.stringify(alert.blocks?.[0] ?? {}))?.[1]);
    assert.ok(n > 0, 'the alert shows the lead’s number');
    const services = bot.leadops.services;
    assert.equal(
      await runClaimCommand(services, `claim ${n}`, 'U0TERM'),
      `Lead #${n} is yours now (taken from <@U0MARIA>).`,
    );
    await bot.saying(alert, /Owner <@U0TERM> · claimed/);
    assert.equal(getLeadSpeed(services.db, lead.id)?.ownerId, 'U0TERM');
    assert.equal(
      await runClaimCommand(services, `claim #${n}`, 'U0TERM'),
      `Lead #${n} is already yours; nothing changed.`,
    );
    assert.match((await runClaimCommand(services, 'claim 99999', 'U0TERM')) ?? '', /No lead #99999/);
    assert.equal(await runClaimCommand(services, 'contacted 3', 'U0TERM'), null);
  });

  test('Slack down at the assignment: the assignee’s DM is sent once when Slack answers again, marked late', async () => {
    const db = bot.leadops.services.db;
    // Slack's conversations.open fails for a second (users.info, cached, and the alert's post do not).
    bot.slack.failUntil(Date.now() + 1000, { status: 503, methods: ['conversations.open'] });
    const lead = await deliver(bot, 'Noor Haddad');
    // The assignment is made (and kept); the DM could not be opened: it is owed.
    await bot.slack.waitFor(() =>
      bot.slack.calls.find((c) => c.method === 'conversations.open' && c.error !== undefined),
    );
    const owed = await bot.slack.waitFor(() => {
      const row = getLeadSpeed(db, lead.id);
      return row?.dmState === 'pending' ? row : undefined;
    });
    assert.equal(owed.ownerId, 'U0MARIA');
    // Slack answers again more than a minute after the assignment (the minute moved, not waited
    // for): each tick tries, the one after Slack is back sends it.
    db.prepare('UPDATE lead_speed SET dm_due_at = dm_due_at - 120000 WHERE lead_id = ?').run(lead.id);
    while (getLeadSpeed(db, lead.id)?.dmState === 'pending') await bot.leadops.runJob('speed-to-lead');
    await bot.leadops.runJob('speed-to-lead');
    const dms = bot.slack
      .messages('U0MARIA')
      .filter((m) => JSON.stringify(m.blocks ?? []).includes('Assigned to you: Noor'));
    assert.equal(dms.length, 1, 'sent once, never twice');
    assert.match(JSON.stringify(dms[0]?.blocks), /Late: assigned to you .*Slack was unreachable until now/);
    assert.equal(getLeadSpeed(db, lead.id)?.dmLate, true);
    await bot.slack.waitFor(() =>
      bot.slack
        .messages(CHANNEL)
        .find((m) => /Noor Haddad.*Owner <@U0MARIA>/.test(JSON.stringify(m.blocks ?? []))),
    );
  });
});
