import type { Database } from './open.js';
import { prepared } from './prepared.js';

/** Whose leads: one account's, and (with one account served) the leads stored without an account. */
export interface ReportLeadScope {
  accountId: string;
  unattributed: boolean;
}

/**
 * The account's leads from ads (not organic) created in [from, to): what the report compares
 * with Meta's instant-form count. With one account, leads stored before they carried an
 * account are its own.
 */
export function countAccountAdLeadsCreatedBetween(
  db: Database,
  scope: ReportLeadScope,
  from: number,
  to: number,
): number {
  const row = prepared(
    db,
    `SELECT count(*) AS n FROM leads
     WHERE (account_id = @accountId OR (@unattributed = 1 AND account_id IS NULL))
       AND coalesce(is_organic, 0) = 0
       AND coalesce(created_time, received_at) >= @from AND coalesce(created_time, received_at) < @to`,
  ).get({ accountId: scope.accountId, unattributed: scope.unattributed ? 1 : 0, from, to }) as { n: number };
  return row.n;
}
