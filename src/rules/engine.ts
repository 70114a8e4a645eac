// One evaluation of the rules over one whole ad account: a few account-level Graph calls, the
// pure rules with that account's settings and currency, then proposals recorded (with cooldown
// and supersession) and posted in its home channel. RULES_CRON runs every served account.
import type { Account } from '../accounts/account.js';
import type { ApprovalDesk } from '../approvals/desk.js';
import type { Clock } from '../clock.js';
import { eachLimited } from '../concurrency.js';
import { todayIn } from '../dates/calendar.js';
import { type DateRange, resolvePreset } from '../dates/ranges.js';
import { readAccountSettings } from '../db/account-settings.js';
import { recordAudit } from '../db/audit-log.js';
import type { Database } from '../db/open.js';
import {
  appliedChangesSince,
  insertPendingProposal,
  type Proposal,
  pendingForAdSet,
  recentForAdSet,
  transition,
} from '../db/proposals.js';
import { userMessageOf } from '../errors.js';
import type { InsightRow } from '../insights/types.js';
import type { Logger } from '../log.js';
import type { AdAccount, AdObjectState } from '../meta/ad-account.js';
import { evaluateAccount } from './evaluate.js';
import {
  budgetLivesOnCampaign,
  dailyBudgetCeiling,
  type ProposalDraft,
  planProposal,
  type Skipped,
} from './plan.js';
import { rotateProposals, trendRange } from './rotate.js';
import { type Limits, resolveRuleSettings, ruleActive, windowsNeeded } from './settings.js';
import type { Severity } from './types.js';

/** What the rules ask Meta about one account. */
export type RulesMeta = Pick<AdAccount, 'adSets' | 'insights' | 'campaigns' | 'adInsights'>;

export interface RulesEngineDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** The Graph questions about one account (insights' spend in its currency). */
  adAccountOf: (account: Account) => RulesMeta;
  desk: Pick<ApprovalDesk, 'post' | 'postUnposted' | 'refresh'>;
  /** PROTECTED: ids and names, for every account. */
  protected: readonly string[];
  /** MAX_DAILY_BUDGET as configured: a decimal read in each account's own currency; null → no ceiling. */
  maxDailyBudget: string | null;
  proposalTtlHours: number;
}

/** A draft not posted because a recent proposal covers it. */
export interface Held {
  draft: ProposalDraft;
  why: string;
}

export interface RunSummary {
  /** The account evaluated: its proposals' channel and currency. */
  account: Account;
  evaluated: number;
  windows: string[];
  /** New proposals, posted (or to be posted when Slack is back). */
  proposed: Proposal[];
  held: Held[];
  skipped: Skipped[];
}

/** One account's run in a run of all: its summary, or why it failed (the others ran anyway). */
export type AccountRun =
  | { account: Account; summary: RunSummary; error: null }
  | { account: Account; summary: null; error: string };

/** Accounts evaluated at once by RULES_CRON: a few, to be gentle with Meta's rate limits. */
const ACCOUNTS_AT_ONCE = 2;
const HOUR_MS = 3_600_000;
/** Statuses that keep the same action from being proposed again within the cooldown. */
const COOLING = new Set(['pending', 'approved', 'rejected', 'applied', 'unconfirmed']);

/**
 * Whether two proposals of one ad set are about the same thing: the ad set (or its campaign's
 * budget), or one and the same ad. A pause of an ad neither blocks nor supersedes the ad set's.
 */
export function sameScope(a: Pick<ProposalDraft, 'target'>, b: Pick<ProposalDraft, 'target'>): boolean {
  const adA = a.target.type === 'ad';
  const adB = b.target.type === 'ad';
  return adA === adB && (!adA || a.target.id === b.target.id);
}

/** True when `now` is worse than `before` by the limit's margin, on the same measure. */
export function materiallyWorse(now: Severity | null, before: Severity | null, worseByPct: number): boolean {
  if (!now || !before || now.metric !== before.metric) return false;
  return now.value >= before.value * (1 + worseByPct / 100);
}

export class RulesEngine {
  /** Runs in flight, by account id. */
  private readonly running = new Map<string, Promise<RunSummary>>();

  constructor(private readonly deps: RulesEngineDeps) {}

  /** Evaluates one account now; a run of that account asked for while one is in flight shares its result. */
  run(account: Account, actor: string): Promise<RunSummary> {
    let run = this.running.get(account.id);
    if (!run) {
      run = this.evaluate(account, actor).finally(() => {
        this.running.delete(account.id);
      });
      this.running.set(account.id, run);
    }
    return run;
  }

  /**
   * Every account given (RULES_CRON: every served one), a few at a time. One account failing —
   * Meta refusing it, say — is logged and reported in its result; the others run all the same.
   */
  async runAll(accounts: readonly Account[], actor: string): Promise<AccountRun[]> {
    const results = new Map<string, AccountRun>();
    await eachLimited(accounts, ACCOUNTS_AT_ONCE, async (account) => {
      try {
        results.set(account.id, { account, summary: await this.run(account, actor), error: null });
      } catch (error) {
        const message = userMessageOf(error);
        this.deps.logger.warn(
          { account: account.id, err: { message } },
          'rules not evaluated for an account',
        );
        results.set(account.id, { account, summary: null, error: message });
      }
    });
    return accounts.flatMap((account) => results.get(account.id) ?? []);
  }

  private async evaluate(account: Account, actor: string): Promise<RunSummary> {
    const { db, clock } = this.deps;
    const adAccount = this.deps.adAccountOf(account);
    const settings = resolveRuleSettings(readAccountSettings(db, account.id), account.currency);
    const windows = windowsNeeded(settings);
    const rotating = ruleActive(settings, 'rotate');
    if (windows.length === 0 && !rotating)
      return { account, evaluated: 0, windows, proposed: [], held: [], skipped: [] };
    const today = todayIn(account.timezone, clock.nowMilliseconds());
    const ranges = new Map<string, DateRange>(windows.map((w) => [w, resolvePreset(w, today)]));
    const rotateRange = resolvePreset(settings.rotate.window, today);
    const trend = trendRange(today);
    // The whole account in 1 + (one per window) calls, however many ad sets it has; the ads in 2 more.
    const [adsets, adWindowRows, adTrendRows, ...rows] = await Promise.all([
      adAccount.adSets({ effectiveStatus: ['ACTIVE'] }),
      rotating ? adAccount.adInsights(rotateRange) : [],
      rotating ? adAccount.adInsights(trend) : [],
      ...windows.map((window) => {
        const range = ranges.get(window) as DateRange;
        return adAccount.insights({ level: 'adset', since: range.since, until: range.until });
      }),
    ]);
    const figures = new Map<string, { range: DateRange; rows: readonly InsightRow[] }>();
    windows.forEach((window, index) => {
      figures.set(window, { range: ranges.get(window) as DateRange, rows: rows[index] ?? [] });
    });
    const result = evaluateAccount({ settings, adsets, windows: figures, protected: this.deps.protected });

    // Campaign budgets are read only for a budget change whose ad set is its campaign's only active one.
    const activeAdSets = new Map<string, number>();
    for (const adset of adsets)
      activeAdSets.set(adset.campaignId, (activeAdSets.get(adset.campaignId) ?? 0) + 1);
    const campaignIds = result.decisions
      .filter(
        (d) =>
          d.verdict.action !== 'pause' &&
          budgetLivesOnCampaign(d.adset) &&
          activeAdSets.get(d.adset.campaignId) === 1,
      )
      .map((d) => d.adset.campaignId);
    const campaigns = new Map<string, AdObjectState>(
      campaignIds.length === 0
        ? []
        : (await adAccount.campaigns([...new Set(campaignIds)])).map((c) => [c.id, c]),
    );

    const guard = {
      protected: this.deps.protected,
      maxDailyBudget: dailyBudgetCeiling(this.deps.maxDailyBudget, account.currency),
      maxChangePct: settings.limits.maxChangePct,
      currency: account.currency,
    };
    const skipped = [...result.skipped];
    const drafts: ProposalDraft[] = [];
    for (const decision of result.decisions) {
      const plan = planProposal(decision, guard, {
        state: campaigns.get(decision.adset.campaignId) ?? null,
        activeAdSets: activeAdSets.get(decision.adset.campaignId) ?? 0,
      });
      if ('skipped' in plan) skipped.push(plan.skipped);
      else drafts.push(plan.draft);
    }

    if (rotating) {
      const campaignNames = new Map<string, string>();
      for (const row of rows.flat())
        if (row.campaignId && row.campaignName) campaignNames.set(row.campaignId, row.campaignName);
      const rotation = rotateProposals({
        settings: settings.rotate,
        adsets,
        campaignNames,
        window: { range: rotateRange, rows: adWindowRows },
        trend: { range: trend, rows: adTrendRows },
        decided: new Set(drafts.map((draft) => draft.adsetId)),
        protected: this.deps.protected,
      });
      drafts.push(...rotation.drafts);
      skipped.push(...rotation.skipped);
    }

    const { proposed, held, superseded } = this.record(account, drafts, settings.limits, actor);
    const posted: Proposal[] = [];
    for (const proposal of proposed) {
      try {
        posted.push(await this.deps.desk.post(proposal, account));
      } catch (error) {
        posted.push(proposal);
        this.deps.logger.warn(
          { proposal: proposal.id, err: { message: (error as Error).message } },
          'proposal not posted; tried again on the next evaluation',
        );
      }
    }
    for (const old of superseded) await this.deps.desk.refresh(old);
    await this.deps.desk.postUnposted(account);
    recordAudit(db, {
      at: clock.nowMilliseconds(),
      actor,
      event: 'rules.run',
      accountId: account.id,
      detail: `${result.evaluated} ad sets, ${posted.length} proposed, ${held.length} held, ${skipped.length} skipped`,
    });
    return { account, evaluated: result.evaluated, windows, proposed: posted, held, skipped };
  }

  /**
   * Records the drafts in one transaction. A draft is held when the same ad set already has a
   * pending, approved, rejected, applied or unconfirmed proposal for the same action within the
   * cooldown — unless it was pending or rejected and the figures got materially worse — or when
   * the ad set had its share of changes in the last 24 hours. A new proposal supersedes the ad
   * set's other pending ones (marked stale): one open proposal per ad set.
   */
  private record(account: Account, drafts: readonly ProposalDraft[], limits: Limits, actor: string) {
    const { db, clock } = this.deps;
    const now = clock.nowMilliseconds();
    const proposed: Proposal[] = [];
    const held: Held[] = [];
    const superseded: Proposal[] = [];
    db.transaction(() => {
      for (const draft of drafts) {
        const pending = pendingForAdSet(db, draft.adsetId).filter(
          (p) => p.expiresAt > now && sameScope(p, draft),
        );
        const since = now - limits.cooldownHours * HOUR_MS;
        const blocking = [
          ...pending.filter((p) => p.action === draft.action),
          ...recentForAdSet(db, draft.adsetId, draft.action, since).filter(
            (p) => COOLING.has(p.status) && p.status !== 'pending' && sameScope(p, draft),
          ),
        ];
        const blocker = blocking.find(
          (p) =>
            !(
              (p.status === 'pending' || p.status === 'rejected') &&
              materiallyWorse(draft.severity, p.severity, limits.worseByPct)
            ),
        );
        if (blocker) {
          held.push({ draft, why: `proposal #${blocker.id} for the same change is ${blocker.status}` });
          continue;
        }
        const count = appliedChangesSince(db, draft.adsetId, now - 24 * HOUR_MS);
        if (count >= limits.maxChangesPerDay) {
          held.push({ draft, why: `${count} changes were applied to it in the last 24 hours (the limit)` });
          continue;
        }
        const proposal = insertPendingProposal(
          db,
          {
            draft,
            accountId: account.id,
            currency: account.currency,
            now,
            ttlMs: this.deps.proposalTtlHours * HOUR_MS,
          },
          { actor: 'rules', detail: `${draft.rule}: ${draft.reason} (run by ${actor})` },
        );
        for (const old of pending) {
          const note = `Superseded by proposal #${proposal.id}.`;
          if (!transition(db, old.id, ['pending'], 'stale', { finishedAt: now, note })) continue;
          recordAudit(db, {
            at: now,
            actor: 'rules',
            event: 'proposal.superseded',
            accountId: account.id,
            proposalId: old.id,
            detail: note,
          });
          superseded.push(old);
        }
        proposed.push(proposal);
      }
    }).immediate();
    return { proposed, held, superseded };
  }
}
