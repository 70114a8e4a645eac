import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { ErrorCode, LeadOpsError } from '../errors.js';
import type { MigrationContext } from './migrations/migration.js';
import { LATEST_VERSION, MIGRATIONS, schemaVersion } from './migrations.js';

export type { Database };

/** Opens (creating if needed) the SQLite file and brings its schema up to date. */
export function openDatabase(path: string, context: MigrationContext = { accountId: null }): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    registerFunctions(db);
    migrate(db, LATEST_VERSION, context);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** For searching: SQLite's own lower() only knows ASCII, and phones come punctuated many ways. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function registerFunctions(db: Database): void {
  db.function('search_key', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? searchKey(text) : null,
  );
  db.function('digits_only', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.replace(/\D/g, '') : null,
  );
}

/**
 * Applies the pending migrations up to `target`, each in its own transaction with its own
 * `user_version` (tests stop at a version to migrate from it); refuses a database from a
 * newer LeadOps.
 */
export function migrate(
  db: Database,
  target = LATEST_VERSION,
  context: MigrationContext = { accountId: null },
): void {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new LeadOpsError(
      ErrorCode.DatabaseTooNew,
      `database schema ${current} is newer than this LeadOps (${LATEST_VERSION})`,
      'The database was written by a newer LeadOps; upgrade LeadOps or point DATABASE_PATH elsewhere.',
    );
  }
  for (const migration of MIGRATIONS.filter((m) => m.version > current && m.version <= target)) {
    db.transaction(() => {
      migration.up(db, context);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

export function isDatabaseHealthy(db: Database): boolean {
  try {
    return db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}
