import BetterSqlite3, { type Database } from 'better-sqlite3';
import { schemaVersion } from '../../../src/db/migrations.js';
import { migrate } from '../../../src/db/open.js';

/** An in-memory database exactly at `version`, as a LeadOps of that version left it. */
export function databaseAt(version: number): Database {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, version);
  if (schemaVersion(db) !== version) throw new Error(`could not stop at version ${version}`);
  return db;
}
