import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { type Database, openDatabase } from '../../src/db/open.js';
import {
  dueItems,
  enqueue,
  markDone,
  nextDueAt,
  outboxResult,
  pendingStats,
  scheduleRetry,
} from '../../src/db/outbox.js';

const T0 = 1_800_000_000_000;

function row(db: Database, kind: string, subject: string): Record<string, unknown> | undefined {
  return db.prepare('SELECT * FROM outbox WHERE kind = ? AND subject = ?').get(kind, subject) as
    | Record<string, unknown>
    | undefined;
}

function idOf(db: Database, kind: string, subject: string): number {
  const id = row(db, kind, subject)?.id;
  assert.equal(typeof id, 'number');
  return id as number;
}

describe('db/outbox', () => {
  let db: Database;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  test('enqueue adds a pending item due now', () => {
    assert.equal(enqueue(db, 'lead_alert', 'L1', T0), true);
    assert.deepEqual(row(db, 'lead_alert', 'L1'), {
      id: 1,
      kind: 'lead_alert',
      subject: 'L1',
      state: 'pending',
      attempts: 0,
      next_attempt_at: T0,
      last_error: null,
      result: null,
      created_at: T0,
      done_at: null,
      posting_since: null,
    });
  });

  test('enqueue is idempotent per (kind, subject), even once done', () => {
    assert.equal(enqueue(db, 'lead_alert', 'L1', T0), true);
    assert.equal(enqueue(db, 'lead_alert', 'L1', T0 + 5), false);
    assert.equal(enqueue(db, 'other_kind', 'L1', T0), true);
    assert.equal(enqueue(db, 'lead_alert', 'L2', T0), true);
    markDone(db, idOf(db, 'lead_alert', 'L1'), { ts: '1.0' }, T0 + 10);
    assert.equal(enqueue(db, 'lead_alert', 'L1', T0 + 20), false);
    assert.equal(row(db, 'lead_alert', 'L1')?.state, 'done');
    assert.equal((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n, 3);
  });

  test('dueItems: only pending items already due, by due time then id, limited', () => {
    enqueue(db, 'k', 'later', T0 + 100);
    enqueue(db, 'k', 'b', T0);
    enqueue(db, 'k', 'a', T0 - 50);
    enqueue(db, 'k', 'c', T0);
    enqueue(db, 'k', 'done', T0 - 100);
    markDone(db, idOf(db, 'k', 'done'), null, T0);
    assert.deepEqual(dueItems(db, T0, 10), [
      { id: 3, kind: 'k', subject: 'a', attempts: 0, createdAt: T0 - 50, postingSince: null },
      { id: 2, kind: 'k', subject: 'b', attempts: 0, createdAt: T0, postingSince: null },
      { id: 4, kind: 'k', subject: 'c', attempts: 0, createdAt: T0, postingSince: null },
    ]);
    assert.deepEqual(
      dueItems(db, T0, 2).map((i) => i.subject),
      ['a', 'b'],
    );
    assert.deepEqual(
      dueItems(db, T0 + 100, 10).map((i) => i.subject),
      ['a', 'b', 'c', 'later'],
    );
    assert.deepEqual(dueItems(db, T0 - 51, 10), []);
  });

  test('scheduleRetry bumps attempts, records the error and hides the item until due', () => {
    enqueue(db, 'k', 's', T0);
    const id = idOf(db, 'k', 's');
    scheduleRetry(db, id, T0 + 2000, 'Slack said ratelimited');
    assert.deepEqual(dueItems(db, T0 + 1999, 10), []);
    assert.deepEqual(dueItems(db, T0 + 2000, 10), [
      { id, kind: 'k', subject: 's', attempts: 1, createdAt: T0, postingSince: null },
    ]);
    scheduleRetry(db, id, T0 + 6000, 'again');
    assert.equal(row(db, 'k', 's')?.attempts, 2);
    assert.equal(row(db, 'k', 's')?.last_error, 'again');
    assert.equal(row(db, 'k', 's')?.next_attempt_at, T0 + 6000);
  });

  test('markDone stores the result as JSON and clears the error', () => {
    enqueue(db, 'k', 's', T0);
    enqueue(db, 'k', 'nothing', T0);
    const id = idOf(db, 'k', 's');
    scheduleRetry(db, id, T0, 'boom');
    markDone(db, id, { channel: 'C1', ts: '1700000000.000100' }, T0 + 42);
    const done = row(db, 'k', 's');
    assert.equal(done?.state, 'done');
    assert.equal(done?.result, '{"channel":"C1","ts":"1700000000.000100"}');
    assert.equal(done?.done_at, T0 + 42);
    assert.equal(done?.last_error, null);
    assert.equal(done?.attempts, 1);
    markDone(db, idOf(db, 'k', 'nothing'), undefined, T0);
    assert.equal(row(db, 'k', 'nothing')?.result, 'null');
    assert.deepEqual(dueItems(db, T0 + 1000, 10), []);
  });

  test('nextDueAt: the earliest pending due time, or null', () => {
    assert.equal(nextDueAt(db), null);
    enqueue(db, 'k', 'a', T0 + 500);
    enqueue(db, 'k', 'b', T0 + 200);
    enqueue(db, 'k', 'c', T0 + 100);
    assert.equal(nextDueAt(db), T0 + 100);
    markDone(db, idOf(db, 'k', 'c'), null, T0);
    assert.equal(nextDueAt(db), T0 + 200);
    scheduleRetry(db, idOf(db, 'k', 'b'), T0 + 900, 'x');
    assert.equal(nextDueAt(db), T0 + 500);
    markDone(db, idOf(db, 'k', 'a'), null, T0);
    markDone(db, idOf(db, 'k', 'b'), null, T0);
    assert.equal(nextDueAt(db), null);
  });

  test('outboxResult: the parsed result of a done item only', () => {
    enqueue(db, 'lead_alert', 'L1', T0);
    assert.equal(outboxResult(db, 'lead_alert', 'L1'), null);
    assert.equal(outboxResult(db, 'lead_alert', 'missing'), null);
    markDone(db, idOf(db, 'lead_alert', 'L1'), { ts: '1.2', ok: true }, T0);
    assert.deepEqual(outboxResult<{ ts: string; ok: boolean }>(db, 'lead_alert', 'L1'), {
      ts: '1.2',
      ok: true,
    });
    assert.equal(outboxResult(db, 'other', 'L1'), null);
  });

  test('pendingStats: count, oldest creation and the latest error of pending items', () => {
    assert.deepEqual(pendingStats(db), { pending: 0, oldestCreatedAt: null, lastError: null });
    enqueue(db, 'k', 'a', T0 + 10);
    enqueue(db, 'k', 'b', T0 + 20);
    enqueue(db, 'k', 'c', T0 + 5);
    enqueue(db, 'k', 'd', T0 + 30);
    assert.deepEqual(pendingStats(db), { pending: 4, oldestCreatedAt: T0 + 5, lastError: null });
    scheduleRetry(db, idOf(db, 'k', 'a'), T0 + 100, 'error a');
    scheduleRetry(db, idOf(db, 'k', 'b'), T0 + 100, 'error b');
    assert.deepEqual(pendingStats(db), { pending: 4, oldestCreatedAt: T0 + 5, lastError: 'error b' });
    markDone(db, idOf(db, 'k', 'b'), null, T0);
    markDone(db, idOf(db, 'k', 'c'), null, T0);
    assert.deepEqual(pendingStats(db), { pending: 2, oldestCreatedAt: T0 + 10, lastError: 'error a' });
  });
});
