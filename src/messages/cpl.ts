import { formatDateRange } from '../dates/calendar.js';
import { rangeLabel } from '../dates/ranges.js';
import type { CplLine, CplReport, OutcomeFigures } from '../insights/cpl-report.js';
import type { Totals } from '../insights/totals.js';
import { formatCostPer, formatCount, formatDollars, formatPercent } from '../money.js';
import { MAX_BLOCKS, type Reply } from './reply.js';
import { context, divider, escapeMrkdwn, header, section, sectionsOf } from './text.js';

function figures(t: Totals): string {
  const leads = t.leads === 1 ? '1 lead' : `${formatCount(t.leads)} leads`;
  return `${formatDollars(t.spendCents)} spend · ${leads} · CPL ${formatCostPer(t.cplCents)} · CTR ${formatPercent(t.ctr)}`;
}

/** `3 qualified ($100.00 each) · 1 signed ($300.00 each)`; a cost only where there is a count. */
function outcomeText(o: OutcomeFigures): string {
  const part = (count: number, what: string, cost: OutcomeFigures['costPerSignedCents']) =>
    count > 0 ? `${formatCount(count)} ${what} (${formatCostPer(cost)} each)` : `0 ${what}`;
  return `${part(o.qualified, 'qualified', o.costPerQualifiedCents)} · ${part(o.signed, 'signed', o.costPerSignedCents)}`;
}

function lineText(line: CplLine, level: CplReport['level']): string {
  const name = `*${escapeMrkdwn(line.name)}*`;
  const owner = level === 'adset' && line.campaignName ? ` _(${escapeMrkdwn(line.campaignName)})_` : '';
  const noLeads = line.leads === 0 && line.spendCents > 0 ? ' · :warning: no leads' : '';
  const outcomes = line.outcomes ? ` · ${outcomeText(line.outcomes)}` : '';
  return `${name}${owner}\n${figures(line)}${noLeads}${outcomes}`;
}

/** The `/cpl` answer: range as real dates, the total, then one line per campaign (or ad set) by spend. */
export function buildCplReply(report: CplReport): Reply {
  const dates = formatDateRange(report.range.since, report.range.until);
  const label = rangeLabel(report.range);
  const what = report.level === 'adset' ? 'ad set' : 'campaign';
  const filter = report.filter ? ` · matching “${escapeMrkdwn(report.filter)}”` : '';
  const { total } = report;
  const blocks = [
    header(`Cost per lead — ${label}`),
    context(`${dates} · ${escapeMrkdwn(report.accountName)} · ${report.timezone}${filter}`),
    {
      type: 'section' as const,
      fields: [
        { type: 'mrkdwn' as const, text: `*Spend*\n${formatDollars(total.spendCents)}` },
        { type: 'mrkdwn' as const, text: `*Leads*\n${formatCount(total.leads)}` },
        { type: 'mrkdwn' as const, text: `*Cost per lead*\n${formatCostPer(total.cplCents)}` },
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
        { type: 'mrkdwn' as const, text: `*Cost per qualified*\n${formatCostPer(o.costPerQualifiedCents)}` },
        { type: 'mrkdwn' as const, text: `*Signed cases*\n${formatCount(o.signed)}` },
        { type: 'mrkdwn' as const, text: `*Cost per signed case*\n${formatCostPer(o.costPerSignedCents)}` },
      ],
    });
  }
  blocks.push(divider);
  if (report.lines.length === 0) {
    blocks.push(section(`No ${what} delivered in this range${filter ? ' with that name' : ''}.`));
  } else {
    const room = MAX_BLOCKS - blocks.length - 1;
    const lineBlocks = sectionsOf(report.lines.map((line) => lineText(line, report.level)));
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
  const text = `${label} (${dates}): ${figures(total)}`;
  return { visibility: 'in_channel', text, blocks };
}
