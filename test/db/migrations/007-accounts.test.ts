import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';
import { LeadOpsError } from '../../../src/errors.js';
import { databaseAt } from './support.js';

function singleAccountDatabase() {
  const db = databaseAt(6);
  const insert = db.prepare(
    "INSERT INTO leads (id, ad_id, is_organic, received_at, received_via, state) VALUES (?, ?, ?, 1, 'webhook', 'complete')",
  );
  insert.run('L-ad', '120200001', 0);
  insert.run('L-organic', null, 1);
  db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('meta.account', ?, 5)").run(
    JSON.stringify({ id: 'act_42', name: 'Brazos & Reyes', timezone: 'America/Chicago', currency: 'USD' }),
  );
  return db;
}

test('007: a single-account database’s leads and stored profile become its account’s', () => {
  const db = singleAccountDatabase();
  migrate(db, 7, { accountId: 'act_42' });
  assert.equal(schemaVersion(db), 7);
  assert.deepEqual(db.prepare('SELECT id, account_id FROM leads ORDER BY id').all(), [
    { id: 'L-ad', account_id: 'act_42' },
    { id: 'L-organic', account_id: null },
  ]);
  assert.deepEqual(db.prepare('SELECT id, served, name, currency, timezone, read_at FROM accounts').all(), [
    {
      id: 'act_42',
      served: 1,
      name: 'Brazos & Reyes',
      currency: 'USD',
      timezone: 'America/Chicago',
      read_at: 5,
    },
  ]);
  assert.deepEqual(db.prepare("SELECT count(*) AS n FROM settings WHERE key = 'meta.account'").get(), {
    n: 0,
  });
  db.close();
});

test('007 refuses to guess whose data it is: without the account, a database with leads stays at 6', () => {
  const db = singleAccountDatabase();
  assert.throws(() => migrate(db, 7, { accountId: null }), LeadOpsError);
  assert.equal(schemaVersion(db), 6);
  db.close();
});
