import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dailyFigures } from '../../src/sandbox/daily-figures.js';
import { eachDate } from '../../src/sandbox/dates.js';
import {
  type GraphEmulator,
  type InsightsTotals,
  startGraphEmulator,
} from '../../src/sandbox/graph-emulator.js';
import { graphGet, graphGetAll, NOW } from './graph-http.js';

const WEEK = { since: '2026-11-22', until: '2026-11-28' };
const ADDITIVE = [
  'spendCents',
  'impressions',
  'clicks',
  'linkClicks',
  'instantFormLeads',
  'pixelLeads',
  'leads',
] as const;

type Sums = Record<(typeof ADDITIVE)[number], number>;

function sumOf(rows: readonly Partial<Sums>[]): Sums {
  const sums = Object.fromEntries(ADDITIVE.map((key) => [key, 0])) as Sums;
  for (const row of rows) for (const key of ADDITIVE) sums[key] += row[key] ?? 0;
  return sums;
}

const pick = (row: InsightsTotals): Sums => sumOf([row]);
// biome-ignore lint/suspicious/noExplicitAny: Meta rows are loose JSON.
const actionValue = (row: any, type: string) =>
  Number(row.actions?.find((action: { action_type: string }) => action.action_type === type)?.value ?? 0);

describe('insights', () => {
  let graph: GraphEmulator;
  let path: string;
  before(async () => {
    graph = await startGraphEmulator({ now: () => NOW });
    path = `/${graph.account.id}/insights`;
  });
  after(async () => {
    await graph.close();
  });

  test('every level adds up to the ad sets’ daily figures', () => {
    const { account } = graph;
    const byAdSet = new Map(
      account.adsets.map((adset) => {
        const days = eachDate(WEEK.since, WEEK.until).map((date) => {
          const day = dailyFigures(account, adset, date);
          return { ...day, leads: day.instantFormLeads + day.pixelLeads };
        });
        return [adset.id, sumOf(days)];
      }),
    );
    const adsetRows = graph.insightsRows('adset', WEEK.since, WEEK.until);
    assert.equal(adsetRows.length, account.adsets.length);
    for (const row of adsetRows) assert.deepEqual(pick(row), byAdSet.get(row.id), row.name);

    const campaignRows = graph.insightsRows('campaign', WEEK.since, WEEK.until);
    assert.equal(campaignRows.length, 4);
    for (const row of campaignRows) {
      const adsets = account.adsets.filter((adset) => adset.campaignId === row.id);
      assert.deepEqual(pick(row), sumOf(adsets.map((adset) => byAdSet.get(adset.id) ?? {})), row.name);
    }
    const [accountRow] = graph.insightsRows('account', WEEK.since, WEEK.until);
    assert.ok(accountRow);
    assert.deepEqual(pick(accountRow), sumOf([...byAdSet.values()]));
    assert.deepEqual(sumOf(graph.insightsRows('ad', WEEK.since, WEEK.until)), sumOf([...byAdSet.values()]));
  });

  test('HTTP rows carry the same figures, as Meta writes them', async () => {
    const fields = 'campaign_id,campaign_name,spend,impressions,clicks,reach,frequency,ctr,cpm,cpc,actions';
    const { status, body, headers } = await graphGet(graph, path, {
      level: 'campaign',
      fields,
      time_range: WEEK,
    });
    assert.equal(status, 200);
    assert.ok(headers.get('x-fb-ads-insights-throttle'));
    assert.ok(headers.get('x-app-usage') && headers.get('x-ad-account-usage'));
    const truth = graph.insightsRows('campaign', WEEK.since, WEEK.until);
    assert.equal(body.data.length, truth.length);
    for (const [index, row] of body.data.entries()) {
      const expected = truth[index];
      assert.ok(expected);
      assert.deepEqual(Object.keys(row).sort(), [...fields.split(','), 'date_start', 'date_stop'].sort());
      assert.equal(row.campaign_id, expected.id);
      assert.equal(row.spend, (expected.spendCents / 100).toFixed(2));
      assert.equal(row.impressions, String(expected.impressions));
      assert.equal(row.reach, String(expected.reach));
      assert.equal(row.frequency, (expected.impressions / expected.reach).toFixed(6));
      assert.equal(row.ctr, ((expected.clicks / expected.impressions) * 100).toFixed(6));
      assert.match(row.cpm, /^\d+\.\d{6}$/);
      assert.equal(actionValue(row, 'lead'), expected.leads);
      assert.equal(row.date_start, WEEK.since);
      assert.equal(row.date_stop, WEEK.until);
      for (const action of row.actions) assert.equal(typeof action.value, 'string');
    }
  });

  test('an instant-form lead counts as lead and lead_grouped; a pixel lead only inside lead', async () => {
    const { body } = await graphGet(graph, path, {
      level: 'adset',
      fields: 'adset_name,actions,cost_per_action_type,spend',
      time_range: { since: '2026-10-01', until: '2026-11-28' },
      filtering: [{ field: 'adset.name', operator: 'CONTAIN', value: 'Premises' }],
    });
    const [row] = body.data;
    assert.equal(body.data.length, 1);
    const instant = actionValue(row, 'onsite_conversion.lead_grouped');
    const pixel = actionValue(row, 'offsite_conversion.fb_pixel_lead');
    assert.ok(instant > 0 && pixel > 0);
    assert.equal(actionValue(row, 'leadgen_grouped'), instant);
    assert.equal(actionValue(row, 'lead'), instant + pixel);
    assert.ok(
      actionValue(row, 'link_click') > 0 &&
        actionValue(row, 'post_engagement') >= actionValue(row, 'link_click'),
    );
    const costPerLead = row.cost_per_action_type.find(
      (cost: { action_type: string }) => cost.action_type === 'lead',
    );
    assert.equal(costPerLead.value, (Number(row.spend) / (instant + pixel)).toFixed(6));
  });

  test('daily rows add up to the range row; reach over the range is less than the sum of daily reach', async () => {
    const params = { level: 'campaign', fields: 'campaign_id,spend,impressions,reach', time_range: WEEK };
    const { rows: daily } = await graphGetAll(graph, path, { ...params, time_increment: 1, limit: 500 });
    const { body } = await graphGet(graph, path, params);
    assert.equal(daily.length, 7 * 4);
    for (const whole of body.data) {
      const days = daily.filter((row) => row.campaign_id === whole.campaign_id);
      assert.deepEqual(
        days.map((row) => row.date_start),
        eachDate(WEEK.since, WEEK.until),
      );
      for (const day of days) assert.equal(day.date_start, day.date_stop);
      const cents = days.reduce((sum, row) => sum + Math.round(Number(row.spend) * 100), 0);
      assert.equal(cents, Math.round(Number(whole.spend) * 100));
      const impressions = days.reduce((sum, row) => sum + Number(row.impressions), 0);
      assert.equal(impressions, Number(whole.impressions));
      const dailyReach = days.map((row) => Number(row.reach));
      const reachSum = dailyReach.reduce((sum, reach) => sum + reach, 0);
      assert.ok(Number(whole.reach) < reachSum && Number(whole.reach) >= Math.max(...dailyReach));
    }
  });

  test('paging: absolute next links carrying every parameter, no next on the last page', async () => {
    const params = {
      level: 'adset',
      fields: 'adset_id,spend',
      date_preset: 'last_7d',
      time_increment: 1,
      limit: 10,
    };
    const { rows, pages } = await graphGetAll(graph, path, params);
    const { body: all } = await graphGet(graph, path, { ...params, limit: 1000 });
    assert.deepEqual(rows, all.data);
    assert.equal(pages.length, Math.ceil(rows.length / 10));
    assert.equal(pages[0]?.body.paging.cursors.before, 'MAZDZD');
    for (const page of pages.slice(0, -1)) {
      const next = new URL(page.body.paging.next);
      assert.equal(next.origin, graph.url);
      assert.equal(next.pathname, `/v24.0${path}`);
      for (const key of ['level', 'fields', 'date_preset', 'time_increment', 'limit', 'after']) {
        assert.ok(next.searchParams.has(key), key);
      }
      assert.equal(next.searchParams.get('access_token'), graph.accessToken);
      assert.equal(next.searchParams.get('after'), page.body.paging.cursors.after);
    }
    assert.equal(pages.at(-1)?.body.paging.next, undefined);
    assert.ok(pages.at(-1)?.body.paging.cursors.after);
  });

  test('filtering by campaign name, ad set id and status', async () => {
    const { account } = graph;
    const houston = await graphGet(graph, path, {
      level: 'adset',
      fields: 'adset_name,campaign_name',
      date_preset: 'last_7d',
      filtering: [{ field: 'campaign.name', operator: 'CONTAIN', value: 'houston' }],
    });
    assert.equal(houston.body.data.length, 3);
    for (const row of houston.body.data) assert.equal(row.campaign_name, 'MVA – Houston');

    const chosen = account.adsets.slice(0, 2).map((adset) => adset.id);
    const byId = await graphGet(graph, path, {
      level: 'campaign',
      fields: 'campaign_id,spend',
      date_preset: 'last_7d',
      filtering: [{ field: 'adset.id', operator: 'IN', value: chosen }],
    });
    assert.equal(byId.body.data.length, 1);
    const expected = graph
      .insightsRows('adset', WEEK.since, WEEK.until)
      .filter((row) => chosen.includes(row.id))
      .reduce((sum, row) => sum + row.spendCents, 0);
    assert.equal(Math.round(Number(byId.body.data[0].spend) * 100), expected);

    const active = await graphGet(graph, path, {
      level: 'adset',
      fields: 'adset_name',
      date_preset: 'last_7d',
      filtering: [{ field: 'adset.effective_status', operator: 'IN', value: ['ACTIVE'] }],
    });
    assert.equal(active.body.data.length, account.adsets.length - 1);
  });

  test('objects without impressions give no row; insights on a campaign node', async () => {
    const today = await graphGet(graph, path, { level: 'adset', fields: 'adset_name', date_preset: 'today' });
    assert.equal(today.body.data.length, graph.account.adsets.length - 1);
    const future = await graphGet(graph, path, { time_range: { since: '2026-12-01', until: '2026-12-05' } });
    assert.deepEqual(future.body, { data: [] });
    const campaign = graph.account.campaigns[1];
    assert.ok(campaign);
    const node = await graphGet(graph, `/${campaign.id}/insights`, {
      fields: 'campaign_name,spend',
      date_preset: 'last_7d',
    });
    assert.deepEqual(
      node.body.data.map((row: { campaign_name: string }) => row.campaign_name),
      [campaign.name],
    );
  });

  test('without fields, Meta’s default spend and impressions over last_30d', async () => {
    const { body } = await graphGet(graph, path);
    assert.deepEqual(Object.keys(body.data[0]).sort(), ['date_start', 'date_stop', 'impressions', 'spend']);
    assert.equal(body.data[0].date_start, '2026-10-30');
  });

  test('bad parameters get Meta’s error 100', async () => {
    const invalid: Record<string, string | object>[] = [
      { fields: 'spend,cost_per_lead' },
      { date_preset: 'last_8d' },
      { time_range: { since: '2026-11-10', until: '2026-11-01' } },
      { time_range: '{"since":"2026-02-30","until":"2026-03-01"}' },
      { level: 'account_group' },
      { breakdowns: 'age' },
      { filtering: [{ field: 'campaign.name', operator: 'LIKE', value: 'x' }] },
    ];
    for (const params of invalid) {
      const { status, body } = await graphGet(graph, path, params);
      assert.equal(status, 400, JSON.stringify(params));
      assert.equal(body.error.code, 100, JSON.stringify(params));
      assert.equal(body.error.type, 'OAuthException');
      assert.match(body.error.message, /^\(#100\) /);
      assert.ok(body.error.fbtrace_id);
    }
  });
});

describe('insights count the leads the sandbox delivers', () => {
  let graph: GraphEmulator;
  before(async () => {
    graph = await startGraphEmulator({ now: () => NOW });
  });
  after(async () => {
    await graph.close();
  });

  /** Per object id at each level: instant-form leads and `lead`, as Meta's HTTP rows say. */
  async function leadActions(date: string) {
    const byLevel: Record<string, Map<string, { instant: number; lead: number }>> = {};
    for (const level of ['ad', 'adset', 'campaign', 'account']) {
      const { rows } = await graphGetAll(graph, `/${graph.account.id}/insights`, {
        level,
        fields: `${level}_id,actions`,
        time_range: { since: date, until: date },
      });
      byLevel[level] = new Map(
        rows.map((row) => [
          row[`${level}_id`],
          { instant: actionValue(row, 'onsite_conversion.lead_grouped'), lead: actionValue(row, 'lead') },
        ]),
      );
    }
    return byLevel;
  }

  test('a lead added on ad X counts for ad X, its ad set, campaign and account on its day', async () => {
    const ad = graph.account.ads.find((candidate) => candidate.effectiveStatus === 'ACTIVE');
    assert.ok(ad);
    const today = '2026-11-29';
    const yesterday = '2026-11-28';
    const [beforeToday, beforeYesterday] = [await leadActions(today), await leadActions(yesterday)];

    graph.addLead({ adId: ad.id });
    graph.addLead({ adId: ad.id });
    graph.addLead({ adId: ad.id, createdTime: Date.parse('2026-11-28T20:00:00Z') });
    graph.addLead({ isOrganic: true });
    const [afterToday, afterYesterday] = [await leadActions(today), await leadActions(yesterday)];

    const ids = { ad: ad.id, adset: ad.adsetId, campaign: ad.campaignId, account: graph.account.accountId };
    for (const [day, before, after, added] of [
      [today, beforeToday, afterToday, 2],
      [yesterday, beforeYesterday, afterYesterday, 1],
    ] as const) {
      for (const [level, id] of Object.entries(ids)) {
        const was = before[level]?.get(id);
        const is = after[level]?.get(id);
        assert.ok(was && is, `${level} ${id} delivered on ${day}`);
        assert.deepEqual(is, { instant: was.instant + added, lead: was.lead + added }, `${level} on ${day}`);
      }
      // Every other ad is as it was: the organic lead is in no ad's figures.
      for (const [id, figures] of before.ad ?? []) {
        if (id !== ad.id) assert.deepEqual(after.ad?.get(id), figures, `ad ${id} on ${day}`);
      }
    }
    assert.equal(
      graph.insightsRows('ad', today, today).find((row) => row.id === ad.id)?.instantFormLeads,
      afterToday.ad?.get(ad.id)?.instant,
    );
  });
});

test('after the sandbox starts, its instant-form leads are only the ones it delivers', async () => {
  let now = NOW;
  const graph = await startGraphEmulator({ now: () => now });
  try {
    const instant = (date: string) =>
      graph.insightsRows('account', date, date).reduce((n, row) => n + row.instantFormLeads, 0);
    const atStart = instant('2026-11-29');
    assert.ok(atStart > 0, 'the morning before the start had leads');
    now += 6 * 3_600_000;
    assert.equal(instant('2026-11-29'), atStart, 'the afternoon brings none the store did not get');
    now += 24 * 3_600_000;
    assert.equal(instant('2026-11-30'), 0);
    graph.addLead();
    assert.equal(instant('2026-11-30'), 1);
    assert.ok(graph.insightsRows('account', '2026-11-30', '2026-11-30')[0]?.spendCents, 'still spending');
  } finally {
    await graph.close();
  }
});
