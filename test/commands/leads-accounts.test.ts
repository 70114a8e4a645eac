import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { leadsCommand } from '../../src/commands/leads.js';
import type { Invocation, Services } from '../../src/commands/types.js';
import { setLeadAccount } from '../../src/db/ad-accounts.js';
import { saveFetchedLead } from '../../src/db/leads.js';
import { type Database, openDatabase } from '../../src/db/open.js';
import { CommandError } from '../../src/errors.js';
import type { Reply } from '../../src/messages/reply.js';
import { metaLeadFixture } from '../support/lead-fixtures.js';

const NOW = Date.parse('2026-11-29T20:00:00Z'); // Nov 29 in Chicago; already Nov 30 in Tokyo
const ACME: Account = {
  id: 'act_1001',
  name: 'Acme Injury Law',
  currency: 'USD',
  timezone: 'America/Chicago',
  homeChannel: '#client-acme',
  pixelId: null,
};
const TOKYO: Account = {
  id: 'act_3003',
  name: 'Tokyo Law',
  currency: 'JPY',
  timezone: 'Asia/Tokyo',
  homeChannel: '#client-tokyo',
  pixelId: null,
};

/** What /leads uses of the services: the store, the clock, the served accounts, TIMEZONE. */
function servicesFor(db: Database, served: readonly Account[]): Services {
  return {
    db,
    clock: { nowMilliseconds: () => NOW },
    accounts: { served: () => served },
    config: { timezone: null },
  } as unknown as Services;
}

function ask(services: Services, text: string, channelName: string | null = 'general'): Promise<Reply> {
  const invocation: Invocation = { userId: 'U0ANA', channelId: null, channelName, text };
  return leadsCommand.handle(invocation, services);
}

const textOf = (reply: Reply) => JSON.stringify(reply.blocks);

describe('/leads with several ad accounts', () => {
  let db: Database;
  before(() => {
    db = openDatabase(':memory:');
    const store = (id: string, name: string, createdTime: number, accountId: string | null) => {
      saveFetchedLead(
        db,
        metaLeadFixture(id, { createdTime, adId: accountId ? `ad-${id}` : null }),
        { fullName: name, phone: null, email: null, answers: [] },
        'page-1',
        'poll',
        createdTime,
      );
      if (accountId) setLeadAccount(db, id, accountId);
    };
    store('A1', 'Ann Acme', NOW - 3_600_000, 'act_1001'); // Nov 29, 1 PM in Chicago
    store('T1', 'Taro Tokyo', NOW - 3_600_000, 'act_3003'); // Nov 30, 4 AM in Tokyo: its today
    store('T2', 'Hana Tokyo', NOW - 10 * 3_600_000, 'act_3003'); // Nov 29 in Tokyo: yesterday there
    store('O1', 'Olga Organic', NOW - 2 * 3_600_000, null);
  });
  after(() => db.close());

  test('in an account’s home channel: that account’s leads, in its zone', async () => {
    const reply = await ask(servicesFor(db, [ACME, TOKYO]), '', 'client-tokyo');
    assert.match(textOf(reply), /Taro Tokyo/);
    assert.match(textOf(reply), /Hana Tokyo/);
    assert.doesNotMatch(textOf(reply), /Ann Acme|Olga Organic/);
    assert.match(textOf(reply), /times in Asia\/Tokyo/);
  });

  test('with act_…: that account’s leads, wherever asked; a search too', async () => {
    const services = servicesFor(db, [ACME, TOKYO]);
    assert.match(textOf(await ask(services, 'act_1001')), /Ann Acme/);
    assert.doesNotMatch(textOf(await ask(services, 'act_1001')), /Tokyo/);
    assert.doesNotMatch(textOf(await ask(services, 'tokyo act_1001')), /Tokyo/);
    assert.match(textOf(await ask(services, 'tokyo act_3003')), /Taro Tokyo/);
  });

  test('elsewhere: every account’s leads, each line naming its account, each in its own zone', async () => {
    const reply = await ask(servicesFor(db, [ACME, TOKYO]), '10');
    const text = textOf(reply);
    assert.match(text, /Ann Acme.*Nov 29, 1:00 PM CST · Acme Injury Law/);
    assert.match(text, /Taro Tokyo.*Nov 30, 4:00 AM GMT\+9 · Tokyo Law/);
    assert.match(text, /Olga Organic.*no ad account/);
    assert.match(text, /times in each lead’s ad account’s time zone/);
  });

  test('today across accounts: each account’s own day', async () => {
    const reply = await ask(servicesFor(db, [ACME, TOKYO]), 'today');
    const text = textOf(reply);
    assert.match(text, /Today’s leads \(each account’s own day\)/);
    assert.match(text, /Ann Acme/);
    assert.match(text, /Taro Tokyo/);
    assert.doesNotMatch(text, /Hana Tokyo/, 'Nov 29 is yesterday in Tokyo');
  });

  test('today in one account: its day only', async () => {
    const text = textOf(await ask(servicesFor(db, [ACME, TOKYO]), 'today act_3003'));
    assert.match(text, /Taro Tokyo/);
    assert.doesNotMatch(text, /Hana Tokyo|Ann Acme/);
  });

  test('stats needs one account: none named elsewhere → the list of accounts', async () => {
    await assert.rejects(
      ask(servicesFor(db, [ACME, TOKYO]), 'stats'),
      (error: unknown) =>
        error instanceof CommandError &&
        /Which ad account\? Add one of act_1001 .*act_3003/.test(error.message),
    );
    const funnel = textOf(await ask(servicesFor(db, [ACME, TOKYO]), 'stats act_3003'));
    assert.match(funnel, /Tokyo Law · Asia\/Tokyo/);
    assert.match(funnel, /2 leads/);
  });

  test('an act_… LeadOps does not serve is named as such', async () => {
    await assert.rejects(ask(servicesFor(db, [ACME, TOKYO]), 'act_777'), /does not serve act_777/);
  });

  test('one account: every lead (organic ones too), as before, in its zone', async () => {
    const text = textOf(await ask(servicesFor(db, [ACME]), ''));
    for (const name of ['Ann Acme', 'Taro Tokyo', 'Olga Organic']) assert.match(text, new RegExp(name));
    assert.match(text, /times in America\/Chicago/);
    assert.doesNotMatch(text, /Acme Injury Law/, 'no account names in a one-account list');
  });
});
