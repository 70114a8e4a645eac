// The Claim button in the terminal demo: `claim N`, where N is the number on the lead alert.
// The same domain function as Slack's click (SpeedToLead.claim): the alert (and the DM) show it.
import type { Services } from '../commands/types.js';
import { describeClaimResult } from '../messages/lead-owner.js';

/** `claim 12`, `claim #12`; null when the line is something else. */
export function parseClaimCommand(line: string): number | null {
  const match = /^claim\s+#?(\d+)$/i.exec(line.trim());
  return match ? Number(match[1]) : null;
}

/** The answer to `claim N` (mrkdwn), or null when the line is not one. */
export async function runClaimCommand(
  services: Pick<Services, 'outcomes' | 'speed'>,
  line: string,
  userId: string,
): Promise<string | null> {
  const number = parseClaimCommand(line);
  if (number === null) return null;
  const leadId = services.outcomes.leadIdOf(number);
  if (!leadId) return `No lead #${number}: the number is the one on the lead’s alert.`;
  return describeClaimResult(number, await services.speed.claim(leadId, userId));
}
