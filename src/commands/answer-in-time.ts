// An answer in words within 3 seconds, always: when Meta throttles the account a command asks
// about, or is slow, the asker gets a note at once and the answer follows (Slack's response_url
// takes it for 30 minutes, 5 times). Transport-free: the Slack listener and the terminal share it.
import { type Clock, delay } from '../clock.js';
import type { Reply } from '../messages/reply.js';
import { buildSlowNote, buildThrottledNote, buildTooLateNote } from '../messages/waiting.js';
import type { ThrottleWait } from '../meta/graph-scheduler.js';

/** Slack wants words within 3 s; the note goes at 2 s, leaving a second for the trip. */
export const FIRST_WORDS_MS = 2_000;
/** How long Slack accepts answers to a response_url. */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
/** The final note goes this long before the URL expires, so it still arrives. */
export const LAST_WORD_MARGIN_MS = 60_000;

/** What the asker has been told so far. */
export type Told = 'nothing' | 'slow' | 'throttled';

/**
 * The policy, pure: given what is known at `now` (the command began at `startedAt`; Meta's
 * latest throttle, if any), the note to send now, or null. A throttle is told once; "slow"
 * only when nothing was told. At most 3 uses of the response_url (slow, throttled, answer or
 * last word) of Slack's 5.
 */
export function noteDue(
  told: Told,
  startedAt: number,
  now: number,
  throttle: ThrottleWait | null,
): { note: Reply; told: Told } | null {
  // A wait that ends before the first words are due needs no note.
  const longWait = throttle !== null && throttle.until > Math.max(now, startedAt + FIRST_WORDS_MS);
  if (throttle !== null && longWait && told !== 'throttled')
    return { note: buildThrottledNote(throttle.accountId, throttle.until - now), told: 'throttled' };
  if (told === 'nothing' && now - startedAt >= FIRST_WORDS_MS) return { note: buildSlowNote(), told: 'slow' };
  return null;
}

/** When the answer can no longer follow: the last word is due. */
export function lastWordAt(startedAt: number): number {
  return startedAt + RESPONSE_URL_LIFETIME_MS - LAST_WORD_MARGIN_MS;
}

export interface AnswerInTimeOptions {
  clock: Clock;
  /** How often the clock is looked at while waiting (a clock that jumps ahead is seen within it). */
  tickMs?: number;
}

export type AnswerOutcome = 'answered' | 'answered-after-note' | 'too-late';

/**
 * Runs the command (`run` gets the callback Meta's waits are reported to) and sends what the
 * asker must read, in order: the answer if it comes within FIRST_WORDS_MS and Meta has not said
 * it will throttle; else a note at once, then the answer when it comes; or, past the
 * response_url's life, a last word.
 */
export async function answerInTime(
  run: (onWait: (wait: ThrottleWait) => void) => Promise<Reply>,
  send: (reply: Reply) => Promise<void>,
  options: AnswerInTimeOptions,
): Promise<AnswerOutcome> {
  const { clock } = options;
  const tick = options.tickMs ?? 250;
  const startedAt = clock.nowMilliseconds();
  let throttle: ThrottleWait | null = null;
  let poke: () => void = () => {};
  const answer = run((wait) => {
    if (throttle === null || wait.until > throttle.until) throttle = wait;
    poke();
  }).then((reply) => ({ reply }));
  // An answer past the last word is dropped; its failure too (runCommand answers failures in words).
  answer.catch(() => {});
  let told: Told = 'nothing';
  for (;;) {
    const now = clock.nowMilliseconds();
    const due = noteDue(told, startedAt, now, throttle);
    if (due) {
      told = due.told;
      await send(due.note);
      continue;
    }
    if (now >= lastWordAt(startedAt)) {
      await send(buildTooLateNote(Math.round(RESPONSE_URL_LIFETIME_MS / 60_000)));
      return 'too-late';
    }
    const next = told === 'nothing' ? startedAt + FIRST_WORDS_MS : lastWordAt(startedAt);
    const stop = new AbortController();
    const woken = new Promise<null>((resolve) => {
      poke = () => resolve(null);
    });
    const settled = await Promise.race([
      answer,
      woken,
      delay(Math.max(1, Math.min(next - now, tick)), stop.signal).then(() => null),
    ]);
    stop.abort();
    poke = () => {};
    if (settled) {
      await send(settled.reply);
      return told === 'nothing' ? 'answered' : 'answered-after-note';
    }
  }
}
