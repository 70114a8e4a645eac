import { addDays, startOfLocalDay, todayIn } from '../dates/calendar.js';
import { type DateRange, isPreset, PRESET_NAMES, parseCustomRange, resolvePreset } from '../dates/ranges.js';
import { funnelCounts } from '../db/lead-outcomes.js';
import { CommandError } from '../errors.js';
import { buildCplReport } from '../insights/cpl-report.js';
import { buildCplReply } from '../messages/cpl.js';
import type { SlashCommand } from './types.js';

export const CPL_USAGE = [
  '/cpl [range] [adsets] [name filter]',
  `range: a Meta preset (${['today', 'yesterday', 'last_3d', 'last_7d', 'last_30d', 'this_month', 'last_month'].join(', ')}, …) or YYYY-MM-DD..YYYY-MM-DD; default last_7d`,
  'name filter: whole words of a campaign or ad set name, any case (RT finds “RT – Website visitors”, not “Fort Worth”)',
  'e.g. /cpl last_7d · /cpl 2026-11-01..2026-11-15 · /cpl yesterday adsets · /cpl this_month houston',
].join('\n');

export interface CplArgs {
  range: DateRange;
  level: 'campaign' | 'adset';
  filter: string | null;
}

const LEVEL_WORDS = new Set(['adsets', 'adset', 'ad_sets']);

/** A token meant as a range: a preset-like word or something date-shaped. */
function looksLikeRange(token: string): boolean {
  return isPreset(token) || /^(last|this)_/.test(token) || /^\d{4}-\d/.test(token) || token.includes('..');
}

/** `[range] [adsets] [filter]`, checked against `today` in the account's time zone. */
export function parseCplArgs(text: string, today: string): CplArgs {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  let range = resolvePreset('last_7d', today);
  const first = tokens[0]?.toLowerCase();
  if (first !== undefined && looksLikeRange(first)) {
    tokens.shift();
    if (isPreset(first)) {
      range = resolvePreset(first, today);
    } else if (/^(last|this)_/.test(first)) {
      throw new CommandError(
        `“${first}” is not a date range I know. Try one of: ${PRESET_NAMES.join(', ')}.`,
        CPL_USAGE,
      );
    } else {
      const custom = parseCustomRange(first, today);
      if ('problem' in custom) throw new CommandError(custom.problem, CPL_USAGE);
      range = custom;
    }
  }
  let level: CplArgs['level'] = 'campaign';
  const rest = tokens.filter((token) => {
    if (!LEVEL_WORDS.has(token.toLowerCase())) return true;
    level = 'adset';
    return false;
  });
  return { range, level, filter: rest.length > 0 ? rest.join(' ') : null };
}

export const cplCommand: SlashCommand = {
  name: 'cpl',
  usage: CPL_USAGE,
  summary: 'spend, leads and cost per lead, total and per campaign (or ad set)',
  async handle(invocation, { clock, adAccount, accountProfile, db }) {
    const account = await accountProfile.get();
    const args = parseCplArgs(invocation.text, todayIn(account.timezone, clock.nowMilliseconds()));
    const rows = await adAccount.insights({
      level: args.level,
      since: args.range.since,
      until: args.range.until,
    });
    // Qualified and signed: LeadOps' own leads created in the range, by their latest outcome.
    const from = startOfLocalDay(args.range.since, account.timezone);
    const to = startOfLocalDay(addDays(args.range.until, 1), account.timezone);
    const outcomes = new Map<string, { qualified: number; signed: number }>();
    for (const row of funnelCounts(db, args.level, from, to))
      if (row.id) outcomes.set(row.id, { qualified: row.qualified, signed: row.signed });
    return buildCplReply(
      buildCplReport({ ...args, rows, timezone: account.timezone, accountName: account.name, outcomes }),
    );
  },
};
