import { formatDateRange } from '../dates/calendar.js';
import { type DateRange, rangeLabel } from '../dates/ranges.js';
import type { FunnelCounts } from '../db/lead-outcomes.js';
import { formatCount } from '../money.js';
import { MAX_BLOCKS, type Reply } from './reply.js';
import { context, divider, escapeMrkdwn, header, section, sectionsOf } from './text.js';

type Counts = Omit<FunnelCounts, 'id' | 'name'>;

function share(part: number, whole: number): string {
  return whole > 0 ? ` (${Math.round((part / whole) * 100)}%)` : '';
}

/** `52 leads → 30 contacted (58%) → 12 qualified (23%) → 3 signed (6%) · 8 junk` */
export function funnelText(c: Counts): string {
  const leads = c.leads === 1 ? '1 lead' : `${formatCount(c.leads)} leads`;
  return (
    `${leads} → ${formatCount(c.contacted)} contacted${share(c.contacted, c.leads)}` +
    ` → ${formatCount(c.qualified)} qualified${share(c.qualified, c.leads)}` +
    ` → ${formatCount(c.signed)} signed${share(c.signed, c.leads)} · ${formatCount(c.junk)} junk`
  );
}

export function sumFunnel(rows: readonly Counts[]): Counts {
  const total: Counts = { leads: 0, contacted: 0, qualified: 0, signed: 0, junk: 0 };
  for (const row of rows) {
    total.leads += row.leads;
    total.contacted += row.contacted;
    total.qualified += row.qualified;
    total.signed += row.signed;
    total.junk += row.junk;
  }
  return total;
}

/** `/leads stats [range]`: leads → contacted → qualified → signed, in total and by campaign. */
export function buildFunnelReply(input: {
  range: DateRange;
  timezone: string;
  accountName: string;
  rows: readonly FunnelCounts[];
}): Reply {
  const label = rangeLabel(input.range);
  const dates = formatDateRange(input.range.since, input.range.until);
  const total = sumFunnel(input.rows);
  const blocks = [
    header(`Lead funnel — ${label}`),
    context(
      `${dates} · ${escapeMrkdwn(input.accountName)} · ${input.timezone} · leads LeadOps received, by the latest outcome marked on their alert`,
    ),
    section(`*All campaigns*\n${funnelText(total)}`),
    divider,
  ];
  if (input.rows.length === 0) blocks.push(section(`No leads created ${dates}.`));
  else {
    const lines = input.rows.map(
      (row) =>
        `*${escapeMrkdwn(row.name ?? (row.id ? `Campaign ${row.id}` : 'No campaign (organic or test leads)'))}*\n${funnelText(row)}`,
    );
    const room = MAX_BLOCKS - blocks.length - 1;
    const packed = sectionsOf(lines);
    blocks.push(...packed.slice(0, room));
    if (packed.length > room) blocks.push(context('…and more campaigns than one message holds.'));
  }
  return { visibility: 'in_channel', text: `Lead funnel, ${label} (${dates}): ${funnelText(total)}`, blocks };
}
