import { formatDateRange } from '../dates/calendar.js';
import { type DateRange, rangeLabel } from '../dates/ranges.js';
import { type CurrencyCode, formatCostPer, formatCount, formatMoney } from '../money.js';
import type { CampaignSpeed, RepSpeed, SpeedFigures, SpeedReport } from '../speed/stats.js';
import { MAX_BLOCKS, type Reply } from './reply.js';
import { context, divider, escapeMrkdwn, header, section, sectionsOf } from './text.js';

/** `0.5 min`, `7.6 min`, `12 min`, `1 h 05 min`, `2 d 3 h`; `—` for none. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 9.95) return `${Number(minutes.toFixed(1))} min`;
  if (minutes < 59.5) return `${Math.round(minutes)} min`;
  const whole = Math.round(minutes);
  if (whole < 24 * 60) return `${Math.floor(whole / 60)} h ${String(whole % 60).padStart(2, '0')} min`;
  const hours = Math.round(minutes / 60);
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** `5 min` or `30 s` for a decimal SLA under a minute. */
export function formatSla(slaMinutes: number): string {
  return slaMinutes < 1 ? `${Math.round(slaMinutes * 60)} s` : `${Number(slaMinutes.toFixed(2))} min`;
}

function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

function leads(n: number): string {
  return n === 1 ? '1 lead' : `${formatCount(n)} leads`;
}

/** `median 2 min · p90 7.6 min · 67% within 5 min (4 of 6) · 2 never contacted (1 still inside the SLA) · 1 junk` */
export function speedText(figures: SpeedFigures, slaMinutes: number): string {
  const parts = [
    `median ${formatMinutes(figures.medianMinutes)}`,
    `p90 ${formatMinutes(figures.p90Minutes)}`,
    `${percent(figures.shareWithinSla)} within ${formatSla(slaMinutes)} (${formatCount(figures.withinSla)} of ${formatCount(figures.measured)})`,
  ];
  const waiting =
    figures.waitingInsideSla > 0 ? ` (${formatCount(figures.waitingInsideSla)} still inside the SLA)` : '';
  parts.push(`${formatCount(figures.neverContacted)} never contacted${waiting}`);
  if (figures.junkBeforeContact > 0) parts.push(`${formatCount(figures.junkBeforeContact)} junk`);
  return parts.join(' · ');
}

function repLine(rep: RepSpeed, slaMinutes: number): string {
  const who = rep.rep === null ? '*Nobody* (no owner, no contact)' : `<@${rep.rep}>`;
  return `${who} · ${leads(rep.leads)}\n${speedText(rep, slaMinutes)}`;
}

function spendText(
  figures: { spendCents: number | null; cplCents: number | null; costPerQualifiedCents: number | null },
  qualified: number,
  currency: CurrencyCode,
): string {
  if (figures.spendCents === null) return '';
  return `\n${formatMoney(figures.spendCents, currency)} spend · CPL ${formatCostPer(figures.cplCents, currency)} · ${formatCostPer(figures.costPerQualifiedCents, currency)} per qualified lead (${formatCount(qualified)} qualified)`;
}

function campaignLine(line: CampaignSpeed, slaMinutes: number, currency: CurrencyCode): string {
  const name = line.name ?? (line.id ? `Campaign ${line.id}` : 'No campaign (organic or test leads)');
  const speed = line.leads > 0 ? `\n${speedText(line, slaMinutes)}` : '';
  return `*${escapeMrkdwn(name)}* · ${leads(line.leads)}${speed}${spendText(line, line.qualified, currency)}`;
}

export interface LeadSpeedReplyInput {
  range: DateRange;
  timezone: string;
  accountName: string;
  currency: CurrencyCode;
  report: SpeedReport;
  /** Why spend could not be read from Meta (the speed figures stand alone); null when it was. */
  spendError: string | null;
}

/** `/leads speed [range]`: minutes to first contact, in total, by rep and by campaign (with CPL). */
export function buildLeadSpeedReply(input: LeadSpeedReplyInput): Reply {
  const { report, currency } = input;
  const sla = report.slaMinutes;
  const label = rangeLabel(input.range);
  const dates = formatDateRange(input.range.since, input.range.until);
  const totalSpend = report.spend ? spendText(report.spend, report.total.qualified, currency) : '';
  const blocks = [
    header(`Speed to lead — ${label}`),
    context(
      `${dates} · ${escapeMrkdwn(input.accountName)} · ${input.timezone} · SLA ${formatSla(sla)} · minutes from each lead (or from opening time) to its first Contacted, Qualified or Signed case · p90 by linear interpolation`,
    ),
    section(`*All leads* · ${leads(report.total.leads)}\n${speedText(report.total, sla)}${totalSpend}`),
  ];
  if (input.spendError !== null)
    blocks.push(context(`:warning: Spend not shown: ${escapeMrkdwn(input.spendError)}`));
  if (report.total.leads === 0 && report.byCampaign.length === 0) {
    blocks.push(section(`No leads created ${dates}.`));
    return { visibility: 'in_channel', text: `Speed to lead, ${label} (${dates}): no leads`, blocks };
  }
  const packed = [
    divider,
    ...sectionsOf(['*By rep*', ...report.byRep.map((rep) => repLine(rep, sla))]),
    divider,
    ...sectionsOf(['*By campaign*', ...report.byCampaign.map((line) => campaignLine(line, sla, currency))]),
  ];
  const room = MAX_BLOCKS - blocks.length - 1;
  blocks.push(...packed.slice(0, room));
  if (packed.length > room) blocks.push(context('…and more than one message holds.'));
  return {
    visibility: 'in_channel',
    text: `Speed to lead, ${label} (${dates}): ${speedText(report.total, sla)}`,
    blocks,
  };
}

/** The daily report's line: yesterday's median, share within the SLA, leads still not contacted. */
export function speedReportLine(figures: SpeedFigures, slaMinutes: number): string {
  if (figures.leads === 0) return '*Speed to lead:* no leads that day';
  const waiting = figures.neverContacted === 1 ? '1 lead' : `${formatCount(figures.neverContacted)} leads`;
  return `*Speed to lead:* median ${formatMinutes(figures.medianMinutes)} to first contact · ${percent(figures.shareWithinSla)} within ${formatSla(slaMinutes)} · ${waiting} still not contacted`;
}
