import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';
import { LeadOpsError } from '../../../src/errors.js';
import { databaseAt } from './support.js';

/** A database LeadOps left at 10 (before this step): an audience synced, leads stored since without their account. */
function databaseAt10(servedAccounts: readonly string[]) {
  const db = databaseAt(11);
  const insert = db.prepare(
    "INSERT INTO leads (id, ad_id, account_id, is_organic, received_at, received_via, state) VALUES (?, ?, ?, ?, 1, 'webhook', 'complete')",
  );
  insert.run('L-before', '120200001', 'act_42', 0);
  insert.run('L-since', '120200002', null, 0);
  insert.run('L-organic', null, null, 1);
  db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('audiences.past_leads', ?, 5)").run(
    JSON.stringify({ id: '23850000000001' }),
  );
  for (const id of servedAccounts)
    db.prepare('INSERT INTO accounts (id, served, updated_at) VALUES (?, 1, 1)').run(id);
  return db;
}

const leadAccounts = (db: ReturnType<typeof databaseAt>) =>
  db.prepare('SELECT id, account_id FROM leads ORDER BY id').all();

test('012: a single-account database’s audience id becomes its account’s, and its ad leads get the account', () => {
  const db = databaseAt10(['act_42']);
  migrate(db, 12, { accountId: 'act_42' });
  assert.equal(schemaVersion(db), 12);
  assert.deepEqual(db.prepare("SELECT key, value FROM settings WHERE key LIKE 'audiences.%'").all(), [
    { key: 'audiences.past_leads@act_42', value: JSON.stringify({ id: '23850000000001' }) },
  ]);
  assert.deepEqual(leadAccounts(db), [
    { id: 'L-before', account_id: 'act_42' },
    { id: 'L-organic', account_id: null },
    { id: 'L-since', account_id: 'act_42' },
  ]);
  assert.deepEqual(db.prepare('SELECT * FROM ad_accounts').all(), [], 'ads are read from Meta, not guessed');
  db.close();
});

test('012 with several accounts served: a lead’s account is not guessed (its ad is read from Meta later)', () => {
  const db = databaseAt10(['act_42', 'act_43']);
  migrate(db, 12, { accountId: 'act_42' });
  assert.deepEqual(leadAccounts(db), [
    { id: 'L-before', account_id: 'act_42' },
    { id: 'L-organic', account_id: null },
    { id: 'L-since', account_id: null },
  ]);
  assert.equal(
    (
      db.prepare("SELECT count(*) AS n FROM settings WHERE key = 'audiences.past_leads@act_42'").get() as {
        n: number;
      }
    ).n,
    1,
  );
  db.close();
});

test('012 refuses to guess whose audience it is: without the account, the database stays at 11', () => {
  const db = databaseAt10([]);
  assert.throws(() => migrate(db, 12, { accountId: null }), LeadOpsError);
  assert.equal(schemaVersion(db), 11);
  db.close();
});
