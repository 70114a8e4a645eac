import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../src/db/open.js';
import { recordStart, startedAt } from '../../src/db/started-at.js';

const T0 = Date.parse('2026-11-20T15:00:00Z');

test('when LeadOps started on a database: recorded at the first start, kept at the next', () => {
  const db = openDatabase(':memory:');
  try {
    assert.equal(startedAt(db), null);
    assert.equal(recordStart(db, T0), T0);
    assert.equal(recordStart(db, T0 + 86_400_000), T0);
    assert.equal(startedAt(db), T0);
  } finally {
    db.close();
  }
});
