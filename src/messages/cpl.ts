import { formatDateRange } from '../dates/calendar.js';
import { rangeLabel } from '../dates/ranges.js';
import type { CplLine, CplReport, OutcomeFigures } from '../insights/cpl-report.js';
import type { Totals } from '../insights/totals.js';
import { type CurrencyCode, formatCount, formatMoney, formatPercent, type Minor } from '../money.js';
import { MAX_BLOCKS, type Reply } from './reply.js';
import { context, divider, escapeMrkdwn, header, section, sectionsOf } from './text.js';

/** A cost per result in the account's currency, or `—` when there was no result. */
export function formatCost(amount: Minor | null, currency: CurrencyCode): string {
  return amount === null ? '—' : formatMoney(amount, currency);
}

export function leadsText(leads: number): string {
  return leads === 1 ? '1 lead' : `${formatCount(leads)} leads`;
}

function figures(t: Totals, currency: CurrencyCode): string {
  return `${formatMoney(t.spendCents, currency)} spend · ${leadsText(t.leads)} · CPL ${formatCost(t.cplCents, currency)} · CTR ${formatPercent(t.ctr)}`;
}

/** `3 qualified ($100.00 each) · 1 signed ($300.00 each)`; a cost only where there is a count. */
function outcomeText(o: OutcomeFigures, currency: CurrencyCode): string {
  const part = (count: number, what: string, cost: OutcomeFigures['costPerSignedCents']) =>
    count > 0 ? `${formatCount(count)} ${what} (${formatCost(cost, currency)} each)` : `0 ${what}`;
  return `${part(o.qualified, 'qualified', o.costPerQualifiedCents)} · ${part(o.signed, 'signed', o.costPerSignedCents)}`;
}

function lineText(line: CplLine, level: CplReport['level'], currency: CurrencyCode): string {
  const name = `*${escapeMrkdwn(line.name)}*`;
  const owner = level === 'adset' && line.campaignName ? ` _(${escapeMrkdwn(line.campaignName)})_` : '';
  const noLeads = line.leads === 0 && line.spendCents > 0 ? ' · :warning: no leads' : '';
  const outcomes = line.outcomes ? ` · ${outcomeText(line.outcomes, currency)}` : '';
  return `${name}${owner}\n${figures(line, currency)}${noLeads}${outcomes}`;
}

/** The `/cpl` answer: range as real dates, the total, then one line per campaign (or ad set) by spend. */
export function buildCplReply(report: CplReport): Reply {
  const dates = formatDateRange(report.range.since, report.range.until);
  const label = rangeLabel(report.range);
  const what = report.level === 'adset' ? 'ad set' : 'campaign';
  const filter = report.filter ? ` · matching “${escapeMrkdwn(report.filter)}”` : '';
  const { total, currency } = report;
  const blocks = [
    header(`Cost per lead — ${label}`),
    context(`${dates} · ${escapeMrkdwn(report.accountName)} · ${report.timezone}${filter}`),
    {
      type: 'section' as const,
      fields: [
        { type: 'mrkdwn' as const, text: `*Spend*\n${formatMoney(total.spendCents, currency)}` },
        { type: 'mrkdwn' as const, text: `*Leads*\n${formatCount(total.leads)}` },
        { type: 'mrkdwn' as const, text: `*Cost per lead*\n${formatCost(total.cplCents, currency)}` },
        { type: 'mrkdwn' as const, text: `*CTR*\n${formatPercent(total.ctr)}` },
      ],
    },
  ];
  if (report.outcomes) {
    // Outcomes are LeadOps' own: leads created in the range, as the people working them marked them.
    const o = report.outcomes;
    blocks.push({
      type: 'section' as const,
      fields: [
        { type: 'mrkdwn' as const, text: `*Qualified*\n${formatCount(o.qualified)}` },
        {
          type: 'mrkdwn' as const,
          text: `*Cost per qualified*\n${formatCost(o.costPerQualifiedCents, currency)}`,
        },
        { type: 'mrkdwn' as const, text: `*Signed cases*\n${formatCount(o.signed)}` },
        {
          type: 'mrkdwn' as const,
          text: `*Cost per signed case*\n${formatCost(o.costPerSignedCents, currency)}`,
        },
      ],
    });
  }
  blocks.push(divider);
  if (report.lines.length === 0) {
    blocks.push(section(`No ${what} delivered in this range${filter ? ' with that name' : ''}.`));
  } else {
    const room = MAX_BLOCKS - blocks.length - 1;
    const lineBlocks = sectionsOf(report.lines.map((line) => lineText(line, report.level, currency)));
    blocks.push(...lineBlocks.slice(0, room));
    if (lineBlocks.length > room) {
      const shown = lineBlocks
        .slice(0, room)
        .reduce((n, b) => n + (b.type === 'section' ? (b.text?.text.split('\n').length ?? 0) / 2 : 0), 0);
      blocks.push(
        context(`…and ${report.lines.length - shown} more ${what}s. Narrow it down with a name filter.`),
      );
    }
  }
  const text = `${label} (${dates}): ${figures(total, currency)}`;
  return { visibility: 'in_channel', text, blocks };
}
