import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { eachDate } from '../../src/dates/calendar.js';
import { claimFollowUp, followUpsOf, getFollowUp } from '../../src/db/follow-ups.js';
import { type Proposal, setMessage, transition } from '../../src/db/proposals.js';
import { FollowUpJob, MAX_ATTEMPTS } from '../../src/followups/job.js';
import { scheduleFollowUps } from '../../src/followups/schedule.js';
import type { InsightRow } from '../../src/insights/types.js';
import { silentLogger } from '../../src/log.js';
import type { ChannelMessage, MessageRef, Messenger } from '../../src/messages/messenger.js';
import {
  ACCOUNT,
  budgetDraft,
  HOUR,
  memoryDb,
  pauseDraft,
  pending,
  T0,
  YEN_ACCOUNT,
} from '../approvals/support.js';

type Db = ReturnType<typeof memoryDb>;
const DAY = 24 * HOUR;
/** The 24 h follow-up of a change applied at T0 (noon in Chicago, Nov 29) falls due Dec 1, 02:00 CST. */
const DUE_24H = Date.parse('2026-12-01T08:00:00Z');

function applied(
  db: Db,
  proposal: Proposal,
  at = T0,
  ref: string | null = `C0APPROVALS/${proposal.id}`,
): Proposal {
  transition(db, proposal.id, ['pending'], 'approved', { decidedBy: 'U0BOSS', decidedAt: at });
  transition(db, proposal.id, ['approved'], 'applied', { finishedAt: at });
  if (ref) setMessage(db, proposal.id, ref as MessageRef);
  const done = {
    ...proposal,
    status: 'applied' as const,
    finishedAt: at,
    messageRef: ref as MessageRef | null,
  };
  return done;
}

function row(objectId: string, date: string, spendCents: number, leads: number): InsightRow {
  return {
    level: 'adset',
    objectId,
    name: objectId,
    campaignId: null,
    campaignName: null,
    spendCents,
    impressions: 1000,
    clicks: 10,
    leads,
    reach: null,
    frequency: null,
    dateStart: date,
    dateStop: date,
  };
}

/** A fake Meta: every ad set (and the account) delivers the same each day unless told otherwise; calls recorded. */
function fakeMeta() {
  const calls: { account: string; what: string; ids?: string[]; since: string; until: string }[] = [];
  const deleted = new Set<string>();
  const state = { fail: null as Error | null, perDay: { spendCents: 10_000, leads: 5 } };
  const adAccountOf = (account: Pick<Account, 'id'>) => ({
    async adSetDays(ids: readonly string[], since: string, until: string) {
      calls.push({ account: account.id, what: 'adset', ids: [...ids], since, until });
      if (state.fail) throw state.fail;
      return ids
        .filter((id) => !deleted.has(id))
        .flatMap((id) =>
          eachDate(since, until).map((d) => row(id, d, state.perDay.spendCents, state.perDay.leads)),
        );
    },
    async insights(query: { level: string; since: string; until: string }) {
      calls.push({ account: account.id, what: query.level, since: query.since, until: query.until });
      if (state.fail) throw state.fail;
      return eachDate(query.since, query.until).map((d) => ({
        ...row(account.id, d, 50_000, 20),
        level: 'account' as const,
      }));
    },
  });
  return { calls, deleted, state, adAccountOf };
}

function fakeMessenger() {
  const posts: { channel: string; message: ChannelMessage; thread: string | null }[] = [];
  const state = { fail: null as Error | null };
  const messenger: Messenger = {
    async post(channel, message, options) {
      if (state.fail) throw state.fail;
      posts.push({ channel, message, thread: options?.thread ?? null });
      return `${channel}/reply-${posts.length}` as MessageRef;
    },
    findPosted: async () => null,
    async update() {},
    async postEphemeral() {},
    async uploadFile() {},
    channelOf: (ref) => ref.split('/')[0] ?? '',
  };
  return { posts, state, messenger };
}

function setUp(accounts: Account[] = [ACCOUNT]) {
  const db = memoryDb();
  const meta = fakeMeta();
  const slack = fakeMessenger();
  let now = T0;
  const clock = { nowMilliseconds: () => now };
  const job = () =>
    new FollowUpJob({
      db,
      clock,
      logger: silentLogger,
      messenger: slack.messenger,
      accounts: { get: (id) => accounts.find((a) => a.id === id) ?? null },
      adAccountOf: meta.adAccountOf,
      channelOf: (account) => account.homeChannel ?? '#approvals',
    });
  return { db, meta, slack, job, setNow: (at: number) => (now = at) };
}

function change(db: Db, draft = budgetDraft(), account: Account = ACCOUNT): Proposal {
  const proposal = applied(db, pending(db, draft, T0 - HOUR, account));
  scheduleFollowUps(db, proposal, account.timezone);
  return proposal;
}

describe('follow-ups: scheduled when a change is applied', () => {
  test('an applied change gets a 24 h and a 72 h follow-up, once; a pending one or an undo none', () => {
    const { db } = setUp();
    const proposal = change(db);
    scheduleFollowUps(db, proposal, ACCOUNT.timezone);
    const open = pending(db, pauseDraft({ adsetId: '2002' }));
    scheduleFollowUps(db, open, ACCOUNT.timezone);
    scheduleFollowUps(db, { ...proposal, id: open.id, kind: 'undo' }, ACCOUNT.timezone);
    const found = followUpsOf(db, [proposal.id, open.id]);
    assert.deepEqual(
      found.get(proposal.id)?.map((f) => [f.horizonHours, f.state, new Date(f.dueAt).toISOString()]),
      [
        [24, 'scheduled', '2026-12-01T08:00:00.000Z'],
        [72, 'scheduled', '2026-12-03T08:00:00.000Z'],
      ],
    );
    assert.equal(found.get(open.id), undefined);
  });
});

describe('follow-up job: due, once, restart', () => {
  test('nothing before it is due; at its time one reply in the proposal’s thread; never again', async () => {
    const { db, slack, job, setNow } = setUp();
    const proposal = change(db);
    const run = job();
    setNow(DUE_24H - 1);
    assert.deepEqual(await run.run(), { posted: 0, skipped: 0, failed: 0 });
    setNow(DUE_24H);
    assert.deepEqual(await run.run(), { posted: 1, skipped: 0, failed: 0 });
    assert.equal(slack.posts.length, 1);
    assert.equal(slack.posts[0]?.channel, 'C0APPROVALS');
    assert.equal(slack.posts[0]?.thread, `C0APPROVALS/${proposal.id}`);
    // $100.00 and 5 leads a day before and after: $20.00 both, not cheaper.
    assert.equal(slack.posts[0]?.message.text, `24 h follow-up of proposal #${proposal.id}: did not help`);
    assert.deepEqual(await run.run(), { posted: 0, skipped: 0, failed: 0 });
    const [first] = followUpsOf(db, [proposal.id]).get(proposal.id) ?? [];
    assert.equal(first?.state, 'posted');
    assert.equal(first?.verdict, 'did_not_help');
    assert.equal(first?.result?.cplAfter, 2000);
  });

  test('due while LeadOps was down: a new run at start-up posts both, once each', async () => {
    const { db, slack, job, setNow } = setUp();
    change(db);
    // Down from T0 until a week later: both follow-ups fell due meanwhile.
    setNow(T0 + 7 * DAY);
    const afterRestart = job();
    assert.deepEqual(await afterRestart.run(), { posted: 2, skipped: 0, failed: 0 });
    assert.deepEqual(
      slack.posts.map((p) => p.message.text.slice(0, 18)),
      ['24 h follow-up of ', '72 h follow-up of '],
    );
    assert.deepEqual(await job().run(), { posted: 0, skipped: 0, failed: 0 }, 'another start posts nothing');
  });

  test('concurrent runs (the start-up run and the minute’s) post each once: the claim decides', async () => {
    const { db, slack, job, setNow } = setUp();
    change(db);
    change(db, budgetDraft({ adsetId: '2002' }));
    setNow(DUE_24H);
    const run = job();
    const results = await Promise.all([run.run(), run.run(), run.run()]);
    assert.equal(
      results.reduce((n, r) => n + r.posted, 0),
      2,
    );
    assert.equal(slack.posts.length, 2);
  });

  test('a claim left by a run that stopped mid-way is taken over by the next run, and posted once', async () => {
    const { db, slack, job, setNow } = setUp();
    const proposal = change(db);
    setNow(DUE_24H);
    const [first] = followUpsOf(db, [proposal.id]).get(proposal.id) ?? [];
    assert.ok(first && claimFollowUp(db, first.id, 'a-run-that-crashed', DUE_24H));
    assert.deepEqual(await job().run(), { posted: 1, skipped: 0, failed: 0 });
    assert.equal(slack.posts.length, 1);
    assert.equal(getFollowUp(db, first.id)?.attempts, 2);
  });

  test('one insights call per account for all its due follow-ups: ad sets in one, the account in one', async () => {
    const { db, meta, job, setNow } = setUp([ACCOUNT, YEN_ACCOUNT]);
    for (const adsetId of ['2001', '2002', '2003']) change(db, budgetDraft({ adsetId }));
    change(db, pauseDraft({ adsetId: '2004' }));
    change(db, budgetDraft({ adsetId: '5001' }), YEN_ACCOUNT);
    setNow(T0 + 7 * DAY);
    const result = await job().run();
    assert.equal(result.posted, 10);
    assert.deepEqual(
      meta.calls.map((c) => `${c.account} ${c.what} ${c.ids?.join(',') ?? ''} ${c.since}..${c.until}`).sort(),
      [
        'act_1001 account  2026-11-26..2026-12-02',
        'act_1001 adset 2001,2002,2003 2026-11-26..2026-12-02',
        'act_3003 adset 5001 2026-11-27..2026-12-03',
      ],
    );
  });

  test('a deleted ad set: the follow-up says no data', async () => {
    const { db, meta, slack, job, setNow } = setUp();
    const proposal = change(db);
    meta.deleted.add(proposal.adsetId);
    setNow(DUE_24H);
    await job().run();
    assert.equal(slack.posts[0]?.message.text, `24 h follow-up of proposal #${proposal.id}: no data`);
    assert.match(
      JSON.stringify(slack.posts[0]?.message.blocks),
      /No data: Meta has no figures for the ad set/,
    );
  });

  test('Meta failing: released, tried again later, posted then; given up after the last attempt', async () => {
    const { db, meta, slack, job, setNow } = setUp();
    const proposal = change(db);
    setNow(DUE_24H);
    meta.state.fail = new Error('Meta is down');
    const run = job();
    assert.deepEqual(await run.run(), { posted: 0, skipped: 0, failed: 1 });
    const [waiting] = followUpsOf(db, [proposal.id]).get(proposal.id) ?? [];
    assert.equal(waiting?.state, 'scheduled');
    assert.equal(waiting?.note, 'Meta is down');
    assert.equal(waiting?.nextTryAt, DUE_24H + 2 * 60_000);
    setNow(DUE_24H + 60_000);
    assert.deepEqual(await run.run(), { posted: 0, skipped: 0, failed: 0 }, 'not before its next try');
    meta.state.fail = null;
    setNow(DUE_24H + 2 * 60_000);
    assert.deepEqual(await run.run(), { posted: 1, skipped: 0, failed: 0 });
    assert.equal(slack.posts.length, 1);

    const other = change(db, budgetDraft({ adsetId: '2009' }));
    meta.state.fail = new Error('still down');
    let at = DUE_24H;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      at += 2 * HOUR;
      setNow(at);
      await run.run();
    }
    const [gaveUp] = followUpsOf(db, [other.id]).get(other.id) ?? [];
    assert.equal(gaveUp?.state, 'failed');
    assert.equal(gaveUp?.attempts, MAX_ATTEMPTS);
  });

  test('Slack failing: released and posted once at the next try', async () => {
    const { db, slack, job, setNow } = setUp();
    change(db);
    setNow(DUE_24H);
    slack.state.fail = new Error('ratelimited');
    const run = job();
    assert.equal((await run.run()).failed, 1);
    slack.state.fail = null;
    setNow(DUE_24H + 10 * 60_000);
    assert.equal((await run.run()).posted, 1);
    assert.equal(slack.posts.length, 1);
  });

  test('an undone change and an account no longer served: skipped, nothing posted', async () => {
    const { db, slack, job, setNow } = setUp([ACCOUNT]);
    const undone = change(db);
    const undo = pending(db, budgetDraft({ adsetId: '2001' }));
    transition(db, undo.id, ['pending'], 'applied', { finishedAt: T0 + HOUR });
    db.prepare('UPDATE proposals SET undone_by = ? WHERE id = ?').run(undo.id, undone.id);
    change(db, budgetDraft({ adsetId: '5001' }), YEN_ACCOUNT);
    setNow(T0 + 7 * DAY);
    assert.deepEqual(await job().run(), { posted: 0, skipped: 4, failed: 0 });
    assert.equal(slack.posts.length, 0);
    assert.match(String(followUpsOf(db, [undone.id]).get(undone.id)?.[0]?.note), /undone \(proposal #\d+\)/);
  });

  test('a proposal never posted (its message is null): the follow-up goes to the account’s channel', async () => {
    const { db, slack, job, setNow } = setUp([YEN_ACCOUNT]);
    const proposal = applied(db, pending(db, budgetDraft(), T0 - HOUR, YEN_ACCOUNT), T0, null);
    scheduleFollowUps(db, proposal, YEN_ACCOUNT.timezone);
    setNow(T0 + 7 * DAY);
    await job().run();
    assert.deepEqual(
      slack.posts.map((p) => [p.channel, p.thread]),
      [
        ['#client-sakura', null],
        ['#client-sakura', null],
      ],
    );
  });
});
