import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';
import { databaseAt } from './support.js';

const COLUMNS = `account_id, currency, kind, undo_of, rule, also_rules, adset_id, adset_name, campaign_id, campaign_name,
  target_type, target_id, target_name, action, before_status, after_status, reason, figures, urgent, status,
  created_at, expires_at`;

test('014: proposals keep their rows, ids, links and indexes, and may now target an ad, copy an ad set or make a lookalike', () => {
  const db = databaseAt(13);
  const insert = (kind: string, undoOf: number | null, targetType: string, action: string) =>
    db
      .prepare(
        `INSERT INTO proposals (${COLUMNS}) VALUES ('act_1', 'USD', ?, ?, 'kill', '[]', 'A1', 'Ad set', 'C1', 'Camp',
          ?, 'A1', 'Ad set', ?, 'ACTIVE', 'PAUSED', 'why', '{}', 0, 'applied', 1, 2)`,
      )
      .run(kind, undoOf, targetType, action);
  insert('change', null, 'adset', 'pause');
  insert('undo', 1, 'adset', 'resume');
  db.prepare('UPDATE proposals SET undone_by = 2 WHERE id = 1').run();
  assert.throws(() => insert('change', null, 'ad', 'pause'), /CHECK constraint/);
  const before = db.prepare('SELECT * FROM proposals ORDER BY id').all();

  migrate(db, 14);
  assert.equal(schemaVersion(db), 14);
  assert.deepEqual(db.prepare('SELECT * FROM proposals ORDER BY id').all(), before);
  insert('change', null, 'ad', 'pause');
  insert('change', null, 'adset', 'duplicate');
  insert('change', null, 'account', 'create_lookalike');
  assert.throws(() => insert('change', null, 'page', 'pause'), /CHECK constraint/);
  assert.throws(() => insert('change', null, 'ad', 'delete'), /CHECK constraint/);
  const indexes = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'proposals' AND sql IS NOT NULL ORDER BY name",
    )
    .all()
    .map((row) => (row as { name: string }).name);
  assert.deepEqual(indexes, ['proposals_account_status', 'proposals_adset', 'proposals_status']);
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  assert.throws(() => db.prepare('UPDATE proposals SET undo_of = 999 WHERE id = 2').run(), /FOREIGN KEY/);
});
