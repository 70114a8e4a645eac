// The outcome buttons in the terminal demo: `contacted N`, `qualify N`, `sign N 5000`,
// `junk N`, where N is the number on the lead alert. Same domain function as Slack's clicks.
import type { Services } from '../commands/types.js';
import type { Outcome } from '../db/lead-outcomes.js';
import { describeOutcomeResult } from '../messages/lead-outcome.js';

const WORDS: Record<string, Outcome> = {
  contacted: 'contacted',
  contact: 'contacted',
  qualify: 'qualified',
  qualified: 'qualified',
  sign: 'signed',
  signed: 'signed',
  junk: 'junk',
};

/** `valueText`: the signed case's value as typed; read in the lead's account currency once the lead is known. */
export type OutcomeCommand =
  | { outcome: Outcome; number: number; valueText: string | null }
  | { problem: string };

/** `qualify 12`, `sign 12 5000`, `sign #12 $12,500`…; null when the line is not one of these. */
export function parseOutcomeCommand(line: string): OutcomeCommand | null {
  const match = /^([a-z]+)\s+#?(\d+)(?:\s+(.+))?$/i.exec(line.trim());
  const outcome = WORDS[(match?.[1] ?? '').toLowerCase()];
  if (!match || !outcome) return null;
  const number = Number(match[2]);
  const valueText = match[3]?.trim() ?? null;
  if (outcome !== 'signed' && valueText !== null)
    return { problem: `\`${match[1]} N\` takes nothing after the number.` };
  return { outcome, number, valueText };
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
  const value = services.outcomes.parseValue(leadId, command.valueText ?? '');
  if ('problem' in value) return value.problem;
  const result = await services.outcomes.record({
    leadId,
    outcome: command.outcome,
    userId,
    ...(value.valueCents !== null ? { valueCents: value.valueCents } : {}),
  });
  return describeOutcomeResult(result);
}
