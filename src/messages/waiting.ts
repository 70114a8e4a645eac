import type { Reply } from './reply.js';
import { section } from './text.js';

/** “about 1 minute”, “about 12 minutes”: whole minutes, rounded up, at least one. */
export function aboutMinutes(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return `about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** The note sent at once while Meta throttles: what is happening and when the answer comes. Only the asker sees it. */
export function buildThrottledNote(accountId: string | null, waitMs: number): Reply {
  const who = accountId ? `this ad account (${accountId})` : 'LeadOps’ Meta app';
  const text = `Meta is throttling ${who} — ${aboutMinutes(waitMs)}; the answer will follow here.`;
  return { visibility: 'ephemeral', text, blocks: [section(`:hourglass_flowing_sand: ${text}`)] };
}

/** The note sent when Meta has not answered within the first seconds. */
export function buildSlowNote(): Reply {
  const text = 'Meta is slow to answer; the answer will follow here.';
  return { visibility: 'ephemeral', text, blocks: [section(`:hourglass_flowing_sand: ${text}`)] };
}

/** The last word when the answer cannot come while Slack still takes it (30 minutes). */
export function buildTooLateNote(minutes: number): Reply {
  const text = `Meta did not answer within ${minutes} minutes, so this answer cannot follow here. Ask again in a while.`;
  return { visibility: 'ephemeral', text, blocks: [section(`:x: ${text}`)] };
}
