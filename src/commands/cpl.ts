import type { Account } from '../accounts/account.js';
import { eachLimited } from '../concurrency.js';
import { addDays, startOfLocalDay, todayIn } from '../dates/calendar.js';
import { type DateRange, isPreset, PRESET_NAMES, parseCustomRange, resolvePreset } from '../dates/ranges.js';
import { funnelCounts } from '../db/lead-outcomes.js';
import { CommandError, ErrorCode, LeadOpsError, userMessageOf } from '../errors.js';
import { type AccountCplInput, buildAccountsCplReport } from '../insights/accounts-cpl.js';
import { buildCplReport } from '../insights/cpl-report.js';
import { buildCplReply } from '../messages/cpl.js';
import { buildAccountsCplReply } from '../messages/cpl-accounts.js';
import type { Reply } from '../messages/reply.js';
import { accountChoice, requireAccount } from './account-choice.js';
import type { Invocation, Services, SlashCommand } from './types.js';

export const CPL_USAGE = [
  '/cpl [range] [adsets] [name filter] [act_…]',
  `range: a Meta preset (${['today', 'yesterday', 'last_3d', 'last_7d', 'last_30d', 'this_month', 'last_month'].join(', ')}, …) or YYYY-MM-DD..YYYY-MM-DD; default last_7d`,
  'name filter: whole words of a campaign or ad set name, any case (RT finds “RT – Website visitors”, not “Fort Worth”)',
  'account: in an account’s home channel, that account; elsewhere with several accounts, /cpl [range] gives one line per account and act_… picks one',
  'e.g. /cpl last_7d · /cpl 2026-11-01..2026-11-15 · /cpl yesterday adsets · /cpl this_month houston · /cpl last_7d act_2002 adsets',
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

/** Accounts read at once for the cross-account answer: quick, and gentle on Meta's rate limits. */
const ACCOUNTS_CONCURRENCY = 4;

/** `/cpl` about one account: campaigns (or ad sets) in its currency and time zone. */
async function oneAccount(account: Account, args: readonly string[], services: Services): Promise<Reply> {
  const { clock, db } = services;
  const parsed = parseCplArgs(args.join(' '), todayIn(account.timezone, clock.nowMilliseconds()));
  const rows = await services.adAccountOf(account).insights({
    level: parsed.level,
    since: parsed.range.since,
    until: parsed.range.until,
  });
  // Qualified and signed: LeadOps' own leads created in the range, by their latest outcome.
  const from = startOfLocalDay(parsed.range.since, account.timezone);
  const to = startOfLocalDay(addDays(parsed.range.until, 1), account.timezone);
  const outcomes = new Map<string, { qualified: number; signed: number }>();
  for (const row of funnelCounts(db, parsed.level, from, to))
    if (row.id) outcomes.set(row.id, { qualified: row.qualified, signed: row.signed });
  return buildCplReply(
    buildCplReport({
      ...parsed,
      rows,
      timezone: account.timezone,
      accountName: account.name,
      currency: account.currency,
      outcomes,
    }),
  );
}

/**
 * `/cpl [range]` with several accounts and none chosen: one account-level insights call per
 * account (a few at a time), each range resolved in the account's own time zone. An account
 * that fails shows why; the others still answer. Ad sets or a name filter need one account.
 */
async function allAccounts(
  invocation: Invocation,
  args: readonly string[],
  services: Services,
): Promise<Reply> {
  const { accounts, clock } = services;
  const served = accounts.served();
  const unread = accounts.statuses().filter((status) => !served.some((a) => a.id === status.id));
  if (served.length === 0) {
    if (unread.length === 0)
      throw new CommandError(
        'LeadOps serves no ad account yet. An approver can add one with /leadops connect.',
        CPL_USAGE,
      );
    const reasons = unread.map((s) => `${s.id}: ${s.lastError ?? 'not read yet'}`).join('; ');
    throw new LeadOpsError(
      ErrorCode.MetaRequestFailed,
      `no ad account readable: ${reasons}`,
      `No ad account could be read from Meta. ${reasons}`,
    );
  }
  const now = clock.nowMilliseconds();
  const asked = served.map((account) => ({
    account,
    args: parseCplArgs(args.join(' '), todayIn(account.timezone, now)),
  }));
  const first = asked[0] as (typeof asked)[number];
  if (first.args.level === 'adset' || first.args.filter !== null)
    requireAccount(invocation, services, CPL_USAGE);

  const inputs: AccountCplInput[] = unread.map((status) => ({
    account: { id: status.id, name: status.name ?? status.id, currency: null },
    range: null,
    error: status.lastError ?? 'not read from Meta yet',
  }));
  const errors: unknown[] = [];
  const results: AccountCplInput[] = new Array(asked.length);
  await eachLimited(
    asked.map((entry, index) => ({ ...entry, index })),
    ACCOUNTS_CONCURRENCY,
    async ({ account, args: { range }, index }) => {
      try {
        const rows = await services
          .adAccountOf(account)
          .insights({ level: 'account', since: range.since, until: range.until });
        results[index] = { account, range, rows };
      } catch (error) {
        errors.push(error);
        results[index] = { account, range, error: userMessageOf(error) };
      }
    },
  );
  // Nothing answered (the token, or Meta down): the one reason, ephemerally, as for one account.
  if (errors.length === asked.length) throw errors[0];
  return buildAccountsCplReply(buildAccountsCplReport(first.args.range, [...results, ...inputs]));
}

export const cplCommand: SlashCommand = {
  name: 'cpl',
  usage: CPL_USAGE,
  summary: 'spend, leads and cost per lead, total and per campaign (or ad set)',
  async handle(invocation, services) {
    // None readable yet (start-up could not reach Meta): one more try before choosing.
    if (services.accounts.served().length === 0) await services.accounts.refresh(true);
    const choice = accountChoice(invocation, services);
    if (choice.kind === 'one') return oneAccount(choice.account, choice.args, services);
    if (choice.kind === 'unknown') requireAccount(invocation, services, CPL_USAGE);
    return allAccounts(invocation, choice.kind === 'several' ? choice.args : [], services);
  },
};
