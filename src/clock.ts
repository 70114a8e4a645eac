/** The time source, passed in so logic and tests never read the wall clock themselves. */
export interface Clock {
  nowMilliseconds(): number;
}

export const systemClock: Clock = { nowMilliseconds: () => Date.now() };

/** Waits, unless told to stop; tests and shutdown never hang on a pending backoff. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Waits until the clock reads `at` (not a number of real milliseconds): it looks again at least
 * every `tickMs`, so a clock that jumps ahead (tests) ends the wait within a tick.
 */
export async function waitUntil(
  clock: Clock,
  at: number,
  options: { tickMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const tick = options.tickMs ?? 1000;
  for (;;) {
    const left = at - clock.nowMilliseconds();
    if (left <= 0 || options.signal?.aborted) return;
    await delay(Math.min(left, tick), options.signal);
  }
}
