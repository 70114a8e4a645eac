import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ErrorCode } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { MetaError } from '../../src/meta/errors.js';
import { GraphClient } from '../../src/meta/graph-client.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';

const SECRET = 'client-test-secret';

describe('GraphClient against the Graph emulator', () => {
  let graph: GraphEmulator;
  let now = Date.parse('2026-11-29T18:00:00Z');
  const client = (overrides: Partial<ConstructorParameters<typeof GraphClient>[0]> = {}) =>
    new GraphClient({
      graphUrl: graph.url,
      apiVersion: 'v24.0',
      accessToken: graph.accessToken,
      appSecret: SECRET,
      cacheTtlMs: 60_000,
      timeoutMs: 2_000,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 20 },
      clock: { nowMilliseconds: () => now },
      logger: silentLogger,
      ...overrides,
    });

  before(async () => {
    graph = await startGraphEmulator({ appSecret: SECRET, now: () => now, pageSize: 2 });
  });
  after(() => graph.close());
  beforeEach(() => graph.resetCalls());

  test('signs every call with appsecret_proof and the configured version', async () => {
    const account = await client().get<{ id: string }>([graph.account.id], { fields: 'id' });
    assert.equal(account.id, graph.account.id);
    assert.equal(graph.calls.length, 1);
    assert.match(graph.calls[0]?.query.appsecret_proof ?? '', /^[0-9a-f]{64}$/);
  });

  test('identical reads share one call: concurrent, and again within the TTL; not after it', async () => {
    const c = client();
    await Promise.all([1, 2, 3].map(() => c.get([graph.account.id], { fields: 'name' })));
    await c.get([graph.account.id], { fields: 'name' });
    assert.equal(graph.calls.length, 1);
    now += 61_000;
    await c.get([graph.account.id], { fields: 'name' });
    assert.equal(graph.calls.length, 2);
    await c.get([graph.account.id], { fields: 'name' }, { fresh: true });
    assert.equal(graph.calls.length, 3);
  });

  test('getAll follows paging to the end', async () => {
    const rows = await client().getAll<{ id: string }>([graph.account.id, 'campaigns'], { fields: 'id' });
    assert.equal(rows.length, graph.account.campaigns.length);
    assert.equal(graph.calls.length, Math.ceil(graph.account.campaigns.length / 2));
  });

  test('rate limits are retried; a persistent one surfaces as a retryable MetaError', async () => {
    graph.injectFaults({ kind: 'rate_limit', code: 613 });
    assert.ok(await client({ cacheTtlMs: 0 }).get([graph.account.id], { fields: 'id' }));
    graph.injectFaults(...[1, 2, 3].map(() => ({ kind: 'rate_limit' as const, code: 80004 })));
    await assert.rejects(
      client({ cacheTtlMs: 0 }).get([graph.account.id], { fields: 'id' }),
      (error: unknown) => {
        assert.ok(error instanceof MetaError);
        assert.equal(error.code, ErrorCode.MetaRateLimited);
        assert.equal(error.retryable, true);
        return true;
      },
    );
  });

  test('an expired token marks the status invalid, and the error carries no token', async () => {
    const c = client({ cacheTtlMs: 0 });
    await c.get([graph.account.id], { fields: 'id' });
    assert.equal(c.getStatus().token, 'valid');
    graph.injectFaults({ kind: 'token_expired' });
    await assert.rejects(c.get([graph.account.id], { fields: 'id' }), (error: unknown) => {
      assert.ok(error instanceof MetaError);
      assert.equal(error.code, ErrorCode.MetaTokenInvalid);
      assert.ok(!JSON.stringify({ ...error, message: error.message }).includes(graph.accessToken));
      return true;
    });
    assert.equal(c.getStatus().token, 'invalid');
    assert.match(c.getStatus().lastError ?? '', /190/);
  });

  test('no answer within the timeout is a transient failure', async () => {
    graph.injectFaults({ kind: 'timeout', ms: 300 });
    const c = client({
      cacheTtlMs: 0,
      timeoutMs: 50,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await assert.rejects(c.get([graph.account.id], { fields: 'id' }), (error: unknown) => {
      assert.ok(error instanceof MetaError);
      assert.equal(error.code, ErrorCode.MetaUnavailable);
      return true;
    });
  });
});
