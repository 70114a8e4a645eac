import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { type Database, openDatabase } from '../../src/db/open.js';
import { enqueue, type OutboxItem } from '../../src/db/outbox.js';
import { silentLogger } from '../../src/log.js';
import { type JobHandler, type JobOutcome, OutboxWorker } from '../../src/outbox/worker.js';
import { ChannelPacer } from '../../src/slack/channel-pacer.js';

const T0 = 1_800_000_000_000;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
async function until(condition: () => boolean, limit = 500): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    if (condition()) return true;
    await tick();
  }
  return condition();
}

/** Jobs `C1:1`, `C2:7`…: the lane is the subject's prefix (a channel). */
const laneOfSubject = (item: OutboxItem) => item.subject.split(':')[0] ?? null;

describe('OutboxWorker lanes (a channel’s pace)', () => {
  let db: Database;
  let now: number;
  let worker: OutboxWorker | null;
  const clock = { nowMilliseconds: () => now };
  let pacer: ChannelPacer;
  const posted: { subject: string; at: number }[] = [];

  /** A handler that "posts" at the pacer's pace, as the Slack messenger does. */
  function poster(respond?: (item: OutboxItem) => JobOutcome | null): JobHandler {
    const handler: JobHandler = async (item) => {
      const lane = laneOfSubject(item) ?? '';
      const refused = respond?.(item);
      if (refused) return refused;
      await pacer.take(lane);
      posted.push({ subject: item.subject, at: now });
      return { done: { ok: true } };
    };
    handler.laneOf = laneOfSubject;
    return handler;
  }

  const start = (handler: JobHandler, backlogNotice?: number) => {
    worker = new OutboxWorker(
      db,
      clock,
      silentLogger,
      { alert: handler },
      {
        concurrency: 4,
        baseRetryMs: 4,
        maxRetryMs: 1000,
        pacer,
        ...(backlogNotice === undefined ? {} : { backlogNotice }),
      },
    );
    return worker;
  };
  const state = (subject: string) =>
    db
      .prepare('SELECT state, attempts, next_attempt_at AS at FROM outbox WHERE subject = ?')
      .get(subject) as {
      state: string;
      attempts: number;
      at: number;
    };

  beforeEach(() => {
    db = openDatabase(':memory:');
    now = T0;
    worker = null;
    posted.length = 0;
    pacer = new ChannelPacer(clock, { perSecond: 1, burst: 3 });
  });
  afterEach(async () => {
    await worker?.stop().catch(() => undefined);
    db.close();
  });

  test('a backlog for one channel goes at its pace, in order, once each; another channel is not held', async () => {
    for (let i = 1; i <= 10; i++) enqueue(db, 'alert', `C1:${i}`, T0);
    enqueue(db, 'alert', 'C2:1', T0);
    const w = start(poster());
    w.wake();
    // The burst of 3 for C1, and C2's at once.
    assert.ok(await until(() => posted.length === 4 && state('C1:10').at > T0));
    assert.deepEqual(posted.map((p) => p.subject).sort(), ['C1:1', 'C1:2', 'C1:3', 'C2:1'].sort());
    // The rest wait for C1's next slot, all at the same time, no attempt counted.
    for (let i = 4; i <= 10; i++)
      assert.deepEqual(state(`C1:${i}`), { state: 'pending', attempts: 0, at: T0 + 1000 });
    for (let second = 1; second <= 7; second++) {
      now = T0 + second * 1000;
      w.wake();
      assert.ok(await until(() => posted.length === 4 + second), `second ${second}`);
      await tick();
      assert.equal(posted.length, 4 + second, 'one a second, no more');
    }
    const c1 = posted.filter((p) => p.subject.startsWith('C1:')).map((p) => p.subject);
    assert.deepEqual(
      c1,
      Array.from({ length: 10 }, (_, i) => `C1:${i + 1}`),
    );
    assert.deepEqual(
      posted.slice(4).map((p) => p.at),
      [1, 2, 3, 4, 5, 6, 7].map((s) => T0 + s * 1000),
    );
  });

  test('Retry-After on one channel: its jobs wait that long, in order; the other channel posts meanwhile', async () => {
    for (let i = 1; i <= 3; i++) enqueue(db, 'alert', `C1:${i}`, T0);
    let refuse = true;
    const w = start(
      poster((item) => {
        if (!refuse || item.subject !== 'C1:1') return null;
        refuse = false;
        pacer.blockFor('C1', 2000);
        return { defer: 'Slack rate limit', afterMs: 2000 };
      }),
    );
    w.wake();
    assert.ok(await until(() => state('C1:3').at === T0 + 2000));
    assert.deepEqual(state('C1:1'), { state: 'pending', attempts: 0, at: T0 + 2000 });
    assert.equal(posted.length, 0);
    now = T0 + 500;
    enqueue(db, 'alert', 'C2:1', now);
    w.wake();
    assert.ok(await until(() => posted.length === 1));
    assert.equal(posted[0]?.subject, 'C2:1');
    // Not before Retry-After.
    now = T0 + 1999;
    w.wake();
    await until(() => false, 50);
    assert.equal(posted.length, 1);
    now = T0 + 2000;
    w.wake();
    assert.ok(await until(() => posted.length === 2));
    for (const at of [3000, 4000]) {
      now = T0 + at;
      w.wake();
      assert.ok(await until(() => posted.length === at / 1000));
    }
    assert.deepEqual(
      posted.map((p) => [p.subject, p.at - T0]),
      [
        ['C2:1', 500],
        ['C1:1', 2000],
        ['C1:2', 3000],
        ['C1:3', 4000],
      ],
    );
  });

  test('more than the threshold waiting in one channel: one backlog notice, again only for a new backlog', async () => {
    const notices: [string, number][] = [];
    const handler = poster();
    handler.onBacklog = async (lane, waiting) => {
      notices.push([lane, waiting]);
    };
    for (let i = 1; i <= 6; i++) enqueue(db, 'alert', `C1:${i}`, T0);
    for (let i = 1; i <= 2; i++) enqueue(db, 'alert', `C2:${i}`, T0);
    const w = start(handler, 5);
    w.wake();
    assert.ok(await until(() => posted.length === 5));
    for (let s = 1; s <= 3; s++) {
      now = T0 + s * 1000;
      w.wake();
      await until(() => false, 20);
    }
    assert.ok(await until(() => posted.length === 8));
    assert.deepEqual(notices, [['C1', 6]]);
    // Drained: a new backlog is a new notice.
    now = T0 + 60_000;
    for (let i = 7; i <= 12; i++) enqueue(db, 'alert', `C1:${i}`, now);
    w.wake();
    assert.ok(await until(() => notices.length === 2));
    assert.deepEqual(notices[1], ['C1', 6]);
  });
});
