import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS, schemaVersion } from '../../src/db/migrations.js';
import { isDatabaseHealthy, migrate, openDatabase } from '../../src/db/open.js';
import { ErrorCode, LeadOpsError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'leadops-db-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function tables(db: BetterSqlite3.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

describe('openDatabase', () => {
  test('migrations are numbered 1, 2, 3… and LATEST_VERSION is the last', () => {
    assert.deepEqual(
      MIGRATIONS.map((m) => m.version),
      MIGRATIONS.map((_, i) => i + 1),
    );
    assert.equal(LATEST_VERSION, MIGRATIONS.length);
  });

  test('an in-memory database is migrated to the latest version', () => {
    const db = openDatabase(':memory:');
    try {
      assert.equal(schemaVersion(db), LATEST_VERSION);
      assert.ok(tables(db).includes('settings'));
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(isDatabaseHealthy(db), true);
    } finally {
      db.close();
    }
  });

  test('a file database: WAL, migrated, and a second open changes nothing', () => {
    const path = join(dir, 'nested', 'folder', 'leadops.sqlite');
    const first = openDatabase(path);
    assert.equal(first.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(schemaVersion(first), LATEST_VERSION);
    first.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('kept', '1', 1)").run();
    const before = tables(first);
    first.close();

    const second = openDatabase(path);
    try {
      assert.equal(schemaVersion(second), LATEST_VERSION);
      assert.deepEqual(tables(second), before);
      assert.deepEqual(second.prepare('SELECT key, value FROM settings').all(), [
        { key: 'kept', value: '1' },
      ]);
      assert.equal(second.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      second.close();
    }
  });

  test('a database from a newer LeadOps is refused', () => {
    const path = join(dir, 'newer.sqlite');
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    assert.throws(
      () => openDatabase(path),
      (error: unknown) => {
        assert.ok(error instanceof LeadOpsError);
        assert.equal(error.code, ErrorCode.DatabaseTooNew);
        assert.match(
          error.message,
          new RegExp(`schema ${LATEST_VERSION + 1} is newer than this LeadOps \\(${LATEST_VERSION}\\)`),
        );
        assert.match(error.userMessage, /newer LeadOps/);
        return true;
      },
    );
    const check = new BetterSqlite3(path);
    try {
      assert.equal(schemaVersion(check), LATEST_VERSION + 1, 'left untouched');
      assert.deepEqual(tables(check), []);
    } finally {
      check.close();
    }
  });

  test('isDatabaseHealthy is false once closed', () => {
    const db = openDatabase(':memory:');
    db.close();
    assert.equal(isDatabaseHealthy(db), false);
  });
});

test('each migration sets user_version to its own number, so a database can stop at any step', () => {
  for (const { version } of MIGRATIONS) {
    const db = new BetterSqlite3(':memory:');
    try {
      migrate(db, version);
      assert.equal(schemaVersion(db), version);
      migrate(db);
      assert.equal(schemaVersion(db), LATEST_VERSION);
    } finally {
      db.close();
    }
  }
});
