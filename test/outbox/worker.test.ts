import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { type Database, openDatabase } from '../../src/db/open.js';
import { enqueue, type OutboxItem } from '../../src/db/outbox.js';
import { silentLogger } from '../../src/log.js';
import { type JobHandler, type JobOutcome, OutboxWorker } from '../../src/outbox/worker.js';

const T0 = 1_800_000_000_000;
const BASE = 4;

interface Row {
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  result: string | null;
  done_at: number | null;
}

function row(db: Database, kind: string, subject: string): Row {
  const found = db
    .prepare(
      'SELECT state, attempts, next_attempt_at, last_error, result, done_at FROM outbox WHERE kind = ? AND subject = ?',
    )
    .get(kind, subject) as Row | undefined;
  assert.ok(found, `outbox item ${kind}/${subject}`);
  return found;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Lets the event loop turn `count` times. */
async function ticks(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await tick();
}

/** Turns the event loop until `condition` holds, at most `limit` times. */
async function until(condition: () => boolean, limit = 500): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    if (condition()) return true;
    await tick();
  }
  return condition();
}

/** A handler that records its calls and answers with `respond`; `called(n)` resolves at the n-th call. */
function recorder(respond: (item: OutboxItem, call: number) => Promise<JobOutcome> | JobOutcome) {
  const calls: OutboxItem[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  const handler: JobHandler = async (item) => {
    calls.push({ ...item });
    for (const w of waiting.filter((w) => calls.length >= w.n)) w.resolve();
    return respond(item, calls.length);
  };
  const called = (n: number) =>
    calls.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve }));
  return { calls, handler, called };
}

describe('OutboxWorker', () => {
  let db: Database;
  let now: number;
  let worker: OutboxWorker | null;
  const clock = { nowMilliseconds: () => now };
  const start = (handlers: Record<string, JobHandler>, baseRetryMs = BASE) => {
    worker = new OutboxWorker(db, clock, silentLogger, handlers, {
      concurrency: 2,
      baseRetryMs,
      maxRetryMs: 1000,
    });
    return worker;
  };

  beforeEach(() => {
    db = openDatabase(':memory:');
    now = T0;
    worker = null;
  });
  afterEach(async () => {
    await worker?.stop().catch(() => undefined);
    db.close();
  });

  test('a job that succeeds is marked done once, with its result', async () => {
    const job = recorder(() => ({ done: { ts: '1.0001' } }));
    const w = start({ alert: job.handler });
    enqueue(db, 'alert', 'L1', now);
    w.wake();
    await job.called(1);
    assert.ok(await until(() => row(db, 'alert', 'L1').state === 'done'));
    assert.deepEqual(row(db, 'alert', 'L1'), {
      state: 'done',
      attempts: 0,
      next_attempt_at: T0,
      last_error: null,
      result: '{"ts":"1.0001"}',
      done_at: T0,
    });
    assert.deepEqual(job.calls, [
      { id: 1, kind: 'alert', subject: 'L1', attempts: 0, createdAt: T0, postingSince: null },
    ]);
    now += 60_000;
    w.wake();
    w.wake();
    await ticks(30);
    assert.equal(job.calls.length, 1, 'not run again');
  });

  test('several jobs each run once', async () => {
    const job = recorder((item) => ({ done: item.subject }));
    const w = start({ alert: job.handler });
    for (const s of ['a', 'b', 'c', 'd', 'e']) enqueue(db, 'alert', s, now);
    w.wake();
    w.wake();
    await job.called(5);
    assert.ok(
      await until(() => ['a', 'b', 'c', 'd', 'e'].every((s) => row(db, 'alert', s).state === 'done')),
    );
    await ticks(30);
    assert.deepEqual(job.calls.map((c) => c.subject).sort(), ['a', 'b', 'c', 'd', 'e']);
  });

  test('a job that fails twice is retried with backoff, then done', async () => {
    const job = recorder((_item, call) => (call < 3 ? { retry: `Slack 503 #${call}` } : { done: 'posted' }));
    const w = start({ alert: job.handler });
    enqueue(db, 'alert', 'L1', now);
    w.wake();
    await job.called(1);
    assert.ok(await until(() => row(db, 'alert', 'L1').attempts === 1));
    const first = row(db, 'alert', 'L1');
    assert.equal(first.state, 'pending');
    assert.equal(first.last_error, 'Slack 503 #1');
    assert.ok(
      first.next_attempt_at >= T0 + BASE / 2 && first.next_attempt_at <= T0 + BASE,
      `${first.next_attempt_at - T0}`,
    );

    now = first.next_attempt_at - 1;
    w.wake();
    await ticks(30);
    assert.equal(job.calls.length, 1, 'not before it is due');

    now = first.next_attempt_at;
    w.wake();
    await job.called(2);
    assert.ok(await until(() => row(db, 'alert', 'L1').attempts === 2));
    const second = row(db, 'alert', 'L1');
    assert.equal(second.last_error, 'Slack 503 #2');
    assert.ok(
      second.next_attempt_at >= now + BASE && second.next_attempt_at <= now + 2 * BASE,
      'backoff doubles',
    );

    now = second.next_attempt_at;
    w.wake();
    await job.called(3);
    assert.ok(await until(() => row(db, 'alert', 'L1').state === 'done'));
    assert.deepEqual(row(db, 'alert', 'L1'), {
      state: 'done',
      attempts: 2,
      next_attempt_at: second.next_attempt_at,
      last_error: null,
      result: '"posted"',
      done_at: now,
    });
    assert.deepEqual(
      job.calls.map((c) => c.attempts),
      [0, 1, 2],
    );
    await ticks(30);
    assert.equal(job.calls.length, 3);
  });

  test('a handler that rejects is retried with the error', async () => {
    const job = recorder(async (_item, call) => {
      if (call === 1) throw new Error('socket hang up');
      return { done: null };
    });
    const w = start({ alert: job.handler });
    enqueue(db, 'alert', 'L1', now);
    w.wake();
    assert.ok(await until(() => row(db, 'alert', 'L1').attempts === 1));
    assert.equal(row(db, 'alert', 'L1').last_error, 'unexpected: socket hang up');
    assert.equal(row(db, 'alert', 'L1').state, 'pending');
    now = row(db, 'alert', 'L1').next_attempt_at;
    w.wake();
    assert.ok(await until(() => row(db, 'alert', 'L1').state === 'done'));
    assert.equal(job.calls.length, 2);
  });

  test('a handler that throws before returning a promise is retried too', async () => {
    let calls = 0;
    const throwsAtOnce: JobHandler = () => {
      calls++;
      throw new Error('bad input');
    };
    const w = start({ alert: throwsAtOnce });
    enqueue(db, 'alert', 'L1', now);
    w.wake();
    await until(() => row(db, 'alert', 'L1').attempts === 1, 100);
    await w.stop().catch(() => undefined);
    assert.equal(row(db, 'alert', 'L1').last_error, 'unexpected: bad input');
    assert.equal(row(db, 'alert', 'L1').attempts, 1);
    assert.equal(calls, 1, 'not re-run before its retry is due');
  });

  test('an unknown kind is retried with an error, never dropped', async () => {
    const w = start({});
    enqueue(db, 'mystery', 'x', now);
    w.wake();
    assert.ok(await until(() => row(db, 'mystery', 'x').attempts === 1));
    const retried = row(db, 'mystery', 'x');
    assert.equal(retried.state, 'pending');
    assert.equal(retried.last_error, 'no handler for mystery');
    assert.ok(retried.next_attempt_at >= T0 + BASE / 2 && retried.next_attempt_at <= T0 + BASE);
  });

  test('the outcome’s afterMs is respected when longer than the backoff', async () => {
    const job = recorder(() => ({ retry: 'ratelimited', afterMs: 30_000 }));
    const w = start({ alert: job.handler });
    enqueue(db, 'alert', 'L1', now);
    w.wake();
    assert.ok(await until(() => row(db, 'alert', 'L1').attempts === 1));
    assert.equal(row(db, 'alert', 'L1').next_attempt_at, T0 + 30_000);
    now = T0 + 29_999;
    w.wake();
    await ticks(30);
    assert.equal(job.calls.length, 1);
  });

  test('a short afterMs does not undercut the backoff', async () => {
    const job = recorder(() => ({ retry: 'busy', afterMs: 1 }));
    const w = start({ alert: job.handler }, 1000);
    enqueue(db, 'alert', 'L1', now);
    w.wake();
    assert.ok(await until(() => row(db, 'alert', 'L1').attempts === 1));
    const at = row(db, 'alert', 'L1').next_attempt_at;
    assert.ok(at >= T0 + 500 && at <= T0 + 1000, `${at - T0}`);
  });

  test('stop() waits for the job in flight, then takes no more work', async () => {
    let finish: (outcome: JobOutcome) => void = () => undefined;
    const job = recorder(
      () =>
        new Promise<JobOutcome>((resolve) => {
          finish = resolve;
        }),
    );
    const w = start({ alert: job.handler });
    enqueue(db, 'alert', 'L1', now);
    w.wake();
    await job.called(1);
    let stopped = false;
    const stopping = w.stop().then(() => {
      stopped = true;
    });
    await ticks(30);
    assert.equal(stopped, false, 'still waiting for the job');
    finish({ done: 'late' });
    await stopping;
    assert.equal(row(db, 'alert', 'L1').state, 'done');
    assert.equal(row(db, 'alert', 'L1').result, '"late"');
    enqueue(db, 'alert', 'L2', now);
    w.wake();
    await ticks(30);
    assert.equal(job.calls.length, 1);
    assert.equal(row(db, 'alert', 'L2').state, 'pending');
  });

  test('a retry that succeeds makes the others of its kind, waiting out their backoff, due at once', async () => {
    const down = { slack: true };
    const job = recorder(() => (down.slack ? { retry: 'Slack unreachable' } : { done: { ts: '1.1' } }));
    enqueue(db, 'alert', 'A', now);
    enqueue(db, 'alert', 'B', now);
    enqueue(db, 'other', 'C', now);
    const w = start(
      { alert: job.handler, other: async () => ({ retry: 'still down', afterMs: 60_000 }) },
      50_000,
    );
    w.wake();
    await job.called(2);
    assert.ok(
      await until(() => row(db, 'alert', 'B').attempts === 1 && row(db, 'other', 'C').attempts === 1),
    );
    // Both alerts now wait ≥ 25 s. Only A's time comes; Slack is back.
    down.slack = false;
    db.prepare(`UPDATE outbox SET next_attempt_at = ? WHERE subject = 'A'`).run(now);
    w.wake();
    assert.ok(
      await until(() => row(db, 'alert', 'A').state === 'done' && row(db, 'alert', 'B').state === 'done'),
    );
    assert.ok(row(db, 'other', 'C').next_attempt_at > now, 'another kind keeps its own backoff');
  });
});
