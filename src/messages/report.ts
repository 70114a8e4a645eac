import { formatDateRange } from '../dates/calendar.js';
import { rangeLabel } from '../dates/ranges.js';
import { type CurrencyCode, formatCount, formatMoney, formatPercent, type Minor } from '../money.js';
import type { AdSetLine, CampaignLine, DailyReport } from '../reports/daily-report.js';
import type { Change, MetricName } from '../reports/deltas.js';
import { speedReportLine } from './lead-speed.js';
import type { Block, Reply } from './reply.js';
import { context, divider, escapeMrkdwn, header, section, sectionsOf } from './text.js';

/** Enough for a phone screen; the rest are summed in one line. */
export const MAX_CAMPAIGN_LINES = 15;
export const MAX_ADSET_LINES = 10;

/** `▲ 12%`, `▼ 3%`, `▲ <1%`, `±0%`, or `—` when there is nothing to compare with. */
export function formatChange(c: Change | null): string {
  if (!c) return '—';
  if (c.direction === 'flat') return '±0%';
  const percent = Math.abs(c.ratio) * 100;
  const size = percent < 0.5 ? '<1' : Math.round(percent).toLocaleString('en-US');
  return `${c.direction === 'up' ? '▲' : '▼'} ${size}%`;
}

/** An amount in the report's currency. */
function money(amount: Minor, currency: CurrencyCode): string {
  return formatMoney(amount, currency);
}

/** A cost per result, or `—` when there was no result. */
function costPer(amount: Minor | null, currency: CurrencyCode): string {
  return amount === null ? '—' : formatMoney(amount, currency);
}

function leadsText(n: number): string {
  return n === 1 ? '1 lead' : `${formatCount(n)} leads`;
}

function monthDay(date: string): string {
  return formatDateRange(date, date).replace(/, \d{4}$/, '');
}

const METRIC_LABELS: Record<MetricName, string> = {
  spend: 'Spend',
  leads: 'Leads',
  cpl: 'CPL',
  ctr: 'CTR',
  cpm: 'CPM',
};

function metricValueText(report: DailyReport, metric: MetricName): string {
  const { total, currency } = report;
  switch (metric) {
    case 'spend':
      return money(total.spendCents, currency);
    case 'leads':
      return formatCount(total.leads);
    case 'cpl':
      return costPer(total.cplCents, currency);
    case 'ctr':
      return formatPercent(total.ctr);
    case 'cpm':
      return costPer(total.cpmCents, currency);
  }
}

function metricLine(report: DailyReport, metric: MetricName): string {
  const { vsPrevious, vsTrailing } = report.changes[metric];
  const parts = [`*${METRIC_LABELS[metric]}* ${metricValueText(report, metric)}`];
  if (report.previous) parts.push(formatChange(vsPrevious));
  if (report.trailing) parts.push(formatChange(vsTrailing));
  return parts.join(' · ');
}

/** What the ▲/▼ compare with, in real dates. */
function legend(report: DailyReport): string | null {
  const compared: string[] = [];
  if (report.previous) {
    const { since, until } = report.previous;
    compared.push(since === until ? monthDay(since) : formatDateRange(since, until));
  }
  if (report.trailing)
    compared.push(`the average day of ${formatDateRange(report.trailing.since, report.trailing.until)}`);
  return compared.length > 0 ? `▲▼ vs ${compared.join(' · vs ')}` : null;
}

function campaignLine(line: CampaignLine, currency: CurrencyCode): string {
  const cplChange = line.cplChange ? ` ${formatChange(line.cplChange)}` : '';
  const noLeads = line.leads === 0 && line.spendCents > 0 ? ' · :warning: no leads' : '';
  return (
    `*${escapeMrkdwn(line.name)}*\n` +
    `${money(line.spendCents, currency)} · ${leadsText(line.leads)} · CPL ${costPer(line.cplCents, currency)}${cplChange}` +
    ` · CTR ${formatPercent(line.ctr)}${noLeads}`
  );
}

function adsetName(adset: AdSetLine): string {
  const campaign = adset.campaignName ? ` _(${escapeMrkdwn(adset.campaignName)})_` : '';
  return `*${escapeMrkdwn(adset.name)}*${campaign}`;
}

function cplLine(label: string, adset: AdSetLine, currency: CurrencyCode): string {
  return `${label}: ${adsetName(adset)} · CPL ${costPer(adset.cplCents, currency)} · ${leadsText(adset.leads)} · ${money(adset.spendCents, currency)} spend`;
}

function campaignBlocks(report: DailyReport): Block[] {
  if (report.campaigns.length === 0) return [section('*Campaigns*: none delivered in this range.')];
  const shown = report.campaigns.slice(0, MAX_CAMPAIGN_LINES);
  const rest = report.campaigns.slice(MAX_CAMPAIGN_LINES);
  const blocks = sectionsOf([
    '*Campaigns* by spend',
    ...shown.map((line) => campaignLine(line, report.currency)),
  ]);
  if (rest.length > 0) {
    const spend = rest.reduce((n, c) => n + c.spendCents, 0);
    const leads = rest.reduce((n, c) => n + c.leads, 0);
    blocks.push(
      context(`…and ${rest.length} more campaigns: ${money(spend, report.currency)} · ${leadsText(leads)}`),
    );
  }
  return blocks;
}

function listBlocks(title: string, adsets: readonly AdSetLine[], value: (a: AdSetLine) => string): Block[] {
  if (adsets.length === 0) return [];
  const shown = adsets.slice(0, MAX_ADSET_LINES).map((a) => `${adsetName(a)} · ${value(a)}`);
  const more = adsets.length - MAX_ADSET_LINES;
  if (more > 0) shown.push(`…and ${more} more`);
  return sectionsOf([title, ...shown]);
}

function formLeadsText(n: number): string {
  return n === 1 ? '1 instant-form lead' : `${formatCount(n)} instant-form leads`;
}

/** Meta's count next to LeadOps' own, saying which side is short; only days LeadOps ran whole are compared. */
function leadCheckText(report: DailyReport): string {
  const check = report.leadCheck;
  if ('firstWholeDay' in check)
    return `*Leads:* compared with Meta’s count from ${monthDay(check.firstWholeDay)}, LeadOps’ first whole day`;
  const { meta, received } = check;
  const label =
    check.since === report.range.since
      ? '*Leads:*'
      : `*Leads from ${monthDay(check.since)}* (LeadOps’ first whole day):`;
  if (meta === received)
    return `:white_check_mark: ${label} LeadOps received ${formatCount(received)}, Meta counts ${formLeadsText(meta)}`;
  if (meta > received)
    return `:warning: ${label} Meta counts ${formLeadsText(meta)}, LeadOps received ${formatCount(received)} — ${formatCount(meta - received)} missing: check the Page’s webhook subscription`;
  return report.settling
    ? `${label} LeadOps received ${formatCount(received)}, Meta counts ${formLeadsText(meta)} so far — Meta’s figures may still be settling`
    : `${label} LeadOps received ${formatCount(received)}, Meta counts ${formLeadsText(meta)} — none missing from LeadOps`;
}

/** The report as Block Kit: short lines that read on a phone; the chart follows as a file. */
export function buildReportReply(report: DailyReport): Reply {
  const label = rangeLabel(report.range);
  const dates = formatDateRange(report.range.since, report.range.until);
  const blocks: Block[] = [
    header(`${report.days === 1 ? 'Daily report' : 'Report'} — ${label}`),
    context(`${dates} · ${escapeMrkdwn(report.accountName)} · ${report.timezone}`),
  ];
  if (report.settling)
    blocks.push(context('⏳ Meta may still be settling these figures: it reports with up to 3 hours’ lag.'));
  blocks.push(
    section((['spend', 'leads', 'cpl', 'ctr', 'cpm'] as const).map((m) => metricLine(report, m)).join('\n')),
  );
  const compared = legend(report);
  if (compared) blocks.push(context(compared));
  blocks.push(divider, ...campaignBlocks(report), divider);

  const { currency } = report;
  const floor = money(report.adsetFloorCents, currency);
  // Outside USD the floor is a share of the account's own spend (never a converted dollar amount).
  const share =
    report.adsetFloorShare === null
      ? null
      : `${Math.round(report.adsetFloorShare * 100)}% of the account’s spend`;
  if (report.best) {
    const lines = [
      `*Ad sets by CPL* (spent at least ${floor}${share ? `, ${share}` : ''})`,
      cplLine('Best', report.best, currency),
    ];
    if (report.worst) lines.push(cplLine('Worst', report.worst, currency));
    blocks.push(...sectionsOf(lines));
  } else {
    blocks.push(
      section(`*Ad sets by CPL*: none spent ${floor} or more${share ? ` (${share})` : ''} and got a lead.`),
    );
  }
  blocks.push(
    ...listBlocks(':warning: *Spent with no leads*', report.spentWithoutLeads, (a) =>
      money(a.spendCents, currency),
    ),
    ...listBlocks(
      `:warning: *Frequency above ${report.frequencyCap.toFixed(1)}* (the fatigue rule’s cap)`,
      report.aboveFrequencyCap,
      (a) => (a.frequency ?? 0).toFixed(2),
    ),
    section(leadCheckText(report)),
    ...(report.speed ? [section(speedReportLine(report.speed.figures, report.speed.slaMinutes))] : []),
    context(
      `Chart: daily spend and CPL, ${formatDateRange(report.chart.period.since, report.chart.period.until)}.`,
    ),
  );
  const { total } = report;
  const text = `${label} (${dates}): ${money(total.spendCents, currency)} spend · ${leadsText(total.leads)} · CPL ${costPer(total.cplCents, currency)}`;
  return { visibility: 'in_channel', text, blocks };
}
