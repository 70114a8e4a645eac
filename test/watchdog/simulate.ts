import { announced, applyResult, dueAnnouncements } from '../../src/watchdog/transitions.js';
import type { CheckResult, ConditionRecord } from '../../src/watchdog/types.js';

/**
 * Runs verdicts through the watchdog's memory the way the runner does (Slack always accepts),
 * and returns, per run, what was announced: `start drought`, `end drought`, `change token urgent`.
 */
export function simulate(
  steps: readonly { at: number; result: CheckResult; mutedUntil?: number | null }[],
  initial: ConditionRecord[] = [],
): { said: string[][]; records: ConditionRecord[] } {
  let records = initial;
  const said: string[][] = [];
  for (const step of steps) {
    records = applyResult(records, step.result, step.at);
    const due = dueAnnouncements(records, step.mutedUntil ?? null, step.at);
    said.push(due.map((a) => `${a.kind} ${a.record.key}${a.kind === 'change' ? ` ${a.record.level}` : ''}`));
    for (const announcement of due) {
      const after = announced(announcement, step.at);
      records = records.flatMap((record) =>
        record.key !== announcement.record.key ? [record] : after ? [after] : [],
      );
    }
  }
  return { said, records };
}
