import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';
import { readSetting } from '../../../src/db/settings.js';
import { startedAt } from '../../../src/db/started-at.js';
import { databaseAt } from './support.js';

const T0 = Date.parse('2026-11-20T15:00:00Z');

test('008: an older database starts at the earliest moment it knows of; the watchdog’s own record goes', () => {
  const db = databaseAt(7);
  const setting = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
  setting.run('watchdog.watching_since', JSON.stringify(T0 + 3_600_000), T0);
  setting.run('report.scheduledSince', JSON.stringify(T0 + 60_000), T0);
  const lead = db.prepare(
    "INSERT INTO leads (id, received_at, received_via, state) VALUES (?, ?, 'webhook', 'complete')",
  );
  lead.run('L2', T0 + 7_200_000);
  lead.run('L1', T0);
  migrate(db, 8);
  assert.equal(schemaVersion(db), 8);
  assert.equal(startedAt(db), T0);
  assert.equal(readSetting(db, 'watchdog.watching_since'), null);
  assert.equal(readSetting(db, 'report.scheduledSince'), T0 + 60_000, 'the report schedule keeps its own');
});

test('008: a database that knows of no moment gets its start at the next start-up', () => {
  const db = databaseAt(7);
  migrate(db, 8);
  assert.equal(startedAt(db), null);
});
