import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import { GraphClient } from '../../src/meta/graph-client.js';
import { GraphScheduler, type ThrottleWait } from '../../src/meta/graph-scheduler.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { type ManualClock, manualClock } from '../support/manual-clock.js';

const SECRET = 'scheduler-test-secret';
const NOW = Date.parse('2026-11-29T18:00:00Z');
const MINUTE = 60_000;
const SPACING = 10 * MINUTE;

/** Resolves once `check` holds, looking every few ms (an event the test waits for, not a sleep). */
async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('GraphScheduler: usage-driven back-off, people first (against the Graph emulator)', () => {
  let graph: GraphEmulator;
  let clock: ManualClock;
  let client: GraphClient;
  let id: string;
  const insightsCalls = () => graph.calls.filter((c) => c.path === `/${id}/insights`);

  before(async () => {
    clock = manualClock(NOW);
    graph = await startGraphEmulator({ appSecret: SECRET, now: () => clock.nowMilliseconds() });
    id = graph.account.id;
  });
  after(() => graph.close());
  beforeEach(() => {
    graph.resetCalls();
    graph.setCallBudget(id, null);
    client = new GraphClient({
      graphUrl: graph.url,
      apiVersion: 'v24.0',
      accessToken: graph.accessToken,
      appSecret: SECRET,
      cacheTtlMs: 0,
      timeoutMs: 2000,
      retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 20 },
      clock,
      logger: silentLogger,
      scheduler: { tickMs: 10, backgroundSpacingMs: SPACING },
    });
  });

  const read = (priority: 'person' | 'background', since: string) =>
    client.getAll(
      [id, 'insights'],
      { level: 'account', time_range: { since, until: since } },
      { account: id, priority },
    );

  test('below the mark nothing waits; above it background calls are spaced out while a person’s goes at once', async () => {
    await Promise.all([read('background', '2026-11-01'), read('background', '2026-11-02')]);
    assert.equal(insightsCalls().length, 2, 'quiet: side by side');
    assert.ok((client.usageOf(id)?.percent ?? 100) < 75);

    // Others have used 80 of the account's 100 calls this hour: the next answer reads ≥ 80%.
    graph.setCallBudget(id, { calls: 100, windowMs: 60 * MINUTE, throttleMinutes: 5, used: 80 });
    await read('background', '2026-11-03');
    assert.ok((client.usageOf(id)?.percent ?? 0) >= 80);
    graph.resetCalls();

    const background = [read('background', '2026-11-04'), read('background', '2026-11-05')];
    await until(() => insightsCalls().length === 1);
    // One background call per spacing: the second waits on the clock…
    const person = await read('person', '2026-11-06');
    assert.ok(Array.isArray(person));
    assert.equal(insightsCalls().length, 2, '…while the person’s call went through at once');
    assert.equal(
      insightsCalls()[1]?.query.time_range,
      JSON.stringify({ since: '2026-11-06', until: '2026-11-06' }),
    );

    clock.advance(SPACING);
    await Promise.all(background);
    assert.equal(insightsCalls().length, 3);
    const backgroundTimes = insightsCalls()
      .filter((c) => !c.query.time_range?.includes('11-06'))
      .map((c) => c.at);
    assert.ok((backgroundTimes[1] ?? 0) - (backgroundTimes[0] ?? 0) >= SPACING, 'spaced by the clock');
  });

  test('throttled (80004 with a regain time): no call until the regain; then the person’s first, then background', async () => {
    graph.setCallBudget(id, { calls: 100, windowMs: 60 * MINUTE, throttleMinutes: 3, used: 100 });
    // The call beyond the budget is refused: Meta says 3 minutes.
    const waits: ThrottleWait[] = [];
    const first = client.getAll(
      [id, 'insights'],
      { level: 'account', date_preset: 'yesterday' },
      {
        account: id,
        priority: 'background',
      },
    );
    await until(() => client.usageOf(id)?.regainAt != null);
    // Meta says whole minutes: the scheduler waits at least until the sandbox lifts the throttle.
    const lifts = graph.throttledUntil(id) ?? 0;
    const regainAt = client.usageOf(id)?.regainAt ?? 0;
    assert.ok(regainAt >= lifts && regainAt < lifts + MINUTE);
    const person = client.getAll(
      [id, 'insights'],
      { level: 'account', date_preset: 'today' },
      {
        account: id,
        priority: 'person',
        onWait: (wait) => waits.push(wait),
      },
    );
    const later = read('background', '2026-11-07');
    await until(() => waits.length === 1);
    assert.deepEqual(waits, [{ accountId: id, until: regainAt }], 'the person is told until when');
    const before = graph.calls.length;

    clock.advance(2 * MINUTE);
    // Still throttled: the scheduler keeps everyone waiting (any call now would be one too many).
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(graph.calls.length, before);

    graph.setCallBudget(id, null);
    clock.advance(MINUTE + 1000);
    await Promise.all([first, person, later]);
    assert.equal(graph.callsBeforeRegain(id), 0, 'no call before the regain time');
    const after = graph.calls.slice(before).map((c) => c.query.date_preset ?? c.query.time_range);
    assert.equal(after[0], 'today', 'the person’s call first');
    assert.equal(after.length, 3);
  });

  test('a regain time beyond maxWaitMs is not waited for: refused at once, Meta not called again', async () => {
    const scheduler = new GraphScheduler({ clock, maxWaitMs: 5 * MINUTE, tickMs: 10 });
    // The test's clock moves with real time: the regain is 12 minutes from when Meta said it.
    const saidAt = clock.nowMilliseconds();
    scheduler.observe(id, {
      'x-business-use-case-usage': JSON.stringify({
        [id.replace('act_', '')]: [
          { type: 'ads_insights', call_count: 100, estimated_time_to_regain_access: 12 },
        ],
      }),
    });
    assert.equal(scheduler.usageOf(id)?.percent, 100);
    const regain = scheduler.blockedUntil(id) ?? 0;
    assert.ok(
      regain >= saidAt + 12 * MINUTE && regain <= clock.nowMilliseconds() + 12 * MINUTE,
      String(regain),
    );
    await assert.rejects(
      scheduler.admit({ account: id, priority: 'person' }),
      /throttles ad account act_\d+ for about 12 more minutes/,
    );
    // Another account is not held up by this one.
    const done = await scheduler.admit({ account: 'act_42', priority: 'background' });
    done();
  });

  test('the app’s own limit (x-app-usage) holds every account', async () => {
    const scheduler = new GraphScheduler({ clock, tickMs: 10 });
    scheduler.observe(null, {
      'x-app-usage': JSON.stringify({ call_count: 100, estimated_time_to_regain_access: 2 }),
    });
    assert.ok(scheduler.blockedUntil('act_1') !== null);
    assert.ok(scheduler.blockedUntil(null) !== null);
    let admitted = false;
    const waiting = scheduler.admit({ account: 'act_1', priority: 'person' }).then((done) => {
      admitted = true;
      done();
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(admitted, false);
    clock.advance(2 * MINUTE);
    await waiting;
    assert.equal(admitted, true);
  });
});
