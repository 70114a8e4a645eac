import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { graphGet, graphPost, NOW } from './graph-http.js';

describe('writes: status and daily budget', () => {
  let graph: GraphEmulator;
  before(async () => {
    graph = await startGraphEmulator({ now: () => NOW });
  });
  after(async () => {
    await graph.close();
  });
  const adsetNamed = (part: string) => {
    const adset = graph.account.adsets.find((candidate) => candidate.name.includes(part));
    assert.ok(adset, part);
    return adset;
  };
  const read = async (id: string) =>
    (await graphGet(graph, `/${id}`, { fields: 'status,effective_status,daily_budget,lifetime_budget' }))
      .body;

  test('pausing and resuming an ad set, and a new daily budget', async () => {
    const adset = adsetNamed('Houston – Broad');
    assert.deepEqual(
      await graphPost(graph, `/${adset.id}`, { status: 'PAUSED' }).then((reply) => reply.body),
      {
        success: true,
      },
    );
    assert.equal((await read(adset.id)).effective_status, 'PAUSED');
    const ads = await graphGet(graph, `/${adset.id}/ads`, { fields: 'effective_status' });
    for (const ad of ads.body.data) assert.equal(ad.effective_status, 'ADSET_PAUSED');
    const today = graph.insightsRows('adset', '2026-11-29', '2026-11-29');
    assert.ok(!today.some((row) => row.id === adset.id), 'a paused ad set has nothing today');

    await graphPost(graph, `/${adset.id}`, { status: 'ACTIVE', daily_budget: 6000 });
    assert.deepEqual(await read(adset.id), {
      id: adset.id,
      status: 'ACTIVE',
      effective_status: 'ACTIVE',
      daily_budget: '6000',
      lifetime_budget: '0',
    });
  });

  test('an urlencoded body, with the token in the body, works too', async () => {
    const adset = adsetNamed('Women 30-60');
    const body = new URLSearchParams({ access_token: graph.accessToken, status: 'PAUSED' });
    const reply = await fetch(`${graph.url}/v24.0/${adset.id}`, { method: 'POST', body });
    assert.equal(reply.status, 200);
    assert.equal((await read(adset.id)).status, 'PAUSED');
    assert.equal(graph.calls.at(-2)?.body.status, 'PAUSED');
    await graphPost(graph, `/${adset.id}`, { status: 'ACTIVE' });
  });

  test('a campaign with a campaign budget takes a new budget; its ad sets refuse one', async () => {
    const cbo = graph.account.campaigns.find((campaign) => campaign.dailyBudgetCents !== null);
    assert.ok(cbo);
    assert.equal((await graphPost(graph, `/${cbo.id}`, { daily_budget: '9000' })).status, 200);
    assert.equal((await read(cbo.id)).daily_budget, '9000');

    const refused = await graphPost(graph, `/${adsetNamed('DFW – Broad').id}`, { daily_budget: 3000 });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 100);
    assert.equal(refused.body.error.type, 'OAuthException');
    assert.match(refused.body.error.error_user_msg, /Advantage campaign budget/);
    assert.equal(adsetNamed('DFW – Broad').dailyBudgetCents, null);
  });

  test('invalid values are refused with error 100 and change nothing', async () => {
    const adset = adsetNamed('Lookalike');
    const before = { ...adset };
    const lifetime = adsetNamed('(lifetime)');
    const noCbo = graph.account.campaigns.find((campaign) => campaign.dailyBudgetCents === null);
    assert.ok(noCbo);
    for (const [id, body] of [
      [adset.id, { daily_budget: '-5' }],
      [adset.id, { daily_budget: 12.5 }],
      [adset.id, { daily_budget: 50 }],
      [adset.id, { status: 'DELETED_ALL' }],
      [adset.id, { status: 'PAUSED', bid_amount: 100 }],
      [lifetime.id, { daily_budget: 2000 }],
      [noCbo.id, { daily_budget: 2000 }],
    ] as const) {
      const reply = await graphPost(graph, `/${id}`, body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.error.code, 100, JSON.stringify(body));
    }
    assert.deepEqual(adset, before);
    const ad = graph.account.ads[0];
    assert.ok(ad);
    // An ad's status can change (creative rotation); it has no budget of its own.
    const adWrite = await graphPost(graph, `/${ad.id}`, { daily_budget: 5000 });
    assert.equal(adWrite.body.error.code, 100);
    assert.equal(ad.status, 'ACTIVE');
  });

  test('ignoreNextWrites: success, yet nothing changes', async () => {
    const adset = adsetNamed('Premises');
    graph.ignoreNextWrites(1);
    assert.deepEqual((await graphPost(graph, `/${adset.id}`, { daily_budget: 9900 })).body, {
      success: true,
    });
    assert.equal((await read(adset.id)).daily_budget, '3000');
    await graphPost(graph, `/${adset.id}`, { daily_budget: 9900 });
    assert.equal((await read(adset.id)).daily_budget, '9900');
  });

  test('ad sets and campaigns edges: budgets as Meta gives them, filters, paging', async () => {
    const { body } = await graphGet(graph, `/${graph.account.id}/adsets`, {
      fields: 'name,daily_budget,lifetime_budget,budget_remaining,status,effective_status,campaign_id',
      effective_status: ['PAUSED'],
    });
    assert.deepEqual(
      body.data.map((adset: { name: string }) => adset.name),
      ['Houston – Spanish speakers'],
    );
    const lifetime = await graphGet(graph, `/${adsetNamed('(lifetime)').id}`, {
      fields: 'daily_budget,lifetime_budget,budget_remaining,end_time',
    });
    assert.equal(lifetime.body.daily_budget, '0');
    assert.equal(lifetime.body.lifetime_budget, '180000');
    assert.ok(Number(lifetime.body.budget_remaining) > 0 && Number(lifetime.body.budget_remaining) < 180_000);
    assert.match(lifetime.body.end_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$/);

    const campaigns = await graphGet(graph, `/${graph.account.id}/campaigns`, {
      fields: 'name,daily_budget,objective',
      filtering: [{ field: 'name', operator: 'CONTAIN', value: 'MVA' }],
      limit: 1,
    });
    assert.equal(campaigns.body.data.length, 1);
    assert.equal(campaigns.body.data[0].objective, 'OUTCOME_LEADS');
    assert.equal(campaigns.body.data[0].daily_budget, undefined);
    const second = (await fetch(campaigns.body.paging.next).then((reply) => reply.json())) as {
      data: { daily_budget?: string }[];
      paging: { next?: string };
    };
    assert.equal(second.data[0]?.daily_budget, '9000');
    assert.equal(second.paging.next, undefined);

    const campaign = graph.account.campaigns[0];
    assert.ok(campaign);
    const nested = await graphGet(graph, `/${campaign.id}/adsets`, { fields: 'campaign_id' });
    assert.equal(nested.body.data.length, 3);
  });
});
