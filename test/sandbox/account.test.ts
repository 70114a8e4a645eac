import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandboxAccount } from '../../src/sandbox/account.js';
import { resolveDatePreset } from '../../src/sandbox/date-presets.js';
import { addDays, localDate } from '../../src/sandbox/dates.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { NOW } from './graph-http.js';

const DAY = 86_400_000;

describe('the default sandbox account', () => {
  const account = createSandboxAccount();
  const adsetNamed = (part: string) => {
    const adset = account.adsets.find((candidate) => candidate.name.includes(part));
    assert.ok(adset, part);
    return adset;
  };

  test('is a Chicago personal-injury account with 4 campaigns, a Page and 2 lead forms', () => {
    assert.equal(account.timezone, 'America/Chicago');
    assert.equal(account.currency, 'USD');
    assert.match(account.id, /^act_\d+$/);
    assert.equal(account.id, `act_${account.accountId}`);
    assert.deepEqual(
      account.campaigns.map((campaign) => campaign.name),
      ['MVA – Houston', 'MVA – Dallas/Fort Worth', 'Slip & Fall – Texas', 'Retargeting – Form openers'],
    );
    for (const campaign of account.campaigns) {
      const adsets = account.adsets.filter((adset) => adset.campaignId === campaign.id);
      assert.ok(adsets.length >= 2 && adsets.length <= 3, campaign.name);
      for (const adset of adsets) {
        const ads = account.ads.filter((ad) => ad.adsetId === adset.id);
        assert.ok(ads.length >= 1 && ads.length <= 2, adset.name);
      }
    }
    assert.equal(account.pages.length, 1);
    assert.equal(account.forms.length, 2);
    for (const form of account.forms) {
      const keys = form.questions.map((question) => question.key);
      assert.deepEqual(keys.slice(0, 3), ['full_name', 'phone_number', 'email']);
      assert.ok(keys.includes('when_did_the_accident_happen?') && keys.includes('did_you_see_a_doctor?'));
    }
  });

  test('ids are numeric like Meta’s, unique, and stable for a seed', () => {
    const ids = [
      ...account.campaigns,
      ...account.adsets,
      ...account.ads,
      ...account.forms,
      ...account.pages,
    ].map((object) => object.id);
    for (const id of ids) assert.match(id, /^\d{15,18}$/);
    assert.equal(new Set(ids).size, ids.length);
    for (const campaign of account.campaigns) assert.match(campaign.id, /^1202\d{14}$/);
    assert.deepEqual(createSandboxAccount(), account);
    assert.notEqual(createSandboxAccount({ seed: 7 }).campaigns[0]?.id, account.campaigns[0]?.id);
  });

  test('covers the budget edge cases: campaign budget, lifetime budget, a paused ad set', () => {
    const cbo = account.campaigns.filter((campaign) => campaign.dailyBudgetCents !== null);
    assert.equal(cbo.length, 1);
    for (const adset of account.adsets.filter((candidate) => candidate.campaignId === cbo[0]?.id)) {
      assert.equal(adset.dailyBudgetCents, null);
      assert.equal(adset.lifetimeBudgetCents, null);
    }
    assert.equal(account.adsets.filter((adset) => adset.lifetimeBudgetCents !== null).length, 1);
    assert.equal(adsetNamed('Spanish').status, 'PAUSED');
    assert.equal(
      account.ads.find((ad) => ad.adsetId === adsetNamed('Spanish').id)?.effectiveStatus,
      'ADSET_PAUSED',
    );
  });

  test('a 50 × 10 account for benchmarks is big and deterministic', () => {
    const big = createSandboxAccount({ campaigns: 50, adsetsPerCampaign: 10 });
    assert.equal(big.campaigns.length, 50);
    assert.equal(big.adsets.length, 500);
    assert.ok(big.ads.length >= 500);
    assert.equal(new Set(big.adsets.map((adset) => adset.id)).size, 500);
    assert.deepEqual(createSandboxAccount({ campaigns: 50, adsetsPerCampaign: 10 }).adsets, big.adsets);
  });
});

describe('the default account’s delivery, over many days', () => {
  let now = NOW;
  let graph: GraphEmulator;
  before(async () => {
    graph = await startGraphEmulator({ now: () => now });
  });
  after(async () => {
    await graph.close();
  });

  /** 20 different "todays", a few days apart, always at noon in Chicago. */
  const todays = Array.from({ length: 20 }, (_, index) => NOW - index * 3 * DAY);
  const adsetRow = (name: string, preset: 'last_3d' | 'last_7d' | 'last_30d' | 'today') => {
    const { since, until } = resolveDatePreset(preset, localDate(now, graph.account.timezone));
    const row = graph.insightsRows('adset', since, until).find((candidate) => candidate.name.includes(name));
    assert.ok(row, `${name} delivered in ${preset}`);
    return row;
  };

  test('spends ~$6–7k a month, CPL mostly $20–70', () => {
    for (const today of todays) {
      now = today;
      const { since, until } = resolveDatePreset('last_30d', localDate(now, 'America/Chicago'));
      const [total] = graph.insightsRows('account', since, until);
      assert.ok(total && total.spendCents > 600_000 && total.spendCents < 720_000, String(total?.spendCents));
      const cpl = total.spendCents / total.leads / 100;
      assert.ok(cpl > 20 && cpl < 70, String(cpl));
    }
  });

  test('one ad set always has CPL > $50 over a week, one < $25 with more than 5 leads in 3 days', () => {
    for (const today of todays) {
      now = today;
      const expensive = adsetRow('Interests: legal', 'last_7d');
      assert.ok(
        expensive.leads === 0 || expensive.spendCents / expensive.leads > 5000,
        JSON.stringify(expensive),
      );
      const cheap = adsetRow('Lookalike 1%', 'last_3d');
      assert.ok(cheap.leads > 5, JSON.stringify(cheap));
      assert.ok(cheap.spendCents / cheap.leads < 2500, JSON.stringify(cheap));
    }
  });

  test('one ad set spends without leads; one has frequency > 4 over 7 days', () => {
    for (const today of todays) {
      now = today;
      const noLeads = adsetRow('Seniors 60+', 'last_30d');
      assert.ok(noLeads.spendCents > 20_000);
      assert.equal(noLeads.leads, 0);
      const saturated = adsetRow('Opened form', 'last_7d');
      assert.ok(saturated.impressions / saturated.reach > 4, String(saturated.impressions / saturated.reach));
    }
  });

  test('the paused ad set delivered in the past but has nothing today; active ones grow during the day', () => {
    now = NOW;
    const today = localDate(now, 'America/Chicago');
    const todayRows = graph.insightsRows('adset', today, today);
    assert.ok(!todayRows.some((row) => row.name.includes('Spanish')));
    assert.ok(adsetRow('Spanish', 'last_7d').spendCents > 0);
    const atNoon = adsetRow('Broad 25-65', 'today').spendCents;
    now = NOW + 6 * 3_600_000;
    const atSix = adsetRow('Broad 25-65', 'today').spendCents;
    assert.ok(atSix > atNoon * 1.3, `${atNoon} → ${atSix}`);
    assert.deepEqual(graph.insightsRows('adset', addDays(today, 1), addDays(today, 1)), []);
  });
});
