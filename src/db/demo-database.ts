import { existsSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { ConfigError } from '../errors.js';
import type { AccountInfo } from '../meta/ad-account.js';
import { openDatabase } from './open.js';
import { readSetting, writeSetting } from './settings.js';

/** The sandbox ad account(s) a demo database was made for: an id, or (several accounts) a list. */
const DEMO_KEY = 'demo.sandbox_account';

/**
 * The demo's database lasts one run, like its sandbox (re-created at every start): a database an
 * earlier demo left holds leads, proposals and changes of a sandbox that is gone, so it is
 * removed. A database of any other ad account is refused, never erased. `sandboxAccountIds`:
 * the sandbox's account, or its accounts (a demo of one of them is a demo database too).
 */
export function freshDemoDatabase(
  path: string,
  sandboxAccountIds: string | readonly string[],
  nowMilliseconds: number,
): void {
  const sandbox = typeof sandboxAccountIds === 'string' ? [sandboxAccountIds] : [...sandboxAccountIds];
  if (path === ':memory:') return;
  if (existsSync(path)) {
    if (!isDemoDatabase(path, new Set(sandbox)))
      throw new ConfigError(
        'DATABASE_PATH',
        `${path} is not a demo database; the demo starts each run from a new one and erases only its own. Unset DATABASE_PATH (the demo then uses data/demo.sqlite) or name a new file.`,
      );
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
  const db = openDatabase(path);
  try {
    writeSetting(db, DEMO_KEY, sandbox.length === 1 ? sandbox[0] : sandbox, nowMilliseconds);
  } finally {
    db.close();
  }
}

/**
 * Whether a database holds the sandbox accounts' data only: the demo's mark, or (a demo from
 * before the mark) the accounts it served, or the account profile it cached before accounts.
 */
function isDemoDatabase(path: string, sandbox: ReadonlySet<string>): boolean {
  let db: BetterSqlite3.Database | undefined;
  const ours = (ids: readonly (string | undefined)[]) =>
    ids.length > 0 && ids.every((id) => id !== undefined && sandbox.has(id));
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const mark = readSetting<string | string[]>(db, DEMO_KEY);
    if (mark !== null && ours(typeof mark === 'string' ? [mark] : mark)) return true;
    const hasAccounts = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'accounts'").get() !== undefined;
    const ids = hasAccounts
      ? (db.prepare('SELECT id FROM accounts').pluck().all() as string[])
      : [readSetting<AccountInfo>(db, 'meta.account')?.id];
    return ours(ids);
  } catch {
    return false;
  } finally {
    db?.close();
  }
}
