import { formatDateRange, todayIn } from '../dates/calendar.js';
import {
  type DateRange,
  isPreset,
  PRESET_NAMES,
  parseCustomRange,
  rangeLabel,
  resolvePreset,
} from '../dates/ranges.js';
import { CommandError } from '../errors.js';
import { section } from '../messages/text.js';
import { publishReport, reportChannel, reportsDirectory } from '../reports/publish.js';
import type { SlashCommand } from './types.js';

export const REPORT_USAGE = [
  '/report [range]',
  'range: a Meta preset (yesterday, today, last_7d, last_30d, this_month, last_month, …) or YYYY-MM-DD..YYYY-MM-DD; default yesterday',
  'e.g. /report · /report last_7d · /report 2026-11-01..2026-11-15',
].join('\n');

/** `[range]` as `/cpl` reads it, checked against `today` in the account's time zone; default yesterday. */
export function parseReportArgs(text: string, today: string): DateRange {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = tokens;
  if (rest.length > 0)
    throw new CommandError(`/report takes one range, not “${tokens.join(' ')}”.`, REPORT_USAGE);
  if (first === undefined) return resolvePreset('yesterday', today);
  const word = first.toLowerCase();
  if (isPreset(word)) return resolvePreset(word, today);
  if (/^(last|this)_/.test(word))
    throw new CommandError(
      `“${word}” is not a date range I know. Try one of: ${PRESET_NAMES.join(', ')}.`,
      REPORT_USAGE,
    );
  const custom = parseCustomRange(word, today);
  if ('problem' in custom) throw new CommandError(custom.problem, REPORT_USAGE);
  return custom;
}

/** A Slack channel id is shown as a link; a name (the terminal) as it is. */
function channelText(channel: string): string {
  return /^[CGD][A-Z0-9]+$/.test(channel) ? `<#${channel}>` : channel;
}

export const reportCommand: SlashCommand = {
  name: 'report',
  usage: REPORT_USAGE,
  summary:
    'posts the report (spend, leads, CPL with changes, campaigns, best and worst ad sets, a 14-day chart) to the report channel now',
  async handle(invocation, services) {
    const { config, clock, accountProfile } = services;
    const account = await accountProfile.get();
    const range = parseReportArgs(invocation.text, todayIn(account.timezone, clock.nowMilliseconds()));
    const published = await publishReport(services, reportChannel(config), range, reportsDirectory(config));
    const what = `${rangeLabel(range)} (${formatDateRange(range.since, range.until)})`;
    const chartNote =
      config.slack.transport.kind === 'terminal' ? `\nThe chart is saved at ${published.chartPath}` : '';
    const text = `Posted the report for ${what} in ${channelText(published.posted.channel)}.${chartNote}`;
    return { visibility: 'ephemeral', text, blocks: [section(text)] };
  },
};
