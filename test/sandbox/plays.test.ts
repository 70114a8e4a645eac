import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { graphGet, graphGetAll, graphPost, NOW } from './graph-http.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sandbox: the plays (ad fatigue, /copies, lookalikes)', () => {
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
  const adRows = async (params: Record<string, string | number | object>) =>
    (
      await graphGetAll(graph, `/${graph.account.id}/insights`, {
        level: 'ad',
        fields: 'ad_id,ad_name,adset_id,impressions,clicks,reach,frequency',
        limit: 500,
        ...params,
      })
    ).rows;

  test('a wearing-out ad: its CTR over the last 3 days fell by more than 30% against the 7 before', async () => {
    const adset = adsetNamed('Houston – Broad');
    const ad = graph.account.ads.find(
      (a) => a.adsetId === adset.id && a.name === 'Static – Free case review',
    );
    assert.ok(ad);
    // Nov 19–25 and Nov 26–28, in one call: time_increment 7 from Nov 19.
    const rows = await adRows({
      time_range: { since: '2026-11-19', until: '2026-11-28' },
      time_increment: 7,
    });
    const ctr = (since: string) => {
      const row = rows.find((r) => r.ad_id === ad.id && r.date_start === since);
      return Number(row.clicks) / Number(row.impressions);
    };
    const drop = 1 - ctr('2026-11-26') / ctr('2026-11-19');
    assert.ok(drop > 0.3, `CTR drop ${drop}`);
    // The ad set's totals do not change: its clicks moved to the other ad.
    const adsetRow = graph.insightsRows('adset', '2026-11-26', '2026-11-28').find((r) => r.id === adset.id);
    const adSum = rows
      .filter((r) => r.adset_id === adset.id && r.date_start === '2026-11-26')
      .reduce((sum, r) => sum + Number(r.clicks), 0);
    assert.equal(adSum, adsetRow?.clicks);
  });

  test('an ad its audience sees too often: 7-day frequency above 3.5, its sibling well below', async () => {
    const adset = adsetNamed('DFW – Broad');
    const rows = await adRows({ time_range: { since: '2026-11-22', until: '2026-11-28' } });
    const frequencies = rows
      .filter((r) => r.adset_id === adset.id)
      .map((r) => [r.ad_name, Number(r.frequency)] as const);
    const carousel = frequencies.find(([name]) => name.startsWith('Carousel'))?.[1] ?? 0;
    const video = frequencies.find(([name]) => name.startsWith('Crash'))?.[1] ?? 99;
    assert.ok(carousel > 3.5, `carousel ${carousel}`);
    assert.ok(video < 3.5, `video ${video}`);
  });

  test('pausing an ad: POST /{ad_id} status; it delivers nothing more today, its sibling takes it all', async () => {
    const adset = adsetNamed('Houston – Broad');
    const [first, second] = graph.account.ads.filter((a) => a.adsetId === adset.id);
    assert.ok(first && second);
    assert.deepEqual((await graphPost(graph, `/${second.id}`, { status: 'PAUSED' })).body, { success: true });
    const read = await graphGet(graph, `/${second.id}`, { fields: 'status,effective_status' });
    assert.equal(read.body.effective_status, 'PAUSED');
    const today = await adRows({ time_range: { since: '2026-11-29', until: '2026-11-29' } });
    assert.ok(!today.some((r) => r.ad_id === second.id));
    assert.ok(today.some((r) => r.ad_id === first.id));
    const refused = await graphPost(graph, `/${second.id}`, { daily_budget: 5000 });
    assert.equal(refused.status, 400);
    await graphPost(graph, `/${second.id}`, { status: 'ACTIVE' });
  });

  test('/copies: a deep copy under new ids, PAUSED, with copies of the ads, findable; no history', async () => {
    const adset = adsetNamed('Houston – Lookalike');
    const answer = await graphPost(graph, `/${adset.id}/copies`, {
      deep_copy: 'true',
      status_option: 'PAUSED',
    });
    assert.equal(answer.status, 200);
    const copyId = answer.body.copied_adset_id;
    assert.notEqual(copyId, adset.id);
    const types = answer.body.ad_object_ids.map((o: { ad_object_type: string }) => o.ad_object_type);
    assert.deepEqual(types, ['ad_set', 'ad', 'ad']);
    const copy = await graphGet(graph, `/${copyId}`, { fields: 'name,status,daily_budget,campaign_id' });
    assert.deepEqual(copy.body, {
      id: copyId,
      name: `${adset.name} - Copy`,
      status: 'PAUSED',
      daily_budget: String(adset.dailyBudgetCents),
      campaign_id: adset.campaignId,
    });
    const ads = await graphGet(graph, `/${copyId}/ads`, { fields: 'name,status' });
    assert.equal(ads.body.data.length, 2);
    await graphPost(graph, `/${copyId}`, { daily_budget: 7000, status: 'ACTIVE' });
    const history = graph.insightsRows('adset', '2026-11-01', '2026-11-28').find((r) => r.id === copyId);
    assert.equal(history, undefined, 'a copy has no past');
  });

  test('/copies refused: an ad rejected by review, a bad status_option', async () => {
    const adset = adsetNamed('DFW – Interests');
    const ad = graph.account.ads.find((a) => a.adsetId === adset.id);
    assert.ok(ad);
    graph.disapproveAd(ad.id);
    const refused = await graphPost(graph, `/${adset.id}/copies`, {
      deep_copy: 'true',
      status_option: 'PAUSED',
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.error_user_title, "Ad Can't Be Copied");
    graph.restoreAd(ad.id);
    const bad = await graphPost(graph, `/${adset.id}/copies`, { status_option: 'SOMETIMES' });
    assert.equal(bad.status, 400);
  });

  test('lookalikes: too small a source, a bad ratio or country are refused; 100 people make one', async () => {
    const account = graph.account.id;
    const source = await graphPost(graph, `/${account}/customaudiences`, {
      name: 'Signed cases',
      subtype: 'CUSTOM',
      customer_file_source: 'USER_PROVIDED_ONLY',
    });
    const sourceId = source.body.id;
    const lookalike = (spec: object) =>
      graphPost(graph, `/${account}/customaudiences`, {
        name: 'LAL',
        subtype: 'LOOKALIKE',
        origin_audience_id: sourceId,
        lookalike_spec: spec,
      });
    const addPeople = (from: number, to: number) =>
      graphPost(graph, `/${sourceId}/users`, {
        payload: {
          schema: ['EMAIL'],
          data: Array.from({ length: to - from }, (_, i) => [sha(`p${from + i}@example.com`)]),
        },
      });
    await addPeople(0, 99);
    const small = await lookalike({ ratio: 0.01, country: 'US' });
    assert.equal(small.status, 400);
    assert.equal(small.body.error.error_user_title, 'Source Audience Is Too Small');
    await addPeople(99, 100);
    assert.equal(
      (await lookalike({ ratio: 0.5, country: 'US' })).body.error.error_user_title,
      'Invalid Lookalike Size',
    );
    assert.equal(
      (await lookalike({ ratio: 0.02, country: 'XX' })).body.error.error_user_title,
      'Invalid Country',
    );
    const made = await lookalike({ ratio: 0.02, country: 'US' });
    assert.equal(made.status, 200);
    const read = await graphGet(graph, `/${made.body.id}`, {
      fields: 'subtype,origin_audience_id,lookalike_spec',
    });
    assert.deepEqual(read.body, {
      subtype: 'LOOKALIKE',
      origin_audience_id: sourceId,
      lookalike_spec: { ratio: 0.02, country: 'US', type: 'similarity' },
    });
  });
});
