import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createAgencySandbox,
  createGeneratedAccounts,
  createSandboxAccount,
  type SandboxAccount,
} from '../../src/sandbox/account.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { graphGet, graphGetAll, graphPost, NOW } from './graph-http.js';

const WEEK = { since: '2026-11-22', until: '2026-11-28' };
const UNSUPPORTED =
  "Unsupported get request. Object with ID 'act_999000111' does not exist, cannot be loaded due to missing permissions, or does not support this operation";

/** Every id an account's objects carry. */
function idsOf(account: SandboxAccount): string[] {
  return [
    account.id,
    ...[account.pages, account.forms, account.campaigns, account.adsets, account.ads].flat(),
  ]
    .map((object) => (typeof object === 'string' ? object : object.id))
    .filter((id): id is string => typeof id === 'string');
}

describe('several ad accounts', () => {
  let graph: GraphEmulator;
  let usd: SandboxAccount;
  let eur: SandboxAccount;
  let jpy: SandboxAccount;
  before(async () => {
    graph = await startGraphEmulator({ accounts: createAgencySandbox(), now: () => NOW });
    [usd, eur, jpy] = graph.accounts as [SandboxAccount, SandboxAccount, SandboxAccount];
  });
  after(async () => {
    await graph.close();
  });

  test('the agency: the default account first, a euro account in Berlin, a yen account in Tokyo', () => {
    assert.equal(graph.account, usd);
    assert.deepEqual(usd, createSandboxAccount(), 'the first account is the one every test knows');
    assert.deepEqual(
      graph.accounts.map((account) => [account.currency, account.timezone]),
      [
        ['USD', 'America/Chicago'],
        ['EUR', 'Europe/Berlin'],
        ['JPY', 'Asia/Tokyo'],
      ],
    );
    for (const account of graph.accounts) {
      assert.ok(account.pages.length >= 1 && account.forms.length >= 1, account.name);
      assert.ok(account.campaigns.length >= 3 && account.adsets.length >= 5 && account.ads.length >= 5);
    }
    // Budgets in the currency's Meta unit: euro cents, whole yen (¥4,000 – ¥20,000 a day).
    const yenBudgets = [...jpy.adsets, ...jpy.campaigns]
      .map((object) => object.dailyBudgetCents)
      .filter((budget): budget is number => budget !== null);
    assert.ok(yenBudgets.every((budget) => Number.isInteger(budget) && budget >= 4000 && budget <= 20_000));
    const yenCpls = jpy.adsets.map((adset) => adset.profile.cpl).filter((cpl) => cpl !== null);
    assert.ok(
      yenCpls.every((cpl) => cpl >= 2500 && cpl <= 10_000),
      'yen CPLs of ¥3,000–¥8,000 or so',
    );
    assert.deepEqual(createAgencySandbox(), [...graph.accounts], 'deterministic');
  });

  test('object ids are unique across the accounts', () => {
    const ids = graph.accounts.flatMap(idsOf);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('each account node answers with its own name, currency and time zone', async () => {
    for (const account of graph.accounts) {
      const { status, body } = await graphGet(graph, `/${account.id}`, {
        fields: 'id,account_id,name,currency,timezone_name,timezone_offset_hours_utc',
      });
      assert.equal(status, 200);
      assert.deepEqual(body, {
        id: account.id,
        account_id: account.accountId,
        name: account.name,
        currency: account.currency,
        timezone_name: account.timezone,
        timezone_offset_hours_utc: { USD: -6, EUR: 1, JPY: 9 }[account.currency],
      });
    }
  });

  test('insights per account: spend as Meta writes each currency, summing to the emulator’s truth', async () => {
    const fields = 'campaign_id,campaign_name,spend,impressions,account_currency,account_id';
    const digits = { USD: /^\d+\.\d{2}$/, EUR: /^\d+\.\d{2}$/, JPY: /^\d+$/ } as Record<string, RegExp>;
    for (const account of graph.accounts) {
      const { rows } = await graphGetAll(graph, `/${account.id}/insights`, {
        level: 'campaign',
        fields,
        time_range: WEEK,
      });
      const truth = graph.insightsRows('campaign', WEEK.since, WEEK.until, account.id);
      assert.deepEqual(
        rows.map((row) => row.campaign_id).sort(),
        truth.map((row) => row.id).sort(),
        'only the account’s own campaigns',
      );
      for (const row of rows) {
        assert.match(row.spend, digits[account.currency] as RegExp, `${account.currency} ${row.spend}`);
        assert.equal(row.account_currency, account.currency);
        assert.equal(row.account_id, account.accountId);
      }
      const offset = account.currency === 'JPY' ? 1 : 100;
      const spent = rows.reduce((sum, row) => sum + Math.round(Number(row.spend) * offset), 0);
      assert.equal(
        spent,
        truth.reduce((sum, row) => sum + row.spendCents, 0),
      );
    }
    // A yen account's week is hundreds of thousands of yen, never "4625.69".
    const [yenTotal] = graph.insightsRows('account', WEEK.since, WEEK.until, jpy.id);
    assert.ok((yenTotal?.spendCents ?? 0) > 200_000, String(yenTotal?.spendCents));
  });

  test('dates are the account’s own: at 18:00 UTC it is already tomorrow in Tokyo', async () => {
    const today = async (account: SandboxAccount) => {
      const { body } = await graphGet(graph, `/${account.id}/insights`, {
        date_preset: 'today',
        fields: 'spend',
      });
      return body.data[0]?.date_start;
    };
    assert.equal(await today(usd), '2026-11-29');
    assert.equal(await today(eur), '2026-11-29');
    assert.equal(await today(jpy), '2026-11-30');
  });

  test('each account’s edges list its own objects; budgets in its unit', async () => {
    const { rows } = await graphGetAll(graph, `/${jpy.id}/adsets`, {
      fields: 'id,name,daily_budget,account_id',
    });
    assert.deepEqual(rows.map((row) => row.id).sort(), jpy.adsets.map((adset) => adset.id).sort());
    const broad = rows.find((row) => row.name === '23 wards – Broad 40-65');
    assert.equal(broad?.daily_budget, '15000', 'whole yen');
    assert.ok(rows.every((row) => row.account_id === jpy.accountId));
    const campaigns = await graphGetAll(graph, `/${eur.id}/campaigns`, { fields: 'id' });
    assert.deepEqual(
      campaigns.rows.map((row) => row.id),
      eur.campaigns.map((campaign) => campaign.id),
    );
  });

  test('an object route finds the object in whichever account holds it', async () => {
    const adset = jpy.adsets[0] as SandboxAccount['adsets'][number];
    const { body } = await graphGet(graph, `/${adset.id}`, { fields: 'name,account_id,daily_budget' });
    assert.deepEqual(body, {
      id: adset.id,
      name: adset.name,
      account_id: jpy.accountId,
      daily_budget: '15000',
    });
    const insights = await graphGet(graph, `/${adset.id}/insights`, { time_range: WEEK, fields: 'spend' });
    assert.match(insights.body.data[0].spend, /^\d+$/);
    // Meta's minimum daily budget in yen.
    const low = await graphPost(graph, `/${adset.id}`, { daily_budget: '50' });
    assert.equal(low.status, 400);
    assert.equal(low.body.error.error_user_msg, 'The minimum daily budget is ¥100.');
    const raised = await graphPost(graph, `/${adset.id}`, { daily_budget: '18000' });
    assert.equal(raised.status, 200);
    assert.equal(adset.dailyBudgetCents, 18_000);
  });

  test('an ad answers account_id (digits), so a lead’s ad maps to its account in one call', async () => {
    const ads = graph.accounts.map((account) => account.ads[0]?.id ?? '');
    const { status, body } = await graphGet(graph, '/', { ids: ads.join(','), fields: 'account_id' });
    assert.equal(status, 200);
    assert.deepEqual(
      body,
      Object.fromEntries(
        graph.accounts.map((account, index) => [
          ads[index],
          { account_id: account.accountId, id: ads[index] },
        ]),
      ),
    );
  });

  test('addLead: the first account by default, else the account named or holding the ad', async () => {
    assert.equal(graph.addLead().adAccountId, usd.id);
    const berlin = graph.addLead({ accountId: eur.id });
    assert.equal(berlin.adAccountId, eur.id);
    assert.ok(eur.forms.some((form) => form.id === berlin.formId));
    assert.ok(eur.ads.some((ad) => ad.id === berlin.adId));
    assert.match(String(berlin.fieldData.find((f) => f.name === 'phone_number')?.values[0]), /^\+49/);
    const tokyoAd = jpy.ads[2] as SandboxAccount['ads'][number];
    const tokyo = graph.addLead({ adId: tokyoAd.id });
    assert.equal(tokyo.adAccountId, jpy.id);
    const { body } = await graphGet(graph, `/${tokyo.id}`, {
      fields: 'ad_id,adset_name,campaign_name,form_id',
    });
    assert.equal(body.ad_id, tokyoAd.id);
    assert.equal(body.campaign_name, jpy.campaigns.find((c) => c.id === tokyoAd.campaignId)?.name);
    const form = await graphGet(graph, `/${tokyo.formId}`, { fields: 'locale,page' });
    assert.equal(form.body.locale, 'ja_JP');
    assert.equal(form.body.page.id, jpy.pages[0]?.id);
    // The lead counts in its own account's insights, on its own (Tokyo) date.
    const leadsOn = (accountId: string) =>
      graph.insightsRows('account', '2026-11-30', '2026-11-30', accountId)[0]?.instantFormLeads ?? 0;
    const before = leadsOn(jpy.id);
    graph.addLead({ adId: tokyoAd.id });
    assert.equal(leadsOn(jpy.id), before + 1);
    assert.throws(() => graph.addLead({ accountId: 'act_999000111' }), /no ad account/);
    assert.throws(() => graph.addLead({ accountId: usd.id, adId: tokyoAd.id }), /no ad/);
  });

  test('an ad account the emulator does not serve is refused as Meta refuses it (100/33)', async () => {
    for (const path of ['/act_999000111', '/act_999000111/insights', '/act_999000111/customaudiences']) {
      const { status, body } = await graphGet(graph, path, { fields: 'id' });
      assert.equal(status, 400, path);
      assert.equal(body.error.code, 100);
      assert.equal(body.error.error_subcode, 33);
      assert.equal(body.error.type, 'GraphMethodException');
      assert.ok(body.error.message.startsWith(UNSUPPORTED), body.error.message);
    }
  });

  test('a revoked account: Meta’s permission error (200) on it and its objects; the others answer', async () => {
    graph.revokeAccount(eur.id);
    try {
      const adset = eur.adsets[0]?.id ?? '';
      for (const path of [`/${eur.id}`, `/${eur.id}/insights`, `/${eur.id}/adsets`, `/${adset}`]) {
        const { status, body } = await graphGet(graph, path, {});
        assert.equal(status, 403, path);
        assert.deepEqual(
          { ...body.error, fbtrace_id: undefined },
          {
            message: '(#200) Ad account owner has NOT grant ads_management or ads_read permission',
            type: 'OAuthException',
            code: 200,
            fbtrace_id: undefined,
          },
        );
      }
      for (const account of [usd, jpy]) {
        assert.equal((await graphGet(graph, `/${account.id}/insights`, {})).status, 200);
      }
      const debug = await graphGet(graph, '/debug_token', { input_token: graph.accessToken });
      const adsRead = debug.body.data.granular_scopes.find((s: { scope: string }) => s.scope === 'ads_read');
      assert.deepEqual(adsRead.target_ids, [usd.accountId, jpy.accountId]);
    } finally {
      graph.restoreAccount(eur.accountId);
    }
    assert.equal((await graphGet(graph, `/${eur.id}/insights`, {})).status, 200);
  });

  test('custom audiences belong to the account they were made in', async () => {
    const made = await graphPost(graph, `/${jpy.id}/customaudiences`, {
      name: 'LeadOps – Tokyo leads',
      subtype: 'CUSTOM',
      customer_file_source: 'USER_PROVIDED_ONLY',
    });
    assert.equal(made.status, 200);
    const tokyo = await graphGet(graph, `/${jpy.id}/customaudiences`, { fields: 'id,name' });
    assert.deepEqual(tokyo.body.data, [{ id: made.body.id, name: 'LeadOps – Tokyo leads' }]);
    const chicago = await graphGet(graph, `/${usd.id}/customaudiences`, { fields: 'id' });
    assert.deepEqual(chicago.body.data, []);
  });
});

describe('generated accounts for benchmarks', () => {
  test('N accounts with their own seeds, ids and currencies', async () => {
    const accounts = createGeneratedAccounts(6, {
      campaigns: 3,
      adsetsPerCampaign: 4,
      currencies: ['USD', 'EUR', 'JPY'],
    });
    assert.deepEqual(
      accounts.map((account) => account.currency),
      ['USD', 'EUR', 'JPY', 'USD', 'EUR', 'JPY'],
    );
    assert.equal(accounts[2]?.timezone, 'Asia/Tokyo');
    assert.ok(accounts.every((account) => account.adsets.length === 12));
    const ids = accounts.flatMap(idsOf);
    assert.equal(new Set(ids).size, ids.length);
    // A yen account's figures look like yen: spends of thousands a day.
    const yen = accounts[2]?.adsets.map((adset) => adset.profile.dailySpend) ?? [];
    assert.ok(Math.min(...yen) >= 1200, String(yen));
    const usdDefault = createGeneratedAccounts(2, { campaigns: 1, adsetsPerCampaign: 1 });
    assert.deepEqual(
      usdDefault.map((account) => account.currency),
      ['USD', 'USD'],
    );
    const graph = await startGraphEmulator({ accounts, now: () => NOW });
    try {
      for (const account of accounts) {
        const { body } = await graphGet(graph, `/${account.id}/insights`, { date_preset: 'last_7d' });
        assert.match(body.data[0].spend, account.currency === 'JPY' ? /^\d+$/ : /^\d+\.\d\d$/);
      }
    } finally {
      await graph.close();
    }
  });

  test('two accounts with one seed share ids: the emulator refuses them', async () => {
    await assert.rejects(
      startGraphEmulator({ accounts: [createSandboxAccount(), createSandboxAccount()] }),
      /in both/,
    );
  });
});
