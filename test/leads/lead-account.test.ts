import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { cachedAdAccount } from '../../src/db/ad-accounts.js';
import { getLead, saveFetchedLead } from '../../src/db/leads.js';
import { type Database, openDatabase } from '../../src/db/open.js';
import { ErrorCode } from '../../src/errors.js';
import {
  ACCOUNT_WAIT_MS,
  LeadAccounts,
  type LeadPlaceDefaults,
  placeOfLead,
} from '../../src/leads/lead-account.js';
import { silentLogger } from '../../src/log.js';
import { AdNotReadable, AdOwners } from '../../src/meta/ad-owners.js';
import { MetaError } from '../../src/meta/errors.js';
import { GraphClient } from '../../src/meta/graph-client.js';
import { type GraphEmulator, startGraphEmulator } from '../../src/sandbox/graph-emulator.js';
import { metaLeadFixture } from '../support/lead-fixtures.js';

const ACME: Account = {
  id: 'act_1001',
  name: 'Acme Injury Law',
  currency: 'USD',
  timezone: 'America/Chicago',
  homeChannel: '#client-acme',
  pixelId: '555',
};
const BERLIN: Account = {
  id: 'act_2002',
  name: 'Kanzlei Berlin',
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  homeChannel: '#client-berlin',
  pixelId: null,
};
const TOKYO: Account = {
  id: 'act_3003',
  name: 'Tokyo Law',
  currency: 'JPY',
  timezone: 'Asia/Tokyo',
  homeChannel: null,
  pixelId: '777',
};
const DEFAULTS: LeadPlaceDefaults = {
  fallback: { report: '#reports', leads: '#leads', approvals: '#approvals' },
  timezone: 'UTC',
  dataset: null,
};

describe('placeOfLead: where a lead’s alert goes, and its clock, money and dataset', () => {
  const served = [ACME, BERLIN, TOKYO];

  test('a lead of an ad of a served account → that account’s home channel, zone, currency, dataset', () => {
    assert.deepEqual(placeOfLead({ accountId: 'act_2002' }, served, DEFAULTS), {
      account: BERLIN,
      channel: '#client-berlin',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      dataset: null,
    });
    assert.deepEqual(placeOfLead({ accountId: 'act_1001' }, served, DEFAULTS).channel, '#client-acme');
  });

  test('an account without a home channel → LEADS_CHANNEL, in its own zone and money', () => {
    const place = placeOfLead({ accountId: 'act_3003' }, served, DEFAULTS);
    assert.deepEqual(
      [place.channel, place.timezone, place.currency, place.dataset],
      ['#leads', 'Asia/Tokyo', 'JPY', '777'],
    );
  });

  test('an organic lead (no ad), several accounts → LEADS_CHANNEL, TIMEZONE, no currency', () => {
    assert.deepEqual(placeOfLead({ accountId: null }, served, { ...DEFAULTS, dataset: '999' }), {
      account: null,
      channel: '#leads',
      timezone: 'UTC',
      currency: null,
      dataset: '999',
    });
  });

  test('a lead of an ad of an account not served → LEADS_CHANNEL, never dropped', () => {
    const place = placeOfLead({ accountId: 'act_9999' }, served, DEFAULTS);
    assert.equal(place.account, null);
    assert.equal(place.channel, '#leads');
  });

  test('one account: an organic lead is still in LEADS_CHANNEL, shown in the account’s zone and money', () => {
    assert.deepEqual(placeOfLead({ accountId: null }, [ACME], DEFAULTS), {
      account: null,
      channel: '#leads',
      timezone: 'America/Chicago',
      currency: 'USD',
      dataset: '555',
    });
  });
});

describe('LeadAccounts.assign: the account of a lead’s ad, read once for the leads handled together', () => {
  let db: Database;
  before(() => {
    db = openDatabase(':memory:');
  });
  after(() => db.close());

  function store(id: string, adId: string | null) {
    saveFetchedLead(
      db,
      metaLeadFixture(id, { adId }),
      { fullName: null, phone: null, email: null, answers: [] },
      'page-1',
      'poll',
      1,
    );
    return getLead(db, id) ?? assert.fail('stored');
  }

  function accounts(owners: { accountOf(adId: string): Promise<string> }) {
    return new LeadAccounts({
      db,
      clock: { nowMilliseconds: () => 1 },
      logger: silentLogger,
      owners,
      served: () => [ACME, BERLIN],
      defaults: DEFAULTS,
    });
  }

  test('each lead gets its ad’s account; each ad is asked once; the answer is kept', async () => {
    const asked: string[] = [];
    const owners = {
      accountOf: async (adId: string) => {
        asked.push(adId);
        if (adId === 'ad-gone') throw new AdNotReadable('no such ad');
        return adId === 'ad-b' ? 'act_2002' : 'act_1001';
      },
    };
    const leads = [
      store('A1', 'ad-a'),
      store('A2', 'ad-a'),
      store('B1', 'ad-b'),
      store('O1', null),
      store('G1', 'ad-gone'),
    ];
    const service = accounts(owners);
    await service.assign(leads);
    assert.deepEqual(asked.sort(), ['ad-a', 'ad-b', 'ad-gone']);
    assert.deepEqual(
      ['A1', 'A2', 'B1', 'O1', 'G1'].map((id) => getLead(db, id)?.accountId),
      ['act_1001', 'act_1001', 'act_2002', null, null],
    );
    assert.equal(cachedAdAccount(db, 'ad-b'), 'act_2002');
    assert.equal(service.placeOf(getLead(db, 'B1') ?? assert.fail()).channel, '#client-berlin');
    assert.equal(service.placeOf(getLead(db, 'O1') ?? assert.fail()).channel, '#leads');

    asked.length = 0;
    await service.assign([store('B2', 'ad-b')]);
    assert.deepEqual(asked, [], 'a known ad is not asked again');
    assert.equal(getLead(db, 'B2')?.accountId, 'act_2002');
  });

  test('Meta not answering: the others are stored, then the failure is thrown (the caller tries again)', async () => {
    const down = new MetaError(ErrorCode.MetaUnavailable, 'Meta is down', 'Meta is down', {} as never, true);
    const owners = {
      accountOf: async (adId: string) => {
        if (adId === 'ad-down') throw down;
        return 'act_1001';
      },
    };
    const leads = [store('D1', 'ad-down'), store('C1', 'ad-c')];
    await assert.rejects(accounts(owners).assign(leads), /Meta is down/);
    assert.equal(getLead(db, 'C1')?.accountId, 'act_1001');
    assert.equal(getLead(db, 'D1')?.accountId, null);
  });

  test('settle: an alert waits for Meta a while (retried), then goes on without the account, never dropped', async () => {
    const down = new MetaError(ErrorCode.MetaUnavailable, 'Meta is down', 'Meta is down', {} as never, true);
    const lead = store('W1', 'ad-down-too');
    const at = (now: number) =>
      new LeadAccounts({
        db,
        clock: { nowMilliseconds: () => now },
        logger: silentLogger,
        owners: { accountOf: async () => Promise.reject(down) },
        served: () => [ACME, BERLIN],
        defaults: DEFAULTS,
      });
    assert.match(
      (await at(lead.receivedAt + 60_000).settle(lead)) ?? '',
      /ad account of the lead: Meta is down/,
    );
    assert.equal(await at(lead.receivedAt + ACCOUNT_WAIT_MS).settle(lead), null);
    assert.equal(getLead(db, 'W1')?.accountId, null);
  });
});

describe('AdOwners against the sandbox', () => {
  let graph: GraphEmulator;
  let client: GraphClient;
  before(async () => {
    graph = await startGraphEmulator({ now: () => Date.parse('2026-11-29T18:00:00Z') });
    client = new GraphClient({
      graphUrl: graph.url,
      apiVersion: 'v24.0',
      accessToken: graph.accessToken,
      appSecret: null,
      cacheTtlMs: 60_000,
      timeoutMs: 20_000,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 20 },
      clock: { nowMilliseconds: () => Date.now() },
      logger: silentLogger,
    });
  });
  after(async () => {
    client.close();
    await graph.close();
  });

  test('the ads asked for together: one `?ids=` call, each answered `act_…`; an unknown ad is not readable', async () => {
    const owners = new AdOwners(client);
    const [first, second] = graph.account.ads;
    assert.ok(first && second);
    graph.resetCalls();
    const answers = await Promise.all([owners.accountOf(first.id), owners.accountOf(second.id)]);
    assert.deepEqual(answers, [graph.account.id, graph.account.id]);
    assert.equal(graph.calls.length, 1);
    assert.equal(graph.calls[0]?.query.ids, `${first.id},${second.id}`);
    assert.equal(graph.calls[0]?.query.fields, 'account_id');
    await assert.rejects(owners.accountOf('1999999999'), AdNotReadable);
  });
});
