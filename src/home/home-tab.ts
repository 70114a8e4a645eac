import type { AccountStatus } from '../accounts/registry.js';
import type { Clock } from '../clock.js';
import { leadNumber } from '../db/lead-outcomes.js';
import { type LeadSpeed, openLeadsOf, unownedOpenLeads } from '../db/lead-speed.js';
import { getLead } from '../db/leads.js';
import type { Database } from '../db/open.js';
import { prepared } from '../db/prepared.js';
import { pendingProposals } from '../db/proposals.js';
import type { Logger } from '../log.js';
import { AD_OBJECT_NOUNS } from '../messages/ad-objects.js';
import {
  buildHomeView,
  type HomeInput,
  type HomeLead,
  type HomeView,
  MAX_HOME_LINES,
} from '../messages/home.js';
import { leadDisplayName } from '../messages/lead-alert.js';
import type { HomePublisher } from '../messages/messenger.js';

/** Active watchdog findings per account id (the watchdog's health, one account or several). */
export type FindingsOf = (accountId: string) => string[];

export interface HomeTabDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** `views.publish`; null in the terminal (it renders `home` itself). */
  publisher: HomePublisher | null;
  approvers: readonly string[];
  slaMinutes: number;
  accounts: { statuses(): AccountStatus[]; served(): readonly { id: string; name: string }[] };
  findingsOf: FindingsOf;
  /** A burst of changes (a tick assigning ten leads) is published once, this long after the first. */
  debounceMs?: number;
}

/** People who opened the Home tab this long ago or less get it refreshed when something on it changes. */
const VIEWER_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_VIEWERS = 500;

/**
 * The App Home tab: built from SQLite for one viewer (no Meta call), published when they open
 * it and again when something on it changes — only for people who opened it in the last day,
 * and only the ones concerned (a lead's owner, its previous owner; everyone for the shared
 * lists), changes within `debounceMs` published once.
 */
export class HomeTab {
  private readonly viewers = new Map<string, number>();
  private pending: Set<string> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: HomeTabDeps) {}

  /** What the viewer's Home tab shows now. */
  view(viewer: string): HomeView {
    return buildHomeView(this.input(viewer));
  }

  input(viewer: string): HomeInput {
    const { db, clock } = this.deps;
    const now = clock.nowMilliseconds();
    const served = this.deps.accounts.served();
    const several = this.deps.accounts.statuses().length > 1;
    const nameOf = (id: string | null) =>
      id === null ? null : (served.find((a) => a.id === id)?.name ?? id);
    const homeLead = (row: LeadSpeed): HomeLead => {
      const lead = getLead(db, row.leadId);
      return {
        number: leadNumber(db, row.leadId),
        name: lead ? leadDisplayName(lead) : row.leadId,
        campaignName: lead?.campaignName ?? null,
        accountName: several ? nameOf(row.accountId) : null,
        clockStartAt: row.clockStartAt,
        ownerId: row.ownerId,
      };
    };
    const count = (sql: string, ...args: unknown[]) =>
      prepared(db, sql)
        .pluck()
        .get(...args) as number;
    const OPEN = 'first_contact_at IS NULL AND stopped_at IS NULL';
    const approver = this.deps.approvers.includes(viewer);
    const proposals = approver ? pendingProposals(db, now, MAX_HOME_LINES) : null;
    return {
      viewer,
      now,
      slaMinutes: this.deps.slaMinutes,
      mine: {
        leads: openLeadsOf(db, viewer, MAX_HOME_LINES).map(homeLead),
        total: count(`SELECT count(*) FROM lead_speed WHERE owner_id = ? AND ${OPEN}`, viewer),
      },
      unowned: {
        leads: unownedOpenLeads(db, null, MAX_HOME_LINES).map(homeLead),
        total: count(`SELECT count(*) FROM lead_speed WHERE owner_id IS NULL AND ${OPEN}`),
      },
      proposals: proposals && {
        total: proposals.total,
        proposals: proposals.proposals.map((p) => ({
          id: p.id,
          summary: `${p.action.replace('_', ' ')} ${AD_OBJECT_NOUNS[p.target.type]} “${p.target.name}”`,
          accountName: several ? nameOf(p.accountId) : null,
          expiresAt: p.expiresAt,
        })),
      },
      accounts: this.deps.accounts.statuses().map((status) => ({
        id: status.id,
        name: status.name ?? status.id,
        ok: status.ok,
        problem: status.lastError,
        findings: this.deps.findingsOf(status.id),
        openLeads: count(`SELECT count(*) FROM lead_speed WHERE account_id = ? AND ${OPEN}`, status.id),
      })),
    };
  }

  /** `app_home_opened`: remember the viewer, publish their view now. */
  async opened(viewer: string): Promise<void> {
    this.viewers.delete(viewer);
    this.viewers.set(viewer, this.deps.clock.nowMilliseconds());
    while (this.viewers.size > MAX_VIEWERS) this.viewers.delete(this.viewers.keys().next().value as string);
    await this.publish(viewer);
  }

  /**
   * Something shown changed: `users` concerned (the lead's owner…), or everyone who looks
   * (the unowned list, a proposal decided, an account's health). Published after the debounce.
   */
  changed(users: readonly (string | null)[] | 'everyone'): void {
    const now = this.deps.clock.nowMilliseconds();
    const recent = [...this.viewers].filter(([, at]) => now - at <= VIEWER_TTL_MS).map(([user]) => user);
    const concerned = users === 'everyone' ? recent : recent.filter((user) => users.includes(user));
    if (concerned.length === 0 || !this.deps.publisher) return;
    this.pending ??= new Set();
    for (const user of concerned) this.pending.add(user);
    this.timer ??= setTimeout(() => {
      this.flushing = this.flush();
    }, this.deps.debounceMs ?? 500);
    this.timer.unref();
  }

  /** Resolves once no refresh is waiting (tests, shutdown). */
  idle(): Promise<void> {
    if (!this.timer) return this.flushing;
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve)).then(() => this.flushing);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async flush(): Promise<void> {
    const users = [...(this.pending ?? [])];
    this.pending = null;
    this.timer = null;
    const waiting = this.idleWaiters.splice(0);
    for (const user of users) await this.publish(user);
    for (const resolve of waiting) resolve();
  }

  private async publish(user: string): Promise<void> {
    if (!this.deps.publisher) return;
    try {
      await this.deps.publisher.publishHome(user, this.view(user));
    } catch (error) {
      this.deps.logger.warn({ user, err: { message: (error as Error).message } }, 'home tab not published');
    }
  }
}

/** The watchdog's health (one account, or one per account id) → active findings' titles per account. */
export function findingsFrom(health: () => unknown, single: () => string | null): FindingsOf {
  return (accountId) => {
    const all = health() as
      | { findings?: { title: string }[] }
      | Record<string, { findings?: { title: string }[] }>;
    const one =
      'findings' in all && Array.isArray(all.findings)
        ? single() === accountId
          ? (all as { findings: { title: string }[] })
          : undefined
        : (all as Record<string, { findings?: { title: string }[] }>)[accountId];
    return (one?.findings ?? []).map((finding) => finding.title);
  };
}
