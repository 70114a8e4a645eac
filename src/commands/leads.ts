import { addDays, type LocalDate, startOfLocalDay, todayIn } from '../dates/calendar.js';
import {
  type DateRange,
  isPreset,
  lastDaysIncludingToday,
  PRESET_NAMES,
  parseCustomRange,
  resolvePreset,
} from '../dates/ranges.js';
import { funnelCounts } from '../db/lead-outcomes.js';
import { leadsCreatedBetween, recentLeads, type StoredLead, searchLeads } from '../db/leads.js';
import { CommandError } from '../errors.js';
import { buildFunnelReply } from '../messages/funnel.js';
import { buildLeadListReply, type LeadListAccounts } from '../messages/lead-list.js';
import { accountChoice, requireAccount } from './account-choice.js';
import { handleSpeedSubcommand, isSpeedSubcommand } from './leads-speed.js';
import { leadSpeedReply } from './speed-stats.js';
import type { SlashCommand } from './types.js';

export const LEADS_USAGE = [
  '/leads [n | today | search text] · /leads stats [range]',
  'e.g. /leads · /leads 25 · /leads today · /leads maria · /leads 555-0142 · /leads stats last_30d',
  '/leads speed [range]: minutes to first contact, share within the SLA, never contacted — total, by rep, by campaign',
  '/leads roster [add|remove @user …] · /leads away · /leads back · /leads hours <days> <HH:MM-HH:MM> | always',
].join('\n');

/** The funnel's default: outcomes take a while to be marked, so a month — with today, whose leads were just marked. */
const STATS_DEFAULT_DAYS = 30;

const DEFAULT_COUNT = 10;
const MAX_COUNT = 50;

export type LeadsQuery =
  | { kind: 'recent'; count: number }
  | { kind: 'today' }
  | { kind: 'search'; text: string }
  /** `range` null: the default, the last 30 days including today. */
  | { kind: 'stats'; range: string | null }
  /** `range` null: the default, the last 30 days including today. */
  | { kind: 'speed'; range: string | null };

export function parseLeadsArgs(text: string): LeadsQuery {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'recent', count: DEFAULT_COUNT };
  if (trimmed.toLowerCase() === 'today') return { kind: 'today' };
  const [first = '', ...rest] = trimmed.split(/\s+/);
  if (first.toLowerCase() === 'stats') {
    if (rest.length > 1) throw new CommandError('`/leads stats` takes one range at most.', LEADS_USAGE);
    return { kind: 'stats', range: rest[0]?.toLowerCase() ?? null };
  }
  if (first.toLowerCase() === 'speed') {
    if (rest.length > 1) throw new CommandError('`/leads speed` takes one range at most.', LEADS_USAGE);
    return { kind: 'speed', range: rest[0]?.toLowerCase() ?? null };
  }
  // A short number is a count; a longer one is (part of) a phone number.
  if (/^\d{1,3}$/.test(trimmed)) {
    const count = Number(trimmed);
    if (count < 1 || count > MAX_COUNT)
      throw new CommandError(`Ask for 1 to ${MAX_COUNT} leads.`, LEADS_USAGE);
    return { kind: 'recent', count };
  }
  if (trimmed.length < 2) throw new CommandError('Search for at least 2 characters.', LEADS_USAGE);
  return { kind: 'search', text: trimmed };
}

/**
 * /leads has Slack escape its text (so `@maria` arrives as her id for the roster): a typed
 * email or address comes as `<mailto:…|text>`; searches read the text as typed.
 */
export function unescapeLinks(text: string): string {
  // `<scheme:target|label>` → label; `<scheme:target>` → target without a mailto/tel scheme.
  return text
    .replace(/<[a-z]+:[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<([a-z]+:[^>]*)>/g, (_, link: string) => link.replace(/^(?:mailto|tel)[:]/, ''));
}

/** With several accounts, a list of every account's leads reads this many rows to keep each one's own day. */
const ALL_ACCOUNTS_TODAY_ROWS = 500;

export const leadsCommand: SlashCommand = {
  name: 'leads',
  usage: LEADS_USAGE,
  summary: 'the most recent leads from LeadOps’ own store, today’s, or a search by name, phone or email',
  async handle(invocation, services) {
    const { db, clock } = services;
    const choice = accountChoice(invocation, services);
    if (choice.kind === 'unknown') requireAccount(invocation, services, LEADS_USAGE);
    const args = choice.kind === 'unknown' ? [] : choice.args;
    // Speed to lead: the roster, away/back, business hours.
    const [head, ...tail] = args;
    if (head !== undefined && isSpeedSubcommand(head))
      return handleSpeedSubcommand(
        head.toLowerCase() as Parameters<typeof handleSpeedSubcommand>[0],
        tail,
        invocation,
        services,
      );
    const query = parseLeadsArgs(unescapeLinks(args.join(' ')));
    const served = services.accounts.served();
    const several = served.length > 1;
    if (query.kind === 'stats') {
      // A range is the account's dates: one account.
      const { account } = requireAccount(invocation, services, LEADS_USAGE);
      const { timezone } = account;
      const range = statsRange(query.range, todayIn(timezone, clock.nowMilliseconds()));
      const from = startOfLocalDay(range.since, timezone);
      const to = startOfLocalDay(addDays(range.until, 1), timezone);
      return buildFunnelReply({
        range,
        timezone,
        accountName: account.name,
        rows: funnelCounts(db, 'campaign', from, to, several ? account.id : null),
      });
    }
    if (query.kind === 'speed') {
      // A range is the account's dates: one account.
      const { account } = requireAccount(invocation, services, LEADS_USAGE);
      const range = statsRange(query.range, todayIn(account.timezone, clock.nowMilliseconds()));
      return leadSpeedReply(account, range, several ? account.id : null, services);
    }
    if (choice.kind === 'one') {
      // One account: its leads (with one account served, every lead, organic ones too), in its zone.
      const { timezone } = choice.account;
      const only = several ? choice.account.id : null;
      switch (query.kind) {
        case 'recent':
          return buildLeadListReply(
            `Latest ${query.count} leads`,
            recentLeads(db, query.count, only),
            timezone,
          );
        case 'today': {
          const today = todayIn(timezone, clock.nowMilliseconds());
          const from = startOfLocalDay(today, timezone);
          const to = startOfLocalDay(addDays(today, 1), timezone);
          return buildLeadListReply(
            'Today’s leads',
            leadsCreatedBetween(db, from, to, MAX_COUNT, only),
            timezone,
          );
        }
        case 'search':
          return buildLeadListReply(
            `Leads matching “${query.text}”`,
            searchLeads(db, query.text, MAX_COUNT, only),
            timezone,
          );
      }
    }
    // Several accounts and none chosen: every account's leads, each named and in its own zone.
    const zoneOf = (lead: StoredLead) =>
      served.find((a) => a.id === lead.accountId)?.timezone ?? services.config.timezone ?? 'UTC';
    const perLead: LeadListAccounts = {
      timezoneOf: zoneOf,
      nameOf: (lead) =>
        served.find((a) => a.id === lead.accountId)?.name ?? lead.accountId ?? 'no ad account',
    };
    switch (query.kind) {
      case 'recent':
        return buildLeadListReply(`Latest ${query.count} leads`, recentLeads(db, query.count), perLead);
      case 'today': {
        const now = clock.nowMilliseconds();
        const zones = [...new Set([...served.map((a) => a.timezone), services.config.timezone ?? 'UTC'])];
        const days = zones.map((zone) => {
          const today = todayIn(zone, now);
          return [startOfLocalDay(today, zone), startOfLocalDay(addDays(today, 1), zone)] as const;
        });
        const from = Math.min(...days.map(([start]) => start));
        const to = Math.max(...days.map(([, end]) => end));
        const leads = leadsCreatedBetween(db, from, to, ALL_ACCOUNTS_TODAY_ROWS)
          .filter((lead) => {
            const zone = zoneOf(lead);
            return todayIn(zone, lead.createdTime ?? lead.receivedAt) === todayIn(zone, now);
          })
          .slice(0, MAX_COUNT);
        return buildLeadListReply('Today’s leads (each account’s own day)', leads, perLead);
      }
      case 'search':
        return buildLeadListReply(
          `Leads matching “${query.text}”`,
          searchLeads(db, query.text, MAX_COUNT),
          perLead,
        );
    }
  },
};

/** A Meta preset or `YYYY-MM-DD..YYYY-MM-DD`, as /cpl takes them; null for the default. */
export function statsRange(text: string | null, today: LocalDate): DateRange {
  if (text === null) return lastDaysIncludingToday(STATS_DEFAULT_DAYS, today);
  if (isPreset(text)) return resolvePreset(text, today);
  const custom = /^\d{4}-/.test(text) ? parseCustomRange(text, today) : null;
  if (custom && !('problem' in custom)) return custom;
  throw new CommandError(
    custom && 'problem' in custom
      ? custom.problem
      : `“${text}” is not a date range I know. Try one of: ${PRESET_NAMES.join(', ')}, or YYYY-MM-DD..YYYY-MM-DD.`,
    LEADS_USAGE,
  );
}
