import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { graphGet, NOW } from './graph-http.js';

const SECRET = 'test-app-secret';
const proof = (token: string) => createHmac('sha256', SECRET).update(token).digest('hex');

describe('auth, faults and errors', () => {
  let graph: GraphEmulator;
  let accountPath: string;
  const get = (path: string, params: Record<string, string> = {}) =>
    graphGet(graph, path, { appsecret_proof: proof(graph.accessToken), ...params });

  before(async () => {
    graph = await startGraphEmulator({ appSecret: SECRET, now: () => NOW });
    accountPath = `/${graph.account.id}`;
  });
  after(async () => {
    await graph.close();
  });
  beforeEach(() => {
    graph.resetCalls();
  });

  test('the account node, with its usage headers', async () => {
    const { status, body, headers } = await get(accountPath, {
      fields:
        'id,account_id,name,timezone_name,timezone_offset_hours_utc,currency,account_status,amount_spent,spend_cap',
    });
    assert.equal(status, 200);
    assert.equal(body.id, graph.account.id);
    assert.equal(body.account_id, graph.account.accountId);
    assert.equal(body.timezone_name, 'America/Chicago');
    assert.equal(body.timezone_offset_hours_utc, -6);
    assert.equal(body.currency, 'USD');
    assert.equal(body.account_status, 1);
    assert.match(body.amount_spent, /^\d+$/);
    const usage = JSON.parse(headers.get('x-app-usage') ?? '{}');
    assert.ok(usage.call_count >= 0 && usage.call_count < 20);
    assert.ok(JSON.parse(headers.get('x-ad-account-usage') ?? '{}').acc_id_util_pct < 20);
    assert.deepEqual(
      graph.calls.map((call) => [call.method, call.path, call.status]),
      [['GET', accountPath, 200]],
    );
    assert.equal(graph.calls[0]?.query.fields?.split(',').length, 9);
  });

  test('a wrong, missing or retired token, and a bad appsecret_proof', async () => {
    const wrong = await graphGet(graph, accountPath, {
      access_token: 'nope',
      appsecret_proof: proof('nope'),
    });
    assert.equal(wrong.status, 400);
    assert.deepEqual(
      { ...wrong.body.error, fbtrace_id: undefined },
      {
        message: 'Invalid OAuth access token - Cannot parse access token',
        type: 'OAuthException',
        code: 190,
        fbtrace_id: undefined,
      },
    );
    const missing = await fetch(`${graph.url}/v24.0${accountPath}`);
    assert.equal(((await missing.json()) as { error: { code: number } }).error.code, 104);

    const badProof = await get(accountPath, { appsecret_proof: proof('other') });
    assert.equal(badProof.body.error.code, 100);
    assert.equal(badProof.body.error.message, 'Invalid appsecret_proof provided in the API argument');
    const noProof = await graphGet(graph, accountPath);
    assert.equal(noProof.body.error.code, 100);

    const old = graph.accessToken;
    graph.setAccessToken('rotated-token');
    const expired = await graphGet(graph, accountPath, { access_token: old, appsecret_proof: proof(old) });
    assert.equal(expired.status, 400);
    assert.equal(expired.body.error.code, 190);
    assert.equal(expired.body.error.error_subcode, 463);
    assert.equal(expired.body.error.type, 'OAuthException');
    assert.match(
      expired.body.error.message,
      /^Error validating access token: Session has expired on \w+day, \d\d-\w{3}-\d\d .* P[SD]T\./,
    );
    assert.equal((await get(accountPath)).status, 200);
    graph.setAccessToken(old);
  });

  test('each injected fault answers one matching request, then is gone', async () => {
    graph.injectFaults(
      { kind: 'rate_limit', code: 80000, match: '/insights' },
      { kind: 'server_error' },
      { kind: 'token_expired' },
      { kind: 'permission' },
      { kind: 'rate_limit' },
    );
    const limited = await get(`${accountPath}/insights`);
    assert.equal(limited.status, 400);
    assert.equal(limited.body.error.code, 80000);
    assert.equal(limited.body.error.error_subcode, 2446079);
    assert.equal(limited.body.error.is_transient, true);
    assert.match(
      limited.body.error.message,
      /There have been too many calls from this ad-account\. Wait a bit/,
    );
    const buc = JSON.parse(limited.headers.get('x-business-use-case-usage') ?? '{}');
    assert.equal(buc[graph.account.accountId][0].type, 'ads_insights');
    assert.equal(buc[graph.account.accountId][0].estimated_time_to_regain_access, 0);
    assert.ok(limited.headers.get('x-app-usage'));

    const server = await get(accountPath);
    assert.equal(server.status, 500);
    assert.deepEqual(
      { ...server.body.error, fbtrace_id: undefined },
      {
        message: 'An unknown error has occurred.',
        type: 'OAuthException',
        code: 1,
        is_transient: true,
        fbtrace_id: undefined,
      },
    );
    assert.equal((await get(accountPath)).body.error.error_subcode, 463);
    assert.equal((await get(accountPath)).body.error.code, 200);
    const user = await get(accountPath);
    assert.equal(user.body.error.code, 17);
    assert.equal(user.body.error.message, '(#17) User request limit reached');
    assert.equal((await get(accountPath)).status, 200);
    assert.deepEqual(
      graph.calls.map((call) => call.status),
      [400, 500, 400, 400, 400, 200],
    );
    assert.throws(() => graph.injectFaults({ kind: 'rate_limit', code: 42 }));
  });

  test('a fault with a match waits for a matching path; a timeout delays the answer', async () => {
    graph.injectFaults({ kind: 'rate_limit', code: 613, match: '/campaigns' });
    assert.equal((await get(accountPath)).status, 200);
    const limited = await get(`${accountPath}/campaigns`);
    assert.equal(limited.body.error.message, '(#613) Calls to this api have exceeded the rate limit.');

    graph.injectFaults({ kind: 'timeout', ms: 80 });
    const started = performance.now();
    assert.equal((await get(accountPath)).status, 200);
    assert.ok(performance.now() - started >= 75);
  });

  test('unknown ids and edges get Meta’s errors', async () => {
    const unknown = await get('/123456789');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 100);
    assert.equal(unknown.body.error.error_subcode, 33);
    assert.match(
      unknown.body.error.message,
      /^Unsupported get request\. Object with ID '123456789' does not exist, cannot be loaded due to missing permissions, or does not support this operation\./,
    );
    const edge = await get(`${accountPath}/reachfrequencypredictions`);
    assert.equal(edge.body.error.code, 2500);
    const field = await get(accountPath, { fields: 'name,owner_secret' });
    assert.match(field.body.error.message, /nonexisting field \(owner_secret\) on node type \(AdAccount\)/);
  });

  test('latency is added to every answer, and close() does not wait for it', async () => {
    graph.setLatency(60);
    const started = performance.now();
    await get(accountPath);
    assert.ok(performance.now() - started >= 55);
    graph.setLatency(0);

    const slow = await startGraphEmulator({ now: () => NOW });
    slow.setLatency(60_000);
    const pending = fetch(`${slow.url}/v24.0/${slow.account.id}?access_token=${slow.accessToken}`).catch(
      (error: unknown) => error,
    );
    while (slow.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const closing = performance.now();
    await slow.close();
    assert.ok(performance.now() - closing < 1000);
    assert.ok((await pending) instanceof Error);
  });
});
