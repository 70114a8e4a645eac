import { formatDateRange } from '../dates/calendar.js';
import { formatMoney } from '../money.js';
import type { Change } from '../reports/deltas.js';
import type { RollUp, RollUpLine } from '../reports/roll-up.js';
import { formatCost, leadsText } from './cpl.js';
import type { Reply } from './reply.js';
import { formatChange } from './report.js';
import { context, divider, escapeMrkdwn, header, sectionsOf } from './text.js';

/** A Slack channel id is shown as a link; a name (the terminal) as it is. */
export function channelMention(channel: string): string {
  return /^[CGD][A-Z0-9]+$/.test(channel) ? `<#${channel}>` : channel;
}

/**
 * ` ▲ 12%` after a figure; nothing when there is nothing to compare with. Escaped: a bare `<`
 * (`▲ <1%`) would open a Slack link that the channel's `<#C…>` closes.
 */
function moved(change: Change | null): string {
  return change ? ` ${escapeMrkdwn(formatChange(change))}` : '';
}

function lineText(line: RollUpLine, dateText: string): string {
  const name = `*${escapeMrkdwn(line.name)}*`;
  if (line.kind === 'failed') return `${name} · :warning: no report — ${escapeMrkdwn(line.error)}`;
  if (line.kind === 'none') return `${name} · no report for ${dateText}`;
  const { summary: s } = line;
  const where = line.channel ? ` · ${channelMention(line.channel)}` : '';
  return (
    `${name} · ${formatMoney(s.spend, s.currency)} spend${moved(s.changes.spend)}` +
    ` · ${leadsText(s.leads)}${moved(s.changes.leads)}` +
    ` · CPL ${formatCost(s.cpl, s.currency)}${moved(s.changes.cpl)}${where}`
  );
}

/**
 * The agency's morning roll-up in REPORT_CHANNEL: one line per account with its spend, leads
 * and CPL in its own currency and their change against the day before; never a figure that
 * adds currencies. Each account's full report is in its home channel.
 */
export function buildRollUpReply(rollUp: RollUp): Reply {
  const date = formatDateRange(rollUp.date, rollUp.date);
  const day = date.replace(/, \d{4}$/, '');
  const count = rollUp.lines.length;
  const accounts = count === 1 ? '1 ad account' : `${count} ad accounts`;
  const notes = [
    '▲▼ vs the day before.',
    rollUp.currencies > 1
      ? 'Each account in its own currency: amounts in different currencies are never added.'
      : null,
  ].filter((note): note is string => note !== null);
  const blocks = [
    header(`Daily roll-up — ${date}`),
    context(`${accounts} · each on its own time zone’s ${day} · its full report is in its channel`),
    divider,
    ...sectionsOf(rollUp.lines.map((line) => lineText(line, day))),
    context(notes.join(' ')),
  ];
  return { visibility: 'in_channel', text: `Daily roll-up — ${date}: ${accounts}`, blocks };
}
