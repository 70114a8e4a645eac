import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { AlertRefresher } from '../../src/conversions/alert.js';
import { LeadOutcomes } from '../../src/conversions/outcomes.js';
import { setBusinessHours } from '../../src/db/business-hours.js';
import { getLeadSpeed } from '../../src/db/lead-speed.js';
import { getLead, saveFetchedLead } from '../../src/db/leads.js';
import { openDatabase } from '../../src/db/open.js';
import { addToRoster, rosterOf, setAway } from '../../src/db/rosters.js';
import type { LeadPlace } from '../../src/leads/lead-account.js';
import { silentLogger } from '../../src/log.js';
import {
  type ChannelMessage,
  type MessageRef,
  type Messenger,
  MessengerError,
} from '../../src/messages/messenger.js';
import { SpeedToLead } from '../../src/speed/desk.js';
import { parseHours } from '../../src/speed/hours.js';
import type { People } from '../../src/speed/people.js';
import { CHICAGO } from '../support/accounts.js';
import { metaLeadFixture } from '../support/lead-fixtures.js';

const HOME = 'C0HOME';
const MINUTE = 60_000;
/** Tue Nov 24 2026, 10:00 CST. */
const T0 = Date.parse('2026-11-24T16:00:00Z');

interface Posted {
  channel: string;
  ts: string;
  message: ChannelMessage;
}

class FakeSlack implements Messenger, People {
  posts: Posted[] = [];
  updates: { channel: string; ts: string; message: ChannelMessage }[] = [];
  deleted = new Set<string>();
  noDm = new Set<string>();
  down = false;
  /** Posting and opening DMs fail as when Slack is down; users.info still answers (LeadOps caches it). */
  postsDown = false;
  private seq = 0;
  async post(channel: string, message: ChannelMessage) {
    if (this.down || this.postsDown) throw new MessengerError('Slack unreachable: down', null);
    const posted = { channel, ts: `${++this.seq}.0`, message };
    this.posts.push(posted);
    return `${channel}/${posted.ts}` as MessageRef;
  }
  async update(ref: MessageRef, message: ChannelMessage) {
    const [channel = '', ts = ''] = ref.split('/');
    this.updates.push({ channel, ts, message });
  }
  channelOf(ref: MessageRef) {
    return ref.split('/')[0] ?? '';
  }
  async postEphemeral() {}
  async uploadFile() {}
  async findPosted() {
    return null;
  }
  async isActive(userId: string) {
    if (this.down) throw new MessengerError('Slack unreachable: down', null);
    return !this.deleted.has(userId);
  }
  async openDirectMessage(userId: string) {
    if (this.down || this.postsDown) throw new MessengerError('Slack unreachable: down', null);
    return this.noDm.has(userId) ? null : `D${userId}`;
  }
  to(channel: string) {
    return this.posts.filter((p) => p.channel === channel);
  }
}

function setUp() {
  const db = openDatabase(':memory:');
  const slack = new FakeSlack();
  let now = T0;
  const clock = { nowMilliseconds: () => now };
  const place: LeadPlace = {
    account: CHICAGO,
    channel: HOME,
    timezone: CHICAGO.timezone,
    currency: 'USD',
    dataset: null,
  };
  const accounts = { placeOf: () => place };
  const refresher = new AlertRefresher({ db, logger: silentLogger, messenger: slack, accounts });
  const make = () =>
    new SpeedToLead({
      db,
      clock,
      logger: silentLogger,
      messenger: slack,
      people: slack,
      accounts,
      refresher,
      approvers: ['UBOSS'],
      slaMinutes: 5,
      severalAccounts: () => false,
    });
  const outcomes = new LeadOutcomes({ db, clock, logger: silentLogger, refresher, accounts, caseValue: '0' });
  let speed = make();
  /** A lead created now (or at `created`), alerted: its clock starts and its alert is "posted". */
  const lead = async (id: string, created = now, afterAlert?: () => void) => {
    saveFetchedLead(
      db,
      metaLeadFixture(id, { createdTime: created }),
      { fullName: `Lead ${id}`, phone: '+17135550142', email: null, answers: [] },
      'page-1',
      'webhook',
      created,
    );
    db.prepare('UPDATE leads SET account_id = ? WHERE id = ?').run(CHICAGO.id, id);
    const stored = getLead(db, id);
    if (!stored) throw new Error('no lead');
    speed.leadAlerted(stored, place);
    const posted = await slack.post(HOME, { text: `alert ${id}`, blocks: [] });
    afterAlert?.();
    speed.alertPosted(id, posted);
    await speed.tick();
  };
  return {
    db,
    slack,
    lead,
    outcomes,
    get speed() {
      return speed;
    },
    at: (t: number) => {
      now = t;
    },
    /** A new process on the same database (a restart): nothing in memory survives. */
    restart: () => {
      speed = make();
    },
  };
}

type Env = ReturnType<typeof setUp>;
const owners = (env: Env, ids: string[]) => ids.map((id) => getLeadSpeed(env.db, id)?.ownerId);

describe('round-robin', () => {
  let env: Env;
  beforeEach(() => {
    env = setUp();
    addToRoster(env.db, CHICAGO.id, ['UMARIA', 'UJAMES', 'UANA'], 'UBOSS', T0);
  });

  test('fair: each rep in turn, the assignee DMed with the lead (its tel: link and buttons)', async () => {
    const ids = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'];
    for (const id of ids) await env.lead(id);
    assert.deepEqual(owners(env, ids), ['UMARIA', 'UJAMES', 'UANA', 'UMARIA', 'UJAMES', 'UANA']);
    assert.deepEqual(
      rosterOf(env.db, CHICAGO.id).map((m) => m.assignedCount),
      [2, 2, 2],
    );
    const dm = env.slack.to('DUMARIA')[0];
    const json = JSON.stringify(dm?.message.blocks);
    assert.match(json, /Assigned to you: Lead L1/);
    assert.match(json, /tel:\+17135550142/);
    assert.match(json, /lead_contacted/);
    assert.match(json, /lead_claim/);
    assert.equal(getLeadSpeed(env.db, 'L1')?.dmRef, `DUMARIA/${dm?.ts}`);
  });

  test('skips who is away, who left the workspace; back in turn after /leads back', async () => {
    setAway(env.db, 'UJAMES', true);
    env.slack.deleted.add('UANA');
    await env.lead('L1');
    await env.lead('L2');
    assert.deepEqual(owners(env, ['L1', 'L2']), ['UMARIA', 'UMARIA']);
    setAway(env.db, 'UJAMES', false);
    await env.lead('L3');
    await env.lead('L4');
    assert.deepEqual(owners(env, ['L3', 'L4']), ['UJAMES', 'UMARIA']);
    assert.equal(env.slack.to('DUANA').length, 0);
  });

  test('nobody available → unowned (it escalates); out of hours → assigned at opening time', async () => {
    setAway(env.db, 'UMARIA', true);
    setAway(env.db, 'UJAMES', true);
    setAway(env.db, 'UANA', true);
    await env.lead('L1');
    assert.equal(getLeadSpeed(env.db, 'L1')?.ownerId, null);
    assert.equal(getLeadSpeed(env.db, 'L1')?.assignAt, null);
    for (const id of ['UMARIA', 'UJAMES', 'UANA']) setAway(env.db, id, false);
    const parsed = parseHours('mon-fri 08:00-18:00');
    if (!('hours' in parsed)) throw new Error(parsed.problem);
    setBusinessHours(env.db, CHICAGO.id, parsed.hours, 'UBOSS', T0);
    const evening = Date.parse('2026-11-25T02:00:00Z'); // Tue 20:00 CST
    env.at(evening);
    await env.lead('L2');
    const opening = Date.parse('2026-11-25T14:00:00Z'); // Wed 08:00 CST
    assert.equal(getLeadSpeed(env.db, 'L2')?.ownerId, null, 'nobody is given a lead after hours');
    assert.equal(getLeadSpeed(env.db, 'L2')?.clockStartAt, opening);
    env.at(opening - 1);
    await env.speed.tick();
    assert.equal(getLeadSpeed(env.db, 'L2')?.ownerId, null);
    env.at(opening);
    await env.speed.tick();
    assert.equal(getLeadSpeed(env.db, 'L2')?.ownerId, 'UMARIA');
    assert.equal(
      getLeadSpeed(env.db, 'L2')?.reminderDueAt,
      opening + 5 * MINUTE,
      'the clock runs from opening time',
    );
  });

  test('Slack down at the assignment: the DM is owed, sent once when Slack is back, marked late after a minute', async () => {
    await env.lead('L1', T0, () => {
      env.slack.postsDown = true;
    });
    await env.speed.tick();
    const owed = getLeadSpeed(env.db, 'L1');
    assert.equal(owed?.ownerId, 'UMARIA', 'the assignment is kept');
    assert.equal(owed?.dmState, 'pending');
    assert.equal(owed?.dmDueAt, T0);
    env.at(T0 + 30_000);
    assert.equal((await env.speed.tick()).deferred, 1, 'still down: still owed');
    assert.equal(env.slack.to('DUMARIA').length, 0);

    env.slack.postsDown = false;
    env.at(T0 + 2 * MINUTE);
    assert.equal((await env.speed.tick()).dmsRetried, 1);
    await env.speed.tick();
    const dms = env.slack.to('DUMARIA');
    assert.equal(dms.length, 1, 'sent once, never twice');
    const json = JSON.stringify(dms[0]?.message.blocks);
    assert.match(json, /Assigned to you: Lead L1/);
    assert.match(json, /Late: assigned to you Nov 24, 10:00 AM CST; Slack was unreachable/);
    const sent = getLeadSpeed(env.db, 'L1');
    assert.equal(sent?.dmState, 'sent');
    assert.equal(sent?.dmSentAt, T0 + 2 * MINUTE);
    assert.equal(sent?.dmLate, true);
    assert.equal(sent?.dmRef, `DUMARIA/${dms[0]?.ts}`);
    // The alert shows the owner now; an update of the DM keeps saying it was late.
    env.slack.updates.length = 0;
    await env.outcomes.record({ leadId: 'L1', outcome: 'contacted', userId: 'UMARIA' });
    const dmUpdate = env.slack.updates.find((u) => u.channel === 'DUMARIA');
    assert.match(JSON.stringify(dmUpdate?.message.blocks), /Late: assigned to you/);
    const alertUpdate = env.slack.updates.find((u) => u.channel === HOME);
    assert.doesNotMatch(JSON.stringify(alertUpdate?.message.blocks), /Late/);
  });

  test('Slack back within a minute: the owed DM is not late; claimed by someone else meanwhile: never sent', async () => {
    await env.lead('L1', T0, () => {
      env.slack.postsDown = true;
    });
    env.slack.postsDown = false;
    await env.lead('L2', T0, () => {
      env.slack.postsDown = true;
    });
    assert.deepEqual(owners(env, ['L1', 'L2']), ['UMARIA', 'UJAMES']);
    assert.equal(getLeadSpeed(env.db, 'L2')?.dmState, 'pending');
    assert.deepEqual(await env.speed.claim('L2', 'UANA'), { kind: 'claimed', previousOwner: 'UJAMES' });
    env.slack.postsDown = false;
    env.at(T0 + 45_000);
    assert.equal((await env.speed.tick()).dmsRetried, 1);
    assert.equal(env.slack.to('DUMARIA').length, 1);
    assert.doesNotMatch(JSON.stringify(env.slack.to('DUMARIA')[0]?.message.blocks), /Late/);
    assert.equal(getLeadSpeed(env.db, 'L1')?.dmLate, false);
    assert.equal(env.slack.to('DUJAMES').length, 0, 'L2 is UANA’s now: UJAMES gets no DM');
    assert.equal(getLeadSpeed(env.db, 'L2')?.dmState, 'skipped');
  });

  test('a DM that cannot be opened → a mention in the home channel', async () => {
    env.slack.noDm.add('UMARIA');
    await env.lead('L1');
    const mention = env.slack
      .to(HOME)
      .find((p) => /<@UMARIA> lead #\d+ Lead L1/.test(JSON.stringify(p.message.blocks)));
    assert.ok(mention, 'mentioned in the home channel');
  });
});

describe('the clock: reminder, escalation, once', () => {
  let env: Env;
  beforeEach(() => {
    env = setUp();
    addToRoster(env.db, CHICAGO.id, ['UMARIA'], 'UBOSS', T0);
  });

  const reminders = (env: Env, user: string) =>
    env.slack
      .to(`D${user}`)
      .filter((p) => /waited 5 min without a call/.test(JSON.stringify(p.message.blocks)));
  const escalations = (env: Env) =>
    env.slack.to(HOME).filter((p) => /without contact/.test(JSON.stringify(p.message.blocks)));

  test('one reminder at the SLA, one escalation mentioning the approvers at 3×, then nothing', async () => {
    await env.lead('L1');
    env.at(T0 + 5 * MINUTE - 1);
    await env.speed.tick();
    assert.equal(reminders(env, 'UMARIA').length, 0);
    env.at(T0 + 5 * MINUTE);
    await env.speed.tick();
    await env.speed.tick();
    assert.equal(reminders(env, 'UMARIA').length, 1);
    env.at(T0 + 15 * MINUTE);
    await env.speed.tick();
    env.at(T0 + 60 * MINUTE);
    await env.speed.tick();
    assert.equal(reminders(env, 'UMARIA').length, 1);
    assert.equal(escalations(env).length, 1);
    assert.match(JSON.stringify(escalations(env)[0]?.message.blocks), /<@UBOSS>.*Owner <@UMARIA>/);
    assert.equal(getLeadSpeed(env.db, 'L1')?.escalationLate, false);
  });

  test('never for a contacted lead; Junk stops the clock; unowned leads escalate without a reminder', async () => {
    await env.lead('L1');
    await env.lead('L2');
    await env.lead('L3');
    await env.outcomes.record({ leadId: 'L1', outcome: 'contacted', userId: 'UMARIA' });
    await env.outcomes.record({ leadId: 'L2', outcome: 'junk', userId: 'UMARIA' });
    env.db.prepare('UPDATE lead_speed SET owner_id = NULL WHERE lead_id = ?').run('L3');
    env.at(T0 + 60 * MINUTE);
    await env.speed.tick();
    assert.equal(reminders(env, 'UMARIA').length, 0);
    const sent = escalations(env);
    assert.equal(sent.length, 1);
    assert.match(JSON.stringify(sent[0]?.message.blocks), /Lead L3.*Nobody owns it/);
    const l1 = getLeadSpeed(env.db, 'L1');
    assert.deepEqual([l1?.firstContactAt, l1?.firstContactBy, l1?.reminderState], [T0, 'UMARIA', 'skipped']);
    assert.equal(getLeadSpeed(env.db, 'L2')?.stoppedAt, T0);
  });

  test('a restart between the lead and its reminder: the new process sends it, once', async () => {
    await env.lead('L1');
    env.restart();
    env.at(T0 + 6 * MINUTE);
    await env.speed.tick();
    env.restart();
    await env.speed.tick();
    assert.equal(reminders(env, 'UMARIA').length, 1);
  });

  test('Slack down when due → sent once when it is back, marked late', async () => {
    await env.lead('L1');
    env.slack.down = true;
    env.at(T0 + 5 * MINUTE);
    assert.equal((await env.speed.tick()).deferred, 1);
    env.at(T0 + 9 * MINUTE);
    await env.speed.tick();
    env.slack.down = false;
    env.at(T0 + 10 * MINUTE);
    await env.speed.tick();
    await env.speed.tick();
    const sent = reminders(env, 'UMARIA');
    assert.equal(sent.length, 1);
    assert.match(JSON.stringify(sent[0]?.message.blocks), /late: due/);
    assert.equal(getLeadSpeed(env.db, 'L1')?.reminderLate, true);
  });

  test('Claim takes the lead (reassigns), both the alert and the DM are updated', async () => {
    await env.lead('L1');
    env.slack.updates.length = 0;
    assert.deepEqual(await env.speed.claim('L1', 'UJAMES'), { kind: 'claimed', previousOwner: 'UMARIA' });
    assert.deepEqual(await env.speed.claim('L1', 'UJAMES'), { kind: 'already_yours' });
    const updated = env.slack.updates.map((u) => u.channel).sort();
    assert.deepEqual(updated, [HOME, 'DUMARIA']);
    for (const u of env.slack.updates)
      assert.match(JSON.stringify(u.message.blocks), /Owner <@UJAMES> · claimed/);
    const row = getLeadSpeed(env.db, 'L1');
    assert.deepEqual([row?.ownerId, row?.ownedVia, row?.firstOwnedVia], ['UJAMES', 'claim', 'round_robin']);
  });
});
