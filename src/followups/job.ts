// The follow-up job: every minute (and once at start-up) posts the follow-ups that fell due,
// each claimed in SQLite first, reading Meta once per account for all of them.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Account } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/registry.js';
import type { Clock } from '../clock.js';
import { eachLimited } from '../concurrency.js';
import { addDays, daysBetween, startOfLocalDay } from '../dates/calendar.js';
import {
  claimFollowUp,
  dueFollowUps,
  type FollowUp,
  markFollowUpPosted,
  releaseFollowUp,
  skipFollowUp,
} from '../db/follow-ups.js';
import { qualifiedLeadCount } from '../db/lead-outcomes.js';
import { getProposal, type Proposal } from '../db/proposals.js';
import type { InsightRow } from '../insights/types.js';
import type { Logger } from '../log.js';
import { buildFollowUpMessage } from '../messages/follow-up.js';
import type { Messenger } from '../messages/messenger.js';
import type { AdAccount } from '../meta/ad-account.js';
import {
  compareWindows,
  type DayFigures,
  type FollowUpSubject,
  subjectOf,
  windowFigures,
} from './compare.js';

/** Every minute: a follow-up due while LeadOps was down goes out within a minute or two of the start. */
export const FOLLOW_UPS_CRON = '* * * * *';
/** Attempts before a follow-up is given up (Meta or Slack failing each time), spaced out more each time. */
export const MAX_ATTEMPTS = 8;
/** Accounts whose follow-ups are read and posted at once. */
const ACCOUNTS_CONCURRENCY = 4;

export interface FollowUpJobDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  messenger: Messenger;
  accounts: Pick<AccountRegistry, 'get'>;
  adAccountOf: (account: Account) => Pick<AdAccount, 'adSetDays' | 'insights'>;
  /** Where a follow-up goes when its proposal has no message: the account's proposals channel. */
  channelOf: (account: Account) => string;
}

export interface FollowUpRun {
  posted: number;
  skipped: number;
  /** Released to be tried again later (or given up). */
  failed: number;
}

interface Claimed {
  followUp: FollowUp;
  proposal: Proposal;
  subject: FollowUpSubject;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class FollowUpJob {
  /** This process run: a claim by another owner was left by a run that is gone. */
  readonly owner = randomUUID();

  constructor(private readonly deps: FollowUpJobDeps) {}

  async run(): Promise<FollowUpRun> {
    const { db, clock } = this.deps;
    const now = clock.nowMilliseconds();
    const result: FollowUpRun = { posted: 0, skipped: 0, failed: 0 };
    const byAccount = new Map<string, { account: Account; items: Claimed[] }>();
    for (const followUp of dueFollowUps(db, now, this.owner)) {
      const proposal = getProposal(db, followUp.proposalId);
      const account = this.deps.accounts.get(followUp.accountId);
      const undo = proposal?.undoneBy ? getProposal(db, proposal.undoneBy) : null;
      const skip = !proposal
        ? 'its proposal is gone'
        : undo && (undo.status === 'applied' || undo.status === 'unconfirmed')
          ? `the change was undone (proposal #${undo.id})`
          : !account
            ? `ad account ${followUp.accountId} is no longer served`
            : null;
      if (skip || !proposal || !account) {
        skipFollowUp(db, followUp.id, skip ?? 'nothing to follow up', now);
        result.skipped += 1;
        continue;
      }
      if (!claimFollowUp(db, followUp.id, this.owner, now)) continue;
      const group = byAccount.get(account.id) ?? { account, items: [] };
      group.items.push({ followUp, proposal, subject: subjectOf(proposal) });
      byAccount.set(account.id, group);
    }
    // A few accounts at a time: gentle on Meta's rate limits; each account's replies in order.
    await eachLimited([...byAccount.values()], ACCOUNTS_CONCURRENCY, ({ account, items }) =>
      this.postAccount(account, items, result),
    );
    return result;
  }

  /**
   * One account's due follow-ups, whatever their horizon: one ad set-level call for every ad set
   * they judge (daily rows over all their windows), and one account-level call when a pause is
   * among them. Each is then posted on its own and marked, or released to be tried again.
   */
  private async postAccount(account: Account, items: readonly Claimed[], result: FollowUpRun): Promise<void> {
    const since = items.map((i) => i.followUp.beforeSince).sort()[0] as string;
    const until = items
      .map((i) => i.followUp.afterUntil)
      .sort()
      .at(-1) as string;
    const adsetIds = [...new Set(items.flatMap((i) => (i.subject.level === 'adset' ? [i.subject.id] : [])))];
    const needsAccount = items.some((i) => i.subject.level === 'account');
    const meta = this.deps.adAccountOf(account);
    let adsetRows: InsightRow[];
    let accountRows: InsightRow[];
    try {
      [adsetRows, accountRows] = await Promise.all([
        meta.adSetDays(adsetIds, since, until),
        needsAccount ? meta.insights({ level: 'account', since, until, daily: true }) : [],
      ]);
    } catch (error) {
      for (const item of items) this.release(item.followUp, error, result);
      return;
    }
    const days = new Map<string, DayFigures[]>();
    for (const row of adsetRows) {
      const list = days.get(row.objectId) ?? [];
      list.push({ date: row.dateStart, spendCents: row.spendCents, leads: row.leads });
      days.set(row.objectId, list);
    }
    const accountDays = accountRows.map((row) => ({
      date: row.dateStart,
      spendCents: row.spendCents,
      leads: row.leads,
    }));
    for (const item of items) {
      const { followUp, proposal, subject } = item;
      const rows = subject.level === 'account' ? accountDays : (days.get(subject.id) ?? []);
      const qualified = (from: string, to: string) =>
        qualifiedLeadCount(
          this.deps.db,
          account.id,
          subject.level === 'adset' ? subject.id : null,
          startOfLocalDay(from, account.timezone),
          startOfLocalDay(addDays(to, 1), account.timezone),
        );
      const span = (a: string, b: string) => daysBetween(a, b) + 1;
      const { beforeSince, beforeUntil, afterSince, afterUntil } = followUp;
      const comparison = compareWindows(
        proposal.action,
        windowFigures(
          rows,
          beforeSince,
          beforeUntil,
          span(beforeSince, beforeUntil),
          qualified(beforeSince, beforeUntil),
        ),
        windowFigures(
          rows,
          afterSince,
          afterUntil,
          span(afterSince, afterUntil),
          qualified(afterSince, afterUntil),
        ),
      );
      const currency = proposal.currency ?? account.currency;
      const message = buildFollowUpMessage({
        proposal,
        horizonHours: followUp.horizonHours,
        windows: followUp,
        subject,
        comparison,
        currency,
        timezone: account.timezone,
      });
      try {
        const thread = proposal.messageRef;
        const { messenger } = this.deps;
        const ref = thread
          ? await messenger.post(messenger.channelOf(thread), message, { thread })
          : await messenger.post(this.deps.channelOf(account), message);
        markFollowUpPosted(this.deps.db, followUp.id, this.owner, {
          verdict: comparison.verdict,
          result: comparison,
          messageRef: ref,
          at: this.deps.clock.nowMilliseconds(),
        });
        result.posted += 1;
      } catch (error) {
        this.release(followUp, error, result);
      }
    }
  }

  /** Lets go of a claim after a failure: tried again after 2, 4, 8… minutes (at most an hour). */
  private release(followUp: FollowUp, error: unknown, result: FollowUpRun): void {
    const now = this.deps.clock.nowMilliseconds();
    const attempts = followUp.attempts + 1;
    const waitMs = Math.min(60, 2 ** attempts) * 60_000;
    releaseFollowUp(
      this.deps.db,
      followUp.id,
      this.owner,
      messageOf(error),
      { now, retryAt: now + waitMs },
      MAX_ATTEMPTS,
    );
    this.deps.logger.warn(
      { followUp: followUp.id, proposal: followUp.proposalId, err: { message: messageOf(error) } },
      attempts >= MAX_ATTEMPTS ? 'follow-up given up' : 'follow-up not posted; tried again later',
    );
    result.failed += 1;
  }
}
