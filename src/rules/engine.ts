// One evaluation of the rules over the whole ad account: a few account-level Graph calls, the
// pure rules, then proposals recorded (with cooldown and supersession) and posted.
import type { ApprovalDesk } from '../approvals/desk.js';
import type { Clock } from '../clock.js';
import { todayIn } from '../dates/calendar.js';
import { type DateRange, resolvePreset } from '../dates/ranges.js';
import { recordAudit } from '../db/audit-log.js';
import type { Database } from '../db/open.js';
import {
  appliedChangesSince,
  insertProposal,
  type Proposal,
  pendingForAdSet,
  recentForAdSet,
  transition,
} from '../db/proposals.js';
import { readRuleSettings } from '../db/rules-settings.js';
import type { InsightRow } from '../insights/types.js';
import type { Logger } from '../log.js';
import type { AdAccount, AdObjectState } from '../meta/ad-account.js';
import type { Cents } from '../money.js';
import { evaluateAccount } from './evaluate.js';
import { budgetLivesOnCampaign, type ProposalDraft, planProposal, type Skipped } from './plan.js';
import { type Limits, resolveRuleSettings, windowsNeeded } from './settings.js';
import type { Severity } from './types.js';

export interface RulesEngineDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  adAccount: Pick<AdAccount, 'adSets' | 'insights' | 'campaigns'>;
  timezone: () => Promise<string>;
  desk: Pick<ApprovalDesk, 'post' | 'postUnposted' | 'refresh'>;
  protected: readonly string[];
  maxDailyBudgetCents: Cents | null;
  proposalTtlHours: number;
}

/** A draft not posted because a recent proposal covers it. */
export interface Held {
  draft: ProposalDraft;
  why: string;
}

export interface RunSummary {
  evaluated: number;
  windows: string[];
  /** New proposals, posted (or to be posted when Slack is back). */
  proposed: Proposal[];
  held: Held[];
  skipped: Skipped[];
}

const HOUR_MS = 3_600_000;
/** Statuses that keep the same action from being proposed again within the cooldown. */
const COOLING = new Set(['pending', 'approved', 'rejected', 'applied', 'unconfirmed']);

/** True when `now` is worse than `before` by the limit's margin, on the same measure. */
export function materiallyWorse(now: Severity | null, before: Severity | null, worseByPct: number): boolean {
  if (!now || !before || now.metric !== before.metric) return false;
  return now.value >= before.value * (1 + worseByPct / 100);
}

export class RulesEngine {
  private running: Promise<RunSummary> | null = null;

  constructor(private readonly deps: RulesEngineDeps) {}

  /** Evaluates now; a run asked for while one is in flight shares its result. */
  run(actor: string): Promise<RunSummary> {
    if (!this.running) {
      this.running = this.evaluate(actor).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async evaluate(actor: string): Promise<RunSummary> {
    const { db, clock, adAccount } = this.deps;
    const settings = resolveRuleSettings(readRuleSettings(db));
    const windows = windowsNeeded(settings);
    if (windows.length === 0) return { evaluated: 0, windows, proposed: [], held: [], skipped: [] };
    const today = todayIn(await this.deps.timezone(), clock.nowMilliseconds());
    const ranges = new Map<string, DateRange>(windows.map((w) => [w, resolvePreset(w, today)]));
    // The whole account in 1 + (one per window) calls, however many ad sets it has.
    const [adsets, ...rows] = await Promise.all([
      adAccount.adSets({ effectiveStatus: ['ACTIVE'] }),
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
      maxDailyBudgetCents: this.deps.maxDailyBudgetCents,
      maxChangePct: settings.limits.maxChangePct,
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

    const { proposed, held, superseded } = this.record(drafts, settings.limits, actor);
    const posted: Proposal[] = [];
    for (const proposal of proposed) {
      try {
        posted.push(await this.deps.desk.post(proposal));
      } catch (error) {
        posted.push(proposal);
        this.deps.logger.warn(
          { proposal: proposal.id, err: { message: (error as Error).message } },
          'proposal not posted; tried again on the next evaluation',
        );
      }
    }
    for (const old of superseded) await this.deps.desk.refresh(old);
    await this.deps.desk.postUnposted();
    recordAudit(db, {
      at: clock.nowMilliseconds(),
      actor,
      event: 'rules.run',
      detail: `${result.evaluated} ad sets, ${posted.length} proposed, ${held.length} held, ${skipped.length} skipped`,
    });
    return { evaluated: result.evaluated, windows, proposed: posted, held, skipped };
  }

  /**
   * Records the drafts in one transaction. A draft is held when the same ad set already has a
   * pending, approved, rejected, applied or unconfirmed proposal for the same action within the
   * cooldown — unless it was pending or rejected and the figures got materially worse — or when
   * the ad set had its share of changes in the last 24 hours. A new proposal supersedes the ad
   * set's other pending ones (marked stale): one open proposal per ad set.
   */
  private record(drafts: readonly ProposalDraft[], limits: Limits, actor: string) {
    const { db, clock } = this.deps;
    const now = clock.nowMilliseconds();
    const proposed: Proposal[] = [];
    const held: Held[] = [];
    const superseded: Proposal[] = [];
    db.transaction(() => {
      for (const draft of drafts) {
        const pending = pendingForAdSet(db, draft.adsetId).filter((p) => p.expiresAt > now);
        const since = now - limits.cooldownHours * HOUR_MS;
        const blocking = [
          ...pending.filter((p) => p.action === draft.action),
          ...recentForAdSet(db, draft.adsetId, draft.action, since).filter(
            (p) => COOLING.has(p.status) && p.status !== 'pending',
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
        const proposal = insertProposal(db, {
          draft,
          kind: 'change',
          status: 'pending',
          createdAt: now,
          expiresAt: now + this.deps.proposalTtlHours * HOUR_MS,
        });
        recordAudit(db, {
          at: now,
          actor: 'rules',
          event: 'proposal.created',
          proposalId: proposal.id,
          detail: `${draft.rule}: ${draft.reason} (run by ${actor})`,
        });
        for (const old of pending) {
          const note = `Superseded by proposal #${proposal.id}.`;
          if (!transition(db, old.id, ['pending'], 'stale', { finishedAt: now, note })) continue;
          recordAudit(db, {
            at: now,
            actor: 'rules',
            event: 'proposal.superseded',
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
