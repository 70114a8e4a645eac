import type { Clock } from '../clock.js';
import type { Database } from '../db/open.js';
import {
  deferItems,
  dueItems,
  markDone,
  nextDueAt,
  type OutboxItem,
  rearmRetries,
  scheduleRetry,
} from '../db/outbox.js';
import type { Logger } from '../log.js';

export type JobOutcome =
  | { done: unknown }
  | { retry: string; afterMs?: number }
  /** Not a failure (Slack's pace, a 429): again after `afterMs`, no attempt counted, its lane waits too. */
  | { defer: string; afterMs: number };
/** What the worker knows of a job as it runs it: the lane it runs in (null: none). */
export interface JobContext {
  lane: string | null;
}

export type JobHandler = ((item: OutboxItem, context?: JobContext) => Promise<JobOutcome>) & {
  /** Optional: work for a whole batch of due items at once (e.g. one Graph call for many leads). */
  prepare?: (items: OutboxItem[]) => Promise<void>;
  /**
   * Optional, after `prepare`: the lane a job is in (its channel), or null for none. A lane's
   * jobs run one at a time, in id (arrival) order, at the lane's pace (`OutboxWorkerOptions.pacer`).
   */
  laneOf?: (item: OutboxItem) => string | null;
  /** Optional: more than `backlogNotice` jobs wait in a lane; called once per backlog. */
  onBacklog?: (lane: string, waiting: number) => Promise<void>;
};

/** When a lane (a channel) may run its next job: ms on the clock; now or earlier means now. */
export interface LanePacer {
  readyAt(lane: string): number;
}

export interface OutboxWorkerOptions {
  concurrency: number;
  /** Backoff for a failed job: base × 2^attempts, capped, with jitter. */
  baseRetryMs: number;
  maxRetryMs: number;
  /** Each lane's pace (Slack's per channel); without it lanes only keep their order. */
  pacer?: LanePacer;
  /** More jobs than this waiting in one lane is a backlog (`onBacklog`). */
  backlogNotice?: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxWorkerOptions = {
  concurrency: 16,
  baseRetryMs: 2000,
  maxRetryMs: 5 * 60_000,
};

export const BACKLOG_NOTICE_OVER = 20;
/** How long a lane waits for an earlier job to learn its lane (it runs in the same pass). */
const UNPLACED_WAIT_MS = 50;

/**
 * Runs outbox jobs until each succeeds: woken at once when work is added, and by a timer
 * when a retry falls due. State lives in SQLite, so a restart carries on where it stopped.
 * Jobs in a lane (a channel) go one at a time, in order, at the lane's pace: a lane that must
 * wait has its jobs moved to when it may go (never a worker asleep on it), so other lanes run.
 */
export class OutboxWorker {
  private readonly inFlight = new Set<number>();
  /** Pending jobs' lanes, as `laneOf` said; with how many wait in each, and the backlogs told. */
  private readonly lanes = new Map<number, string>();
  private readonly waiting = new Map<string, number>();
  private readonly noticed = new Set<string>();
  private readonly notices = new Set<Promise<void>>();
  /** Jobs on their first try whose lane is not known yet (Meta has not shown the lead): they may belong to any lane. */
  private readonly unplaced = new Map<string, Set<number>>();
  /** When each lane job left for its lane's pace falls due again. */
  private readonly deferredAt = new Map<number, number>();
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly handlers: Record<string, JobHandler>,
    private readonly options: OutboxWorkerOptions = DEFAULT_OUTBOX_OPTIONS,
  ) {}

  /** Something was enqueued (or may be due): run now, or right after the current pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // The pass starts on the next turn, so the caller (a webhook awaiting its 200) is not held up.
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.armTimer();
        }
      });
  }

  /** Stops taking work and waits for the jobs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.all(this.notices);
  }

  private readyAt(lane: string): number {
    return this.options.pacer?.readyAt(lane) ?? 0;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const now = this.clock.nowMilliseconds();
      const due = dueItems(this.db, now, 200).filter((i) => !this.inFlight.has(i.id));
      if (due.length === 0 || this.stopped) return;
      // Jobs of a lane known to be waiting for its pace move to when it may go, without running.
      const items: OutboxItem[] = [];
      const parked = new Map<number, number[]>();
      for (const item of due) {
        const lane = this.lanes.get(item.id);
        const at = lane === undefined ? 0 : this.readyAt(lane);
        if (at > now) parked.set(at, [...(parked.get(at) ?? []), item.id]);
        else items.push(item);
      }
      for (const [at, ids] of parked) {
        deferItems(this.db, ids, at);
        for (const id of ids) this.deferredAt.set(id, at);
      }
      if (items.length === 0) continue;
      await this.prepare(items);
      const groups = new Map<string, OutboxItem[]>();
      for (const item of items) {
        const lane = this.laneOf(item);
        const key = lane === null ? `#${item.id}` : `lane:${lane}`;
        groups.set(key, [...(groups.get(key) ?? []), item]);
      }
      this.noticeBacklogs(items);
      const queue = [...groups.values()].map((group) => group.sort((a, b) => a.id - b.id));
      let next = 0;
      const worker = async () => {
        while (next < queue.length && !this.stopped) await this.runLane(queue[next++] as OutboxItem[]);
      };
      await Promise.all(Array.from({ length: this.options.concurrency }, worker));
    }
  }

  /** The job's lane (remembered while it is pending), or null. */
  private laneOf(item: OutboxItem): string | null {
    let lane: string | null = null;
    try {
      lane = this.handlers[item.kind]?.laneOf?.(item) ?? null;
    } catch {
      lane = null;
    }
    const handler = this.handlers[item.kind];
    const unplaced = this.unplaced.get(item.kind) ?? new Set<number>();
    this.unplaced.set(item.kind, unplaced);
    if (lane === null && handler?.laneOf && item.attempts === 0) unplaced.add(item.id);
    else unplaced.delete(item.id);
    const before = this.lanes.get(item.id);
    if (before === lane) return lane;
    if (before !== undefined) this.forget(item.id);
    if (lane !== null) {
      this.lanes.set(item.id, lane);
      this.waiting.set(lane, (this.waiting.get(lane) ?? 0) + 1);
    }
    return lane;
  }

  private forget(id: number): void {
    const lane = this.lanes.get(id);
    if (lane === undefined) return;
    this.lanes.delete(id);
    const left = (this.waiting.get(lane) ?? 1) - 1;
    if (left > 0) this.waiting.set(lane, left);
    else {
      // The backlog is over: a later one is told again.
      this.waiting.delete(lane);
      this.noticed.delete(lane);
    }
  }

  /** A lane with more than `backlogNotice` jobs waiting: its handler tells it once. */
  private noticeBacklogs(items: readonly OutboxItem[]): void {
    const over = this.options.backlogNotice ?? BACKLOG_NOTICE_OVER;
    for (const item of items) {
      const lane = this.lanes.get(item.id);
      const onBacklog = this.handlers[item.kind]?.onBacklog;
      if (lane === undefined || !onBacklog || this.noticed.has(lane)) continue;
      const waiting = this.waiting.get(lane) ?? 0;
      if (waiting <= over) continue;
      this.noticed.add(lane);
      // Not awaited: a paced post reserves its slot at once (before the lane's next job) and then waits.
      const notice = onBacklog(lane, waiting)
        .catch((error: unknown) =>
          this.logger.warn(
            { lane, waiting, err: { message: (error as Error).message } },
            'backlog notice failed',
          ),
        )
        .finally(() => this.notices.delete(notice));
      this.notices.add(notice);
    }
  }

  /** A lane's jobs in order; when the lane must wait, the rest move to when it may go. */
  private async runLane(items: readonly OutboxItem[]): Promise<void> {
    const lane = this.lanes.get((items[0] as OutboxItem).id);
    const inPass = new Set(items.map((other) => other.id));
    for (let i = 0; i < items.length; i++) {
      if (this.stopped) return;
      const item = items[i] as OutboxItem;
      if (lane !== undefined) {
        const now = this.clock.nowMilliseconds();
        const at = this.readyAt(lane);
        if (at > now) {
          this.deferLane(lane, item.id, at);
          return;
        }
        // An earlier job whose lane is not known yet may be this lane's, or an earlier one of this
        // lane fell due after this pass began: it goes first.
        const earlierDue = this.earlierDue(lane, item.id, inPass, now);
        if (earlierDue || [...(this.unplaced.get(item.kind) ?? [])].some((id) => id < item.id)) {
          this.deferLane(lane, item.id, now + UNPLACED_WAIT_MS);
          return;
        }
      }
      const deferredTo = await this.runOne(item, lane);
      if (deferredTo !== null && lane !== undefined) {
        this.deferLane(lane, item.id, deferredTo);
        return;
      }
    }
  }

  /** A job of `lane` before `id`, outside this pass, already due: it goes first. */
  private earlierDue(lane: string, id: number, inPass: ReadonlySet<number>, now: number): boolean {
    for (const [other, of] of this.lanes)
      if (of === lane && other < id && !inPass.has(other) && (this.deferredAt.get(other) ?? now + 1) <= now)
        return true;
    return false;
  }

  /**
   * The lane's pending jobs from `fromId` on all wait until `at`: none overtakes an earlier one
   * (ties fall due in id order), whether it is in this pass or due later.
   */
  private deferLane(lane: string, fromId: number, at: number): void {
    const ids: number[] = [];
    for (const [id, of] of this.lanes) if (of === lane && id >= fromId) ids.push(id);
    deferItems(this.db, ids, at);
    for (const id of ids) this.deferredAt.set(id, Math.max(at, this.deferredAt.get(id) ?? at));
  }

  /** Batch work first; a failure there only costs the speed-up, each job still runs. */
  private async prepare(items: OutboxItem[]): Promise<void> {
    const kinds = new Set(items.map((item) => item.kind));
    for (const kind of kinds) {
      const prepare = this.handlers[kind]?.prepare;
      if (!prepare) continue;
      await prepare(items.filter((item) => item.kind === kind)).catch((error: unknown) =>
        this.logger.warn(
          { job: kind, err: { message: (error as Error).message } },
          'batch preparation failed',
        ),
      );
    }
  }

  /** Runs one job and records its outcome; returns the time it was deferred to, if it was. */
  private async runOne(item: OutboxItem, lane?: string): Promise<number | null> {
    this.inFlight.add(item.id);
    try {
      const handler = this.handlers[item.kind];
      const outcome: JobOutcome = handler
        ? // Through a promise, so a handler that throws at once is retried like one that rejects.
          await Promise.resolve()
            .then(() => handler(item, { lane: lane ?? null }))
            .catch((error: unknown) => ({ retry: `unexpected: ${(error as Error).message}` }))
        : { retry: `no handler for ${item.kind}` };
      const now = this.clock.nowMilliseconds();
      if (!('defer' in outcome)) {
        this.unplaced.get(item.kind)?.delete(item.id);
        this.deferredAt.delete(item.id);
      }
      if ('done' in outcome) {
        markDone(this.db, item.id, outcome.done, now);
        this.forget(item.id);
        // A retry that succeeds means what failed (Slack, Meta) is back: the others waiting out
        // their backoff for the same kind of job go now, not minutes later.
        if (item.attempts > 0) rearmRetries(this.db, item.kind, now);
      } else if ('defer' in outcome) {
        const at = Math.max(now + outcome.afterMs, lane === undefined ? 0 : this.readyAt(lane));
        deferItems(this.db, [item.id], at, outcome.defer);
        this.logger.debug({ job: item.kind, lane, deferredMs: at - now }, outcome.defer);
        return at;
      } else {
        const backoff = Math.min(this.options.maxRetryMs, this.options.baseRetryMs * 2 ** item.attempts);
        const wait = Math.round(Math.max(outcome.afterMs ?? 0, backoff * (0.5 + Math.random() / 2)));
        scheduleRetry(this.db, item.id, now + wait, outcome.retry);
        this.logger.warn(
          { job: item.kind, attempt: item.attempts + 1, retryInMs: Math.round(wait) },
          outcome.retry,
        );
      }
    } finally {
      this.inFlight.delete(item.id);
    }
    return null;
  }

  private armTimer(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const due = nextDueAt(this.db);
    if (due === null) return;
    const wait = Math.max(0, due - this.clock.nowMilliseconds());
    this.timer = setTimeout(() => this.wake(), Math.min(wait, 2 ** 31 - 1));
  }
}
