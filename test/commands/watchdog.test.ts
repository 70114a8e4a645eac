import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../src/accounts/account.js';
import type { Services } from '../../src/commands/types.js';
import { parseWatchdogArgs, WATCHDOG_USAGE, watchdogCommand } from '../../src/commands/watchdog.js';
import { readAccountSettings } from '../../src/db/account-settings.js';
import { openDatabase } from '../../src/db/open.js';
import { readMutes } from '../../src/db/watchdog-state.js';
import { CommandError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import type { WatchdogRunResult } from '../../src/watchdog/runner.js';
import { watchdogView } from '../../src/watchdog/view.js';
import { CHICAGO, TOKYO } from '../support/accounts.js';

const NOW = Date.parse('2026-11-29T18:00:00Z');

function refused(text: string, message: string) {
  assert.throws(
    () => parseWatchdogArgs(text),
    (error: unknown) => {
      assert.ok(error instanceof CommandError);
      assert.equal(error.message, message);
      assert.equal(error.usage, WATCHDOG_USAGE);
      return true;
    },
  );
}

describe('parseWatchdogArgs', () => {
  test('nothing or status → the state; run', () => {
    assert.deepEqual(parseWatchdogArgs(''), { kind: 'status' });
    assert.deepEqual(parseWatchdogArgs(' status '), { kind: 'status' });
    assert.deepEqual(parseWatchdogArgs('RUN'), { kind: 'run' });
  });

  test('set <check> <key> <value>', () => {
    assert.deepEqual(parseWatchdogArgs('set drought min_spend 100'), {
      kind: 'set',
      check: 'drought',
      key: 'min_spend',
      text: '100',
    });
    assert.deepEqual(parseWatchdogArgs('set CPL Factor 2.5'), {
      kind: 'set',
      check: 'cpl',
      key: 'factor',
      text: '2.5',
    });
  });

  test('mute <check> <hours>, 0 lifting it', () => {
    assert.deepEqual(parseWatchdogArgs('mute ads 12'), { kind: 'mute', check: 'ads', hours: 12 });
    assert.deepEqual(parseWatchdogArgs('mute token 1.5h'), { kind: 'mute', check: 'token', hours: 1.5 });
    assert.deepEqual(parseWatchdogArgs('mute token 0'), { kind: 'mute', check: 'token', hours: 0 });
  });

  test('mistakes say what was wrong', () => {
    refused(
      'set rain min_spend 1',
      '“rain” is not a check. The checks: drought, delivery, token, account, ads, cpl, usage.',
    );
    refused(
      'set drought',
      'Name a setting of drought. Its settings: enabled, min_spend, min_hours, learn_weeks.',
    );
    refused(
      'set drought max_cpl 5',
      '“max_cpl” is not a setting of drought. Its settings: enabled, min_spend, min_hours, learn_weeks.',
    );
    refused('set drought min_spend', 'Give one value for drought min_spend.');
    refused('mute ads', 'Mute for 0 to 720 hours (0 lifts the mute).');
    refused('mute ads forever', 'Mute for 0 to 720 hours (0 lifts the mute).');
    refused('mute ads 721', 'Mute for 0 to 720 hours (0 lifts the mute).');
    refused('mute', 'Name a check.');
    refused('run now', '`/watchdog run` takes nothing after it.');
    refused('silence', '“silence” is not a /watchdog command.');
  });
});

describe('/watchdog', () => {
  function services(accounts: Account[] = [CHICAGO]) {
    const db = openDatabase(':memory:');
    const view = (account: Account) =>
      watchdogView(db, {
        account,
        label: accounts.length > 1 ? `${account.name} (${account.id})` : null,
        tokenAccountId: accounts[0]?.id ?? null,
        now: NOW,
        cron: '*/15 * * * *',
        channel: account.homeChannel ?? '#approvals',
        approvers: ['U0BOSS'],
      });
    const ran: string[] = [];
    const result: WatchdogRunResult = {
      at: NOW,
      checks: [],
      alertsPosted: 2,
      resolvedPosted: 1,
      failedPosts: 0,
      graphCalls: 4,
      failedAccounts: [],
    };
    const fake = {
      db,
      clock: { nowMilliseconds: () => NOW },
      logger: silentLogger,
      config: { approvers: ['U0BOSS'] },
      accounts: { served: () => accounts },
      watchdog: {
        view: async (account: Account) => view(account),
        run: async (account: Account) => {
          ran.push(account.id);
          return result;
        },
        labelOf: (account: Account) => (accounts.length > 1 ? `${account.name} (${account.id})` : null),
        settingsOwner: (check: string, account: Account) =>
          check === 'token' ? (accounts[0] ?? account) : account,
      },
    };
    return { services: fake as unknown as Services, db, ran };
  }
  const ask = (s: Services, text: string, userId = 'U0BOSS', channelId = 'C1') =>
    watchdogCommand.handle({ userId, channelId, channelName: 'general', text }, s);

  test('set by an approver: stored in cents for the account, the change told back', async () => {
    const { services: s, db } = services();
    const reply = await ask(s, 'set drought min_spend 100');
    assert.equal(
      reply.text,
      ':white_check_mark: drought min_spend: $75.00 → $100.00. It counts from the next run.',
    );
    assert.equal(readAccountSettings(db, CHICAGO.id).get('watchdog.drought.min_spend'), 10_000);
    await ask(s, 'set cpl enabled off');
    assert.equal(readAccountSettings(db, CHICAGO.id).get('watchdog.cpl.enabled'), false);
  });

  test('set or mute by someone else: refused, nothing stored', async () => {
    const { services: s, db } = services();
    const set = await ask(s, 'set drought min_spend 100', 'U0OTHER');
    assert.equal(
      set.text,
      'Only approvers can change the watchdog’s thresholds (APPROVERS). Nothing was changed.',
    );
    const mute = await ask(s, 'mute ads 4', 'U0OTHER');
    assert.equal(mute.text, 'Only approvers can mute the watchdog (APPROVERS). Nothing was changed.');
    assert.equal(readAccountSettings(db, CHICAGO.id).size, 0);
    assert.equal(readMutes(db, CHICAGO.id, NOW).size, 0);
  });

  test('a bad value is a usage error', async () => {
    const { services: s } = services();
    await assert.rejects(ask(s, 'set cpl factor 0.5'), /cpl factor: the value must be from 1.1× to 20×./);
  });

  test('mute until a local time; 0 lifts it', async () => {
    const { services: s, db } = services();
    const reply = await ask(s, 'mute ads 4');
    assert.equal(
      reply.text,
      ':mute: ads is muted until Nov 29, 4:00 PM CST. It is still checked; what is still wrong then is posted then.',
    );
    assert.equal(readMutes(db, CHICAGO.id, NOW).get('ads')?.until, NOW + 4 * 3_600_000);
    await ask(s, 'mute ads 0');
    assert.equal(readMutes(db, CHICAGO.id, NOW).size, 0);
  });

  test('status shows every check; run runs them and says what was posted', async () => {
    const { services: s, ran } = services();
    const status = await ask(s, '', 'U0OTHER');
    assert.equal(status.visibility, 'ephemeral');
    assert.equal(
      status.text,
      'Watchdog: drought not run, delivery not run, token not run, account not run, ads not run, cpl not run, usage not run',
    );
    const done = await ask(s, 'run', 'U0OTHER');
    assert.deepEqual(ran, [CHICAGO.id]);
    assert.match(done.text, /^Checked now: 2 alerts and 1 “resolved” posted\. Watchdog:/);
  });

  test('a JPY account: min_spend not set (in JPY) and how to set it; set in yen, shown in yen', async () => {
    const { services: s, db } = services([TOKYO]);
    const before = JSON.stringify(await ask(s, ''));
    assert.match(before, /`min_spend` not set \(in JPY\)/);
    assert.match(
      before,
      /`min_spend` has no default in JPY: what needs it is off until `\/watchdog set drought min_spend <amount>` sets it/,
    );
    assert.match(before, /\(amounts in JPY\)/);
    assert.doesNotMatch(before, /dollars/);

    const reply = await ask(s, 'set drought min_spend ¥5,000');
    assert.equal(
      reply.text,
      ':white_check_mark: drought min_spend: not set (in JPY) → ¥5,000. It counts from the next run.',
    );
    assert.equal(readAccountSettings(db, TOKYO.id).get('watchdog.drought.min_spend'), 5000);
    const after = JSON.stringify(await ask(s, ''));
    assert.match(after, /`min_spend` ¥5,000/);
    assert.doesNotMatch(after, /drought min_spend <amount>/);
    // Muted until a time in Tokyo.
    assert.equal(
      (await ask(s, 'mute ads 4')).text,
      ':mute: ads is muted until Nov 30, 7:00 AM GMT+9. It is still checked; what is still wrong then is posted then.',
    );
  });

  test('several accounts: the home channel or act_… says which; none named → the list; each its own', async () => {
    const { services: s, db, ran } = services([CHICAGO, TOKYO]);
    await assert.rejects(ask(s, 'set drought min_spend 100'), (error: unknown) => {
      assert.ok(error instanceof CommandError);
      assert.match(
        error.message,
        /Which ad account\? Add one of act_1001 \(Brazos & Reyes\), act_3003 \(Sakura Law, C0TOKYO\)/,
      );
      return true;
    });
    // In Tokyo's home channel: about Tokyo, in yen.
    const tokyo = await ask(s, 'set drought min_spend 8000', 'U0BOSS', 'C0TOKYO');
    assert.equal(
      tokyo.text,
      ':white_check_mark: drought min_spend for Sakura Law (act_3003): not set (in JPY) → ¥8,000. It counts from the next run.',
    );
    // Elsewhere, act_… names Chicago.
    await ask(s, 'set drought min_spend 100 act_1001');
    await ask(s, 'mute cpl 2 act_1001');
    assert.equal(readAccountSettings(db, TOKYO.id).get('watchdog.drought.min_spend'), 8000);
    assert.equal(readAccountSettings(db, CHICAGO.id).get('watchdog.drought.min_spend'), 10_000);
    assert.equal(readMutes(db, CHICAGO.id, NOW).has('cpl'), true);
    assert.equal(readMutes(db, TOKYO.id, NOW).size, 0);
    // The token is one: its settings and mutes are kept with the first account, wherever typed.
    await ask(s, 'mute token 3', 'U0BOSS', 'C0TOKYO');
    assert.equal(readMutes(db, CHICAGO.id, NOW).has('token'), true);
    assert.equal(readMutes(db, TOKYO.id, NOW).has('token'), false);

    const status = JSON.stringify(await ask(s, 'act_3003'));
    assert.match(status, /Watchdog — Sakura Law \(act_3003\)/);
    assert.match(status, /`min_spend` ¥8,000/);
    await ask(s, 'run', 'U0OTHER', 'C0TOKYO');
    assert.deepEqual(ran, [TOKYO.id]);
  });
});
