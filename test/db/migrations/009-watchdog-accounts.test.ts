import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAccountSettings } from '../../../src/db/account-settings.js';
import { schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';
import { readSetting } from '../../../src/db/settings.js';
import { readCheckStatuses, readConditions, readMutes } from '../../../src/db/watchdog-state.js';
import { LeadOpsError } from '../../../src/errors.js';
import { databaseAt } from './support.js';

const T = Date.parse('2026-11-29T18:00:00Z');

/** A single-account database at 7 whose watchdog has run: thresholds set, a condition told, a mute, a memo. */
function singleAccountWatchdog() {
  const db = databaseAt(7);
  const setting = db.prepare(
    'INSERT INTO watchdog_settings (check_name, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  setting.run('drought', 'min_spend', '10000', 'U0BOSS', T - 5);
  setting.run('cpl', 'enabled', 'false', 'U0BOSS', T - 4);
  db.prepare(
    `INSERT INTO watchdog_checks (check_name, state, summary, checked_at, error, memo)
     VALUES ('token', 'ok', 'Valid', ?, NULL, '{"checkedAt":1}'), ('account', 'alert', 'unsettled', ?, NULL, '{}')`,
  ).run(T, T);
  db.prepare(
    `INSERT INTO watchdog_conditions (check_name, key, active, level, title, detail, fix, started_at, seen_at,
       ended_at, announced_level, announced_at)
     VALUES ('account', 'status', 1, '3', 'The ad account is unsettled', 'd', 'f', ?, ?, NULL, '3', ?)`,
  ).run(T - 100, T, T - 90);
  db.prepare(
    "INSERT INTO watchdog_mutes (check_name, until, muted_by, muted_at) VALUES ('ads', ?, 'U0BOSS', ?)",
  ).run(T + 3_600_000, T);
  db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('watchdog.watching_since', ?, ?)").run(
    String(T - 86_400_000),
    T - 86_400_000,
  );
  return db;
}

test('009: a single-account watchdog’s settings, state, mutes and start move onto its account', () => {
  const db = singleAccountWatchdog();
  migrate(db, 9, { accountId: 'act_42' });
  assert.equal(schemaVersion(db), 9);

  // Thresholds: in account_settings, scope watchdog.<check>; the old table gone.
  assert.deepEqual(
    readAccountSettings(db, 'act_42'),
    new Map<string, number | boolean>([
      ['watchdog.drought.min_spend', 10_000],
      ['watchdog.cpl.enabled', false],
    ]),
  );
  assert.deepEqual(
    db.prepare("SELECT updated_by, updated_at FROM account_settings WHERE scope = 'watchdog.drought'").get(),
    { updated_by: 'U0BOSS', updated_at: T - 5 },
  );
  assert.equal(
    db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'watchdog_settings'").pluck().get(),
    0,
  );

  // State, conditions and mutes: the account's, keyed by it.
  assert.deepEqual(readCheckStatuses(db, 'act_42').get('token'), {
    check: 'token',
    state: 'ok',
    summary: 'Valid',
    checkedAt: T,
    error: null,
    memo: { checkedAt: 1 },
  });
  assert.equal(readCheckStatuses(db, 'act_42').size, 2);
  assert.deepEqual(
    readConditions(db, 'act_42').map((r) => [r.check, r.key, r.level, r.announcedLevel, r.startedAt]),
    [['account', 'status', '3', '3', T - 100]],
  );
  assert.equal(readMutes(db, 'act_42', T).get('ads')?.until, T + 3_600_000);
  assert.equal(readConditions(db, 'act_2').length, 0);
  for (const table of ['watchdog_checks', 'watchdog_conditions', 'watchdog_mutes']) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; pk: number }[];
    assert.equal(columns.find((c) => c.name === 'account_id')?.pk, 1, `${table}: account_id leads its key`);
  }

  // When the watchdog began watching: the account's.
  assert.equal(readSetting<number>(db, 'watchdog.watching_since'), null);
  assert.equal(readSetting<number>(db, 'watchdog.watching_since@act_42'), T - 86_400_000);
  db.close();
});

test('009 after 8: a database whose recorded start is all it has — the account is watched since then', () => {
  const db = databaseAt(8);
  db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('leadops.started_at', ?, ?)").run(
    String(T - 5_000),
    T - 5_000,
  );
  migrate(db, 9, { accountId: 'act_42' });
  assert.equal(readSetting<number>(db, 'watchdog.watching_since@act_42'), T - 5_000);
  assert.equal(readSetting<number>(db, 'leadops.started_at'), T - 5_000, 'the shared start stays');
  db.close();
});

test('009 on a database whose watchdog never ran: nothing needed, the new tables in place', () => {
  const db = databaseAt(7);
  migrate(db, 9, { accountId: null });
  assert.equal(schemaVersion(db), 9);
  db.prepare(
    "INSERT INTO watchdog_mutes (account_id, check_name, until, muted_by, muted_at) VALUES ('act_1', 'ads', 2, 'U', 1), ('act_2', 'ads', 2, 'U', 1)",
  ).run();
  assert.equal(readMutes(db, 'act_1', 0).size, 1);
  db.close();
});

test('009 refuses to guess whose watchdog it is: without the account, a database with its rows stays before 9', () => {
  const db = singleAccountWatchdog();
  assert.throws(() => migrate(db, 9, { accountId: null }), LeadOpsError);
  assert.equal(schemaVersion(db), 8);
  assert.equal(db.prepare('SELECT count(*) FROM watchdog_settings').pluck().get(), 2);
  db.close();
});
