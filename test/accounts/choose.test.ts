import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { chooseAccount } from '../../src/accounts/choose.js';

const account = (id: string, homeChannel: string | null): Account => ({
  id,
  name: id,
  currency: 'USD',
  timezone: 'UTC',
  homeChannel,
  pixelId: null,
});
const ACME = account('act_1001', 'C0ACME');
const BETA = account('act_2002', '#client-beta');
const GAMMA = account('act_3003', null);
const ALL = [ACME, BETA, GAMMA];
const elsewhere = { channelId: 'C0OTHER', channelName: 'general' };

describe('chooseAccount', () => {
  test('an act_… argument names the account wherever it is typed, and is taken out of the arguments', () => {
    const choice = chooseAccount(
      ['last_7d', 'act_2002', 'adsets'],
      { channelId: 'C0ACME', channelName: 'acme' },
      ALL,
    );
    assert.deepEqual(choice, { kind: 'one', account: BETA, args: ['last_7d', 'adsets'] });
  });

  test('an act_… LeadOps does not serve is unknown, with the list', () => {
    assert.deepEqual(chooseAccount(['act_999'], elsewhere, ALL), {
      kind: 'unknown',
      id: 'act_999',
      accounts: ALL,
    });
  });

  test('in a home channel, by id or by name, the command is about that account', () => {
    assert.equal(chooseAccount([], { channelId: 'C0ACME', channelName: 'acme' }, ALL).kind, 'one');
    assert.deepEqual(chooseAccount(['today'], { channelId: 'C0BETA', channelName: 'client-beta' }, ALL), {
      kind: 'one',
      account: BETA,
      args: ['today'],
    });
  });

  test('elsewhere with several accounts: several; with one account: that one, no act_… needed', () => {
    assert.deepEqual(chooseAccount(['today'], elsewhere, ALL), {
      kind: 'several',
      accounts: ALL,
      args: ['today'],
    });
    assert.deepEqual(chooseAccount(['today'], elsewhere, [GAMMA]), {
      kind: 'one',
      account: GAMMA,
      args: ['today'],
    });
  });
});
