import type { Clock } from '../clock.js';

/** Slack's posting pace per channel: about one message a second, short bursts allowed. */
export interface PaceOptions {
  /** Messages a second, in the long run. */
  perSecond: number;
  /** Messages that may go at once after a quiet spell. */
  burst: number;
}

/** One below Slack's burst of 5: a little slack for requests that reach Slack closer together than they left. */
export const SLACK_PACE: PaceOptions = { perSecond: 1, burst: 4 };

interface ChannelState {
  /** The theoretical arrival time of the next message (GCRA): it may go at `tat - tolerance`. */
  tat: number;
  /** Slack answered 429: nothing before this. */
  blockedUntil: number;
}

/**
 * Keeps posts to each channel at Slack's pace (a token bucket per channel, as GCRA) and honours
 * a 429's `Retry-After` for that channel only. `readyAt` lets the outbox leave a channel's work
 * for later instead of waiting; `take` reserves the next slot and waits for it. Channels are
 * keyed by id once known (`learn`), so `#leads` and its id share one pace.
 */
export class ChannelPacer {
  private readonly channels = new Map<string, ChannelState>();
  private readonly ids = new Map<string, string>();
  private readonly interval: number;
  private readonly tolerance: number;

  constructor(
    private readonly clock: Clock,
    options: PaceOptions = SLACK_PACE,
  ) {
    this.interval = 1000 / options.perSecond;
    this.tolerance = (Math.max(1, options.burst) - 1) * this.interval;
  }

  /** When a post to the channel may go (ms on the clock; now or earlier means now). */
  readyAt(channel: string): number {
    const state = this.channels.get(this.key(channel));
    return state ? Math.max(state.tat - this.tolerance, state.blockedUntil) : 0;
  }

  /** Reserves the channel's next slot (now, if free) and resolves when it comes. */
  take(channel: string): Promise<void> {
    const now = this.clock.nowMilliseconds();
    const key = this.key(channel);
    const state = this.channels.get(key) ?? { tat: now, blockedUntil: 0 };
    const at = Math.max(now, state.tat - this.tolerance, state.blockedUntil);
    state.tat = Math.max(state.tat, at) + this.interval;
    this.channels.set(key, state);
    return at <= now ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, at - now));
  }

  /** Slack said 429 with `Retry-After`: this channel waits that long, then goes at the steady pace (no burst). */
  blockFor(channel: string, ms: number): void {
    const now = this.clock.nowMilliseconds();
    const key = this.key(channel);
    const state = this.channels.get(key) ?? { tat: now, blockedUntil: 0 };
    state.blockedUntil = Math.max(state.blockedUntil, now + ms);
    state.tat = Math.max(state.tat, state.blockedUntil + this.tolerance);
    this.channels.set(key, state);
  }

  /** A channel posted to by name turned out to be `id`: both now share one pace. */
  learn(channel: string, id: string): void {
    if (channel === id || this.ids.get(channel) === id) return;
    this.ids.set(channel, id);
    const byName = this.channels.get(channel);
    if (!byName) return;
    this.channels.delete(channel);
    const byId = this.channels.get(id);
    this.channels.set(
      id,
      byId
        ? {
            tat: Math.max(byId.tat, byName.tat),
            blockedUntil: Math.max(byId.blockedUntil, byName.blockedUntil),
          }
        : byName,
    );
  }

  private key(channel: string): string {
    return this.ids.get(channel) ?? channel;
  }
}
