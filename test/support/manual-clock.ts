import type { Clock } from '../../src/clock.js';

export interface ManualClock extends Clock {
  /** Jumps ahead (hours pass in an instant); time keeps moving with real time after. */
  advance(ms: number): void;
}

/** Like testClock: starts at `start` and moves with real time (so timers fall due), but can jump ahead. */
export function manualClock(start: number): ManualClock {
  let offset = start - Date.now();
  return {
    nowMilliseconds: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}
