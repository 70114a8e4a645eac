import type { Account } from '../accounts/account.js';
import { formatLocalTime } from '../dates/calendar.js';
import type { AuditEntry } from '../db/audit-log.js';
import type { FollowUp } from '../db/follow-ups.js';
import type { Proposal } from '../db/proposals.js';
import type { CurrencyCode } from '../money.js';
import {
  keysOf,
  LIMIT_DEFINITIONS,
  LIMITS_GROUP,
  RULE_DEFINITIONS,
  RULE_NAMES,
  type RuleName,
  type SettingGroup,
} from '../rules/definitions.js';
import type { RunSummary } from '../rules/engine.js';
import { isCommandOrigin } from '../rules/plan.js';
import {
  MONEY_NEEDS,
  type RuleSettings,
  resolveRuleSettings,
  ruleActive,
  ruleEnabled,
  type StoredSettings,
  settingInForce,
} from '../rules/settings.js';
import { formatSettingValue } from '../settings/values.js';
import { followUpsText } from './follow-up.js';
import { describeChange } from './proposal.js';
import type { Reply } from './reply.js';
import { context, escapeMrkdwn, header, section, sectionsOf } from './text.js';

export interface RulesListInfo {
  /** The account's currency: money is typed and shown in it. */
  currency: CurrencyCode;
  approvers: readonly string[];
  protected: readonly string[];
  /** MAX_DAILY_BUDGET in the account's currency (`$500.00`, `¥50,000`), or null for none. */
  maxDailyBudget: string | null;
  /** Named when LeadOps serves several accounts; null with one (the list looks as it always has). */
  account: Pick<Account, 'id' | 'name'> | null;
}

/** `max_cpl` `$45.00`; a money key with nothing set says how to set it, in the account's currency. */
function keyText(stored: StoredSettings, group: SettingGroup, key: string, currency: CurrencyCode) {
  const definition = keysOf(group)[key];
  if (!definition) return `\`${key}\``;
  const value = settingInForce(stored, group, key, currency);
  if (value === null) return `\`${key}\` not set — \`/rules set ${group} ${key} <amount in ${currency}>\``;
  return `\`${key}\` ${formatSettingValue(definition, value, currency)}`;
}

/** `on`, `off`, or on but (partly) off in this account for want of an amount with no default in its currency. */
function stateText(stored: StoredSettings, settings: RuleSettings, rule: RuleName): string {
  if (!ruleEnabled(stored, rule)) return 'off';
  const missing = MONEY_NEEDS[rule].filter(
    (key) => settingInForce(stored, rule, key, settings.currency) === null,
  );
  if (missing.length === 0) return 'on';
  if (!ruleActive(settings, rule))
    return `on, but off in this account until ${missing.join(' or ')} is set (no default in ${settings.currency})`;
  return `on; its ${missing.join(', ')} check is off until set (no default in ${settings.currency})`;
}

/** `/rules`: every rule, on or off, its window, keys and current values; then the limits. */
export function buildRulesListReply(stored: StoredSettings, info: RulesListInfo): Reply {
  const { currency } = info;
  const settings = resolveRuleSettings(stored, currency);
  const blocks = [header('Rules — what LeadOps proposes')];
  if (info.account)
    blocks.push(
      context(
        `Ad account: *${escapeMrkdwn(info.account.name)}* (${info.account.id}) · amounts in ${currency}`,
      ),
    );
  for (const rule of RULE_NAMES) {
    const definition = RULE_DEFINITIONS[rule];
    const keys = Object.keys(definition.keys).map((key) => keyText(stored, rule, key, currency));
    blocks.push(
      section(
        `*${rule}* — ${stateText(stored, settings, rule)}\n${escapeMrkdwn(definition.summary)}\n${keys.join(' · ')}`,
      ),
    );
  }
  const limits = Object.entries(LIMIT_DEFINITIONS).map(
    ([key, def]) => `${keyText(stored, LIMITS_GROUP, key, currency)} — ${escapeMrkdwn(def.help)}`,
  );
  blocks.push(section(`*${LIMITS_GROUP}*\n${limits.join('\n')}`));
  const approvers =
    info.approvers.length > 0
      ? info.approvers.map((id) => `<@${id}>`).join(' ')
      : 'nobody (APPROVERS is empty)';
  blocks.push(
    context(
      `Approvers: ${approvers} · ceiling MAX_DAILY_BUDGET: ${info.maxDailyBudget ?? 'none'} · protected: ${
        info.protected.length > 0 ? escapeMrkdwn(info.protected.join(', ')) : 'none'
      }`,
    ),
    // Its own block: Slack runs a context's elements together on one line.
    context(
      `Change: \`/rules set <rule> <key> <value>\` (amounts in ${currency}) · \`/rules enable|disable <rule>\` — approvers only`,
    ),
  );
  return {
    visibility: 'ephemeral',
    text: `Rules${info.account ? ` for ${info.account.name}` : ''}: ${RULE_NAMES.map(
      (rule) =>
        `${rule} ${ruleEnabled(stored, rule) ? (ruleActive(settings, rule) ? 'on' : 'on (not set)') : 'off'}`,
    ).join(', ')}`,
    blocks,
  };
}

/** A channel as Slack links it: ids become links, names stay names. */
export function channelRef(channel: string): string {
  return /^[CG][A-Z0-9]+$/.test(channel) ? `<#${channel}>` : channel;
}

/**
 * The answer to `/rules run`: what was proposed where, what was held back and why. `named`:
 * LeadOps serves several accounts, so the answer says which one it evaluated.
 */
export function buildRunSummaryReply(summary: RunSummary, channel: string, named = false): Reply {
  const lines: string[] = [];
  const { currency } = summary.account;
  const windows = summary.windows.length > 0 ? ` (${summary.windows.join(', ')})` : '';
  const which = named ? ` for *${escapeMrkdwn(summary.account.name)}* (${summary.account.id})` : '';
  lines.push(
    `*Rules evaluated*${which} over ${summary.evaluated} active ad ${summary.evaluated === 1 ? 'set' : 'sets'}${windows}.`,
  );
  if (summary.proposed.length > 0) {
    lines.push(
      `*${summary.proposed.length} new ${summary.proposed.length === 1 ? 'proposal' : 'proposals'}* in ${channelRef(channel)}:`,
    );
    for (const p of summary.proposed)
      lines.push(
        `• #${p.id} ${describeChange(p, p.currency ?? currency)} — “${escapeMrkdwn(p.adsetName)}” (${p.rule})`,
      );
  } else {
    lines.push('No new proposals.');
  }
  if (summary.held.length > 0) {
    lines.push('*Not proposed again:*');
    for (const h of summary.held)
      lines.push(`• “${escapeMrkdwn(h.draft.adsetName)}” (${h.draft.rule}) — ${escapeMrkdwn(h.why)}`);
  }
  if (summary.skipped.length > 0) {
    lines.push('*Not proposed:*');
    for (const s of summary.skipped)
      lines.push(`• “${escapeMrkdwn(s.adsetName)}” (${s.rule}) — ${escapeMrkdwn(s.why)}`);
  }
  const text = `Rules evaluated: ${summary.proposed.length} new proposals, ${summary.held.length} held, ${summary.skipped.length} not proposed.`;
  return { visibility: 'ephemeral', text, blocks: sectionsOf(lines).slice(0, 49) };
}

function actor(id: string): string {
  return /^[UW][A-Z0-9]+$/.test(id) ? `<@${id}>` : id === 'rules' ? 'the rules' : id;
}

function subject(proposal: Proposal | null, id: number | null, currency: CurrencyCode): string {
  if (!proposal) return `#${id ?? '?'}`;
  return `#${proposal.id} (${describeChange(proposal, proposal.currency ?? currency)}, “${escapeMrkdwn(proposal.adsetName)}”)`;
}

/** One audit entry in words, on the account's clock and in its currency. */
export function auditLine(
  entry: AuditEntry,
  proposal: Proposal | null,
  account: Pick<Account, 'timezone' | 'currency'>,
): string {
  const when = formatLocalTime(entry.at, account.timezone);
  const who = actor(entry.actor);
  const what = subject(proposal, entry.proposalId, account.currency);
  const detail = entry.detail ? `: ${escapeMrkdwn(entry.detail)}` : '';
  const event = entry.event.replace(/^proposal\./, '');
  let text: string;
  switch (entry.event) {
    case 'proposal.created':
      text =
        proposal && isCommandOrigin(proposal.rule)
          ? `${what} proposed by ${who} with ${proposal.rule}`
          : `${what} proposed by the ${proposal?.rule ?? ''} rule`;
      break;
    case 'proposal.approved':
    case 'proposal.rejected':
      text = `${who} ${event} ${what}`;
      break;
    case 'proposal.refused':
      text = `${who} was refused on ${what}${detail}`;
      break;
    case 'proposal.limited':
      text = `${who}’s approval of ${what} was held${detail}`;
      break;
    case 'proposal.undo_requested':
      text = `${who} asked to undo: ${what}`;
      break;
    case 'rules.run':
      text = `rules evaluated (${who})${detail}`;
      break;
    case 'setting.changed':
      text = `${who} changed ${escapeMrkdwn(entry.detail)}`;
      break;
    case 'setting.refused':
      text = `${who} was refused a setting change${detail}`;
      break;
    default:
      text = `${what} ${event}${detail}`;
  }
  return `${when} · ${text}`;
}

/** `/rules history`: one account's recent proposals and decisions, newest first, from the audit log. */
export function buildHistoryReply(
  entries: readonly { entry: AuditEntry; proposal: Proposal | null }[],
  account: Pick<Account, 'timezone' | 'currency'>,
  /** The follow-ups of the changes listed, by proposal id: shown next to the line saying it was applied. */
  followUps: ReadonlyMap<number, readonly FollowUp[]> = new Map(),
): Reply {
  if (entries.length === 0) {
    return {
      visibility: 'ephemeral',
      text: 'No proposals or decisions yet.',
      blocks: [section('No proposals or decisions yet. `/rules run` evaluates the rules now.')],
    };
  }
  const lines = entries.map(({ entry, proposal }) => {
    const line = auditLine(entry, proposal, account);
    const verdicts =
      entry.event === 'proposal.applied' && entry.proposalId !== null
        ? followUps.get(entry.proposalId)
        : undefined;
    return verdicts?.length ? `${line} · ${followUpsText(verdicts, account.timezone)}` : line;
  });
  return {
    visibility: 'ephemeral',
    text: `Rules history: the last ${entries.length} events`,
    blocks: [header('Rules history — newest first'), ...sectionsOf(lines).slice(0, 48)],
  };
}
