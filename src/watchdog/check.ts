import { userMessageOf } from '../errors.js';
import type { RunContext } from './run-context.js';
import type { CheckDefinition } from './settings.js';
import type { CheckName, CheckResult } from './types.js';

/**
 * One of the watchdog's checks: what it watches (its definition: title, summary, thresholds),
 * and how each run it reads its figures through the run's context and judges them. The runner
 * knows nothing of any check; checks/index.ts lists them.
 */
export interface WatchdogCheck {
  name: CheckName;
  definition: CheckDefinition;
  /**
   * Evaluated once every other check has finished: for a check that judges what the others'
   * Graph calls reveal (the token check: a 190 on any call of the run is a refusal at once).
   */
  runsLast?: true;
  /** A read that fails is reported in the evaluation; a throw marks the check unknown. */
  evaluate(context: RunContext): Promise<CheckEvaluation>;
}

export interface CheckEvaluation {
  result: CheckResult;
  /** Why a read failed (Meta's words), or null; with an unknown result the check shows as an error. */
  error: string | null;
  /** What the check keeps for its next run (the last debug_token answer); absent: the previous one is kept. */
  memo?: Record<string, unknown>;
}

/** A read's answer, or why there is none: a failed read is a fact to judge, not a crash. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

export async function attempt<T>(read: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error: userMessageOf(error) };
  }
}

export const valueOrNull = <T>(read: Read<T>): T | null => (read.ok ? read.value : null);

/** The first failed read's error, or null when all answered. */
export const errorOf = (...reads: Read<unknown>[]): string | null =>
  reads.map((read) => (read.ok ? null : read.error)).find((error) => error !== null) ?? null;
