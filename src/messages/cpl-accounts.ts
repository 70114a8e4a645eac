import { formatDateRange } from '../dates/calendar.js';
import { rangeLabel } from '../dates/ranges.js';
import type { AccountCplLine, AccountsCplReport, CurrencyTotal } from '../insights/accounts-cpl.js';
import type { Totals } from '../insights/totals.js';
import { type CurrencyCode, formatMoney } from '../money.js';
import { formatCost, leadsText } from './cpl.js';
import type { Reply } from './reply.js';
import { context, divider, escapeMrkdwn, header, sectionsOf } from './text.js';

function figures(t: Totals, currency: CurrencyCode): string {
  return `${formatMoney(t.spendCents, currency)} spend · ${leadsText(t.leads)} · CPL ${formatCost(t.cplCents, currency)}`;
}

function lineText(line: AccountCplLine, perLineDates: boolean): string {
  const name = `*${escapeMrkdwn(line.name)}* · ${line.id}`;
  if (line.kind === 'failed') return `${name}\n:warning: not read — ${escapeMrkdwn(line.error)}`;
  const dates = perLineDates ? ` · ${formatDateRange(line.range.since, line.range.until)}` : '';
  const noLeads = line.totals.leads === 0 && line.totals.spendCents > 0 ? ' · :warning: no leads' : '';
  return `${name}${dates}\n${figures(line.totals, line.currency)}${noLeads}`;
}

function totalText(total: CurrencyTotal): string {
  const accounts = total.accounts === 1 ? '1 account' : `${total.accounts} accounts`;
  return `*Total ${total.currency}* (${accounts}): ${figures(total.totals, total.currency)}`;
}

/**
 * `/cpl` with several accounts and none chosen: one line per account in its own currency
 * (by spend within each currency), then one total per currency; amounts of different
 * currencies are never added. Dates once when all accounts share them, else on each line.
 */
export function buildAccountsCplReply(report: AccountsCplReport): Reply {
  const label = rangeLabel(report.range);
  const count = report.lines.length;
  const accounts = count === 1 ? '1 ad account' : `${count} ad accounts`;
  const dates = report.commonDates
    ? formatDateRange(report.commonDates.since, report.commonDates.until)
    : null;
  const failed = report.lines.filter((line) => line.kind === 'failed').length;
  const notes = [
    report.totals.length > 1
      ? 'One total per currency: amounts in different currencies are never added.'
      : null,
    failed > 0
      ? `The totals leave out ${failed === 1 ? 'the account' : `the ${failed} accounts`} not read.`
      : null,
    'One account’s campaigns: add its id, e.g. `/cpl last_7d act_…`, or ask in its home channel.',
  ].filter((note): note is string => note !== null);
  const blocks = [
    header(`Cost per lead — ${label}`),
    context(dates ? `${dates} · ${accounts}` : `${accounts} · dates in each account’s time zone`),
    divider,
    ...sectionsOf(report.lines.map((line) => lineText(line, dates === null))),
    divider,
    ...sectionsOf(report.totals.map(totalText)),
    context(notes.join(' ')),
  ];
  const sums = report.totals.map((t) => formatMoney(t.totals.spendCents, t.currency)).join(' · ');
  const text = `${label}${dates ? ` (${dates})` : ''}, ${accounts}: ${sums || 'nothing read'}${sums ? ' spend' : ''}`;
  return { visibility: 'in_channel', text, blocks };
}
