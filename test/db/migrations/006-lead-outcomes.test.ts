import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';
import { databaseAt } from './support.js';

test('006 numbers the leads already stored, oldest first', () => {
  const db = databaseAt(5);
  const insert = db.prepare(
    "INSERT INTO leads (id, received_at, received_via, state) VALUES (?, ?, 'webhook', 'complete')",
  );
  insert.run('L-late', 3_000);
  insert.run('L-early', 1_000);
  insert.run('L-middle', 2_000);

  migrate(db, 6);

  assert.equal(schemaVersion(db), 6);
  assert.deepEqual(db.prepare('SELECT number, lead_id FROM lead_numbers ORDER BY number').all(), [
    { number: 1, lead_id: 'L-early' },
    { number: 2, lead_id: 'L-middle' },
    { number: 3, lead_id: 'L-late' },
  ]);
  db.close();
});
