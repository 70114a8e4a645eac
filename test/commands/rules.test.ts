import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import { parseRulesArgs, RULES_USAGE, rulesCommand } from '../../src/commands/rules.js';
import type { Services } from '../../src/commands/types.js';
import { readAccountSettings } from '../../src/db/account-settings.js';
import { recentAudit } from '../../src/db/audit-log.js';
import { openDatabase } from '../../src/db/open.js';
import { CommandError } from '../../src/errors.js';
import { ACCOUNT, YEN_ACCOUNT } from '../approvals/support.js';

function refused(text: string, message: RegExp) {
  assert.throws(
    () => parseRulesArgs(text),
    (error: unknown) => {
      assert.ok(error instanceof CommandError);
      assert.match(error.message, message);
      assert.equal(error.usage, RULES_USAGE);
      return true;
    },
  );
}

describe('parseRulesArgs', () => {
  test('nothing or list → the list; run; history with an optional count', () => {
    assert.deepEqual(parseRulesArgs(''), { kind: 'list' });
    assert.deepEqual(parseRulesArgs(' list '), { kind: 'list' });
    assert.deepEqual(parseRulesArgs('run'), { kind: 'run' });
    assert.deepEqual(parseRulesArgs('RUN'), { kind: 'run' });
    assert.deepEqual(parseRulesArgs('history'), { kind: 'history', count: 20 });
    assert.deepEqual(parseRulesArgs('history 50'), { kind: 'history', count: 50 });
    refused('history 51', /Ask for 1 to 50/);
    refused('history 0', /Ask for 1 to 50/);
    refused('run now', /takes nothing after it/);
  });

  test('enable and disable name one rule', () => {
    assert.deepEqual(parseRulesArgs('enable rebalance'), {
      kind: 'toggle',
      rule: 'rebalance',
      enabled: true,
    });
    assert.deepEqual(parseRulesArgs('disable Kill'), { kind: 'toggle', rule: 'kill', enabled: false });
    refused('enable', /Name a rule/);
    refused(
      'enable everything',
      /“everything” is not a rule\. The rules: kill, scale, fatigue, protect, rebalance/,
    );
    refused('disable limits', /Name one rule to disable/);
  });

  test('set <rule> <key> <value>: known rules and keys only', () => {
    assert.deepEqual(parseRulesArgs('set kill max_cpl 45'), {
      kind: 'set',
      group: 'kill',
      key: 'max_cpl',
      text: '45',
    });
    assert.deepEqual(parseRulesArgs('set limits cooldown_hours 12'), {
      kind: 'set',
      group: 'limits',
      key: 'cooldown_hours',
      text: '12',
    });
    refused(
      'set kill max_cpc 45',
      /“max_cpc” is not a setting of kill\. Its settings: window, max_cpl, min_impressions/,
    );
    refused('set kill enabled false', /Use \/rules enable or \/rules disable/);
    refused('set kill max_cpl', /Give one value for kill max_cpl/);
    refused('set kill max_cpl 45 50', /Give one value/);
    refused('set', /Name a rule/);
    refused('delete kill', /“delete” is not a \/rules command/);
  });
});

function servicesFor(accounts: Account[], maxDailyBudget: string | null = null) {
  const db = openDatabase(':memory:');
  const services = {
    db,
    clock: { nowMilliseconds: () => Date.parse('2026-11-29T18:00:00Z') },
    config: { approvers: ['U0BOSS'], protected: [], maxDailyBudget },
    accounts: { served: () => accounts },
  } as unknown as Services;
  const ask = (text: string, channelName = 'general') =>
    rulesCommand.handle({ userId: 'U0BOSS', channelId: 'C1', channelName, text }, services);
  return { db, services, ask };
}

describe('/rules, asked by an approver', () => {
  const { db, ask } = servicesFor([ACCOUNT]);

  test('a change is stored, told back and audited', async () => {
    const reply = await ask('enable rebalance');
    assert.equal(
      reply.text,
      ':white_check_mark: Rule rebalance: off → on. It counts from the next evaluation.',
    );
    assert.equal(readAccountSettings(db, ACCOUNT.id).get('rebalance.enabled'), true);
    assert.deepEqual(
      recentAudit(db, 10, ACCOUNT.id).map((entry) => entry.detail),
      ['rebalance: off → on'],
    );
  });

  test('the state it already has: said so, nothing stored or audited', async () => {
    const reply = await ask('enable rebalance');
    assert.equal(reply.text, 'Rule rebalance is already on. Nothing was changed.');
    assert.equal(
      (await ask('disable kill')).text,
      ':white_check_mark: Rule kill: on → off. It counts from the next evaluation.',
    );
    assert.equal((await ask('disable kill')).text, 'Rule kill is already off. Nothing was changed.');
    assert.equal(recentAudit(db, 10, ACCOUNT.id).length, 2);
  });

  test('a value out of range: the setting, then the problem in lower case', async () => {
    await assert.rejects(ask('set kill max_cpl 0'), {
      message: 'kill max_cpl: the value must be at least $0.01.',
    });
  });

  test('the usage names history’s count', () => {
    assert.match(RULES_USAGE, /\/rules history \[n\]/);
  });
});

describe('/rules with a yen account and a dollar one', () => {
  const blocksOf = (reply: { blocks?: unknown[] }) => JSON.stringify(reply.blocks ?? []);

  test('a yen account with nothing set: /rules says its money thresholds are not set, how to set them in JPY', async () => {
    const { ask } = servicesFor([YEN_ACCOUNT], '50000');
    const list = await ask('');
    assert.match(blocksOf(list), /`max_cpl` not set — `\/rules set kill max_cpl <amount in JPY>`/);
    assert.match(
      blocksOf(list),
      /\*kill\* — on, but off in this account until max_cpl or max_spend_without_leads is set/,
    );
    assert.match(blocksOf(list), /ceiling MAX_DAILY_BUDGET: ¥50,000/);
    assert.doesNotMatch(blocksOf(list), /Ad account:/, 'one account: not named');
  });

  test('/rules set kill max_cpl 3000 in a yen account: ¥3,000, stored in whole yen', async () => {
    const { ask, db } = servicesFor([YEN_ACCOUNT]);
    const set = await ask('set kill max_cpl 3000');
    assert.equal(
      set.text,
      ':white_check_mark: kill max_cpl: not set (in JPY) → ¥3,000. It counts from the next evaluation.',
    );
    assert.equal(readAccountSettings(db, YEN_ACCOUNT.id).get('kill.max_cpl'), 3000);
    assert.match(blocksOf(await ask('')), /`max_cpl` ¥3,000/);
    await assert.rejects(ask('set kill max_cpl lots'), {
      message: 'kill max_cpl: “lots” is not an amount in JPY (e.g. ¥4,550).',
    });
  });

  test('several accounts: act_… names one, and setting its kill max_cpl leaves the other’s', async () => {
    const { ask, db } = servicesFor([ACCOUNT, YEN_ACCOUNT]);
    await assert.rejects(ask('set kill max_cpl 45'), (error: unknown) => {
      assert.ok(error instanceof CommandError);
      assert.match(error.message, /Which ad account\? Add one of act_1001 \(Brazos & Reyes\), act_3003/);
      return true;
    });
    const set = await ask('set kill max_cpl 3000 act_3003');
    assert.equal(
      set.text,
      ':white_check_mark: kill max_cpl: not set (in JPY) → ¥3,000 for Sakura Legal. It counts from the next evaluation.',
    );
    assert.equal(readAccountSettings(db, YEN_ACCOUNT.id).get('kill.max_cpl'), 3000);
    assert.equal(readAccountSettings(db, ACCOUNT.id).get('kill.max_cpl'), undefined);
    const dollars = await ask('act_1001');
    assert.match(blocksOf(dollars), /`max_cpl` \$50\.00/);
    assert.match(blocksOf(dollars), /Ad account: \*Brazos &amp; Reyes\* \(act_1001\) · amounts in USD/);
    // In its home channel the account needs no act_…
    const home = await ask('', 'client-sakura');
    assert.match(blocksOf(home), /`max_cpl` ¥3,000/);
    assert.deepEqual(
      recentAudit(db, 10, YEN_ACCOUNT.id).map((e) => e.detail),
      ['kill max_cpl: not set (in JPY) → ¥3,000'],
    );
    assert.deepEqual(recentAudit(db, 10, ACCOUNT.id), []);
  });
});
