import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { freshDemoDatabase } from '../../src/db/demo-database.js';
import { migrate } from '../../src/db/open.js';
import { ConfigError } from '../../src/errors.js';

const SANDBOX = 'act_1073024834000001';
const T0 = Date.parse('2026-11-29T18:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'leadops-demo-db-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A file database at schema `version`, with one lead, as a LeadOps of that version left it. */
function used(path: string, version: number, fill: (db: BetterSqlite3.Database) => void = () => {}): void {
  const db = new BetterSqlite3(path);
  migrate(db, version);
  db.prepare(
    "INSERT INTO leads (id, received_at, received_via, state) VALUES ('L1', ?, 'webhook', 'complete')",
  ).run(T0);
  fill(db);
  db.close();
}

function leadCount(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const profile = (id: string) => (db: BetterSqlite3.Database) =>
  db
    .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('meta.account', ?, 1)")
    .run(JSON.stringify({ id, name: 'x', timezone: 'America/Chicago', currency: 'USD' }));
const served = (id: string) => (db: BetterSqlite3.Database) =>
  db.prepare('INSERT INTO accounts (id, served, updated_at) VALUES (?, 1, 1)').run(id);

describe('the demo’s database, fresh at every run', () => {
  test('a demo database an earlier run left is replaced by an empty one', () => {
    const path = join(dir, 'demo.sqlite');
    freshDemoDatabase(path, SANDBOX, T0);
    const db = new BetterSqlite3(path);
    db.prepare(
      "INSERT INTO leads (id, received_at, received_via, state) VALUES ('L1', ?, 'webhook', 'complete')",
    ).run(T0);
    db.close();
    assert.equal(leadCount(path), 1);
    freshDemoDatabase(path, SANDBOX, T0 + 60_000);
    assert.equal(leadCount(path), 0);
  });

  test('so is one a demo left before the mark: it served the sandbox account only', () => {
    for (const [name, version, fill] of [
      ['single-account.sqlite', 6, profile(SANDBOX)],
      ['accounts.sqlite', 7, served(SANDBOX)],
    ] as const) {
      const path = join(dir, name);
      used(path, version, fill);
      freshDemoDatabase(path, SANDBOX, T0);
      assert.equal(leadCount(path), 0, name);
    }
  });

  test('another account’s database is refused and left as it was', () => {
    for (const [name, version, fill] of [
      ['real-single.sqlite', 6, profile('act_42')],
      ['real-accounts.sqlite', 7, served('act_42')],
      ['real-unknown.sqlite', 6, () => {}],
    ] as const) {
      const path = join(dir, name);
      used(path, version, fill);
      assert.throws(
        () => freshDemoDatabase(path, SANDBOX, T0),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.setting === 'DATABASE_PATH' &&
          /is not a demo database/.test(error.message),
        name,
      );
      assert.equal(leadCount(path), 1, name);
    }
  });

  test('the agency demo (several sandbox accounts): its own database, and a one-account demo’s, are replaced', () => {
    const agency = [SANDBOX, 'act_1054077215000001', 'act_1091830577000001'];
    const path = join(dir, 'agency.sqlite');
    freshDemoDatabase(path, agency, T0);
    used(path, 7, served(agency[2] as string));
    freshDemoDatabase(path, agency, T0 + 60_000);
    assert.equal(leadCount(path), 0, 'marked with the agency’s accounts');
    for (const [name, fill] of [
      ['one-account-demo.sqlite', served(SANDBOX)],
      [
        'agency-unmarked.sqlite',
        (db: BetterSqlite3.Database) => {
          for (const id of agency) served(id)(db);
        },
      ],
    ] as const) {
      const old = join(dir, name);
      used(old, 7, fill);
      freshDemoDatabase(old, agency, T0);
      assert.equal(leadCount(old), 0, name);
    }
    // A database that also served a real account is not the demo's.
    const mixed = join(dir, 'mixed.sqlite');
    used(mixed, 7, (db) => {
      served(SANDBOX)(db);
      served('act_42')(db);
    });
    assert.throws(() => freshDemoDatabase(mixed, agency, T0), ConfigError);
    assert.equal(leadCount(mixed), 1);
  });

  test('a new path gets a new database', () => {
    const path = join(dir, 'nested', 'new.sqlite');
    freshDemoDatabase(path, SANDBOX, T0);
    assert.ok(existsSync(path));
    assert.equal(leadCount(path), 0);
  });
});
