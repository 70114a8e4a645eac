import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandboxAccount } from '../../src/sandbox/account.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { graphGet, NOW } from './graph-http.js';

const MINUTE = 60_000;

describe('sandbox limits: usage rising per account, throttles with a regain time', () => {
  let graph: GraphEmulator;
  let now = NOW;
  let first: string;
  let second: string;
  const buc = (reply: { headers: Headers }, id: string) =>
    JSON.parse(reply.headers.get('x-business-use-case-usage') ?? '{}')[id.replace('act_', '')]?.[0];

  before(async () => {
    graph = await startGraphEmulator({
      now: () => now,
      accounts: [createSandboxAccount(), createSandboxAccount({ seed: 2 })],
    });
    first = graph.accounts[0]?.id ?? '';
    second = graph.accounts[1]?.id ?? '';
  });
  after(() => graph.close());

  test('a call budget: each account’s usage rises with its own calls; the call beyond it throttles the account (80004)', async () => {
    graph.setCallBudget(first, { calls: 4, windowMs: 60 * MINUTE, throttleMinutes: 5 });
    const percents: number[] = [];
    for (let i = 0; i < 4; i++) percents.push(buc(await graphGet(graph, `/${first}`), first).call_count);
    assert.deepEqual(percents, [25, 50, 75, 100]);
    assert.ok(
      buc(await graphGet(graph, `/${second}`), second).call_count < 20,
      'the other account is not affected',
    );

    const refused = await graphGet(graph, `/${first}/campaigns`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 80004);
    assert.equal(buc(refused, first).estimated_time_to_regain_access, 5);
    assert.equal(graph.throttledUntil(first), now + 5 * MINUTE);

    now += 2 * MINUTE;
    const still = await graphGet(graph, `/${first}`);
    assert.equal(still.status, 400);
    assert.equal(buc(still, first).estimated_time_to_regain_access, 3);
    assert.equal(graph.callsBeforeRegain(first), 1, 'a call after Meta said to wait is counted');

    now += 3 * MINUTE;
    graph.setCallBudget(first, null);
    assert.equal((await graphGet(graph, `/${first}`)).status, 200);
    assert.equal(graph.throttledUntil(first), null);
  });

  test('throttle(account, { minutes }): error 17, “User request limit reached”, with the regain time; others answered', async () => {
    graph.throttle(second, { minutes: 1 });
    const refused = await graphGet(graph, `/${second}/insights`, { date_preset: 'yesterday' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 17);
    assert.match(refused.body.error.message, /User request limit reached/);
    assert.equal(buc(refused, second).estimated_time_to_regain_access, 1);
    assert.equal(buc(refused, second).call_count, 100);
    assert.equal((await graphGet(graph, `/${first}`)).status, 200);
    now += MINUTE;
    assert.equal((await graphGet(graph, `/${second}/insights`, { date_preset: 'yesterday' })).status, 200);
    assert.equal(graph.callsBeforeRegain(second), 0, 'the first refusal is how the caller learns');
  });
});
