// The outcome buttons in the terminal demo: `contacted N`, `qualify N`, `sign N 5000`,
// `junk N`, where N is the number on the lead alert. Same domain function as Slack's clicks.
import type { Services } from '../commands/types.js';
import type { Outcome } from '../db/lead-outcomes.js';
import { describeOutcomeResult } from '../messages/lead-outcome.js';
import { centsFromDollarsInput } from '../money.js';
import { CASE_VALUE_PROBLEM } from './outcomes.js';

const WORDS: Record<string, Outcome> = {
  contacted: 'contacted',
  contact: 'contacted',
  qualify: 'qualified',
  qualified: 'qualified',
  sign: 'signed',
  signed: 'signed',
  junk: 'junk',
};

export type OutcomeCommand =
  | { outcome: Outcome; number: number; valueCents: number | null }
  | { problem: string };

/** `qualify 12`, `sign 12 5000`, `sign #12 $12,500`…; null when the line is not one of these. */
export function parseOutcomeCommand(line: string): OutcomeCommand | null {
  const match = /^([a-z]+)\s+#?(\d+)(?:\s+(.+))?$/i.exec(line.trim());
  const outcome = WORDS[(match?.[1] ?? '').toLowerCase()];
  if (!match || !outcome) return null;
  const number = Number(match[2]);
  const valueText = match[3]?.trim() ?? null;
  if (outcome !== 'signed') {
    return valueText === null
      ? { outcome, number, valueCents: null }
      : { problem: `\`${match[1]} N\` takes nothing after the number.` };
  }
  if (valueText === null) return { outcome, number, valueCents: null };
  const cents = centsFromDollarsInput(valueText);
  return cents === null || cents <= 0
    ? { problem: CASE_VALUE_PROBLEM }
    : { outcome, number, valueCents: cents };
}

/** The answer to an outcome command (mrkdwn), or null when the line is something else. */
export async function runOutcomeCommand(
  services: Services,
  line: string,
  userId: string,
): Promise<string | null> {
  const command = parseOutcomeCommand(line);
  if (!command) return null;
  if ('problem' in command) return command.problem;
  const leadId = services.outcomes.leadIdOf(command.number);
  if (!leadId) return `No lead #${command.number}: the number is the one on the lead’s alert.`;
  const result = await services.outcomes.record({
    leadId,
    outcome: command.outcome,
    userId,
    ...(command.valueCents !== null ? { valueCents: command.valueCents } : {}),
  });
  return describeOutcomeResult(result);
}
