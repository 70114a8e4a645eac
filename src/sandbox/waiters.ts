/**
 * Event-driven waiting for the emulators: `waitFor` re-checks its condition each time the
 * emulator records something (`notify`), never by polling, and fails with a description.
 */
export interface Waiters {
  notify(): void;
  waitFor<T>(
    select: () => T | undefined | null | false,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T>;
}

export function createWaiters(): Waiters {
  const checks = new Set<() => void>();
  return {
    notify() {
      for (const check of [...checks]) check();
    },
    waitFor(select, timeoutMs, describe) {
      return new Promise((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          checks.delete(check);
          settle();
        };
        const check = () => {
          try {
            const value = select();
            if (value) finish(() => resolve(value));
          } catch (error) {
            finish(() => reject(error));
          }
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`waitFor timed out after ${timeoutMs} ms (${describe()})`))),
          timeoutMs,
        );
        checks.add(check);
        check();
      });
    },
  };
}
