import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { freshDemoDatabase } from '../../src/db/demo-database.js';
import { openDatabase } from '../../src/db/open.js';
import { writeSetting } from '../../src/db/settings.js';
import { ConfigError } from '../../src/errors.js';

const SANDBOX = 'act_1073024834000001';
const T0 = Date.parse('2026-11-29T18:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'leadops-demo-db-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A database with one setting and one lead, as a run leaves it. */
function used(path: string, setting: [string, unknown]): void {
  const db = openDatabase(path);
  writeSetting(db, setting[0], setting[1], T0);
  db.prepare(
    "INSERT INTO leads (id, received_at, received_via, state) VALUES ('L1', ?, 'webhook', 'complete')",
  ).run(T0);
  db.close();
}

function leadCount(path: string): number {
  const db = openDatabase(path);
  try {
    return (db.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('the demo’s database, fresh at every run', () => {
  test('a demo database an earlier run left is replaced by an empty one', () => {
    const path = join(dir, 'demo.sqlite');
    freshDemoDatabase(path, SANDBOX, T0);
    used(path, ['anything', 1]);
    assert.equal(leadCount(path), 1);
    freshDemoDatabase(path, SANDBOX, T0 + 60_000);
    assert.equal(leadCount(path), 0);
  });

  test('so is one from before the demo marked its databases (it names the sandbox account)', () => {
    const path = join(dir, 'older-demo.sqlite');
    used(path, [
      'meta.account',
      { id: SANDBOX, name: 'Sandbox', timezone: 'America/Chicago', currency: 'USD' },
    ]);
    freshDemoDatabase(path, SANDBOX, T0);
    assert.equal(leadCount(path), 0);
  });

  test('another account’s database is refused and left as it was', () => {
    const path = join(dir, 'leadops.sqlite');
    used(path, [
      'meta.account',
      { id: 'act_42', name: 'Real', timezone: 'America/Chicago', currency: 'USD' },
    ]);
    assert.throws(
      () => freshDemoDatabase(path, SANDBOX, T0),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.setting === 'DATABASE_PATH' &&
        /is not a demo database/.test(error.message),
    );
    assert.equal(leadCount(path), 1);
  });

  test('a new path gets a new database', () => {
    const path = join(dir, 'nested', 'new.sqlite');
    freshDemoDatabase(path, SANDBOX, T0);
    assert.ok(existsSync(path));
    assert.equal(leadCount(path), 0);
  });
});
