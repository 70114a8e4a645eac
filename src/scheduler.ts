import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from './log.js';

/** node-cron jobs, in one time zone unless a job names its own; a run never overlaps the previous one of the same job. */
export class Scheduler {
  private readonly tasks = new Map<string, ScheduledTask>();

  constructor(
    private readonly timezone: string,
    private readonly logger: Logger,
  ) {}

  add(name: string, expression: string, job: () => Promise<unknown>, timezone = this.timezone): void {
    const task = cron.schedule(
      expression,
      async () => {
        try {
          await job();
        } catch (error) {
          this.logger.error(
            { job: name, err: { message: (error as Error).message } },
            'scheduled job failed',
          );
        }
      },
      { name, timezone, noOverlap: true },
    );
    this.tasks.set(name, task);
  }

  /** The names of the jobs scheduled now. */
  names(): string[] {
    return [...this.tasks.keys()];
  }

  async remove(name: string): Promise<void> {
    const task = this.tasks.get(name);
    this.tasks.delete(name);
    await task?.destroy();
  }

  nextRun(name: string): Date | null {
    return this.tasks.get(name)?.getNextRun() ?? null;
  }

  async stop(): Promise<void> {
    for (const task of this.tasks.values()) await task.destroy();
    this.tasks.clear();
  }
}
