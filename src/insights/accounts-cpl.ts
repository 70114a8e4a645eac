import type { Account, AccountId } from '../accounts/account.js';
import type { DateRange } from '../dates/ranges.js';
import type { CurrencyCode } from '../money.js';
import { sumRows, type Totals } from './totals.js';
import type { InsightRow } from './types.js';

/** One account's answer to "what did it spend", or why there is none. */
export type AccountCplInput =
  | {
      account: Pick<Account, 'id' | 'name' | 'currency' | 'timezone'>;
      /** The range in the account's own time zone (a preset may give other dates elsewhere). */
      range: DateRange;
      rows: readonly InsightRow[];
    }
  | {
      account: { id: AccountId; name: string; currency: CurrencyCode | null };
      range: DateRange | null;
      /** What went wrong, as a person may read it. */
      error: string;
    };

export type AccountCplLine =
  | { kind: 'figures'; id: AccountId; name: string; currency: CurrencyCode; range: DateRange; totals: Totals }
  | { kind: 'failed'; id: AccountId; name: string; currency: CurrencyCode | null; error: string };

/** Every account of one currency, added up (never across currencies). */
export interface CurrencyTotal {
  currency: CurrencyCode;
  accounts: number;
  totals: Totals;
}

export interface AccountsCplReport {
  /** The range as asked (its preset, or the typed dates). */
  range: DateRange;
  /** The dates when every account has the same; null when time zones make them differ. */
  commonDates: { since: string; until: string } | null;
  /**
   * Accounts read, grouped by currency (groups with more accounts first, then in the accounts' order), each
   * group by spend, highest first; then the accounts that could not be read.
   */
  lines: AccountCplLine[];
  /** One per currency, in the order of the groups. */
  totals: CurrencyTotal[];
}

const bySpend = (a: { name: string; totals: Totals }, b: { name: string; totals: Totals }) =>
  b.totals.spendCents - a.totals.spendCents || a.name.localeCompare(b.name);

/**
 * The agency's morning glance: one line per account and a total per currency. Amounts of
 * different currencies are never compared or added, so accounts are sorted by spend within
 * their currency, and currencies by how many accounts use them (then as the accounts come).
 */
export function buildAccountsCplReport(
  range: DateRange,
  inputs: readonly AccountCplInput[],
): AccountsCplReport {
  const groups = new Map<CurrencyCode, Extract<AccountCplLine, { kind: 'figures' }>[]>();
  const failed: Extract<AccountCplLine, { kind: 'failed' }>[] = [];
  for (const input of inputs) {
    const { account } = input;
    if ('error' in input) {
      failed.push({
        kind: 'failed',
        id: account.id,
        name: account.name,
        currency: account.currency,
        error: input.error,
      });
      continue;
    }
    const currency = input.account.currency;
    const line = {
      kind: 'figures' as const,
      id: account.id,
      name: account.name,
      currency,
      range: input.range,
      totals: sumRows(input.rows),
    };
    groups.set(currency, [...(groups.get(currency) ?? []), line]);
  }
  // Stable: currencies with as many accounts keep the order of the accounts (the first configured first).
  const ordered = [...groups.entries()].sort(([, a], [, b]) => b.length - a.length);
  const lines: AccountCplLine[] = [];
  const totals: CurrencyTotal[] = [];
  for (const [currency, group] of ordered) {
    lines.push(...[...group].sort(bySpend));
    totals.push({ currency, accounts: group.length, totals: sumRows(group.map((line) => line.totals)) });
  }
  lines.push(...failed.sort((a, b) => a.name.localeCompare(b.name)));
  const ranges = inputs.flatMap((input) => (input.range ? [input.range] : []));
  const first = ranges[0] ?? range;
  const same = ranges.every((r) => r.since === first.since && r.until === first.until);
  return { range, commonDates: same ? { since: first.since, until: first.until } : null, lines, totals };
}
