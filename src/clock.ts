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
