import type { Clock } from '../clock.js';
import type { Database } from '../db/open.js';
import { dueItems, markDone, nextDueAt, type OutboxItem, rearmRetries, scheduleRetry } from '../db/outbox.js';
import type { Logger } from '../log.js';

export type JobOutcome = { done: unknown } | { retry: string; afterMs?: number };
export type JobHandler = ((item: OutboxItem) => Promise<JobOutcome>) & {
  /** Optional: work for a whole batch of due items at once (e.g. one Graph call for many leads). */
  prepare?: (items: OutboxItem[]) => Promise<void>;
};

export interface OutboxWorkerOptions {
  concurrency: number;
  /** Backoff for a failed job: base × 2^attempts, capped, with jitter. */
  baseRetryMs: number;
  maxRetryMs: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxWorkerOptions = {
  concurrency: 16,
  baseRetryMs: 2000,
  maxRetryMs: 5 * 60_000,
};

/**
 * Runs outbox jobs until each succeeds: woken at once when work is added, and by a timer
 * when a retry falls due. State lives in SQLite, so a restart carries on where it stopped.
 */
export class OutboxWorker {
  private readonly inFlight = new Set<number>();
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
  }

  private async drain(): Promise<void> {
    for (;;) {
      const items = dueItems(this.db, this.clock.nowMilliseconds(), 200).filter(
        (i) => !this.inFlight.has(i.id),
      );
      if (items.length === 0 || this.stopped) return;
      await this.prepare(items);
      let next = 0;
      const lane = async () => {
        while (next < items.length && !this.stopped) await this.runOne(items[next++] as OutboxItem);
      };
      await Promise.all(Array.from({ length: this.options.concurrency }, lane));
    }
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

  private async runOne(item: OutboxItem): Promise<void> {
    this.inFlight.add(item.id);
    try {
      const handler = this.handlers[item.kind];
      const outcome: JobOutcome = handler
        ? // Through a promise, so a handler that throws at once is retried like one that rejects.
          await Promise.resolve()
            .then(() => handler(item))
            .catch((error: unknown) => ({ retry: `unexpected: ${(error as Error).message}` }))
        : { retry: `no handler for ${item.kind}` };
      const now = this.clock.nowMilliseconds();
      if ('done' in outcome) {
        markDone(this.db, item.id, outcome.done, now);
        // A retry that succeeds means what failed (Slack, Meta) is back: the others waiting out
        // their backoff for the same kind of job go now, not minutes later.
        if (item.attempts > 0) rearmRetries(this.db, item.kind, now);
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
