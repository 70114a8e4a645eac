import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LeadOpsError } from '../../src/errors.js';
import { AdAccount, adAccountsOf, toInsightRow } from '../../src/meta/ad-account.js';
import type { GraphClient } from '../../src/meta/graph-client.js';

const RAW = {
  spend: '462569',
  impressions: '1000',
  clicks: '20',
  date_start: '2026-11-22',
  date_stop: '2026-11-28',
};

describe('insights spend in the account’s currency', () => {
  test('Meta’s whole-unit decimals to the currency’s Meta unit: yen stay yen, dollars become cents', () => {
    assert.equal(toInsightRow('account', RAW, 'JPY').spendCents, 462_569);
    assert.equal(toInsightRow('account', { ...RAW, spend: '1234.56' }, 'USD').spendCents, 123_456);
    assert.equal(toInsightRow('account', { ...RAW, spend: '1234.56' }, 'EUR').spendCents, 123_456);
    assert.equal(toInsightRow('account', { ...RAW, spend: '12000' }, 'KRW').spendCents, 12_000);
  });

  test('adAccountOf: one object per account, carrying its currency', () => {
    const adAccountOf = adAccountsOf({} as GraphClient);
    const yen = adAccountOf({ id: 'act_3', currency: 'JPY' });
    assert.equal(yen.id, 'act_3');
    assert.equal(yen.currency, 'JPY');
    assert.equal(adAccountOf({ id: 'act_3', currency: 'JPY' }), yen, 'the same object (and cache) next time');
    assert.equal(adAccountOf({ id: 'act_1', currency: 'USD' }).currency, 'USD');
  });

  test('no currency is never a guess: info() without one and insights before one is known are errors', async () => {
    let calls = 0;
    const graph = {
      get: async () => ({ id: 'act_7', name: 'No Money', timezone_name: 'Europe/Berlin' }),
      getAll: async () => {
        calls++;
        return [];
      },
    } as unknown as GraphClient;
    await assert.rejects(new AdAccount(graph, 'act_7').info(), (error: unknown) => {
      assert.ok(error instanceof LeadOpsError);
      assert.match(error.userMessage, /did not say which currency ad account act_7 uses/);
      return true;
    });
    let currency: string | null = null;
    const later = new AdAccount(graph, 'act_7', () => currency);
    await assert.rejects(
      later.insights({ level: 'account', since: '2026-11-22', until: '2026-11-28' }),
      /currency/,
    );
    assert.equal(calls, 0, 'no Graph call without the currency');
    currency = 'EUR';
    assert.deepEqual(
      await later.insights({ level: 'account', since: '2026-11-22', until: '2026-11-28' }),
      [],
    );
    assert.equal(calls, 1);
  });
});
