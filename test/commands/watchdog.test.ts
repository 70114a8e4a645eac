import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Services } from '../../src/commands/types.js';
import { parseWatchdogArgs, WATCHDOG_USAGE, watchdogCommand } from '../../src/commands/watchdog.js';
import { openDatabase } from '../../src/db/open.js';
import { readMutes, readWatchdogSettings } from '../../src/db/watchdog-settings.js';
import { CommandError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import type { WatchdogRunResult } from '../../src/watchdog/runner.js';
import { watchdogView } from '../../src/watchdog/view.js';

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
      '“rain” is not a check. The checks: drought, delivery, token, account, ads, cpl.',
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
  function services() {
    const db = openDatabase(':memory:');
    const view = () =>
      watchdogView(db, {
        now: NOW,
        timezone: 'America/Chicago',
        cron: '*/15 * * * *',
        channel: '#approvals',
        approvers: ['U0BOSS'],
      });
    let runs = 0;
    const result: WatchdogRunResult = {
      at: NOW,
      checks: [],
      alertsPosted: 2,
      resolvedPosted: 1,
      failedPosts: 0,
      graphCalls: 4,
    };
    const fake = {
      db,
      clock: { nowMilliseconds: () => NOW },
      logger: silentLogger,
      config: { approvers: ['U0BOSS'] },
      accountProfile: { get: async () => ({ timezone: 'America/Chicago' }) },
      watchdog: {
        view: async () => view(),
        run: async () => {
          runs++;
          return result;
        },
      },
    };
    return { services: fake as unknown as Services, db, runs: () => runs };
  }
  const ask = (s: Services, text: string, userId = 'U0BOSS') =>
    watchdogCommand.handle({ userId, channelId: 'C1', channelName: 'general', text }, s);

  test('set by an approver: stored in cents, the change told back', async () => {
    const { services: s, db } = services();
    const reply = await ask(s, 'set drought min_spend 100');
    assert.equal(
      reply.text,
      ':white_check_mark: drought min_spend: $75.00 → $100.00. It counts from the next run.',
    );
    assert.equal(readWatchdogSettings(db).get('drought.min_spend'), 10_000);
    await ask(s, 'set cpl enabled off');
    assert.equal(readWatchdogSettings(db).get('cpl.enabled'), false);
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
    assert.equal(readWatchdogSettings(db).size, 0);
    assert.equal(readMutes(db, NOW).size, 0);
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
    assert.equal(readMutes(db, NOW).get('ads')?.until, NOW + 4 * 3_600_000);
    await ask(s, 'mute ads 0');
    assert.equal(readMutes(db, NOW).size, 0);
  });

  test('status shows every check; run runs them and says what was posted', async () => {
    const { services: s, runs } = services();
    const status = await ask(s, '', 'U0OTHER');
    assert.equal(status.visibility, 'ephemeral');
    assert.equal(
      status.text,
      'Watchdog: drought not run, delivery not run, token not run, account not run, ads not run, cpl not run',
    );
    const ran = await ask(s, 'run', 'U0OTHER');
    assert.equal(runs(), 1);
    assert.match(ran.text, /^Checked now: 2 alerts and 1 “resolved” posted\. Watchdog:/);
  });
});
