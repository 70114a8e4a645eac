import type { Account } from '../accounts/account.js';
import { isApprover } from '../approvals/decide.js';
import { addDays, startOfLocalDay, todayIn } from '../dates/calendar.js';
import { type DateRange, isPreset, parseCustomRange, rangeLabel, resolvePreset } from '../dates/ranges.js';
import { readAccountSettings, writeAccountSetting } from '../db/account-settings.js';
import { recentAudit, recordAudit } from '../db/audit-log.js';
import { followUpsAppliedBetween, followUpsOf } from '../db/follow-ups.js';
import { getProposal } from '../db/proposals.js';
import { CommandError } from '../errors.js';
import { scorecard } from '../followups/scorecard.js';
import { buildScorecardReply } from '../messages/follow-up.js';
import type { Reply } from '../messages/reply.js';
import { buildHistoryReply, buildRulesListReply, buildRunSummaryReply } from '../messages/rules.js';
import { section } from '../messages/text.js';
import { buildErrorReply } from '../messages/usage.js';
import { formatMoney } from '../money.js';
import {
  isRuleName,
  keysOf,
  LIMITS_GROUP,
  RULE_NAMES,
  type RuleName,
  type SettingGroup,
} from '../rules/definitions.js';
import { dailyBudgetCeiling } from '../rules/plan.js';
import { ruleEnabled, settingInForce } from '../rules/settings.js';
import { formatSettingValue, parseSettingValue } from '../settings/values.js';
import { requireAccount } from './account-choice.js';
import type { Invocation, Services, SlashCommand } from './types.js';

export const RULES_USAGE = [
  '/rules · /rules run · /rules set <rule> <key> <value> · /rules enable|disable <rule> · /rules history [n] · /rules scorecard [range]',
  `rules: ${RULE_NAMES.join(', ')} (and ${LIMITS_GROUP}); amounts in the ad account’s currency; with several ad accounts add act_<id> outside their home channels`,
  'e.g. /rules set kill max_cpl 45 · /rules enable rebalance · /rules set fatigue window last_14d · /rules run act_2002 · /rules scorecard last_90d',
].join('\n');

/** Where proposals go in the terminal demo, when no channel is configured. */
export const TERMINAL_APPROVALS_CHANNEL = '#approvals';

export type RulesArgs =
  | { kind: 'list' }
  | { kind: 'run' }
  | { kind: 'history'; count: number }
  /** `range`: a /cpl range as typed (resolved in the account's time zone); null → last_30d. */
  | { kind: 'scorecard'; range: string | null }
  | { kind: 'toggle'; rule: RuleName; enabled: boolean }
  | { kind: 'set'; group: SettingGroup; key: string; text: string };

const HISTORY_DEFAULT = 20;
const HISTORY_MAX = 50;

function groupOf(word: string | undefined): SettingGroup {
  const name = (word ?? '').toLowerCase();
  if (isRuleName(name) || name === LIMITS_GROUP) return name;
  throw new CommandError(
    name
      ? `“${name}” is not a rule. The rules: ${RULE_NAMES.join(', ')} (or ${LIMITS_GROUP}).`
      : 'Name a rule.',
    RULES_USAGE,
  );
}

export function parseRulesArgs(text: string): RulesArgs {
  const [verb = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  switch (verb.toLowerCase()) {
    case '':
    case 'list':
      return { kind: 'list' };
    case 'run':
      if (rest.length > 0) throw new CommandError('`/rules run` takes nothing after it.', RULES_USAGE);
      return { kind: 'run' };
    case 'history': {
      if (rest.length === 0) return { kind: 'history', count: HISTORY_DEFAULT };
      const count = Number(rest[0]);
      if (rest.length > 1 || !/^\d+$/.test(rest[0] ?? '') || count < 1 || count > HISTORY_MAX)
        throw new CommandError(`Ask for 1 to ${HISTORY_MAX} history entries.`, RULES_USAGE);
      return { kind: 'history', count };
    }
    case 'scorecard':
      if (rest.length > 1)
        throw new CommandError('`/rules scorecard` takes one range, e.g. last_30d.', RULES_USAGE);
      return { kind: 'scorecard', range: rest[0] ?? null };
    case 'enable':
    case 'disable': {
      const group = groupOf(rest[0]);
      if (group === LIMITS_GROUP || rest.length > 1)
        throw new CommandError(`Name one rule to ${verb}: ${RULE_NAMES.join(', ')}.`, RULES_USAGE);
      return { kind: 'toggle', rule: group, enabled: verb.toLowerCase() === 'enable' };
    }
    case 'set': {
      const group = groupOf(rest[0]);
      const key = (rest[1] ?? '').toLowerCase();
      const keys = Object.keys(keysOf(group));
      if (!keys.includes(key)) {
        const hint = key === 'enabled' ? ' Use /rules enable or /rules disable.' : '';
        throw new CommandError(
          `${key ? `“${key}” is not a setting of ${group}.` : `Name a setting of ${group}.`}${hint} Its settings: ${keys.join(', ')}.`,
          RULES_USAGE,
        );
      }
      if (rest.length !== 3) throw new CommandError(`Give one value for ${group} ${key}.`, RULES_USAGE);
      return { kind: 'set', group, key, text: rest[2] ?? '' };
    }
    default:
      throw new CommandError(`“${verb}” is not a /rules command.`, RULES_USAGE);
  }
}

/** A /cpl range (`last_30d`, `2026-11-01..2026-11-15`) in the account's dates; default last_30d. */
function scorecardRange(text: string | null, today: string): DateRange {
  const word = (text ?? 'last_30d').toLowerCase();
  if (isPreset(word)) return resolvePreset(word, today);
  const custom = parseCustomRange(word, today);
  if ('problem' in custom) throw new CommandError(custom.problem, RULES_USAGE);
  return custom;
}

function info(text: string): Reply {
  return { visibility: 'ephemeral', text, blocks: [section(text)] };
}

function refuse(services: Services, invocation: Invocation, account: Account, what: string): Reply {
  recordAudit(services.db, {
    at: services.clock.nowMilliseconds(),
    actor: invocation.userId,
    event: 'setting.refused',
    accountId: account.id,
    detail: `/rules ${invocation.text.trim()}`,
  });
  return buildErrorReply(`Only approvers can ${what} (APPROVERS). Nothing was changed.`);
}

export const rulesCommand: SlashCommand = {
  name: 'rules',
  usage: RULES_USAGE,
  summary:
    'the rules that propose budget and status changes, their thresholds, a run now, the history of decisions with what each change did (24 h and 72 h follow-ups), and a scorecard per rule',
  async handle(invocation, services) {
    const { account, args: words } = requireAccount(invocation, services, RULES_USAGE);
    const args = parseRulesArgs(words.join(' '));
    const { db, clock, config } = services;
    const now = clock.nowMilliseconds();
    // With several accounts the answers name the one they are about; with one they look as they always have.
    const several = services.accounts.served().length > 1;
    const forAccount = several ? ` for ${account.name}` : '';
    const { currency } = account;
    switch (args.kind) {
      case 'list': {
        const ceiling = dailyBudgetCeiling(config.maxDailyBudget, currency);
        return buildRulesListReply(readAccountSettings(db, account.id), {
          currency,
          approvers: config.approvers,
          protected: config.protected,
          maxDailyBudget: ceiling === null ? null : formatMoney(ceiling, currency),
          account: several ? account : null,
        });
      }
      case 'run': {
        const summary = await services.rules.run(account, invocation.userId);
        return buildRunSummaryReply(summary, services.approvals.channelOf(account), several);
      }
      case 'history': {
        const entries = recentAudit(db, args.count, account.id).map((entry) => ({
          entry,
          proposal: entry.proposalId === null ? null : getProposal(db, entry.proposalId),
        }));
        const ids = entries.flatMap(({ entry }) =>
          entry.event === 'proposal.applied' && entry.proposalId !== null ? [entry.proposalId] : [],
        );
        return buildHistoryReply(entries, account, followUpsOf(db, ids));
      }
      case 'scorecard': {
        const range = scorecardRange(args.range, todayIn(account.timezone, now));
        const followUps = followUpsAppliedBetween(
          db,
          account.id,
          startOfLocalDay(range.since, account.timezone),
          startOfLocalDay(addDays(range.until, 1), account.timezone),
        );
        const byProposal = new Map<number, typeof followUps>();
        for (const followUp of followUps)
          byProposal.set(followUp.proposalId, [...(byProposal.get(followUp.proposalId) ?? []), followUp]);
        const changes = [...byProposal].flatMap(([id, list]) => {
          const proposal = getProposal(db, id);
          return proposal
            ? [
                {
                  rule: proposal.rule,
                  action: proposal.action,
                  targetType: proposal.target.type,
                  followUps: list,
                },
              ]
            : [];
        });
        return buildScorecardReply({
          account,
          range: { label: rangeLabel(range), since: range.since, until: range.until },
          lines: scorecard(changes, RULE_NAMES),
        });
      }
      case 'toggle': {
        if (!isApprover(config.approvers, invocation.userId))
          return refuse(services, invocation, account, 'turn rules on or off');
        const was = ruleEnabled(readAccountSettings(db, account.id), args.rule);
        if (was === args.enabled)
          return info(
            `Rule ${args.rule} is already ${was ? 'on' : 'off'}${forAccount}. Nothing was changed.`,
          );
        writeAccountSetting(db, account.id, args.rule, 'enabled', args.enabled, invocation.userId, now);
        const change = `${args.rule}: ${was ? 'on' : 'off'} → ${args.enabled ? 'on' : 'off'}`;
        recordAudit(db, {
          at: now,
          actor: invocation.userId,
          event: 'setting.changed',
          accountId: account.id,
          detail: change,
        });
        return info(`:white_check_mark: Rule ${change}${forAccount}. It counts from the next evaluation.`);
      }
      case 'set': {
        if (!isApprover(config.approvers, invocation.userId))
          return refuse(services, invocation, account, 'change rule settings');
        const definition = keysOf(args.group)[args.key];
        if (!definition)
          throw new CommandError(`“${args.key}” is not a setting of ${args.group}.`, RULES_USAGE);
        const parsed = parseSettingValue(definition, args.text, currency);
        if ('problem' in parsed)
          throw new CommandError(`${args.group} ${args.key}: ${parsed.problem}`, RULES_USAGE);
        const was = settingInForce(readAccountSettings(db, account.id), args.group, args.key, currency);
        writeAccountSetting(db, account.id, args.group, args.key, parsed.value, invocation.userId, now);
        const change = `${args.group} ${args.key}: ${formatSettingValue(definition, was, currency)} → ${formatSettingValue(definition, parsed.value, currency)}`;
        recordAudit(db, {
          at: now,
          actor: invocation.userId,
          event: 'setting.changed',
          accountId: account.id,
          detail: change,
        });
        return info(`:white_check_mark: ${change}${forAccount}. It counts from the next evaluation.`);
      }
    }
  },
};
