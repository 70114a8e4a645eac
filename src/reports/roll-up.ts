import type { Account, AccountId } from '../accounts/account.js';
import { type LocalDate, todayIn } from '../dates/calendar.js';
import type { ReportRun } from '../db/report-runs.js';
import type { MessageRef } from '../messages/messenger.js';
import type { CurrencyCode, Minor } from '../money.js';
import type { DailyReport } from './daily-report.js';
import type { Change } from './deltas.js';
import { type ReportSchedule, slotReporting } from './schedule.js';

/** What the agency roll-up lists of one account's report, kept with its run (in the account's currency). */
export interface ReportSummary {
  currency: CurrencyCode;
  spend: Minor;
  leads: number;
  cpl: Minor | null;
  /** Against the day before (the period just before, for a longer report). */
  changes: { spend: Change | null; leads: Change | null; cpl: Change | null };
}

export function summaryOf(report: DailyReport): ReportSummary {
  return {
    currency: report.currency,
    spend: report.total.spendCents,
    leads: report.total.leads,
    cpl: report.total.cplCents,
    changes: {
      spend: report.changes.spend.vsPrevious,
      leads: report.changes.leads.vsPrevious,
      cpl: report.changes.cpl.vsPrevious,
    },
  };
}

function isSummary(value: unknown): value is ReportSummary {
  const s = value as ReportSummary | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.currency === 'string' &&
    typeof s.spend === 'number' &&
    typeof s.leads === 'number' &&
    typeof s.changes === 'object'
  );
}

/**
 * Where one account stands for a report date: its report is posted (`reported`), its last
 * attempt failed (`failed`), it is still to come today (`waiting`: its slot has not come, or
 * came and the catch-up may still post it), or there will be none (`none`: the slot came before
 * LeadOps served it, or the day it could be posted is over).
 */
export type Standing = 'reported' | 'failed' | 'waiting' | 'none';

export interface RollUpEntry {
  account: Pick<Account, 'id' | 'name' | 'timezone'>;
  schedule: ReportSchedule;
  /** When the account's schedule began (slots before it were never missed); null: not yet. */
  scheduledSince: number | null;
  run: RollUpRun | null;
}

/** What the roll-up reads of a report's run, with the channel its message is in. */
export type RollUpRun = Pick<ReportRun, 'state' | 'owner' | 'lastError' | 'summary'> & {
  channel: string | null;
};

/** A stored run as the roll-up reads it: `channelOf` names the channel of its message (Messenger.channelOf). */
export function rollUpRun(
  run: ReportRun | null,
  messenger: { channelOf(ref: MessageRef): string },
): RollUpRun | null {
  if (!run) return null;
  return { ...run, channel: run.messageRef ? messenger.channelOf(run.messageRef) : null };
}

export function standing(now: number, date: LocalDate, entry: RollUpEntry): Standing {
  const { run } = entry;
  // Posted (the message is in Slack; the chart may follow on a later try).
  if (run && run.state !== 'claimed') return 'reported';
  if (run && run.owner === null && run.lastError !== null) return 'failed';
  if (run && run.owner !== null) return 'waiting';
  const slot = slotReporting(entry.schedule, entry.account.timezone, date);
  if (slot === null) return 'none';
  if (slot > now) return 'waiting';
  if (slot < (entry.scheduledSince ?? now)) return 'none';
  // The catch-up posts a missed slot later the same day (in the schedule's zone), never after.
  return todayIn(entry.schedule.timezone, now) === todayIn(entry.schedule.timezone, slot)
    ? 'waiting'
    : 'none';
}

/** The roll-up of a date is due once no account's report of it is still to come, and one came or failed. */
export function rollUpDue(now: number, date: LocalDate, entries: readonly RollUpEntry[]): boolean {
  const standings = entries.map((entry) => standing(now, date, entry));
  return !standings.includes('waiting') && standings.some((s) => s === 'reported' || s === 'failed');
}

export type RollUpLine =
  | { kind: 'reported'; id: AccountId; name: string; channel: string | null; summary: ReportSummary }
  | { kind: 'failed'; id: AccountId; name: string; error: string }
  | { kind: 'none'; id: AccountId; name: string };

export interface RollUp {
  date: LocalDate;
  /**
   * Reported accounts grouped by currency (the currency most accounts use first, then as the
   * accounts come), by spend within it; then failed ones, then those without a report, by name.
   * Amounts of different currencies are never added or compared.
   */
  lines: RollUpLine[];
  /** How many currencies the reported accounts use. */
  currencies: number;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

export function buildRollUp(now: number, date: LocalDate, entries: readonly RollUpEntry[]): RollUp {
  const groups = new Map<CurrencyCode, Extract<RollUpLine, { kind: 'reported' }>[]>();
  const failed: Extract<RollUpLine, { kind: 'failed' }>[] = [];
  const none: Extract<RollUpLine, { kind: 'none' }>[] = [];
  for (const entry of entries) {
    const { id, name } = entry.account;
    const run = entry.run;
    const state = standing(now, date, entry);
    if (state === 'reported' && run && isSummary(run.summary)) {
      const line = { kind: 'reported' as const, id, name, channel: run.channel, summary: run.summary };
      groups.set(line.summary.currency, [...(groups.get(line.summary.currency) ?? []), line]);
    } else if (state === 'failed' && run?.lastError) {
      failed.push({ kind: 'failed', id, name, error: run.lastError });
    } else {
      none.push({ kind: 'none', id, name });
    }
  }
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  const lines: RollUpLine[] = ordered.flatMap((group) =>
    [...group].sort((a, b) => b.summary.spend - a.summary.spend || byName(a, b)),
  );
  lines.push(...failed.sort(byName), ...none.sort(byName));
  return { date, lines, currencies: groups.size };
}
