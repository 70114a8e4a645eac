import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { graphGet, graphGetAll, graphPost, NOW } from './graph-http.js';

describe('sandbox: what the watchdog reads', () => {
  let graph: GraphEmulator;
  let now = NOW;
  before(async () => {
    graph = await startGraphEmulator({ now: () => now });
  });
  after(async () => {
    await graph.close();
  });

  test('debug_token describes the token in Meta’s shape: a system-user token that never expires', async () => {
    const reply = await graphGet(graph, '/debug_token', { input_token: graph.accessToken });
    assert.equal(reply.status, 200);
    const data = reply.body.data;
    assert.deepEqual(Object.keys(data).sort(), [
      'app_id',
      'application',
      'data_access_expires_at',
      'expires_at',
      'granular_scopes',
      'is_valid',
      'issued_at',
      'scopes',
      'type',
      'user_id',
    ]);
    assert.equal(data.type, 'SYSTEM_USER');
    assert.equal(data.expires_at, 0);
    assert.equal(data.is_valid, true);
    for (const scope of ['ads_read', 'ads_management', 'leads_retrieval'])
      assert.ok(data.scopes.includes(scope));
    assert.deepEqual(
      data.granular_scopes.find((entry: { scope: string }) => entry.scope === 'ads_management'),
      { scope: 'ads_management', target_ids: [graph.account.accountId] },
    );
  });

  test('debug_token: input_token required; an unknown one is described as invalid, not refused', async () => {
    const missing = await graphGet(graph, '/debug_token');
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 100);
    const unknown = await graphGet(graph, '/debug_token', { input_token: 'someone-elses' });
    assert.equal(unknown.status, 200);
    assert.equal(unknown.body.data.is_valid, false);
    assert.equal(unknown.body.data.error.code, 190);
    assert.deepEqual(unknown.body.data.scopes, []);
  });

  test('controls: expiry and scopes show in debug_token; an expired token is refused everywhere (190/463)', async () => {
    const inFiveDays = Math.floor(NOW / 1000) + 5 * 86_400;
    graph.setTokenInfo({ expiresAt: inFiveDays, scopes: ['ads_read', 'ads_management'] });
    const data = (await graphGet(graph, '/debug_token', { input_token: graph.accessToken })).body.data;
    assert.equal(data.expires_at, inFiveDays);
    assert.deepEqual(data.scopes, ['ads_read', 'ads_management']);

    now = NOW + 6 * 86_400_000;
    const refused = await graphGet(graph, `/${graph.account.id}`, { fields: 'name' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 190);
    assert.equal(refused.body.error.error_subcode, 463);
    now = NOW;

    graph.setTokenInfo({ isValid: false });
    const revoked = await graphGet(graph, `/${graph.account.id}`, { fields: 'name' });
    assert.equal(revoked.body.error.code, 190);
    graph.setTokenInfo({ isValid: true, expiresAt: 0 });
    assert.equal((await graphGet(graph, `/${graph.account.id}`, { fields: 'name' })).status, 200);
  });

  test('account_status, disable_reason, amount_spent and spend_cap (cents strings) follow the controls', async () => {
    const fields = 'account_status,disable_reason,amount_spent,spend_cap';
    const before = (await graphGet(graph, `/${graph.account.id}`, { fields })).body;
    assert.equal(before.account_status, 1);
    assert.equal(before.disable_reason, 0);
    assert.equal(before.spend_cap, '0');
    assert.match(before.amount_spent, /^\d+$/);
    graph.setAccountHealth({
      accountStatus: 3,
      disableReason: 3,
      spendCapCents: 1_000_000,
      amountSpentCents: 950_000,
    });
    assert.deepEqual((await graphGet(graph, `/${graph.account.id}`, { fields })).body, {
      account_status: 3,
      disable_reason: 3,
      amount_spent: '950000',
      spend_cap: '1000000',
      id: graph.account.id,
    });
    graph.setAccountHealth({ accountStatus: 1, disableReason: 0, spendCapCents: 0, amountSpentCents: null });
  });

  test('a disapproved ad: effective_status DISAPPROVED with ad_review_feedback, found by the status filter', async () => {
    const [first, second] = graph.account.ads;
    assert.ok(first && second);
    graph.disapproveAd(first.id);
    graph.disapproveAd(second.id, { status: 'WITH_ISSUES' });
    const { rows } = await graphGetAll(graph, `/${graph.account.id}/ads`, {
      fields: 'id,name,effective_status,ad_review_feedback',
      effective_status: ['DISAPPROVED', 'WITH_ISSUES'],
    });
    assert.deepEqual(
      rows.map((row) => [row.id, row.effective_status]),
      [
        [first.id, 'DISAPPROVED'],
        [second.id, 'WITH_ISSUES'],
      ],
    );
    assert.deepEqual(Object.keys(rows[0].ad_review_feedback.global), ['Unrealistic Outcomes']);
    assert.equal(rows[1].ad_review_feedback, undefined);

    // Pausing its ad set and resuming it leaves the review flag standing.
    await graphPost(graph, `/${first.adsetId}`, { status: 'PAUSED' });
    await graphPost(graph, `/${first.adsetId}`, { status: 'ACTIVE' });
    assert.equal(
      (await graphGet(graph, `/${first.id}`, { fields: 'effective_status' })).body.effective_status,
      'DISAPPROVED',
    );

    graph.restoreAd(first.id);
    graph.restoreAd(second.id);
    const after = await graphGetAll(graph, `/${graph.account.id}/ads`, {
      effective_status: ['DISAPPROVED', 'WITH_ISSUES'],
    });
    assert.equal(after.rows.length, 0);
  });
});
