import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ErrorCode } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { AdAccount } from '../../src/meta/ad-account.js';
import { MetaError } from '../../src/meta/errors.js';
import { GraphClient } from '../../src/meta/graph-client.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';

describe('AdAccount: ad sets and campaigns, read and changed (against the Graph emulator)', () => {
  let graph: GraphEmulator;
  let account: AdAccount;
  before(async () => {
    graph = await startGraphEmulator({ appSecret: 'secret', now: () => Date.parse('2026-11-29T18:00:00Z') });
    const client = new GraphClient({
      graphUrl: graph.url,
      apiVersion: null,
      accessToken: graph.accessToken,
      appSecret: 'secret',
      cacheTtlMs: 60_000,
      timeoutMs: 5000,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      clock: { nowMilliseconds: () => Date.now() },
      logger: silentLogger,
    });
    account = new AdAccount(client, graph.account.id);
  });
  after(async () => {
    await graph.close();
  });

  test('adSets: every ACTIVE ad set in one call, budgets in cents, null where the budget lives elsewhere', async () => {
    graph.resetCalls();
    const adsets = await account.adSets({ effectiveStatus: ['ACTIVE'] });
    assert.equal(graph.calls.length, 1);
    const active = graph.account.adsets.filter((a) => a.status === 'ACTIVE');
    assert.deepEqual(adsets.map((a) => a.id).sort(), active.map((a) => a.id).sort());
    const byName = (name: string) => adsets.find((a) => a.name.startsWith(name));
    assert.equal(byName('Houston – Lookalike')?.dailyBudgetCents, 4000);
    assert.equal(byName('DFW – Broad')?.dailyBudgetCents, null, 'Advantage campaign budget');
    assert.equal(byName('DFW – Broad')?.lifetimeBudgetCents, null);
    assert.equal(byName('TX – Grocery')?.lifetimeBudgetCents, 180_000);
    assert.equal(byName('TX – Grocery')?.dailyBudgetCents, null);
  });

  test('campaigns by id; readAdObject fresh; updateAdObject writes cents', async () => {
    const dfw = graph.account.campaigns.find((c) => c.name === 'MVA – Dallas/Fort Worth');
    assert.ok(dfw);
    const [campaign] = await account.campaigns([dfw.id]);
    assert.deepEqual(campaign, {
      id: dfw.id,
      name: 'MVA – Dallas/Fort Worth',
      status: 'ACTIVE',
      effectiveStatus: 'ACTIVE',
      dailyBudgetCents: 6500,
      lifetimeBudgetCents: null,
    });
    const adset = graph.account.adsets.find((a) => a.name.startsWith('Houston – Broad'));
    assert.ok(adset);
    const ref = { type: 'adset' as const, id: adset.id };
    await account.readAdObject(ref);
    graph.resetCalls();
    await account.readAdObject(ref);
    assert.equal(graph.calls.length, 1, 'never served from the cache');
    await account.updateAdObject(ref, { dailyBudgetCents: 5400 });
    assert.equal(adset.dailyBudgetCents, 5400);
    assert.equal((await account.readAdObject(ref)).dailyBudgetCents, 5400);
    await account.updateAdObject({ type: 'campaign', id: dfw.id }, { dailyBudgetCents: 7800 });
    assert.equal(dfw.dailyBudgetCents, 7800);
  });

  test('a refused budget carries Meta’s words for people', async () => {
    const cbo = graph.account.adsets.find((a) => a.name.startsWith('DFW – Broad'));
    assert.ok(cbo);
    await assert.rejects(
      account.updateAdObject({ type: 'adset', id: cbo.id }, { dailyBudgetCents: 5000 }),
      (error) => {
        assert.ok(error instanceof MetaError);
        assert.equal(error.code, ErrorCode.MetaRequestFailed);
        assert.equal(error.details.userTitle, "Budget Can't Be Set on Ad Set");
        assert.match(
          error.userMessage,
          /^Meta said: Budget Can't Be Set on Ad Set: This ad set is in a campaign/,
        );
        return true;
      },
    );
    await assert.rejects(
      account.updateAdObject({ type: 'adset', id: cbo.id }, { dailyBudgetCents: 12.5 }),
      /whole number of cents/,
    );
  });
});
