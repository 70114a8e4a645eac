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
import { channelMention } from '../messages/roll-up.js';
import { escapeMrkdwn, section } from '../messages/text.js';
import { publishReport, reportChannelFor, reportsDirectory } from '../reports/publish.js';
import { requireAccount } from './account-choice.js';
import type { SlashCommand } from './types.js';

export const REPORT_USAGE = [
  '/report [range] [act_…]',
  'range: a Meta preset (yesterday, today, last_7d, last_30d, this_month, last_month, …) or YYYY-MM-DD..YYYY-MM-DD; default yesterday',
  'account: in an account’s home channel, that account; elsewhere with several accounts, act_… names one; posted in its home channel',
  'e.g. /report · /report last_7d · /report 2026-11-01..2026-11-15 · /report yesterday act_2002',
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

export const reportCommand: SlashCommand = {
  name: 'report',
  usage: REPORT_USAGE,
  summary:
    'posts the report (spend, leads, CPL with changes, campaigns, best and worst ad sets, a 14-day chart) to the report channel now',
  async handle(invocation, services) {
    const { config, clock } = services;
    // The home channel's account, the one named (`act_…`), or the only one.
    const { account, args } = requireAccount(invocation, services, REPORT_USAGE);
    const range = parseReportArgs(args.join(' '), todayIn(account.timezone, clock.nowMilliseconds()));
    const published = await publishReport(
      { ...services, slaMinutes: config.speed.slaMinutes },
      account,
      reportChannelFor(account, config),
      range,
      reportsDirectory(config),
    );
    const what = `${rangeLabel(range)} (${formatDateRange(range.since, range.until)})`;
    const whose = services.accounts.served().length > 1 ? ` of ${escapeMrkdwn(account.name)}` : '';
    const chartNote =
      config.slack.transport.kind === 'terminal' ? `\nThe chart is saved at ${published.chartPath}` : '';
    const text = `Posted the report${whose} for ${what} in ${channelMention(services.messenger.channelOf(published.posted))}.${chartNote}`;
    return { visibility: 'ephemeral', text, blocks: [section(text)] };
  },
};
