import { existsSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { ConfigError } from '../errors.js';
import type { AccountInfo } from '../meta/ad-account.js';
import { openDatabase } from './open.js';
import { readSetting, writeSetting } from './settings.js';

/** The sandbox ad account a demo database was made for. */
const DEMO_KEY = 'demo.sandbox_account';

/**
 * The demo's database lasts one run, like its sandbox (re-created at every start): a database an
 * earlier demo left holds leads, proposals and changes of a sandbox that is gone, so it is
 * removed. A database of any other ad account is refused, never erased.
 */
export function freshDemoDatabase(path: string, sandboxAccountId: string, nowMilliseconds: number): void {
  if (path === ':memory:') return;
  if (existsSync(path)) {
    if (accountOf(path) !== sandboxAccountId)
      throw new ConfigError(
        'DATABASE_PATH',
        `${path} is not a demo database; the demo starts each run from a new one and erases only its own. Unset DATABASE_PATH (the demo then uses data/demo.sqlite) or name a new file.`,
      );
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
  const db = openDatabase(path);
  try {
    writeSetting(db, DEMO_KEY, sandboxAccountId, nowMilliseconds);
  } finally {
    db.close();
  }
}

/** The ad account a database belongs to: the demo's mark, or (before the mark) the cached account profile. */
function accountOf(path: string): string | null {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    return readSetting<string>(db, DEMO_KEY) ?? readSetting<AccountInfo>(db, 'meta.account')?.id ?? null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
