import type { Database } from 'better-sqlite3';
import type { AccountId } from '../accounts/account.js';
import { prepared } from './prepared.js';

/** The ad's account as Meta once said it (an ad never changes account); null when not read yet. */
export function cachedAdAccount(db: Database, adId: string): AccountId | null {
  const row = prepared(db, 'SELECT account_id AS accountId FROM ad_accounts WHERE ad_id = ?').get(adId) as
    | { accountId: string }
    | undefined;
  return row?.accountId ?? null;
}

export function saveAdAccount(db: Database, adId: string, accountId: AccountId, now: number): void {
  prepared(
    db,
    'INSERT INTO ad_accounts (ad_id, account_id, read_at) VALUES (?, ?, ?) ON CONFLICT (ad_id) DO NOTHING',
  ).run(adId, accountId, now);
}

/** The lead's account, once its ad's is known (set once: a lead never changes account). */
export function setLeadAccount(db: Database, leadId: string, accountId: AccountId): void {
  prepared(db, 'UPDATE leads SET account_id = ? WHERE id = ? AND account_id IS NULL').run(accountId, leadId);
}
